"""A story's whole day at the desk, in one browser journey: written in the rich-text editor (a link inside a
paragraph, a subheading and a list), it survives a closed tab through autosave, gets a byline of two authors, is
chosen as the front page's top story until the evening while still a draft, is read by a source through a preview
link in a browser that never logged in, and is published. Then the reader's page, both authors' pages, the feed,
JSON-LD, ninjs and the front page each carry it in the right form. The admin also fits a phone's 390 px.

Run with NEWSROOM_SCREENSHOTS=<folder> to save the README's screenshot of the editor.
"""

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Author, Autosave, FrontPage, PreviewLink
from tests.browser.conftest import PHONE, PLAYWRIGHT_MISSING
from tests.browser.editors import (
    Screenshots,
    choose,
    ensure_roles,
    indonesian,
    make_desk_user,
    write_body,
)
from tests.requirements import require_module

expect = require_module("playwright.sync_api", PLAYWRIGHT_MISSING).expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

HEADLINE = "Banjir rendam Rumbai, BPBD buka dua posko pengungsian"
# As a word processor puts it on the clipboard: its own classes, spans, fonts and comments around the structure.
# (No style attributes or event handlers: the page's Content-Security-Policy would report them as the editor reads
# the clipboard; that they never reach the stored body is tested on the server, tests/test_rich_text.py.)
PASTED = (
    '<p class="MsoNormal"><span class="font-calibri">Banjir merendam ratusan rumah di '
    '<a href="https://bpbd.riau.go.id/laporan" class="MsoHyperlink">Kecamatan Rumbai</a>, Pekanbaru.</span>'
    "<o:p></o:p></p><!--[if gte mso 9]><xml>x</xml><![endif]-->"
    '<h2 class="MsoHeading2"><font face="Cambria">Posko pengungsian</font></h2>'
    '<ul><li class="MsoListParagraph">Masjid Al-Falah</li><li>SDN 12 Rumbai</li></ul>'
    "<p>Warga diminta <u>waspada</u>.</p>"
)
ADDED = "Ketinggian air mulai surut pada sore hari."
# The byline as the desk credits it: (author, their part in the story).
BYLINE = [("Diana Syafni", "reporter"), ("Rony Muharrman", "photographer")]


@pytest.fixture
def desk(transactional_db):
    ensure_roles()
    for name, role in BYLINE:
        Author.objects.create(name=name, role=role)
    return {"editor": make_desk_user("Editor", "budi")}


def editor_box(page):
    return page.locator(".ProseMirror[contenteditable=true]")


