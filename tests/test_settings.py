import json
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


def production_settings(*names, **env):
    """The named settings as newsroom.settings.production computes them from `env` (in a fresh interpreter)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG"))}
    for name in ("DATABASE_URL", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "REDIS_URL"):
        clean.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
            "SECRET_KEY": "k" * 20 + "-production-secret-value-xyz-123456",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("variable", ["DATABASE_URL", "DJANGO_DATABASE_URL"])
def test_the_hosts_database_url_is_the_sites_database_with_kept_and_checked_connections(variable):
    database = production_settings("DATABASES", **{variable: "postgres://redaksi:rahasia@db.example:6432/berita"})[
        "DATABASES"
    ]["default"]
    # PostgreSQL through django-prometheus's wrapper, which counts the queries for /metrics.
    assert (database["ENGINE"], database["NAME"], database["HOST"]) == (
        "django_prometheus.db.backends.postgresql",
        "berita",
        "db.example",
    )
    # A worker keeps its connection for a minute, and checks it before reusing it after a database restart.
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)


def test_connection_reuse_can_be_turned_down_for_a_pooler():
    database = production_settings(
        "DATABASES",
        DATABASE_URL="postgres://redaksi@pgbouncer.example/berita",
        CONN_MAX_AGE="0",
        CONN_HEALTH_CHECKS="no",
    )["DATABASES"]["default"]
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (0, False)


def test_without_a_database_url_the_site_runs_on_sqlite_in_the_project_folder():
    database = production_settings("DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django_prometheus.db.backends.sqlite3"
    assert Path(database["NAME"]) == PROJECT / "db.sqlite3"


def test_the_cache_is_redis_when_redis_url_is_set_and_local_memory_otherwise():
    redis = production_settings("CACHES", REDIS_URL="redis://cache.example:6379/2")["CACHES"]["default"]
    # django-redis, with its hits and misses counted for /metrics.
    assert redis["BACKEND"] == "django_prometheus.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.example:6379/2"
    local = production_settings("CACHES")["CACHES"]["default"]
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_readers_pages_are_cached_by_default_only_in_the_cache_every_process_shares():
    # Local memory is each process's own: a kill notice imported from the command line left the server's copy of
    # the story up until it expired.
    assert production_settings("NEWSROOM_PAGE_CACHE", REDIS_URL="redis://cache.example:6379/2") == {
        "NEWSROOM_PAGE_CACHE": True
    }
    assert production_settings("NEWSROOM_PAGE_CACHE") == {"NEWSROOM_PAGE_CACHE": False}
    assert production_settings("NEWSROOM_PAGE_CACHE", PAGE_CACHE="1") == {"NEWSROOM_PAGE_CACHE": True}


def test_the_section_menu_is_cached_by_default_only_in_the_cache_every_process_shares():
    redis = "redis://cache.example:6379/2"
    assert production_settings("NEWSROOM_MENU_CACHE", REDIS_URL=redis, PAGE_CACHE="0") == {"NEWSROOM_MENU_CACHE": True}
    assert production_settings("NEWSROOM_MENU_CACHE") == {"NEWSROOM_MENU_CACHE": False}
    assert production_settings("NEWSROOM_MENU_CACHE", REDIS_URL=redis, MENU_CACHE="0") == {"NEWSROOM_MENU_CACHE": False}


def test_the_served_application_keeps_what_it_loaded_out_of_garbage_collection():
    # A full collection walking all of Django stopped a worker for 50 ms and set the article page's p99.
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG"))}
    result = subprocess.run(
        [sys.executable, "-c", "import gc, newsroom.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"],
        cwd=PROJECT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    frozen, still_collected = map(int, result.stdout.split())
    assert frozen > 10_000 and still_collected < frozen / 10


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
    "SECRET_KEY": "k" * 20 + "-production-secret-value-xyz-123456",
    "ALLOWED_HOSTS": "berita.example.id",
}


def test_a_long_key_of_one_repeated_character_is_refused_with_advice():
    result = run_manage("check", **{**PRODUCTION, "SECRET_KEY": "a" * 40})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr and "distinct" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_a_key_below_the_deploy_checks_length_is_refused():
    # 49 random-looking characters: `check --deploy` would warn, so the site does not start with it.
    result = run_manage("check", **{**PRODUCTION, "SECRET_KEY": "Zx9-" * 12 + "q"})
    assert result.returncode != 0 and "50 characters" in result.stderr


def test_the_language_cookie_is_secure_httponly_and_same_site_in_production():
    # A reader switching language over HTTPS on the production site gets a cookie no script or other site reads.
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().post('/i18n/setlang/', {'language': 'en', 'next': '/'}, secure=True,"
        " headers={'host': 'berita.example.id'})\n"
        "print(response.cookies['django_language'].output())\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG"))}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, env={**clean, **PRODUCTION}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    cookie = result.stdout.lower()
    assert "django_language=en" in cookie
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
