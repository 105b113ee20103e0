"""Two-factor authentication for staff: a TOTP authenticator app, set up from the admin, asked for at login."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
SETUP = "/admin/dua-langkah/"


def code(device, offset=0):
    """The code the editor's phone shows now (or `offset` steps later), computed as the app does."""
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{token:0{device.digits}d}"


@pytest.fixture
def editor_with_app(desk_user):
    editor = desk_user("Editor", "redaktur")
    return editor, TOTPDevice.objects.create(user=editor, name="Ponsel", confirmed=True)


def log_in(client, username, **fields):
    return client.post(LOGIN, {"username": username, "password": "rahasia", "next": "/admin/", **fields})


def test_an_editor_with_an_authenticator_logs_in_with_its_code(client, editor_with_app):
    _, device = editor_with_app
    response = log_in(client, "redaktur", otp_token=code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("token", ["", "000000", "abcdef"])
def test_the_password_alone_or_a_wrong_code_does_not_let_them_in(client, editor_with_app, token):
    _, device = editor_with_app
    if token == "000000" and code(device) == token:
        token = "111111"
    response = log_in(client, "redaktur", otp_token=token)
    assert response.status_code == 200
    assert "kode verifikasi" in response.content.decode().lower()
    assert client.get("/admin/").status_code == 302


def test_a_session_that_never_gave_the_code_is_not_let_in(client, editor_with_app):
    # E.g. a session opened before the device was confirmed, or a stolen session cookie of a password login.
    editor, _ = editor_with_app
    client.force_login(editor)
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_staff_without_a_device_still_log_in_with_their_password(client, desk_user):
    desk_user("Reporter", "wartawan")
    assert log_in(client, "wartawan").status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.fixture
def editors_must_use_2fa(settings):
    settings.NEWSROOM_REQUIRE_2FA_FOR = ["Editor"]


@pytest.mark.parametrize(
    "page", ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/", "/admin/meja/"]
)
def test_an_editor_without_a_device_is_sent_to_set_up_when_the_site_requires_it(
    client, desk_user, editors_must_use_2fa, page
):
    desk_user("Editor", "redaktur")
    assert log_in(client, "redaktur").status_code == 302
    response = client.get(page)
    assert response.status_code == 302 and response["Location"] == SETUP
    # They can still log out.
    assert client.post("/admin/logout/").status_code == 200


def test_the_requirement_is_for_the_named_groups_only(client, desk_user, editors_must_use_2fa):
    client.force_login(desk_user("Reporter", "wartawan"))
    assert client.get("/admin/articles/article/").status_code == 200


def test_setting_up_the_app_shows_a_qr_code_and_takes_a_first_code(client, desk_user, editors_must_use_2fa):
    editor = desk_user("Editor", "redaktur")
    client.force_login(editor)
    page = client.get(SETUP).content.decode()
    assert re.search(r'<img class="two-factor-qr" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', page)
    assert "Pindai" in page or "pindai" in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert client.get(SETUP).status_code == 200 and TOTPDevice.objects.filter(user=editor).count() == 1

    wrong = client.post(SETUP, {"token": "123456" if code(device) != "123456" else "654321"})
    assert wrong.status_code == 200 and "Kode salah" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    # A wrong code pauses verification (1 s, then 2, 4...): an instant retry is refused as a guess would be.
    assert "dihentikan sejenak" in client.post(SETUP, {"token": code(device)}).content.decode()
    device.throttle_reset()  # the editor waited a moment
    done = client.post(SETUP, {"token": code(device)})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    # This session gave the code: the admin opens; a new login needs the code.
    assert client.get("/admin/articles/article/").status_code == 200
    client.logout()
    assert log_in(client, "redaktur").status_code == 200
    assert log_in(client, "redaktur", otp_token=code(device, offset=1)).status_code == 302


def test_every_staff_member_finds_the_set_up_page_in_the_admin(client, desk_user):
    client.force_login(desk_user("Photo editor", "fotografer"))
    assert f'href="{SETUP}"' in client.get("/admin/").content.decode()


def test_the_groups_come_from_the_environment(monkeypatch):
    import importlib

    import newsroom.settings.base as base

    monkeypatch.setenv("REQUIRE_2FA_FOR", "Editor, Photo editor")
    try:
        assert importlib.reload(base).NEWSROOM_REQUIRE_2FA_FOR == ["Editor", "Photo editor"]
    finally:
        monkeypatch.delenv("REQUIRE_2FA_FOR")
        importlib.reload(base)


@pytest.mark.parametrize("which", ["existing", "missing"])
def test_nobody_reads_another_accounts_secret_in_the_admin(admin_client, editor_with_app, which):
    # django-otp's device admin can show a device's secret and QR code (and a device id that does not exist was a
    # 500 for anyone who asked): it is not part of this admin at all.
    pk = editor_with_app[1].pk if which == "existing" else 999_999
    for view in ("config", "qrcode"):
        response = admin_client.get(f"/admin/otp_totp/totpdevice/{pk}/{view}/")
        assert response.status_code == 404