def settle(page):
    """Let the page handle the events the last input queued: after the next frame, and the tasks before it."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))")


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_story_goes_from_the_rich_text_editor_to_every_reader_and_machine(desk, open_window):
    page = open_window(desk["editor"], next_url="/admin/articles/article/add/")
    article = write_the_story(page)
    page = close_the_tab_and_restore_the_autosave(
        page, article, lambda: open_window(desk["editor"], next_url=change_url(article))
    )
    credit_two_authors(page, article)
    curate_as_top_story_until_evening(page, article)
    early_reader = open_window()
    early_reader.goto("/")
    expect(early_reader.get_by_role("link", name=HEADLINE)).to_have_count(0)  # a draft: not on the front page yet
    link, source = share_a_preview_with_the_source(page, article, open_window)
    publish(page, article)

    article.refresh_from_db()
    reader = open_window()
    check_the_reader_page(reader, article)
    check_the_json_ld(reader)
    check_the_author_pages(reader, article)
    check_the_feed_and_ninjs(reader, article)
    # A reader's first visit: the server's page cache, filled by the visit before publishing, was let go of (a
    # browser that came before may keep its copy for the page's max-age, as HTTP allows).
    reader.goto("/")
    expect(reader.get_by_role("region", name="Berita utama").get_by_role("link", name=HEADLINE)).to_be_visible()

    revoke_the_preview(page, link, source)


def write_the_story(page):
    """The editor pastes the story from a word processor: structure kept, the rest gone."""
    page.locator("#id_headline").press_sequentially(HEADLINE)
    page.locator("#id_dateline_place").fill("Pekanbaru")
    page.locator("#id_dateline_agency").fill("ANTARA")
    write_body(page, PASTED)
    box = editor_box(page)
    expect(box.locator("h2")).to_have_text("Posko pengungsian")
    expect(box.locator("ul li")).to_have_count(2)
    expect(box.locator("a")).to_have_attribute("href", "https://bpbd.riau.go.id/laporan")
    box.locator("h2").scroll_into_view_if_needed()
    Screenshots().take(page, "admin-rich-text-editor")
    save_and_continue(page)
    article = Article.objects.get(headline=HEADLINE)
    assert article.body.startswith('<p>Banjir merendam ratusan rumah di <a href="https://bpbd.riau.go.id/laporan"')
    assert "<h2>Posko pengungsian</h2><ul><li><p>Masjid Al-Falah</p></li><li><p>SDN 12 Rumbai</p></li></ul>" in (
        article.body
    )
    assert "Mso" not in article.body and "font" not in article.body and "<u>" not in article.body
    return article


def close_the_tab_and_restore_the_autosave(page, article, reopen):
    """More text, then the tab is closed before saving: autosave keeps it on the server, and the reopened form
    offers it back. Returns the reopened tab."""
    saved_version = article.version
    editor_box(page).locator("p").last.click()
    page.keyboard.press("Control+End")
    # The editor learns where the caret went from the browser's "selectionchange" event, which comes a moment
    # after the key: an Enter pressed before that split the story where the caret had been, at its start.
    settle(page)
    page.keyboard.press("Enter")
    page.keyboard.type(ADDED)
    expect(editor_box(page).locator("p").last).to_have_text(ADDED)
    page.close()
    wait_for(lambda: ADDED in (getattr(Autosave.objects.first(), "data", None) or {}).get("body", ""))
    assert Article.objects.get(pk=article.pk).version == saved_version  # an autosave is not a save

    page = reopen()
    page.get_by_role("link", name=indonesian("Restore autosaved text")).click()
    expect(editor_box(page)).to_contain_text(ADDED)
    save_and_continue(page)
    article.refresh_from_db()
    assert ADDED in article.paragraphs and not Autosave.objects.exists()
    return page


def credit_two_authors(page, article):
    """The byline: the reporter first, then the photographer who filed from the shelters."""
    for row, (author, role) in enumerate(BYLINE):
        page.locator("#credits-group .add-row a").click()
        line = page.locator(f"#credits-{row}")
        line.locator(f"#id_credits-{row}-order").fill(str(row + 1))
        choose(page, line, author.split()[0], author)
        line.locator(f"#id_credits-{row}-role").select_option(role)
    save_and_continue(page)
    assert [(credit.author.name, credit.role) for credit in article.byline] == BYLINE


def curate_as_top_story_until_evening(page, article):
    """Chosen as the top story while still a draft: it leads the front page from the moment it is published."""
    page.goto("/admin/articles/frontpage/add/")
    choose(page, page.locator(".field-top_story"), "Rumbai", HEADLINE)
    until = timezone.localtime() + timedelta(hours=6)
    page.locator("#id_top_story_until_0").fill(until.strftime("%d/%m/%Y"))
    page.locator("#id_top_story_until_1").fill(until.strftime("%H:%M:%S"))
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    front_page = FrontPage.objects.get()
    assert front_page.top_story == article
    assert abs(front_page.top_story_until - until) < timedelta(seconds=1)


def share_a_preview_with_the_source(page, article, open_window):
    """A preview link for the source, opened in a browser that never logged in."""
    page.goto(change_url(article))
    page.get_by_role("link", name=indonesian("Share a preview")).click()
    expect(page.locator("#id_valid_for")).to_have_value("48")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("/pratinjau/")
    link = PreviewLink.objects.get()
    source = open_window()
    response = source.goto(link.get_absolute_url())
    assert response.status == 200 and "no-store" in response.headers["cache-control"]
    expect(source.locator(".preview-banner")).to_contain_text("Pratinjau")
    expect(source.locator(".body h2")).to_have_text("Posko pengungsian")
    expect(source.locator(".byline")).to_contain_text(BYLINE[1][0])
    assert source.locator("meta[name=robots]").get_attribute("content") == "noindex, nofollow"
    return link, source


def publish(page, article):
    page.goto(change_url(article))
    page.locator("#id_status").select_option(Article.Status.PUBLISHED)
    save_and_continue(page)
    assert Article.objects.published().filter(pk=article.pk).exists()


def check_the_reader_page(reader, article):
    reader.goto(article.get_absolute_url())
    body = reader.locator("article .body")
    expect(body.locator("p").first).to_have_text(
        "Pekanbaru (ANTARA) - Banjir merendam ratusan rumah di Kecamatan Rumbai, Pekanbaru."
    )
    expect(body.locator("p a")).to_have_attribute("rel", "noopener noreferrer nofollow")
    expect(body.locator("h2")).to_have_text("Posko pengungsian")
    expect(body.locator("ul li")).to_have_text(["Masjid Al-Falah", "SDN 12 Rumbai"])
    for name, _role in BYLINE:
        expect(reader.locator(".byline").get_by_role("link", name=name)).to_be_visible()


def check_the_json_ld(reader):
    """Search engines get the text without markup, and both authors as people with their pages."""
    json_ld = json.loads(reader.locator("script[type='application/ld+json']").first.text_content())
    assert json_ld["articleBody"].startswith("Banjir merendam ratusan rumah di Kecamatan Rumbai, Pekanbaru.\n\n")
    assert "Posko pengungsian\n\nMasjid Al-Falah" in json_ld["articleBody"] and "<" not in json_ld["articleBody"]
    assert ADDED in json_ld["articleBody"]
    assert [(person["@type"], person["name"]) for person in json_ld["author"]] == [
        ("Person", name) for name, _role in BYLINE
    ]
    for person in json_ld["author"]:
        assert person["url"].startswith("http") and person["url"].endswith(author_url(person["name"]))


def check_the_author_pages(reader, article):
    for name, _role in BYLINE:
        reader.goto(author_url(name))
        expect(reader.get_by_role("heading", level=1)).to_have_text(name)
        expect(reader.locator(".article-list").get_by_role("link", name=HEADLINE)).to_be_visible()


def check_the_feed_and_ninjs(reader, article):
    feed = reader.request.get("/feed/").text()
    assert HEADLINE in feed
    assert "&lt;h2&gt;Posko pengungsian&lt;/h2&gt;" in feed
    assert "&lt;ul&gt;&lt;li&gt;&lt;p&gt;Masjid Al-Falah" in feed
    assert '&lt;a href="https://bpbd.riau.go.id/laporan"' in feed  # XML text escapes <, > and &, not quotes
    ninjs = reader.request.get(f"/api/ninjs/{article.slug}/").json()
    bodies = {body["contentType"]: body["value"] for body in ninjs["bodies"]}
    assert "<h2>Posko pengungsian</h2><ul><li><p>Masjid Al-Falah</p></li>" in bodies["text/html"]
    assert '<a href="https://bpbd.riau.go.id/laporan"' in bodies["text/html"]
    assert ADDED in bodies["text/plain"] and "<" not in bodies["text/plain"]
    assert [(person["name"], person["rel"]) for person in ninjs["people"]] == BYLINE
    assert all(person["uri"].endswith(author_url(person["name"])) for person in ninjs["people"])


def revoke_the_preview(page, link, source):
    """Revoked, the source's link finds nothing."""
    page.goto("/admin/articles/previewlink/")
    page.locator("#result_list input.action-select").first.check()
    page.locator("select[name=action]").select_option("revoke")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert source.goto(link.get_absolute_url()).status == 404


def save_and_continue(page):
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def author_url(name):
    return Author.objects.get(name=name).get_absolute_url()


@pytest.mark.parametrize("where", ["list", "form"])
def test_the_article_list_and_form_fit_a_phone(desk, open_window, make_article, where):
    story = make_article(
        "Gubernur Riau minta kabupaten percepat penyaluran bantuan bagi warga terdampak banjir Sungai Kampar",
        dateline_place="Pekanbaru",
    )
    url = "/admin/articles/article/" if where == "list" else f"/admin/articles/article/{story.pk}/change/"
    page = open_window(
        desk["editor"], next_url=url, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page.wait_for_load_state("load")
    Screenshots().take(page, f"admin-phone-{where}")
    # No sideways scrolling of the page: everything fits 390 px (a wide table scrolls inside its own box).
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if where == "form":
        assert editor_box(page).bounding_box()["width"] <= PHONE["width"]
        save = page.locator("input[name=_save]")
        assert save.bounding_box()["x"] + save.bounding_box()["width"] <= PHONE["width"]
