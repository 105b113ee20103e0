"""An editor finds the agency's newer version held on a story the desk has edited, reads the change, and applies it:
in Chromium, through the admin's own pages (and under the site's Content-Security-Policy)."""

import pytest

from articles.models import Article
from articles.revisions import record_revision
from tests.browser.conftest import DESKTOP, close_context
from tests.browser.editors import ensure_roles, log_in, make_desk_user
from tests.test_agency_copy import DESK_FIX, V1, V2, dump, run_import, write

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_editor_applies_a_held_agency_update_and_keeps_the_desks_fix(browser, live_server, tmp_path):
    ensure_roles()
    run_import(write(tmp_path, "demo-0900.txt", dump(V1), minutes_ago=60), "--status", "published")
    article = Article.objects.get()
    editor = make_desk_user("Editor", "redaktur")
    with record_revision(user=editor, comment="Angka diperbaiki"):
        article.body = "\n\n".join([DESK_FIX, *V1[1:]])
        article.save()
    run_import(write(tmp_path, "demo-1300.txt", dump(V2), minutes_ago=1))

    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, editor, next_url="/admin/meja/")
    page.get_by_role("link", name=article.headline).first.click()
    panel = page.get_by_role("region", name="Kantor berita mengirim versi yang lebih baru")
    panel.wait_for()
    assert V2[3] in panel.inner_text()
    panel.get_by_role("button", name="Terapkan pembaruan kantor berita").click()
    page.get_by_text("Pembaruan kantor berita sudah diterapkan.").wait_for()
    body = page.locator("#id_body").input_value()
    assert DESK_FIX in body and V2[3] in body
    assert page.get_by_role("region", name="Kantor berita mengirim versi yang lebih baru").count() == 0
    close_context(context)
