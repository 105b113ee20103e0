"""The article form and list fit the desk's screens: a long headline never runs under the buttons at the top
right, the photo and "Baca juga" lines fit a laptop's window without scrolling sideways, and the article list
keeps a readable headline column there.

Run with NEWSROOM_SCREENSHOTS=<folder> to keep screenshots of the pages checked here.
"""

import pytest
from django.contrib.auth import get_user_model

from articles.models import RelatedLink
from tests.browser.conftest import DESKTOP, PHONE, close_context
from tests.browser.editors import PASSWORD, Screenshots, log_in
from tests.photo_library import place_photo

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# 150 characters: the length of the longest headlines the desk writes.
LONG_HEADLINE = (
    "Gubernur Riau meminta pemerintah kabupaten dan kota percepat penyaluran bantuan sosial bagi warga "
    "terdampak banjir di sepanjang Sungai Kampar dan Siak"
)
RELATED_HEADLINES = [
    "Pemprov Riau siapkan posko siaga banjir di tujuh kabupaten menjelang puncak musim hujan",
    "BMKG: hujan lebat masih guyur Riau hingga akhir pekan, warga bantaran sungai diminta waspada",
    "Harga cabai merah di Pekanbaru turun jelang akhir tahun",
]


@pytest.fixture
def long_story(make_article):
    """A published story with a 150-character headline and four "Baca juga" lines, three of them linked."""
    assert len(LONG_HEADLINE) == 150
    story = make_article(LONG_HEADLINE, dateline_place="Pekanbaru")
    for order, headline in enumerate(RELATED_HEADLINES):
        RelatedLink.objects.create(
            article=story,
            order=order,
            title=headline,
            target=make_article(headline),
            url=f"https://riau.antaranews.example/berita/{order + 1}/{'-'.join(headline.lower().split()[:8])}",
        )
    RelatedLink.objects.create(
        article=story, order=3, title="Warga Rumbai mengungsi ke masjid", url="https://pekanbaru.example/banjir"
    )
    # As imported agency copy has it: the caption and credit, no picture file yet.
    place_photo(story, caption=f"Arsip foto - {RELATED_HEADLINES[1]}", credit="ANTARA/FB Anggoro")
    return story


@pytest.fixture
def editor_window(browser, live_server, long_story):
    """The story's change form in a new browser window (Playwright's context options), the desk's editor logged in."""
    get_user_model().objects.create_superuser("redaktur", "redaktur@antarariau.example", PASSWORD)
    contexts = []

    def open_(**window):
        context = browser.new_context(base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", **window)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        log_in(page, get_user_model().objects.get(username="redaktur"))
        page.goto(f"/admin/articles/article/{long_story.pk}/change/")
        page.wait_for_load_state("load")
        return page

    yield open_
    for context in contexts:
        close_context(context)


def box(page, selector):
    return page.locator(selector).bounding_box()


def intersect(a, b):
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize(
    ("name", "window"),
    [
        ("desktop", {"viewport": DESKTOP, "device_scale_factor": 1}),
        ("phone", {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}),
    ],
)
def test_a_long_headline_never_runs_under_the_buttons_at_the_top(editor_window, name, window):
    page = editor_window(**window)
    Screenshots().take(page, f"change-form-long-headline-{name}")
    tools = box(page, "ul.object-tools")
    # The correction, preview, share-a-preview, history and "view on site" buttons all there, side by side or wrapped.
    assert page.locator("ul.object-tools li").count() == 5
    # The page's title ("Ubah artikel") and the headline under it.
    for heading in [page.locator("#content h1"), page.get_by_role("heading", name=LONG_HEADLINE, exact=True)]:
        assert not intersect(heading.bounding_box(), tools), heading.inner_text()
    for button in page.locator("ul.object-tools a").all():
        assert button.bounding_box()["x"] + button.bounding_box()["width"] <= window["viewport"]["width"]


def test_the_baca_juga_lines_fit_a_laptop_window(editor_window):
    page = editor_window(viewport=DESKTOP, device_scale_factor=1)
    group = page.locator("#related_links-group")
    group.scroll_into_view_if_needed()
    Screenshots().take(page, "change-form-baca-juga")
    module = group.locator("fieldset.module")
    scroll_width, client_width = module.evaluate("m => [m.scrollWidth, m.clientWidth]")
    assert scroll_width <= client_width
    table = group.locator("table").bounding_box()
    assert table["x"] + table["width"] <= DESKTOP["width"]
    # Every field of a line is still there to type into, the linked article's name readable in its box.
    first_line = group.locator("tr.form-row.has_original").first
    for field in ["order", "title", "url"]:
        assert first_line.locator(f"input[name$='-{field}']").bounding_box()["width"] >= 40
    assert first_line.locator("input[name$='-title']").bounding_box()["width"] >= 200
    assert first_line.locator("input[name$='-url']").bounding_box()["width"] >= 200
    chosen = first_line.locator(".select2-selection__rendered")
    assert chosen.bounding_box()["width"] >= 200
    assert chosen.get_attribute("title") == RELATED_HEADLINES[0]


def test_the_photo_lines_fit_a_laptop_window(editor_window):
    page = editor_window(viewport=DESKTOP, device_scale_factor=1)
    group = page.locator("#photos-group")
    group.scroll_into_view_if_needed()
    Screenshots().take(page, "change-form-photos")
    # A 40-column caption box and select2's fixed-width choice made the whole page wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    module = group.locator("fieldset.module")
    scroll_width, client_width = module.evaluate("m => [m.scrollWidth, m.clientWidth]")
    assert scroll_width <= client_width
    line = group.locator("tr.form-row.has_original").first
    chosen = line.locator(".select2-selection__rendered").bounding_box()
    preview = line.locator("td.field-preview").bounding_box()
    assert chosen["width"] >= 150 and chosen["x"] + chosen["width"] <= preview["x"]
    assert line.locator("textarea[name$='-story_caption']").bounding_box()["width"] >= 200


def test_the_article_list_keeps_the_headline_readable_beside_the_sidebar_and_filters(browser, live_server, long_story):
    get_user_model().objects.create_superuser("redaktur", "redaktur@antarariau.example", PASSWORD)
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=DESKTOP)
    try:
        page = context.new_page()
        log_in(page, get_user_model().objects.get(username="redaktur"))
        page.goto("/admin/articles/article/")
        Screenshots().take(page, "article-list")
        # Seven columns beside the menu and the filters squeezed the headline to a word a line.
        headline = page.locator("#result_list .field-headline", has_text=LONG_HEADLINE[:40])
        assert headline.bounding_box()["width"] >= 180
    finally:
        close_context(context)
