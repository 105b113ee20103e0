"""What a readers' page asked the database, as the tests that count a page's statements read it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def statements_reading(client, url, table):
    """The SQL statements the page at `url` ran that read from `table` (joined in, it does not count)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries if f'FROM "{table}"' in query["sql"]]
