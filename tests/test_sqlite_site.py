"""The default site runs on SQLite (the quick start): the admin and the rendition worker write to one file at once,
and a save must wait for the other's write rather than fail with "database is locked" (a 500)."""

import sqlite3
import threading

import pytest
from django.db import connections, transaction
from django.db.utils import ConnectionHandler

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_file(tmp_path, settings):
    """A SQLite file opened as the default site opens its database (settings.SQLITE_OPTIONS)."""
    path = tmp_path / "site.sqlite3"
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": settings.SQLITE_OPTIONS}
    return path, database


def test_a_transaction_takes_the_write_lock_as_it_begins_so_a_second_writer_waits(site_file):
    path, database = site_file
    inside, leave = threading.Event(), threading.Event()

    def editor_saving():
        # This thread's own connection, as each server thread or worker process has its own.
        connections["site"] = ConnectionHandler({"default": database})["default"]
        try:
            with transaction.atomic(using="site"):
                connections["site"].cursor().execute("SELECT 1")  # it has read, not written yet
                inside.set()
                leave.wait(10)
        finally:
            connections["site"].close()

    editor = threading.Thread(target=editor_saving)
    editor.start()
    assert inside.wait(10)
    worker = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        # The editor's transaction holds the write lock from its start: the worker waits its turn (here, with no
        # patience, it is told so) instead of both writing and one failing halfway through its transaction.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            worker.execute("BEGIN IMMEDIATE")
        leave.set()
        editor.join(10)
        worker.execute("BEGIN IMMEDIATE")
        worker.execute("ROLLBACK")
        # Readers are not held up by a write meanwhile.
        assert worker.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        leave.set()
        worker.close()
