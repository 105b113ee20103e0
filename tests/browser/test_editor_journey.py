"""The desk's day in a browser: a reporter files a story with an agency photo, an editor reviews, corrects and
schedules it, readers see it appear on its own at the set time; and a stale save by a second editor is refused.

Run with NEWSROOM_SCREENSHOTS=docs/screenshots to refresh the README's screenshots of these admin pages.
"""

import hashlib
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import formats, timezone, translation
from PIL import Image, ImageOps

from articles.models import Article, Photo
from articles.richtext import paragraphs_to_html
from tests.browser.conftest import PLAYWRIGHT_MISSING
from tests.browser.editors import (
    Screenshots,
    ensure_roles,
    indonesian,
    make_desk_user,
    write_body,
)
from tests.photo_files import IPTC_BYLINE, IPTC_CAPTION, IPTC_CREDIT, insert_segments, iptc_segment
from tests.photo_library import place_photo, run_worker
from tests.requirements import require_module

expect = require_module("playwright.sync_api", PLAYWRIGHT_MISSING).expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# How far ahead the editor schedules the story: the test moves the clock there rather than waiting for it.
SCHEDULE_AHEAD = timedelta(hours=6)

HEADLINE = "Banjir rendam ratusan rumah di Pekanbaru, warga mengungsi"
BODY = (
    "Banjir merendam ratusan rumah di Kecamatan Rumbai, Pekanbaru, Selasa.\n\n"
    "Air setinggi lutut orang dewasa menggenangi Jalan Sudirman sejak subuh.\n\n"
    "Warga mengungsi ke masjid dan sekolah terdekat."
)
WRONG_LINE = "Air setinggi lutut orang dewasa menggenangi Jalan Sudirman sejak subuh."
CORRECTED_LINE = "Air setinggi pinggang orang dewasa menggenangi Jalan Jenderal Sudirman sejak subuh."
PHOTO_CAPTION = "Warga menyeberangi banjir di Jalan Jenderal Sudirman, Pekanbaru, Riau, Selasa (28/11/2023)."
PHOTO_CREDIT, PHOTO_BYLINE = "ANTARA FOTO", "Rony Muharrman"
ALT_TEXT = "Warga berjalan di jalan yang tergenang air setinggi lutut."

EDIT_CONFLICT = (
    "Someone else saved this article while you were editing it (your copy is version %(expected)s, the saved one "
    "is version %(current)s). Nothing was saved: your text is still in the form below. Open the article in a new "
    "tab, compare, and carry your changes over."
)


def photo_like_jpeg(color, size=(720, 480)):
    """A JPEG that looks like something in a thumbnail: a gradient from dusk to `color`."""
    gradient = Image.linear_gradient("L").rotate(45).resize(size)
    buffer = io.BytesIO()
    ImageOps.colorize(gradient, black=(25, 30, 45), white=color).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def agency_photo():
    """A photo as ANTARA FOTO sends it: caption, credit and photographer in its IPTC block."""
    iptc = iptc_segment({IPTC_CAPTION: PHOTO_CAPTION, IPTC_CREDIT: PHOTO_CREDIT, IPTC_BYLINE: PHOTO_BYLINE})
    return insert_segments(photo_like_jpeg((120, 170, 220)), iptc)


def local_input(value):
    """A date or time typed the way the admin's Indonesian form expects it (25-10-2009, 14.30.59)."""
    with translation.override("id"):
        return formats.localize_input(value)


@pytest.fixture
def desk(transactional_db):
    ensure_roles()
    return {
        "reporter": make_desk_user("Reporter", "rina"),
        "editor": make_desk_user("Editor", "budi"),
        "second_editor": make_desk_user("Editor", "sari"),
    }


@pytest.fixture
def published_stories(make_article):
    """Yesterday's stories, each with its photo: one is what the reporter's story will point to in "Baca juga"."""
    stories = []
    for hours, headline, color in [
        (3, "Pemprov Riau siapkan posko banjir di 12 kabupaten", (90, 160, 120)),
        (5, "BMKG: hujan lebat masih guyur Riau hingga akhir pekan", (200, 200, 230)),
        (8, "Harga cabai merah di Pekanbaru turun jelang akhir tahun", (220, 80, 60)),
    ]:
        story = make_article(headline, published_at=timezone.now() - timedelta(hours=hours), dateline_place="Pekanbaru")
        place_photo(
            story,
            image=ContentFile(photo_like_jpeg(color), name="foto.jpg"),
            caption=headline,
            credit="ANTARA FOTO",
            alt_text=headline,
        )
        stories.append(story)
    return stories


