"""The site behind PgBouncer in transaction mode (`.ci/pgbouncer-tests` runs the page and import tests so)."""

import os

import psycopg2
import pytest
from django.db import connection

from articles.models import Article

ADMIN_URL = os.environ.get("PGBOUNCER_ADMIN_URL")
pytestmark = [
    pytest.mark.skipif(not ADMIN_URL, reason="runs behind PgBouncer only (.ci/pgbouncer-tests)"),
    pytest.mark.django_db,
]


def console(command):
    """PgBouncer's admin console: its own view of its pools and traffic."""
    admin = psycopg2.connect(ADMIN_URL)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(command)
            columns = [column.name for column in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        admin.close()


def queries_of_this_database():
    name = connection.settings_dict["NAME"]
    return sum(int(row["total_query_count"]) for row in console("SHOW STATS") if row["database"] == name)


def test_the_sites_queries_go_through_pgbouncer_in_transaction_mode(make_article):
    assert {row["key"]: row["value"] for row in console("SHOW CONFIG")}["pool_mode"] == "transaction"
    assert connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] is True
    before = queries_of_this_database()
    make_article("Banjir rendam Pekanbaru")
    # Chunked reading, as the export and make_renditions do: a server-side cursor would break here.
    assert [a.headline for a in Article.objects.iterator(chunk_size=1)] == ["Banjir rendam Pekanbaru"]
    assert queries_of_this_database() > before
