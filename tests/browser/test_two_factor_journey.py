"""An editor on a desk that requires two-factor authentication sets up an authenticator app, then logs in with
it; a guesser at the login is locked out. In Chromium, against the admin's own pages and their
Content-Security-Policy (the QR code is a data: image the policy allows)."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import DESKTOP, close_context
from tests.browser.editors import PASSWORD, ensure_roles, make_desk_user

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def current_code(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


@pytest.fixture
def window(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    close_context(context)


def fill_login(page, username, password, code=None):
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    if code:
        page.get_by_label("Kode verifikasi").fill(code)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_load_state()


def test_an_editor_sets_up_the_app_when_the_desk_requires_it_and_logs_in_with_its_code(window, settings):
    settings.NEWSROOM_REQUIRE_2FA_FOR = ["Editor"]
    ensure_roles()
    editor = make_desk_user("Editor", "redaktur-2fa")

    fill_login(window, "redaktur-2fa", PASSWORD)
    window.wait_for_url("**/admin/dua-langkah/")
    qr = window.get_by_role("img", name="Kode QR untuk aplikasi autentikator Anda")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code must show"
    window.goto("/admin/articles/article/")  # nothing else opens before the set-up is done
    window.wait_for_url("**/admin/dua-langkah/")

    window.get_by_label("Kode dari aplikasi").fill(current_code(TOTPDevice.objects.get(user=editor)))
    window.get_by_role("button", name="Aktifkan autentikasi dua langkah").click()
    window.wait_for_url("**/admin/")
    assert "Autentikasi dua langkah aktif" in window.locator(".messagelist").inner_text()

    window.get_by_role("button", name="Keluar").click()
    fill_login(window, "redaktur-2fa", PASSWORD)  # the password alone is no longer enough
    assert "Masukkan kode verifikasi" in window.locator(".errornote").inner_text()
    device = TOTPDevice.objects.get(user=editor, confirmed=True)
    fill_login(window, "redaktur-2fa", PASSWORD, code=f"{(int(current_code(device)) + 1) % 10**6:06d}")
    assert "Kode verifikasi salah" in window.locator(".errornote").inner_text()


def test_a_guesser_is_locked_out_with_a_page_in_the_admins_look(window, settings):
    ensure_roles()
    make_desk_user("Editor", "redaktur-2fa")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        fill_login(window, "redaktur-2fa", f"tebakan-{attempt}")
    assert window.get_by_role("heading", level=1).inner_text() == "Terlalu banyak percobaan masuk yang gagal"
    assert "15 menit" in window.locator("#content-main").inner_text()
    fill_login(window, "redaktur-2fa", PASSWORD)
    assert window.get_by_role("heading", level=1).inner_text() == "Terlalu banyak percobaan masuk yang gagal"