def test_a_story_goes_from_reporter_to_editor_to_readers_at_its_scheduled_time(
    desk, published_stories, open_window, tmp_path
):
    screenshots = Screenshots()
    shelter_story = published_stories[0]
    photo_file = tmp_path / "ANTARA-banjir-pekanbaru.jpg"
    photo_file.write_bytes(agency_photo())

    # The reporter writes the story, leaving the photo's caption and credit to the agency's metadata.
    reporter = open_window(desk["reporter"], next_url="/admin/articles/article/add/")
    reporter.locator("#id_headline").press_sequentially(HEADLINE)
    write_body(reporter, paragraphs_to_html(BODY.split("\n\n")))
    expect(reporter.locator("#id_slug")).not_to_have_value("")
    reporter.locator("#id_tags").fill("Banjir, Pekanbaru")
    reporter.locator("#id_dateline_place").fill("Pekanbaru")
    reporter.locator("#id_dateline_agency").fill("ANTARA")
    # A reporter may only keep a draft or send it for review: publishing is not on offer.
    assert set(reporter.locator("#id_status option").evaluate_all("options => options.map(o => o.value)")) == {
        Article.Status.DRAFT,
        Article.Status.REVIEW,
    }

    # The photo goes to the library from the story's form: the "+" beside the photo field opens the library's
    # form in a popup, and saving it there attaches the new photo to the story.
    reporter.locator("#photos-group .add-row a").click()
    with reporter.expect_popup() as popup_opening:
        reporter.locator("#add_id_photos-0-photo").click()
    popup = popup_opening.value
    popup.locator("#id_image").set_input_files(photo_file)
    popup.locator("#id_alt_text").fill(ALT_TEXT)
    popup.locator("input[name=_save]").click()
    popup.wait_for_event("close")
    expect(reporter.locator("#photos-0 .select2-selection__rendered")).to_contain_text(PHOTO_CAPTION[:40])

    # "Baca juga": type part of a headline into the autocomplete and pick the story it finds.
    reporter.locator("#related_links-group .add-row a").click()
    related_row = reporter.locator("#related_links-0")
    related_row.locator(".select2-selection").click()
    reporter.locator(".select2-container--open .select2-search__field").press_sequentially("posko", delay=40)
    reporter.locator(".select2-results__option", has_text=shelter_story.headline).click()
    expect(related_row.locator(".select2-selection__rendered")).to_contain_text(shelter_story.headline)

    reporter.locator("input[name=_continue]").click()
    expect(reporter.locator(".messagelist .success")).to_be_visible()
    # The agency's caption and credit were filled in from the file, and the library photo is the story's.
    expect(reporter.locator("#photos-0 td.field-preview img")).to_be_visible()
    photo = Photo.objects.get(file_hash=hashlib.sha256(photo_file.read_bytes()).hexdigest())
    assert (photo.caption, photo.credit, photo.alt_text) == (PHOTO_CAPTION, f"{PHOTO_CREDIT}/{PHOTO_BYLINE}", ALT_TEXT)
    assert not photo.renditions.exists()  # the upload only queued them
    run_worker()
    expect(reporter.locator("#id_tags")).to_have_value("Banjir, Pekanbaru")
    reporter.evaluate("document.querySelector('#photos-group').scrollIntoView({block: 'center'})")
    screenshots.take(reporter, "reporter-article-form")

    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.DRAFT
    assert article.created_by == desk["reporter"]
    assert (article.dateline_place, article.dateline_agency) == ("Pekanbaru", "ANTARA")
    assert article.paragraphs == BODY.split("\n\n")
    assert sorted(article.tags.names()) == ["Banjir", "Pekanbaru"]
    # Picking the story was enough: its headline became the "Baca juga" line's title.
    assert [(link.title, link.target) for link in article.related_links.all()] == [
        (shelter_story.headline, shelter_story)
    ]

    # ...and sends it to the desk with the list's "submit for review" action.
    reporter.goto("/admin/articles/article/")
    reporter.locator("#result_list tr", has_text=HEADLINE).locator("input.action-select").check()
    reporter.locator("select[name=action]").select_option("submit_for_review")
    reporter.locator("button[name=index]").click()
    expect(reporter.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW

    # An editor finds it on the desk's dashboard, waiting for review.
    editor = open_window(desk["editor"], next_url="/admin/meja/")
    waiting = editor.locator("section.module").filter(
        has=editor.get_by_role("heading", name=indonesian("Waiting for review"))
    )
    expect(waiting.get_by_role("link", name=HEADLINE)).to_be_visible()
    screenshots.take(editor, "editor-dashboard")
    waiting.get_by_role("link", name=HEADLINE).click()

    # Reviews it as readers will see it...
    with editor.context.expect_page() as preview_opening:
        editor.get_by_role("link", name=indonesian("Preview"), exact=True).click()
    preview = preview_opening.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(preview.locator("figcaption")).to_contain_text(PHOTO_CAPTION)
    preview.close()

    # ...corrects a line of the body...
    expect(editor.locator(".ProseMirror[contenteditable=true]")).to_contain_text(WRONG_LINE)
    write_body(editor, paragraphs_to_html(BODY.replace(WRONG_LINE, CORRECTED_LINE).split("\n\n")))
    editor.locator("input[name=_continue]").click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert CORRECTED_LINE in article.paragraphs and WRONG_LINE not in article.body

    # ...and schedules it for the evening, confirming the time on the action's own page.
    editor.goto("/admin/articles/article/?state=review")
    editor.locator("#result_list tr", has_text=HEADLINE).locator("input.action-select").check()
    editor.locator("select[name=action]").select_option("schedule")
    editor.locator("button[name=index]").click()
    expect(editor.locator("#content h1")).to_have_text(indonesian("Schedule articles?"))
    expect(editor.locator(".workflow-articles")).to_contain_text(HEADLINE)
    appears_at = (timezone.localtime() + SCHEDULE_AHEAD).replace(microsecond=0)
    editor.locator("#id_published_at_0").fill(local_input(appears_at.date()))
    editor.locator("#id_published_at_1").fill(local_input(appears_at.time()))
    screenshots.take(editor, "schedule-confirmation")
    editor.locator("#content form [type=submit]").click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.PUBLISHED, appears_at)
    assert article.state == Article.State.SCHEDULED

    # Readers cannot see it before its time...
    reader = open_window()
    response = reader.goto(article.get_absolute_url())
    assert response.status == 404
    home_page_list = reader.locator(".article-list")
    headline_link = home_page_list.get_by_role("link", name=HEADLINE)
    reader.goto("/")
    expect(home_page_list.get_by_role("link", name=shelter_story.headline)).to_be_visible()
    expect(headline_link).to_have_count(0)

    # ...while the desk's list shows it waiting for its time, each story with its photo.
    editor.goto("/admin/articles/article/")
    expect(editor.locator("#result_list tbody tr")).to_have_count(1 + len(published_stories))
    scheduled_row = editor.locator("#result_list tr", has_text=HEADLINE)
    expect(scheduled_row.locator("td.field-state_label")).to_have_text(indonesian("Scheduled"))
    expect(scheduled_row.locator("img")).to_be_visible()
    screenshots.take(editor, "article-changelist")

    # The evening comes (the live server runs in this process, so its clock moves with the test's), and
    # readers find the story on the home page, with no one at the desk pressing anything.
    # A reader's browser may keep the page it saw for its max-age (at most until the story's time, by the clock of
    # the reader's machine, which the test does not move): a reader arriving now has no copy of it.
    with time_machine.travel(appears_at + timedelta(minutes=1)):
        reader = open_window()
        headline_link = reader.locator(".article-list").get_by_role("link", name=HEADLINE)
        reader.goto("/")
        expect(headline_link).to_be_visible()
        headline_link.click()
        expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
        expect(reader.locator("article")).to_contain_text(CORRECTED_LINE)
        expect(reader.locator("figcaption")).to_contain_text(PHOTO_CAPTION)
        expect(reader.locator("figcaption")).to_contain_text(f"{PHOTO_CREDIT}/{PHOTO_BYLINE}")
        expect(reader.get_by_role("complementary").get_by_role("link", name=shelter_story.headline)).to_be_visible()


