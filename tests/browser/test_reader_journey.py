"""A reader's morning on the site, in a desktop browser and on a phone, as Chromium renders it."""

import re

import pytest

from articles.models import Article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def overflow(page):
    """How many CSS pixels the page is wider than the screen (a phone reader would have to scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_reader_opens_an_article_follows_baca_juga_and_a_tag(page, newsroom, screenshot):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Berita terkini"
    sections = page.get_by_role("navigation", name="Rubrik")
    assert sections.get_by_role("link", name="Berita terkini").get_attribute("aria-current") == "page"
    screenshot(page, "desktop-home")

    page.get_by_role("main").get_by_role("link", name=newsroom.headline).click()
    assert page.get_by_role("heading", level=1).inner_text() == newsroom.headline
    photo = page.locator(".lead-photo img")
    assert photo.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0, "the lead photo did not load"
    assert "/photos/renditions/" in photo.evaluate("img => img.currentSrc")
    caption = page.locator(".lead-photo figcaption").inner_text()
    assert caption.startswith("Arsip foto – Tentara etnik Armenia")
    assert caption.endswith("(ANTARA/REUTERS)")
    screenshot(page, "desktop-article")

    related = Article.objects.get(headline="Menlu Rusia sebut anggota baru DK PBB harus negara berkembang")
    page.get_by_role("complementary", name="Baca juga").get_by_role("link", name=related.headline).click()
    assert page.url.endswith(related.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == related.headline

    page.get_by_role("list", name="Tag").get_by_role("link", name="Rusia").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tag: Rusia"
    assert set(page.locator(".article-list h2").all_inner_texts()) == {
        newsroom.headline,
        related.headline,
        "China-Rusia gelar pertemuan tentang kerja sama pembangunan regional di Beijing",
    }


def test_reader_searches_from_the_header_and_sees_the_words_highlighted(page, newsroom, screenshot):
    page.goto(newsroom.get_absolute_url())
    search_box = page.get_by_role("banner").get_by_role("searchbox", name="Cari berita")
    search_box.fill("banjir")
    search_box.press("Enter")

    page.wait_for_url(re.compile(r"/cari/\?q=banjir$"))
    assert page.get_by_role("heading", level=2).inner_text() == "2 berita ditemukan untuk “banjir”"
    results = page.locator(".search-results > li")
    flood = "Pemprov Riau siapkan posko siaga banjir di tujuh kabupaten menjelang puncak musim hujan"
    headlines = results.get_by_role("heading", level=3).all_inner_texts()
    assert flood in headlines and len(headlines) == 2
    # Each result marks the word in its headline and in its snippet.
    for n in range(2):
        marked = results.nth(n).locator("mark").all_inner_texts()
        assert len(marked) >= 2 and {word.lower() for word in marked} == {"banjir"}
    screenshot(page, "desktop-search")

    results.get_by_role("link", name=flood).click()
    assert page.get_by_role("heading", level=1).inner_text() == flood
    assert page.locator(".lead-photo figcaption").inner_text().endswith("(ANTARA FOTO/Rony Muharrman)")


def test_reader_switches_the_site_to_english_and_back(page, newsroom):
    page.goto(newsroom.get_absolute_url())
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("navigation", name="Bahasa").get_by_role("link", name="English").click()

    page.wait_for_load_state()
    assert page.url.endswith("/en" + newsroom.get_absolute_url()), "the reader stays on the article, in English"
    assert page.get_by_role("navigation", name="Sections").get_by_role("link", name="Latest news").is_visible()
    assert page.get_by_role("complementary", name="Read also").is_visible()
    assert page.get_by_role("searchbox", name="Search articles").is_visible()
    # The page speaks English now; the story itself stays in its own language, marked so for screen readers.
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).get_attribute("lang") == "id"

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Latest news").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Latest news"
    assert page.locator("html").get_attribute("lang") == "en"

    footer = page.get_by_role("contentinfo")
    footer.get_by_role("navigation", name="Language").get_by_role("link", name="Bahasa Indonesia").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Berita terkini"
    assert page.locator("html").get_attribute("lang") == "id"


def test_phone_reader_gets_a_page_that_fits_the_screen(phone_page, newsroom, screenshot):
    page = phone_page
    page.goto("/")
    assert overflow(page) <= 0
    search_box = page.get_by_role("banner").get_by_role("searchbox", name="Cari berita")
    box = search_box.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the header search box is cut off"
    assert box["width"] >= 150, "the header search box is too narrow to type in"
    screenshot(page, "phone-home")

    page.get_by_role("main").get_by_role("link", name=newsroom.headline).click()
    assert overflow(page) <= 0
    photo = page.locator(".lead-photo img").bounding_box()
    assert photo["x"] >= 0 and photo["x"] + photo["width"] <= 390
    # A phone with a 2x screen is offered a sharp rendition, not the full-size original.
    assert re.search(r"-(640|960)w\.webp$", page.locator(".lead-photo img").evaluate("img => img.currentSrc"))
    screenshot(page, "phone-article")

    page.goto("/cari/?q=banjir")
    assert overflow(page) <= 0
    assert page.locator(".search-results mark").count() >= 2


def test_a_desks_dozen_sections_leave_the_header_search_room_to_type(page, newsroom, make_article):
    from articles.models import Section

    names = ["Pekanbaru", "Nasional", "Ekonomi dan Bisnis", "Olahraga", "Hukum dan Kriminal", "Pendidikan"]
    for name in [*names, "Kesehatan", "Gaya Hidup", "Teknologi"]:
        make_article(f"Berita {name} hari ini", section=Section.objects.create(name=name))
    page.goto("/")
    menu = page.get_by_role("navigation", name="Rubrik").get_by_role("link")
    assert menu.count() == 13  # "Berita terkini" and twelve sections, each a story readers may see
    # The menu wraps onto more rows; the search box stayed a few words wide (it was squeezed to 40 px).
    assert page.get_by_role("banner").get_by_role("searchbox", name="Cari berita").bounding_box()["width"] >= 150
    assert overflow(page) == 0
