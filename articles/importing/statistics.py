"""Table statistics for the importer's look-ups by key, where PostgreSQL has none yet.

Each batch looks its stories up by key (story key, headline, "Baca juga" title: 500 keys a batch). PostgreSQL
plans such a look-up from the table's statistics, which autovacuum gathers as a table grows. A table that was
never analysed (a new database in autovacuum's first minute, or a server with autovacuum off) has none: then
500 keys look like the whole table, and every look-up read every row. Importing 100,000 stories into a new
database ran 15% slower, more the larger the archive grew. Analysed once, after its first stored batch, a table's
statistics describe its keys as nearly unique, which holds however large it grows. On a database that has
statistics (any live site) this is one catalogue query per batch.
"""

from django.db import connection

LOOKED_UP_BY_KEY = ["articles_article", "articles_relatedlink"]


def gather_missing_statistics():
    """ANALYZE the tables above that PostgreSQL has never analysed (elsewhere: nothing)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # reltuples is -1 until a table is first analysed (or vacuumed).
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r' AND reltuples < 0",
            [LOOKED_UP_BY_KEY],
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
