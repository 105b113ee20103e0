"""A story written in the rich-text editor, from the first paste to the readers: a link inside a paragraph, a
subheading and a list survive a closed tab through autosave, a source reads the draft through a preview link in a
browser that never logged in, and once published the page, the feed, JSON-LD and ninjs each carry the right form.
The admin also fits a phone's 390 px.

Run with NEWSROOM_SCREENSHOTS=<folder> to save the README's screenshot of the editor.
"""

import json
import time

import pytest

from articles.models import Article, Autosave, PreviewLink
from tests.browser.conftest import PHONE, PLAYWRIGHT_MISSING
from tests.browser.editors import DESK_WINDOW, Screenshots, ensure_roles, indonesian, log_in, make_desk_user, write_body
from tests.requirements import require_module

expect = require_module("playwright.sync_api", PLAYWRIGHT_MISSING).expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PATIENCE_MS = 20_000
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


@pytest.fixture
def desk(transactional_db):
    ensure_roles()
    return {"editor": make_desk_user("Editor", "budi")}


@pytest.fixture
def open_window(browser, live_server):
    """A new browser window (its own cookies), logged in as `user` when one is given."""
    expect.set_options(timeout=PATIENCE_MS)
    contexts = []

    def open_(user=None, *, next_url="/admin/", **window):
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", **(window or DESK_WINDOW)
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(PATIENCE_MS)
        if user is not None:
            log_in(page, user, next_url=next_url)
        return page

    yield open_
    for context in contexts:
        context.close()
    expect.set_options(timeout=5_000)


def editor_box(page):
    return page.locator(".ProseMirror[contenteditable=true]")


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_rich_text_story_survives_a_closed_tab_is_previewed_by_link_and_published(desk, open_window):
    # The editor pastes the story from a word processor: structure kept, the rest gone.
    page = open_window(desk["editor"], next_url="/admin/articles/article/add/")
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
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(headline=HEADLINE)
    assert article.body.startswith('<p>Banjir merendam ratusan rumah di <a href="https://bpbd.riau.go.id/laporan"')
    assert "<h2>Posko pengungsian</h2><ul><li><p>Masjid Al-Falah</p></li><li><p>SDN 12 Rumbai</p></li></ul>" in (
        article.body
    )
    assert "Mso" not in article.body and "font" not in article.body and "<u>" not in article.body
    saved_version = article.version

    # More text, then the tab is closed before saving: autosave keeps it on the server.
    box = editor_box(page)
    box.locator("p").last.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type(ADDED)
    page.close()
    wait_for(lambda: ADDED in (getattr(Autosave.objects.first(), "data", None) or {}).get("body", ""))
    assert Article.objects.get(pk=article.pk).version == saved_version  # an autosave is not a save

    # Reopened, the form offers the autosaved text; restored and saved, it is the article's.
    page = open_window(desk["editor"], next_url=f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name=indonesian("Restore autosaved text")).click()
    expect(editor_box(page)).to_contain_text(ADDED)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert ADDED in article.paragraphs and not Autosave.objects.exists()

    # A preview link for the source, opened in a browser that never logged in.
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
    assert source.locator("meta[name=robots]").get_attribute("content") == "noindex, nofollow"

    # Published; readers get the HTML, machines the form each expects.
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator("#id_status").select_option(Article.Status.PUBLISHED)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    reader = open_window()
    reader.goto(Article.objects.get(pk=article.pk).get_absolute_url())
    body = reader.locator("article .body")
    expect(body.locator("p").first).to_have_text(
        "Pekanbaru (ANTARA) - Banjir merendam ratusan rumah di Kecamatan Rumbai, Pekanbaru."
    )
    expect(body.locator("p a")).to_have_attribute("rel", "noopener noreferrer nofollow")
    expect(body.locator("h2")).to_have_text("Posko pengungsian")
    expect(body.locator("ul li")).to_have_text(["Masjid Al-Falah", "SDN 12 Rumbai"])
    json_ld = json.loads(reader.locator("script[type='application/ld+json']").first.text_content())
    assert json_ld["articleBody"].startswith("Banjir merendam ratusan rumah di Kecamatan Rumbai, Pekanbaru.\n\n")
    assert "Posko pengungsian\n\nMasjid Al-Falah" in json_ld["articleBody"] and "<" not in json_ld["articleBody"]
    feed = reader.request.get("/feed/").text()
    assert "&lt;h2&gt;Posko pengungsian&lt;/h2&gt;" in feed
    ninjs = reader.request.get(f"/api/ninjs/{Article.objects.get(pk=article.pk).slug}/").json()
    bodies = {body["contentType"]: body["value"] for body in ninjs["bodies"]}
    assert "<h2>Posko pengungsian</h2>" in bodies["text/html"] and ADDED in bodies["text/plain"]

    # Revoked, the source's link finds nothing.
    page.goto("/admin/articles/previewlink/")
    page.locator("#result_list input.action-select").first.check()
    page.locator("select[name=action]").select_option("revoke")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert source.goto(link.get_absolute_url()).status == 404


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
