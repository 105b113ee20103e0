"""Somebody guessing a staff password at the admin login: django-axes locks the account and the address."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def try_login(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address, **headers
    )


def logged_in(client):
    return client.get("/admin/").status_code == 200


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client, desk_user, settings):
    desk_user("Editor", "redaktur")
    answers = [try_login(client, "redaktur", f"tebakan-{n}").status_code for n in range(settings.AXES_FAILURE_LIMIT)]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    response = try_login(client, "redaktur", "rahasia")
    assert response.status_code == 429 and not logged_in(client)
    page = response.content.decode()
    # In Indonesian, in the admin's look, saying for how long.
    assert "Terlalu banyak percobaan masuk yang gagal" in page and "15 menit" in page
    assert 'id="site-name"' in page


def test_the_account_is_locked_whatever_address_the_guesses_come_from(client, desk_user, settings):
    desk_user("Editor", "redaktur")
    for n in range(settings.AXES_FAILURE_LIMIT):
        try_login(client, "redaktur", "salah", address=f"198.51.100.{n + 1}")
    assert try_login(client, "redaktur", "rahasia", address="192.0.2.50").status_code == 429


def test_the_address_is_locked_whatever_accounts_it_tries(client, desk_user, settings):
    desk_user("Reporter", "wartawan")
    for n in range(settings.AXES_FAILURE_LIMIT):
        try_login(client, f"akun-{n}", "salah")
    assert try_login(client, "wartawan", "rahasia").status_code == 429
    assert try_login(client, "wartawan", "rahasia", address="192.0.2.50").status_code == 302


def test_a_right_password_clears_the_count(client, desk_user, settings):
    desk_user("Editor", "redaktur")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        try_login(client, "redaktur", "salah")
    assert try_login(client, "redaktur", "rahasia").status_code == 302
    client.logout()
    assert try_login(client, "redaktur", "salah").status_code == 200  # counting starts again


@pytest.mark.parametrize("command, argument", [("axes_reset_username", "redaktur"), ("axes_reset_ip", "203.0.113.7")])
def test_an_administrator_lifts_the_lock_from_the_command_line(client, desk_user, settings, command, argument):
    desk_user("Editor", "redaktur")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        try_login(client, "redaktur", "salah")
    # A lock by address alone stays until that is reset too; each command lifts the lock it names.
    settings.AXES_LOCKOUT_PARAMETERS = ["username"] if command == "axes_reset_username" else ["ip_address"]
    call_command(command, argument)
    assert try_login(client, "redaktur", "rahasia").status_code == 302


def test_behind_a_proxy_the_address_comes_from_the_configured_header(client, desk_user, settings):
    # The proxy overwrites X-Real-IP with the caller's address; every request reaches Django from the proxy.
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP"]
    desk_user("Reporter", "wartawan")
    for n in range(settings.AXES_FAILURE_LIMIT):
        try_login(client, f"akun-{n}", "salah", address="10.0.0.2", HTTP_X_REAL_IP="203.0.113.7")
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").exists()
    assert try_login(client, "wartawan", "rahasia", address="10.0.0.2", HTTP_X_REAL_IP="203.0.113.7").status_code == 429
    # Another reader behind the same proxy is not locked out with the guesser.
    assert try_login(client, "wartawan", "rahasia", address="10.0.0.2", HTTP_X_REAL_IP="192.0.2.9").status_code == 302


def test_by_default_a_forwarded_header_is_not_trusted(client, desk_user, settings):
    desk_user("Reporter", "wartawan")
    for n in range(settings.AXES_FAILURE_LIMIT):
        try_login(client, f"akun-{n}", "salah", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", HTTP_X_REAL_IP=f"192.0.2.{n}")
    assert try_login(client, "wartawan", "rahasia", HTTP_X_REAL_IP="192.0.2.200").status_code == 429


def test_only_superusers_read_the_login_attempts(client, desk_user, django_user_model):
    try_login(client, "tamu", "salah")
    editor = desk_user("Editor", "redaktur")
    # Even a staff member given the permissions by mistake sees neither the attempts nor their addresses.
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="axes"))
    client.force_login(editor)
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    assert "accessattempt" not in client.get("/admin/").content.decode()

    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "x"))
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "203.0.113.7" in page.content.decode()


@pytest.mark.parametrize("next_url", ["https://phishing.example/admin/", "//phishing.example/", ""])
def test_after_login_an_unsafe_or_empty_next_lands_on_the_admin_index(client, desk_user, next_url):
    desk_user("Editor", "redaktur")
    response = client.post(f"{LOGIN}?next={next_url}", {"username": "redaktur", "password": "rahasia"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
