"""An editor arranges the front page in one admin screen (a top story with an expiry, an editor's pick, a
breaking-news banner); a reader then sees it, opens the top story and follows its byline to the author's page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Author, FrontPage
from tests.browser.conftest import PLAYWRIGHT_MISSING, close_context
from tests.browser.editors import DESK_WINDOW, choose, ensure_roles, log_in, make_desk_user
from tests.requirements import require_module

expect = require_module("playwright.sync_api", PLAYWRIGHT_MISSING).expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

FLOOD = "Pemprov Riau siapkan posko siaga banjir di tujuh kabupaten menjelang puncak musim hujan"
PALM_OIL = "Harga TBS sawit di Riau naik Rp45 per kilogram pekan ini"


def window(browser, live_server, contexts):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", **DESK_WINDOW)
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


@pytest.fixture
def windows(browser, live_server):
    contexts = []
    yield lambda: window(browser, live_server, contexts)
    for context in contexts:
        close_context(context)


def test_editor_arranges_the_front_page_and_a_reader_follows_the_byline(newsroom, windows, screenshot):
    ensure_roles()
    editor = windows()
    log_in(editor, make_desk_user("Editor", "budi"), next_url="/admin/articles/frontpage/add/")
    expect(editor.get_by_role("heading", level=1)).to_contain_text("susunan halaman depan")

    choose(editor, editor.locator(".field-top_story"), "posko siaga", FLOOD)
    until = timezone.localtime() + timedelta(hours=6)
    editor.locator("#id_top_story_until_0").fill(until.strftime("%d/%m/%Y"))
    editor.locator("#id_top_story_until_1").fill(until.strftime("%H:%M:%S"))
    editor.locator("#id_banner_text").fill("Sungai Siak meluap, warga Rumbai diminta mengungsi")
    editor.locator("#id_banner_url").fill(f"https://antarariau.example{newsroom.get_absolute_url()}")
    editor.locator("#picks-group .add-row a").click()
    pick = editor.locator("#picks-0")
    choose(editor, pick, "sawit", PALM_OIL)
    screenshot(editor, "admin-front-page")
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist")).to_be_visible()
    front_page = FrontPage.objects.get()
    assert front_page.top_story.headline == FLOOD and front_page.top_story_until is not None
    assert [p.article.headline for p in front_page.picks.all()] == [PALM_OIL]

    diana = Author.objects.get(slug="diana-syafni")
    diana.bio = "Pewarta ANTARA Riau di Pekanbaru sejak 2015; meliput cuaca, bencana dan pemerintahan daerah."
    diana.save()

    reader = windows()  # a fresh window: no session, so the page comes as every reader gets it
    reader.goto("/")
    expect(reader.locator(".breaking")).to_contain_text("Sungai Siak meluap")
    top = reader.get_by_role("region", name="Berita utama")
    expect(top.get_by_role("link", name=FLOOD)).to_be_visible()
    picks = reader.get_by_role("region", name="Pilihan editor")
    expect(picks.get_by_role("link", name=PALM_OIL)).to_be_visible()
    # The top story is not shown a second time among the newest.
    expect(reader.locator(".article-list").get_by_role("link", name=FLOOD)).to_have_count(0)

    top.get_by_role("link", name=FLOOD).click()
    expect(reader.locator(".byline")).to_have_text(re.compile(r"Pewarta:\s*Diana Syafni\s*·\s*Editor:\s*Rolex Malaha"))
    reader.locator(".byline").get_by_role("link", name="Diana Syafni").click()
    expect(reader).to_have_url(re.compile(r"/penulis/diana-syafni/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Diana Syafni")
    expect(reader.locator(".author-bio")).to_contain_text("sejak 2015")
    stories = Article.objects.published().filter(credits__author__slug="diana-syafni")
    expect(reader.locator(".article-list h2")).to_have_count(stories.count())
    screenshot(reader, "desktop-author")
