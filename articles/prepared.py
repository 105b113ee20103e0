"""Querysets compiled to SQL once per process, then run with fresh values: Django's ORM as a prepared statement.

Turning a queryset with subqueries into SQL costs milliseconds of Python, far more than the database takes
to answer it. A page that asks the same question on every request (the article page) compiles it once, with
`Parameter` placeholders where the values go, and binds the values at each run.

PostgreSQL would still plan the statement on every run, which for the article page takes longer than running
it; so there the statement is also PREPAREd once per connection and EXECUTEd. Behind a pooler that hands a
session's statements to other server connections (PgBouncer in transaction mode), set
`NEWSROOM_PREPARED_STATEMENTS = False` (environment: PREPARED_STATEMENTS=0).
"""

import json
import weakref
from itertools import count

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Aggregate, Expression, F, Func
from psycopg2.extensions import AsIs

# Which statements each live PostgreSQL connection has prepared; a new connection starts with none.
_prepared_on = weakref.WeakKeyDictionary()
_statement_numbers = count(1)


class Parameter(Expression):
    """A placeholder for a value given when the query runs, prepared for the database like `output_field`'s."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", (self,)

    def bind(self, values, connection):
        return self.output_field.get_db_prep_value(values[self.name], connection)


class PreparedQuery:
    """`queryset` compiled once per database, run with `values` for its `Parameter`s."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.statement_name = f"newsroom_{next(_statement_numbers)}"
        self._compiled = {}

    def raw(self, **values):
        """The rows as model instances (a RawQuerySet); annotations arrive as attributes, undecoded."""
        connection, sql, params = self._statement(values)
        return self.queryset.model._base_manager.db_manager(connection.alias).raw(sql, params)

    def fetchone(self, **values):
        """The first row as a tuple of the database's values, or None."""
        connection, sql, params = self._statement(values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def _statement(self, values):
        alias = router.db_for_read(self.queryset.model)
        connection = connections[alias]
        key = (alias, connection.vendor)
        if key not in self._compiled:
            self._compiled[key] = self.queryset.query.get_compiler(using=alias).as_sql()
        sql, params = self._compiled[key]
        if connection.vendor == "postgresql" and settings.NEWSROOM_PREPARED_STATEMENTS:
            return connection, *self._execute_prepared(connection, sql, params, values)
        return connection, sql, [p.bind(values, connection) if isinstance(p, Parameter) else p for p in params]

    def _execute_prepared(self, connection, sql, params, values):
        """EXECUTE of the statement PREPAREd on this connection (preparing it first if need be), and its values.

        The statement's constants are bound once, when it is prepared: each run sends only the `Parameter`s.
        """
        placeholders = [p for p in params if isinstance(p, Parameter)]
        connection.ensure_connection()
        prepared = _prepared_on.setdefault(connection.connection, set())
        if self.statement_name not in prepared:
            numbers = count(1)
            at_prepare = [AsIs(f"${next(numbers)}") if isinstance(p, Parameter) else p for p in params]
            # Like Django's own session set-up, on the driver's cursor: preparing is not one of the page's queries.
            # A prepared statement outlives the transaction it was made in, committed or rolled back.
            with connection.connection.cursor() as cursor:
                statement = cursor.mogrify(sql, at_prepare).decode()
                cursor.execute(f"PREPARE {self.statement_name} AS {statement}")
            prepared.add(self.statement_name)
        arguments = f"({', '.join(['%s'] * len(placeholders))})" if placeholders else ""
        return f"EXECUTE {self.statement_name}{arguments}", [p.bind(values, connection) for p in placeholders]


class JSONRow(Func):
    """A row as a JSON object: `JSONRow(id="id", name="section__name")`, keys to column references.

    Django's JSONObject builds jsonb on PostgreSQL, which is parsed and printed again before it leaves the server;
    plain json (json_build_object) goes out as built.
    """

    function = "JSON_OBJECT"
    output_field = models.JSONField()

    def __init__(self, **columns):
        super().__init__(*(part for key, column in columns.items() for part in (JSONKey(key), F(column))))

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_BUILD_OBJECT", **extra_context)


class JSONKey(Expression):
    """A key of a JSONRow, written into the SQL as a text literal: keys are the code's own names, and dozens of
    them as parameters would lengthen every run of the statement."""

    output_field = models.TextField()

    def __init__(self, key):
        if not key.isidentifier():
            raise ValueError(f"A JSON key must be a plain name, not {key!r}.")
        super().__init__()
        self.key = key

    def as_sql(self, compiler, connection):
        return f"'{self.key}'", ()

    def as_postgresql(self, compiler, connection):
        return f"'{self.key}'::text", ()


class JSONRows(Aggregate):
    """Rows as one JSON array: SQLite's json_group_array, PostgreSQL's json_agg. Element order is not defined."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_AGG", **extra_context)


def json_column(value):
    """A JSON column read without Django's field conversions: text on SQLite, already decoded on PostgreSQL (the
    driver decodes json); None for SQL NULL, which an aggregate over no rows gives."""
    if value is None:
        return None
    return json.loads(value) if isinstance(value, str) else value