def test_a_second_editors_stale_save_is_refused_and_keeps_their_text(desk, make_article, open_window):
    screenshots = Screenshots()
    article = make_article(HEADLINE, body=BODY, status=Article.Status.REVIEW, created_by=desk["reporter"])
    change_url = f"/admin/articles/article/{article.pk}/change/"
    first = open_window(desk["editor"], next_url=change_url)
    second = open_window(desk["second_editor"], next_url=change_url)
    version_both_opened = Article.objects.get(pk=article.pk).version

    first_text = BODY.replace(WRONG_LINE, CORRECTED_LINE)
    write_body(first, paragraphs_to_html(first_text.split("\n\n")))
    first.locator("input[name=_continue]").click()
    expect(first.locator(".messagelist .success")).to_be_visible()
    saved_version = Article.objects.get(pk=article.pk).version
    assert saved_version > version_both_opened

    second_text = BODY + "\n\nPemkot Pekanbaru menyiapkan dapur umum."
    write_body(second, paragraphs_to_html(second_text.split("\n\n")))
    second.locator("input[name=_continue]").click()

    expect(second.locator(".errornote")).to_be_visible()
    conflict = indonesian(EDIT_CONFLICT) % {"expected": version_both_opened, "current": saved_version}
    expect(second.locator(".errorlist.nonfield")).to_have_text(conflict)
    expect(second.locator(".ProseMirror[contenteditable=true]")).to_contain_text(
        "Pemkot Pekanbaru menyiapkan dapur umum."
    )
    screenshots.take(second, "edit-conflict")
    # The paragraphs are what the desk wrote.
    assert Article.objects.get(pk=article.pk).paragraphs == first_text.split("\n\n")
