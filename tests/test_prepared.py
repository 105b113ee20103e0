"""Statements compiled once and run with fresh values; on PostgreSQL, prepared once per connection."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection, models
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse, set_script_prefix
from django.utils import timezone

from articles.addresses import address, asset, request_addresses
from articles.models import Article
from articles.prepared import Parameter, PreparedQuery

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PREPARE/EXECUTE is PostgreSQL's")

# A deployment that serves the site under /arsip/ (see the address test).
urlpatterns = [path("arsip/", include("articles.urls"))]


def headlines_by_slug_prefix():
    return PreparedQuery(
        Article.objects.published(at=Parameter("now", models.DateTimeField()))
        .filter(slug__startswith=Parameter("prefix", models.CharField()))
        .order_by("slug")
        .values("headline")
    )


def test_one_compiled_statement_answers_for_each_set_of_values(make_article, monkeypatch):
    make_article("Banjir di Pekanbaru")
    make_article("Banjir di Dumai")
    make_article("Kebakaran hutan")
    statement = headlines_by_slug_prefix()
    compiled = []
    original = statement.queryset.query.get_compiler

    def counting_compiler(*args, **kwargs):
        compiled.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(statement.queryset.query, "get_compiler", counting_compiler)
    now = timezone.now()
    assert statement.fetchone(prefix="banjir", now=now) == ("Banjir di Dumai",)
    assert statement.fetchone(prefix="kebakaran", now=now) == ("Kebakaran hutan",)
    assert statement.fetchone(prefix="banjir", now=now - timedelta(days=1)) is None
    assert compiled == [1]


def test_values_are_bound_as_values_not_as_sql(make_article):
    make_article("Banjir di Pekanbaru")
    hostile = "x' OR '1'='1"
    assert headlines_by_slug_prefix().fetchone(prefix=hostile, now=timezone.now()) is None


@on_postgresql
def test_postgresql_prepares_once_per_connection_and_again_after_reconnecting(make_article, settings):
    make_article("Banjir di Pekanbaru")
    statement = headlines_by_slug_prefix()
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        assert statement.fetchone(prefix="banjir", now=now) == ("Banjir di Pekanbaru",)
        assert statement.fetchone(prefix="banjir", now=now) == ("Banjir di Pekanbaru",)
    assert [q["sql"].split("(")[0] for q in queries.captured_queries] == [f"EXECUTE {statement.statement_name}"] * 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [statement.statement_name])
        assert cursor.fetchone() == (1,)

    settings.NEWSROOM_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as queries:
        assert statement.fetchone(prefix="banjir", now=now) == ("Banjir di Pekanbaru",)
    assert queries.captured_queries[0]["sql"].startswith("SELECT")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_new_postgresql_connection_gets_the_statement_prepared_again(make_article):
    make_article("Banjir di Pekanbaru")
    statement = headlines_by_slug_prefix()
    assert statement.fetchone(prefix="banjir", now=timezone.now()) == ("Banjir di Pekanbaru",)
    connection.close()
    assert statement.fetchone(prefix="banjir", now=timezone.now()) == ("Banjir di Pekanbaru",)


@pytest.fixture
def health_checks_on(transactional_db):
    """A request's first statement on a connection that Django's CONN_HEALTH_CHECKS has not checked yet."""
    connection.ensure_connection()
    enabled = connection.health_check_enabled
    connection.health_check_enabled = True
    connection.health_check_done = False
    yield
    connection.health_check_enabled = enabled


def test_the_statement_itself_is_the_health_check(make_article, health_checks_on, monkeypatch):
    make_article("Banjir di Pekanbaru")

    def ping():
        raise AssertionError("a SELECT 1 round trip before the page's one statement")

    monkeypatch.setattr(connection, "is_usable", ping)
    assert headlines_by_slug_prefix().fetchone(prefix="banjir", now=timezone.now()) == ("Banjir di Pekanbaru",)
    assert connection.health_check_done  # the request's later queries need no check either


@on_postgresql
def test_a_connection_the_database_dropped_is_replaced_and_the_page_still_answers(make_article, health_checks_on):
    make_article("Banjir di Pekanbaru")
    statement = headlines_by_slug_prefix()
    assert statement.fetchone(prefix="banjir", now=timezone.now()) == ("Banjir di Pekanbaru",)
    dropped = connection.connection
    # What a database restart does to an idle connection.
    with connection._nodb_cursor() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [dropped.get_backend_pid()])
    connection.health_check_done = False  # a new request: Django forgets the last check (close_old_connections)

    assert statement.fetchone(prefix="banjir", now=timezone.now()) == ("Banjir di Pekanbaru",)
    assert connection.connection is not dropped


@on_postgresql
def test_an_error_on_a_live_connection_is_not_run_twice(make_article, health_checks_on):
    make_article("Banjir di Pekanbaru")
    slow = PreparedQuery(
        Article.objects.filter(slug__startswith=Parameter("prefix", models.CharField()))
        .extra(select={"pause": "pg_sleep(0.2)"})
        .values("headline", "pause")
    )
    live = connection.connection
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '20ms'")
    try:
        with pytest.raises(OperationalError, match="statement timeout"):
            slow.fetchone(prefix="banjir")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert connection.connection is live


def test_remembered_addresses_follow_the_script_prefix_and_the_urlconf(settings):
    assert address("articles:tag", "banjir") == reverse("articles:tag", args=["banjir"]) == "/tag/banjir/"
    try:
        set_script_prefix("/riau/")
        assert address("articles:tag", "banjir") == "/riau/tag/banjir/"
        assert request_addresses()("articles:home") == "/riau/"
    finally:
        set_script_prefix("/")
    settings.ROOT_URLCONF = "tests.test_prepared"  # the site moved under /arsip/
    assert address("articles:tag", "banjir") == "/arsip/tag/banjir/"


def test_remembered_static_addresses_follow_the_static_url(settings):
    assert asset("articles/site.css") == static("articles/site.css")
    settings.STATIC_URL = "/aset/"
    assert asset("articles/site.css") == static("articles/site.css") == "/aset/articles/site.css"
