"""Readers' pages checked by axe-core (the engine behind Lighthouse's accessibility audit) and by keyboard.

Every "serious" or "critical" violation fails: missing names or alt text, too little contrast, broken
landmarks or ARIA. Minor and moderate findings are printed by axe but left to judgement.
"""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

BLOCKING = {"serious", "critical"}


def page_url(name, article):
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "tag": "/tag/rusia/",
        "search": "/cari/?q=banjir+riau",
        "search form": "/cari/",
    }[name]


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[node['target'] for node in v['nodes']]}" for v in violations
    )


@pytest.mark.parametrize("name", ["home", "article", "tag", "search", "search form"])
@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_readers_pages_have_no_serious_accessibility_violations(request, device, name, newsroom, axe):
    page = request.getfixturevalue(device)
    page.goto(page_url(name, newsroom))
    if name == "article":
        page.locator(".lead-photo img").evaluate("img => img.decode()")
    violations = [v for v in axe(page) if v["impact"] in BLOCKING]
    assert not violations, describe(violations)


def test_the_check_would_catch_an_image_without_alt_text_and_grey_on_white_text(page, newsroom, axe):
    page.goto("/")
    # Built through the DOM: an inline style attribute would be refused by the page's Content-Security-Policy.
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            const image = main.appendChild(document.createElement("img"));
            image.src = "/static/articles/logo.svg";
            const advert = main.appendChild(document.createElement("p"));
            advert.textContent = "Iklan";
            advert.style.color = "#bbb";
        }"""
    )
    found = {v["id"]: v["impact"] for v in axe(page)}
    assert found["image-alt"] == "critical" and found["color-contrast"] == "serious"


def test_keyboard_reader_skips_to_the_story_and_always_sees_where_the_focus_is(page, newsroom):
    page.goto(newsroom.get_absolute_url())
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Langsung ke konten")
    assert skip_link.evaluate("link => link === document.activeElement")
    box = skip_link.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, "the skip link must come into view when focused"

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "after the skip link, the next Tab must land inside the main content"

    for control in (
        page.get_by_role("banner").get_by_role("link", name="Berita terkini"),
        page.get_by_role("searchbox", name="Cari berita"),
        page.get_by_role("button", name="Cari"),
        page.get_by_role("navigation", name="Bahasa").get_by_role("link", name="English"),
    ):
        control.focus()
        outline = control.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
        assert not outline.startswith("none") and not outline.endswith(" 0px"), f"no visible focus ring: {outline}"
