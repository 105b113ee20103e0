"""The photo desk in a browser: a photo editor uploads a picture to the library and clicks its subject to set the
focal point; two reporters each attach that library photo to their own story from the article form's library
search; the worker (not the upload request) makes the renditions; readers' pages and the social card show cuts
around the subject.

The test picture is plain sky with one red boat near its top right corner: a cut centred on the middle of the
picture would not show the boat at all, a cut around the focal point shows it where the focal point falls.
"""

import io

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image, ImageDraw

from articles.crops import SOCIAL, WIDE, crop_box
from articles.models import Article, Photo
from tests.browser.conftest import PLAYWRIGHT_MISSING
from tests.browser.editors import DESK_WINDOW, ensure_roles, make_desk_user
from tests.photo_library import run_worker
from tests.requirements import require_module

expect = require_module("playwright.sync_api", PLAYWRIGHT_MISSING).expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SIZE = (1600, 1600)
# The red boat: a box near the top right, its middle where the photo editor clicks.
BOAT = (1240, 80, 1400, 240)
FOCUS = ((BOAT[0] + BOAT[2]) / 2 / SIZE[0], (BOAT[1] + BOAT[3]) / 2 / SIZE[1])
SKY, RED = (120, 170, 220), (210, 30, 30)
CAPTION = "Perahu nelayan melintas di Sungai Siak, Pekanbaru, Riau."
USAGE_TERMS = "Hanya untuk keperluan editorial"
STORIES = ("Nelayan Sungai Siak keluhkan air keruh", "Debit Sungai Siak naik setelah hujan semalam")


def boat_jpeg():
    image = Image.new("RGB", SIZE, SKY)
    ImageDraw.Draw(image).rectangle(BOAT, fill=RED)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def is_red(pixel):
    red, green, blue = pixel[:3]
    return red > 150 and green < 90 and blue < 90


def where_the_boat_is(crop, width, height):
    """The boat's middle in a `crop` rendition width×height pixels, cut around the focal point."""
    left, top, right, bottom = crop_box(*SIZE, crop, FOCUS)
    x, y = FOCUS[0] * SIZE[0], FOCUS[1] * SIZE[1]
    return round((x - left) * width / (right - left)), round((y - top) * height / (bottom - top))


def fetched_image(page, url):
    response = page.request.get(url)
    assert response.ok, f"{url} answered {response.status}"
    return Image.open(io.BytesIO(response.body())).convert("RGB")


@pytest.fixture
def desk(transactional_db):
    ensure_roles()
    reporters = [make_desk_user("Reporter", "rina"), make_desk_user("Reporter", "dodi")]
    stories = [
        Article.objects.create(
            headline=headline, body="<p>Pekanbaru - Paragraf pertama.</p>", status=Article.Status.DRAFT, created_by=user
        )
        for headline, user in zip(STORIES, reporters, strict=True)
    ]
    return {"photo_editor": make_desk_user("Photo editor", "yudi"), "reporters": reporters, "stories": stories}


def upload_and_focus(page, picture_file):
    """The photo editor's part: upload, describe, then click the boat on the picture in the library form."""
    page.locator("#id_image").set_input_files(picture_file)
    page.locator("#id_caption").fill(CAPTION)
    page.locator("#id_credit").fill("ANTARA FOTO/Rony Muharrman")
    page.locator("#id_alt_text").fill("Perahu merah di bawah langit biru")
    page.locator("#id_usage_terms").fill(USAGE_TERMS)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    photo = Photo.objects.get()
    assert not photo.renditions.exists()  # the upload request resized nothing: it queued the work

    picture = page.locator("img[data-focal-point]")
    box = picture.bounding_box()
    picture.click(position={"x": FOCUS[0] * box["width"], "y": FOCUS[1] * box["height"]})
    expect(page.locator("#id_focal_x")).not_to_have_value("0.5")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    photo.refresh_from_db()
    return photo


def attach_from_library(page, photo):
    """A reporter's part: the photo field's library search, typed a few letters at a time, and the photo picked."""
    page.locator("#photos-group .add-row a").click()
    page.locator("#photos-0 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially("siak", delay=40)
    option = page.locator(".select2-results__option", has_text=CAPTION[:40])
    # The rights come with the search result, before the photo is chosen.
    expect(option).to_contain_text(USAGE_TERMS)
    option.click()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#photos-0 td.field-preview img")).to_be_visible()


def test_a_library_photo_is_focused_once_and_cut_around_its_subject_for_two_stories(
    desk, open_window, browser, live_server, tmp_path
):
    picture_file = tmp_path / "perahu-sungai-siak.jpg"
    picture_file.write_bytes(boat_jpeg())

    photo_editor = open_window(desk["photo_editor"], "/admin/articles/photo/add/")
    photo = upload_and_focus(photo_editor, picture_file)
    assert photo.focal_x == pytest.approx(FOCUS[0], abs=0.01) and photo.focal_y == pytest.approx(FOCUS[1], abs=0.01)
    assert not photo.renditions.exists()  # moving the focal point queued new cuts, made nowhere yet

    for reporter, story in zip(desk["reporters"], desk["stories"], strict=True):
        page = open_window(reporter, f"/admin/articles/article/{story.pk}/change/")
        attach_from_library(page, photo)
    assert {use.article for use in photo.uses.all()} == set(desk["stories"])
    assert Photo.objects.count() == 1  # one library photo, two uses

    run_worker()
    assert {rendition.crop for rendition in photo.renditions.all()} >= {"original", WIDE, SOCIAL}
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()

    # The desk publishes both stories; readers get each page with the 16:9 cut and its social card.
    for story in desk["stories"]:
        story.status, story.published_at = Article.Status.PUBLISHED, timezone.now()
        story.save()
    reader = browser.new_context(base_url=live_server.url, locale="id-ID", **DESK_WINDOW)
    try:
        page = reader.new_page()
        for story in desk["stories"]:
            page.goto(story.get_absolute_url())
            lead = page.locator(".lead-photo img")
            assert lead.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
            shown = lead.evaluate("img => img.currentSrc")
            assert "/photos/renditions/" in shown and "-16x9-" in shown, shown
            cut = fetched_image(page, shown)
            assert cut.width * 9 == pytest.approx(cut.height * 16, abs=16)
            assert is_red(cut.getpixel(where_the_boat_is(WIDE, *cut.size)))
            # A cut of the middle (rows 350 to 1250 of 1600) would not show the boat at all.
            assert not is_red(cut.getpixel((cut.width // 2, cut.height // 2)))

            card_url = page.locator("meta[property='og:image']").get_attribute("content")
            card = fetched_image(page, card_url)
            assert card.size == (1200, 630)
            assert is_red(card.getpixel(where_the_boat_is(SOCIAL, *card.size)))
            assert page.locator("meta[name='twitter:image']").get_attribute("content") == card_url
    finally:
        reader.close()
