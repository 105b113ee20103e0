"""The body's rich-text editor speaks the admin's language: its toolbar and its link dialog in Indonesian for the
desk, in English for whoever chose English."""

import pytest

from tests.browser.conftest import PLAYWRIGHT_MISSING
from tests.browser.editors import ensure_roles, make_desk_user, write_body
from tests.requirements import require_module

expect = require_module("playwright.sync_api", PLAYWRIGHT_MISSING).expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def editor(transactional_db):
    ensure_roles()
    return make_desk_user("Editor", "budi")


def toolbar_names(page):
    menubar = page.locator(".prose-menubar")
    expect(menubar).to_be_visible()
    return menubar.evaluate(
        "m => [...m.querySelectorAll('[title]')].map(b => b.title).concat("
        "[...m.querySelectorAll('h2, h3, p')].map(s => s.textContent.trim()))"
    )


def test_the_desk_reads_the_editors_toolbar_and_link_dialog_in_indonesian(open_window, editor):
    page = open_window(editor, next_url="/admin/articles/article/add/")
    names = toolbar_names(page)
    assert {"tebal", "miring", "daftar berbutir", "sisipkan tautan", "Subjudul", "Paragraf"} <= set(names)
    assert not {"bold", "italic", "unordered list", "insert link", "Heading 2", "Paragraph"} & set(names)
    assert page.locator(".prose-menubar [title=tebal]").get_attribute("aria-label") == "tebal"

    write_body(page, "<p>Banjir merendam Rumbai.</p>")
    page.keyboard.press("ControlOrMeta+a")
    page.locator(".prose-menubar [title='sisipkan tautan']").click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_contain_text("Ubah tautan")
    expect(dialog.get_by_role("button", name="Perbarui")).to_be_visible()
    expect(dialog.get_by_role("button", name="Batal")).to_be_visible()
    assert "Edit Link" not in dialog.inner_text() and "Update" not in dialog.inner_text()


def test_an_editor_who_chose_english_keeps_the_editors_english(open_window, editor):
    page = open_window(editor)
    page.locator("#admin-language").select_option("en")
    page.locator("form.admin-language button").click()
    page.goto("/admin/articles/article/add/")
    names = toolbar_names(page)
    assert {"bold", "italic", "insert link", "Heading 2", "Paragraph"} <= set(names)
