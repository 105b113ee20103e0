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
import re
import weakref
from itertools import count

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, models, router
from django.db.models import Aggregate, Expression, Func
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
        self._sqlite_sql = {}

    def raw(self, **values):
        """The rows as model instances (a RawQuerySet); annotations arrive as attributes, undecoded."""
        connection, sql, params = self._statement(values)
        return self.queryset.model._base_manager.db_manager(connection.alias).raw(sql, params)

    def fetchone(self, **values):
        """The first row as a tuple of the database's values, or None."""
        connection = connections[router.db_for_read(self.queryset.model)]
        if connection.queries_logged or connection.execute_wrappers:
            # Through Django's cursor, so that the query is counted, logged and seen by wrappers (tests, debugging).
            connection, sql, params = self._statement(values)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()
        # Django's health check (CONN_HEALTH_CHECKS) asks the database "SELECT 1" before a request's first query: a
        # round trip nearly as long as this statement's. Here the statement is the check. If it finds the connection
        # dead (the database restarted while the connection idled), it runs once more on a new connection, which is
        # where the check would have led. Inside a transaction a new connection would lose it: Django's check runs.
        retry = (
            connection.health_check_enabled
            and not connection.health_check_done
            and connection.connection is not None
            and not connection.in_atomic_block
        )
        if not retry:
            connection.close_if_health_check_failed()
        try:
            row = self._fetchone_on_driver(connection, values)
        except (OperationalError, InterfaceError):
            if not retry or connection.is_usable():
                raise
            connection.close()
            row = self._fetchone_on_driver(connection, values)
        connection.health_check_done = True
        return row

    def _fetchone_on_driver(self, connection, values):
        # The steps of Django's cursor, on the driver's own: Django's wrapper would rewrite the placeholders for
        # SQLite on every run, and nobody is listening.
        with connection.wrap_database_errors:
            connection, sql, params = self._statement(values)
            connection.ensure_connection()
            connection.validate_thread_sharing()
            connection.validate_no_broken_transaction()
            cursor = connection.connection.cursor()
            try:
                cursor.execute(self._driver_sql(connection, sql), params)
                return cursor.fetchone()
            finally:
                cursor.close()

    def _driver_sql(self, connection, sql):
        if connection.vendor != "sqlite":
            return sql
        driver_sql = self._sqlite_sql.get(sql)
        if driver_sql is None:
            # What Django's SQLite cursor does to each statement: qmark placeholders, literal percent signs.
            driver_sql = self._sqlite_sql[sql] = re.sub(r"(?<!%)%s", "?", sql).replace("%%", "%")
        return driver_sql

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


class JSONValues(Func):
    """Column values as one JSON array, in the order given: `JSONValues(F("id"), F("section__name"))`.

    An array rather than an object: the reader knows the columns by position, so the names need not travel and
    be parsed again in every row. Django's JSONArray builds jsonb on PostgreSQL, which is parsed and printed again
    before it leaves the server; plain json (json_build_array) goes out as built."""

    function = "JSON_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_BUILD_ARRAY", **extra_context)


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
