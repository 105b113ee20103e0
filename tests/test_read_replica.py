"""DATABASE_REPLICA_URL: readers' pages from a real PostgreSQL streaming replica, the rest from the primary,
and a staff member who just saved reads their own write."""

import re
import time

import psycopg2
import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from articles.models import Article
from newsroom.replicas import ReplicaMiddleware, ReplicaRouter
from tests.photo_files import article_form
from tests.postgres_clusters import primary_with_replica
from tests.services import Browser, free_port, gunicorn, manage, production_env

HEADLINE = "Banjir rendam Pekanbaru, ratusan warga mengungsi"
PAGE = "/berita/banjir-rendam-pekanbaru/"
EDITOR, PASSWORD = "redaktur", "rahasia-redaksi-2026"


def free_port_pair(first, last):
    while True:
        port = free_port(first, last)
        if free_port(port + 1, port + 1) == port + 1:
            return port
        first = port + 2


def sql(url, statement):
    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def wait_until_replayed(primary, replica, timeout=30):
    target = sql(primary.url(), "SELECT pg_current_wal_lsn()")[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sql(replica.url(), f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]:
            return
        time.sleep(0.1)
    raise AssertionError(f"the replica did not replay up to {target} within {timeout} s")


@pytest.fixture(scope="module")
def replicated_site(tmp_path_factory):
    """The site under gunicorn with production settings, on a primary and its streaming replica."""
    scratch = tmp_path_factory.mktemp("replicated-site")
    with primary_with_replica(free_port_pair(16100, 16199)) as (primary, replica):
        sql(primary.url("postgres"), "CREATE DATABASE newsroom")
        env = production_env(
            DATABASE_URL=primary.url(),
            DATABASE_REPLICA_URL=replica.url(),
            REPLICA_MAX_LAG_SECONDS="3",
            STATIC_ROOT=str(scratch / "static"),
            MEDIA_ROOT=str(scratch / "media"),
        )
        manage("migrate", "--no-input", env=env)
        manage("collectstatic", "--no-input", env=env)
        users = "from django.contrib.auth import get_user_model; users = get_user_model().objects"
        manage("shell", "-c", f"{users}; users.create_superuser({EDITOR!r}, '', {PASSWORD!r})", env=env)
        port = free_port(16200, 16299)
        with gunicorn(port, env=env, log=scratch / "gunicorn.log"):
            wait_until_replayed(primary, replica)
            yield primary, replica, port


def test_readers_read_the_replica_and_an_editor_reads_their_own_write(replicated_site):
    primary, replica, port = replicated_site
    editor, reader = Browser(port), Browser(port)
    editor.log_in(EDITOR, PASSWORD)
    # The replica stops applying the primary's changes: lag as long as the test needs.
    sql(replica.url(), "SELECT pg_wal_replay_pause()")
    try:
        form = {**article_form(status="published", headline=HEADLINE), "slug": "banjir-rendam-pekanbaru"}
        status, _headers, page = editor.post("/admin/articles/article/add/", form)
        assert status == 302, re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', page, re.S)
        assert sql(primary.url(), "SELECT count(*) FROM articles_article")[0] == 1
        # Readers' page, feed and search come from the replica, which has not seen the story yet.
        assert reader.get(PAGE)[0] == 404
        assert HEADLINE not in reader.get("/feed/")[2]
        assert PAGE not in reader.get("/cari/?q=Pekanbaru")[2]
        # The editor who saved it sees it at once: their reads stay on the primary for a few seconds.
        assert editor.get(PAGE)[0] == 200
        time.sleep(3.5)
        assert editor.get(PAGE)[0] == 404  # the window is over: the editor reads the replica like anybody
        # The admin always reads the primary.
        assert HEADLINE in editor.get("/admin/articles/article/")[2]
    finally:
        sql(replica.url(), "SELECT pg_wal_replay_resume()")
    wait_until_replayed(primary, replica)
    assert reader.get(PAGE)[0] == 200
    assert HEADLINE in reader.get("/feed/")[2]
    assert PAGE in reader.get("/cari/?q=Pekanbaru")[2]  # the result links the story (its headline is highlighted)


def route_during(path, during):
    """What the router decides for the reads `during(router)` makes while the site answers `path`."""
    router, decided = ReplicaRouter(), []
    middleware = ReplicaMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)

    def view(request):
        middleware.process_view(request, None, (), {})
        decided.append(during(router))
        return HttpResponse()

    ReplicaMiddleware(view)(request)
    return decided[0]


# A transactional test: an ordinary one runs inside a transaction, where every read goes to the primary.
@pytest.mark.django_db(transaction=True)
def test_a_readers_page_reads_articles_from_the_replica_outside_transactions_only():
    assert route_during("/", lambda router: router.db_for_read(Article)) == "replica"
    assert route_during("/feed/", lambda router: router.db_for_read(Article)) == "replica"

    def in_transaction(router):
        with transaction.atomic():
            return router.db_for_read(Article)

    assert route_during("/", in_transaction) == "default"


def test_logins_the_admin_and_previews_read_the_primary():
    assert route_during("/", lambda router: router.db_for_read(get_user_model())) == "default"
    assert route_during("/admin/", lambda router: router.db_for_read(Article)) == "default"
    assert route_during("/berita/banjir/pratinjau/", lambda router: router.db_for_read(Article)) == "default"
    assert ReplicaRouter().db_for_read(Article) == "default"  # outside any request: commands, imports


def test_migrations_never_run_on_the_replica():
    assert ReplicaRouter().allow_migrate("default", "articles") is True
    assert ReplicaRouter().allow_migrate("replica", "articles") is False


def shared_cache_lifetime(response):
    directives = dict(d.strip().partition("=")[::2] for d in response["Cache-Control"].split(","))
    return int(directives["s-maxage"])


@pytest.mark.django_db
def test_a_page_rendered_while_the_replica_may_lag_is_kept_no_longer(
    client, make_article, settings, clock, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_REPLICA_MAX_LAG = 10
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Banjir rendam Pekanbaru")
    assert shared_cache_lifetime(client.get("/")) == 10
    clock.advance(seconds=11)
    # The replica has caught up: the next page starts a generation kept as long as usual.
    assert shared_cache_lifetime(client.get("/")) == settings.NEWSROOM_CACHE_S_MAXAGE


@pytest.mark.django_db
def test_without_a_replica_a_change_keeps_the_usual_lifetimes(
    client, make_article, settings, django_capture_on_commit_callbacks
):
    assert settings.NEWSROOM_REPLICA_MAX_LAG == 0
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Banjir rendam Pekanbaru")
    assert shared_cache_lifetime(client.get("/")) == settings.NEWSROOM_CACHE_S_MAXAGE
