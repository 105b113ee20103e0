"""`import_articles --workers`: a desk operator kills a runaway import with `kill -9`, and it stops.

The workers are separate processes; killed hard, the command cannot stop them itself. These tests
run the real command in a child process against a PostgreSQL database of their own (workers need
PostgreSQL), so they run whichever database the rest of the suite uses. Without a PostgreSQL server
they are skipped, except under CI, where a missing server is a failure rather than a silent skip.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.db import connection

from bench.import_speed import write_dumps

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def postgresql_server():
    """The suite's PostgreSQL server, else NEWSROOM_TEST_POSTGRESQL's (default: the local one)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return os.environ.get("NEWSROOM_TEST_POSTGRESQL", DEFAULT_SERVER).rstrip("/")


def run_sql(server, sql):
    connection = psycopg2.connect(f"{server}/postgres", connect_timeout=5)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


@pytest.fixture
def import_database():
    """DATABASE_URL of an empty, migrated PostgreSQL database for the command; dropped afterwards."""
    server = postgresql_server()
    name = f"newsroom_test_workers_{os.getpid()}"
    try:
        run_sql(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    except psycopg2.OperationalError as error:
        message = f"no PostgreSQL server at {server} (set NEWSROOM_TEST_POSTGRESQL): {error}".strip()
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(message)
        pytest.skip(message)
    run_sql(server, f"CREATE DATABASE {name}")
    url = f"{server}/{name}"
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=command_env(url), check=True)
        yield url
    finally:
        run_sql(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def command_env(database_url):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test", "DATABASE_URL": database_url}


def count_articles(database_url):
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article")
        return cursor.fetchone()[0]


def children(pid):
    """Ids of the processes whose parent is `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and parent_and_state(int(entry.name))[0] == pid:
            found.append(int(entry.name))
    return found


def parent_and_state(pid):
    """(parent id, state letter) of a process, or (None, None) once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None, None
    # The command name (in parentheses) may hold spaces: the fields after its closing parenthesis are fixed.
    state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
    return int(ppid), state


def is_import_worker(pid):
    # Forks of the command (the same command line), or fresh interpreters where the system cannot fork.
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"import_articles" in cmdline or b"multiprocessing.spawn" in cmdline


def running(pid):
    # A process that ended but that nobody has reaped yet (a zombie, "Z") has stopped working.
    return parent_and_state(pid)[1] not in (None, "Z", "X")


def wait_until(condition, *, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through Linux's /proc")
def test_killing_the_command_stops_its_workers_and_the_import(tmp_path, import_database):
    write_dumps(tmp_path, 400)
    command = subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", str(tmp_path), "--workers", "2", "--batch-size", "10", "-v0"],
        cwd=ROOT,
        env=command_env(import_database),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = []
    try:
        # Kill the command in the middle of the run: both workers started and the first batches stored.
        assert wait_until(lambda: len([p for p in children(command.pid) if is_import_worker(p)]) == 2, timeout=60)
        workers = [p for p in children(command.pid) if is_import_worker(p)]
        assert wait_until(lambda: count_articles(import_database) > 0, timeout=60)
        command.send_signal(signal.SIGKILL)
        command.wait(timeout=10)

        assert wait_until(lambda: not any(running(p) for p in workers), timeout=5), "workers outlived the command"
        stored = count_articles(import_database)
        time.sleep(2)
        assert count_articles(import_database) == stored < 400
    finally:
        for pid in workers:
            if running(pid) and is_import_worker(pid):
                os.kill(pid, signal.SIGKILL)
        if command.poll() is None:
            command.kill()
            command.wait()


def test_a_worker_whose_parent_is_already_gone_ends_at_once():
    # The parent may die before the worker has asked the kernel for a signal: the worker then has another
    # parent already, and ends instead of starting its import.
    code = "from articles.importing import worker; worker.die_with_parent(-1); print('still running')"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")


def test_where_the_kernel_cannot_be_asked_a_thread_watches_the_parent():
    # Without prctl (macOS), a thread ends the worker once another process has adopted it. Three processes:
    # this script, a stand-in "command" that dies after half a second, and its "worker", which reports its id.
    script = (
        "import os, time\n"
        "from articles.importing import worker as import_worker\n"
        "import_worker._parent_death_signal = lambda signum: False\n"
        "read, write = os.pipe()\n"
        "if os.fork() == 0:\n"
        "    if os.fork() == 0:\n"
        "        import_worker.die_with_parent(os.getppid())\n"
        "        os.write(write, b'%d' % os.getpid())\n"
        "        time.sleep(30)\n"
        "        os._exit(0)\n"
        "    time.sleep(0.5)\n"
        "    os._exit(0)\n"
        "os.close(write)\n"
        "print(os.read(read, 100).decode(), flush=True)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30)
    worker = int(result.stdout)
    try:
        assert wait_until(lambda: not running(worker), timeout=5), "the worker outlived its parent"
    finally:
        if running(worker):
            os.kill(worker, signal.SIGKILL)


def table_rows_estimate(database_url, table):
    """PostgreSQL's row count estimate for `table`: -1 until the table is first analysed."""
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_an_import_into_a_new_database_gives_postgresql_statistics_for_its_lookups(tmp_path, import_database):
    # A new database has no table statistics until autovacuum comes by (or never, with autovacuum off): the
    # importer's look-ups by key then read whole tables. The import analyses what its first batch filled.
    write_dumps(tmp_path, 30)
    tables = ["articles_article", "articles_relatedlink"]
    assert [table_rows_estimate(import_database, table) for table in tables] == [-1, -1]
    subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(tmp_path), "--batch-size", "10", "-v0"],
        cwd=ROOT,
        env=command_env(import_database),
        check=True,
    )
    assert count_articles(import_database) == 30
    assert all(table_rows_estimate(import_database, table) >= 10 for table in tables)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through Linux's /proc")
def test_ctrl_c_stops_the_workers_and_the_summary_counts_every_stored_story(tmp_path, import_database):
    write_dumps(tmp_path, 400)
    command = subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", str(tmp_path), "--workers", "2", "--batch-size", "10"],
        cwd=ROOT,
        env=command_env(import_database),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal gives a command and its workers
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert wait_until(lambda: count_articles(import_database) > 0, timeout=60)
        os.killpg(command.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
        out, err = command.communicate(timeout=30)
    finally:
        if command.poll() is None:
            os.killpg(command.pid, signal.SIGKILL)
            command.wait()
    assert command.returncode != 0 and "Interrupted." in err
    stored = count_articles(import_database)
    assert 0 < stored < 400
    # Every batch stored by the end is in the summary, and none is stored behind the command's back afterwards.
    assert f"imported {stored}, " in out.splitlines()[-1]
    time.sleep(1)
    assert count_articles(import_database) == stored
