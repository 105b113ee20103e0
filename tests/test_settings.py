import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="newsroom.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_development_key_is_refused_with_debug_off():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="newsroom.settings.production",
        SECRET_KEY="django-insecure-newsroom-development-only",
    )
    assert result.returncode != 0


@pytest.mark.parametrize("database_url", ["sqlite:///prod.sqlite3", "postgres://newsroom@db.example:5432/newsroom"])
def test_production_settings_pass_the_deploy_check(database_url):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="newsroom.settings.production",
        SECRET_KEY="k" * 20 + "-production-secret-value-xyz-123456",
        ALLOWED_HOSTS="berita.example.id",
        DATABASE_URL=database_url,
    )
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql(monkeypatch):
    import dj_database_url

    config = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/newsroom")
    assert config["ENGINE"] == "django.db.backends.postgresql"
