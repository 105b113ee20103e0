"""How fast is the article page, next to the fastest page Django can serve?

    .venv/bin/python -m bench.article_page [--database sqlite|postgresql|both] [--rounds 5] [--duration 5]

For each database the script builds a fresh one (a temporary SQLite file; the PostgreSQL database named by
DATABASE_URL, default postgres://postgres@127.0.0.1:5432/newsroom_bench, dropped and created again), migrates it,
creates the reference article (samples/000_6749e8411ca97669.txt: headline, 9 paragraphs, an archive photo with
caption and credit, 4 tags, 2 "Baca juga" links, source, section) among 1,000 other stories, and serves the site
with production settings (`bench.settings`: DEBUG off, templates compiled once, WhiteNoise manifest storage; only
the HTTPS redirect is off) under gunicorn, 2 sync workers, on 127.0.0.1.

Two pages are loaded in turn, article, floor, article, floor, ... for --rounds rounds:

- the article page, uncached: every request runs the view, its queries and the templates;
- the floor, `/__floor__/` (bench/urls.py): the same bytes, rendered once before the server started, through the
  same middleware. No Django page can be faster, so article/floor is the share of the floor the page reaches.

Machine noise (other processes, CPU frequency) hits neighbouring runs alike, so the script reports the median of
each figure and the median of the per-round ratios. The target: the article page at >= 25% of the floor's
requests/s with a p99 latency <= 10 ms.

Load: wrk, one thread, 2 connections (`wrk -t1 -c2 -d5s --latency`). Two connections keep both sync workers busy
(each handles one request at a time); more connections would only queue in the listen backlog, so their p99
would measure the queue length rather than the page. With one request in flight per worker, p99 is the time a
reader's request takes when the server is busy but not overloaded. wrk reconnects for every request because
gunicorn's sync workers close the connection after each response, as they do behind a proxy.

wrk comes from the distribution: `apt-get install -y wrk` (Debian/Ubuntu), `brew install wrk` (macOS). Without it
the script falls back to a small Python load generator and says so in its output: that generator spends more CPU
per request than wrk, so its absolute figures are lower; only its ratios are comparable.

Beside req/s the script prints the workers' CPU time per request (user plus system, from /proc on Linux): what a
request costs the server, whatever the load generator and the workers do to each other on shared cores. For a
PostgreSQL server on the same machine it also prints the CPU time of the server processes that serve the workers'
connections: that work shares the cores too, and it is why the share on PostgreSQL is lower than on SQLite.

The script exits with status 1 when a database misses the target; --json FILE keeps every round's figures.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
TARGET_SHARE = 0.25
TARGET_P99_MS = 10.0
WORKERS = 2


@dataclass
class Run:
    requests_per_second: float
    p99_ms: float
    requests: int
    worker_cpu_ms: float | None = None  # the workers' CPU time per request (Linux)
    database_cpu_ms: float | None = None  # PostgreSQL's server processes' CPU time per request (local server, Linux)


# --- load generators ---------------------------------------------------------------------------------------------


def wrk_run(url, duration, connections):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors or "Socket errors" in output:
        sys.exit(f"wrk saw failed requests on {url}:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return Run(rps, p99_ms, requests)


def python_run(url, duration, connections):
    """Fallback when wrk is missing: one thread per connection, a new connection per request (as wrk does here)."""
    parts = urlsplit(url)
    deadline = time.perf_counter() + duration
    latencies = [[] for _ in range(connections)]

    def worker(samples):
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            connection.request("GET", parts.path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            samples.append(time.perf_counter() - started)

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(samples,)) for samples in latencies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    every = sorted(sample for samples in latencies for sample in samples)
    p99 = every[min(len(every) - 1, int(len(every) * 0.99))] * 1000
    return Run(len(every) / elapsed, p99, len(every))


def process_stats():
    """(pid, parent pid, user plus system CPU seconds) of every process /proc shows; empty without /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # After the command name: state, ppid, ... utime and stime are the 12th and 13th fields.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        stats.append((int(stat.parent.name), int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks))
    return stats


def cpu_seconds(server, backends):
    """CPU seconds used so far by the server's worker processes and by the `backends` (PostgreSQL server processes),
    from one reading of /proc; either is None where /proc does not show them (no /proc, a server on another
    machine, another user's processes)."""
    workers, database = [], []
    for pid, parent, cpu in process_stats():
        if parent == server.pid:
            workers.append(cpu)
        elif pid in backends:
            database.append(cpu)
    return (sum(workers) if workers else None), (sum(database) if database else None)


def per_request_ms(before, after, requests):
    return None if before is None or after is None or not requests else (after - before) * 1000 / requests


def database_backends(database_url):
    """The pids of the PostgreSQL server processes serving `database_url`'s database (the workers' connections)."""
    import psycopg2

    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return {pid for (pid,) in cursor.fetchall()}
    finally:
        connection.close()


def with_cpu(load, server, database_url=None):
    """`load`, also measuring what the requests cost the workers in CPU time, and PostgreSQL's server processes
    when `database_url` names a PostgreSQL database on this machine: they share its cores with the workers."""

    def run(url, duration, connections):
        backends = database_backends(database_url) if database_url else set()
        workers_before, database_before = cpu_seconds(server, backends)
        result = load(url, duration, connections)
        workers_after, database_after = cpu_seconds(server, backends)
        result.worker_cpu_ms = per_request_ms(workers_before, workers_after, result.requests)
        result.database_cpu_ms = per_request_ms(database_before, database_after, result.requests)
        return result

    return run


# --- databases -----------------------------------------------------------------------------------------------------


def fresh_postgres(url):
    """Drop and create the benchmark's own PostgreSQL database (never the site's: the name is in the URL)."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        sys.exit(f"DATABASE_URL names no database: {url}")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        connection = psycopg2.connect(admin_url)
    except psycopg2.OperationalError as error:
        sys.exit(
            f"Cannot reach PostgreSQL at {parts.hostname}:{parts.port or 5432} ({error}). Start it, or pass "
            "--database sqlite."
        )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


# --- the server ----------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", parts.path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def wait_until_serving(url, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with status {server.returncode} before serving.")
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer {url} within {seconds} s.")


def set_up_database(database, scratch, host, filler_articles):
    """A fresh `database` ("sqlite": a file in `scratch`; "postgresql": DATABASE_URL's, dropped and created again)
    with the reference story, and the story's page rendered for `host` into scratch/floor.html.

    Returns the environment for processes that serve it (BENCH_FLOOR_FILE set) and the page's path."""
    if database == "sqlite":
        database_url = f"sqlite:///{scratch / 'bench.sqlite3'}"
    else:
        database_url = os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES_URL
        if not database_url.startswith(("postgres://", "postgresql://")):
            sys.exit(f"--database postgresql needs a PostgreSQL DATABASE_URL, not {database_url}")
        fresh_postgres(database_url)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(scratch / "media"),
        "STATIC_ROOT": str(scratch / "static"),
        "BENCH_FILLER_ARTICLES": str(filler_articles),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    floor_file = scratch / "floor.html"
    print(f"[{database}] setting up the database and the reference article...", flush=True)
    setup = subprocess.run(
        [sys.executable, "-m", "bench.fixture", str(floor_file), host],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    if setup.returncode:
        sys.exit(f"[{database}] setting up failed (exit status {setup.returncode}); see the messages above.")
    # The floor's URLconf reads the file at import: only processes started from now on may have it.
    return {**env, "BENCH_FLOOR_FILE": str(floor_file)}, json.loads(setup.stdout.strip().splitlines()[-1])["path"]


def bench_database(database, args, load):
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as scratch:
        # The page holds absolute URLs (structured data), so the floor is rendered for the server's own host.
        port = free_port()
        env, path = set_up_database(database, Path(scratch), f"127.0.0.1:{port}", args.filler_articles)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi:application", "--workers", str(WORKERS),
             "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            article_url = f"http://127.0.0.1:{port}{path}"
            floor_url = f"http://127.0.0.1:{port}/__floor__/"
            wait_until_serving(floor_url, server)
            article_status, article_body = fetch(article_url)
            floor_status, floor_body = fetch(floor_url)
            if (article_status, floor_status) != (200, 200) or article_body != floor_body:
                sys.exit(
                    f"The floor must serve the article page's bytes: got {article_status} with "
                    f"{len(article_body)} bytes and {floor_status} with {len(floor_body)} bytes."
                )
            database_url = env["DATABASE_URL"] if database == "postgresql" else None
            load = with_cpu(load, server, database_url)
            # Warm both workers: imports, template compilation, database connections.
            load(article_url, 1, args.connections)
            load(floor_url, 1, args.connections)
            rounds = []
            for number in range(1, args.rounds + 1):
                article = load(article_url, args.duration, args.connections)
                floor = load(floor_url, args.duration, args.connections)
                rounds.append((article, floor))
                print(f"[{database}] round {number}/{args.rounds}: article {article.requests_per_second:.0f} req/s "
                      f"p99 {article.p99_ms:.2f} ms cpu {cpu(article)} | floor {floor.requests_per_second:.0f} req/s "
                      f"p99 {floor.p99_ms:.2f} ms cpu {cpu(floor)} | "
                      f"{article.requests_per_second / floor.requests_per_second:.0%}", flush=True)  # fmt: skip
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        return {"database": database, "bytes": len(article_body), "rounds": rounds}


def cpu(run):
    figure = "n/a" if run.worker_cpu_ms is None else f"{run.worker_cpu_ms:.2f} ms"
    return figure if run.database_cpu_ms is None else f"{figure} + database {run.database_cpu_ms:.2f} ms"


def median_cpu(runs, figure="worker_cpu_ms"):
    values = [getattr(run, figure) for run in runs if getattr(run, figure) is not None]
    return "n/a" if not values else f"{statistics.median(values):.2f} ms"


def summarise(result):
    rounds = result["rounds"]
    article_rps = statistics.median(article.requests_per_second for article, _ in rounds)
    floor_rps = statistics.median(floor.requests_per_second for _, floor in rounds)
    share = statistics.median(article.requests_per_second / floor.requests_per_second for article, floor in rounds)
    article_p99 = statistics.median(article.p99_ms for article, _ in rounds)
    floor_p99 = statistics.median(floor.p99_ms for _, floor in rounds)
    meets = share >= TARGET_SHARE and article_p99 <= TARGET_P99_MS
    return article_rps, article_p99, floor_rps, floor_p99, share, meets


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=5, help="article/floor pairs per database (default 5)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per run (default 5)")
    parser.add_argument("--connections", type=int, default=WORKERS, help="concurrent connections (default 2)")
    parser.add_argument("--filler-articles", type=int, default=1000, help="other stories in the database")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)

    if shutil.which("wrk"):
        load, generator = wrk_run, f"wrk -t1 -c{args.connections} -d{args.duration}s --latency"
    else:
        print("wrk is not installed (Debian/Ubuntu: apt-get install -y wrk; macOS: brew install wrk).\n"
              "FALLING BACK to the Python load generator: absolute figures are lower than wrk's; "
              "compare the ratios only.", file=sys.stderr)  # fmt: skip
        load, generator = python_run, f"Python fallback load generator, {args.connections} connections (NOT wrk)"

    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results = [bench_database(database, args, load) for database in databases]

    print()
    print(f"Load: {generator}; gunicorn {WORKERS} sync workers; {args.rounds} alternating rounds; medians.")
    print(f"Machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end.")
    print()
    print(
        "| database   | article req/s | article p99 | floor req/s | floor p99 | article/floor | target "
        "| worker CPU per article / floor request | database server CPU per article request |"
    )
    print("|------------|--------------:|------------:|------------:|----------:|--------------:|--------|"
          "------------------:|------------------:|")  # fmt: skip
    all_met = True
    for result in results:
        article_rps, article_p99, floor_rps, floor_p99, share, meets = summarise(result)
        all_met &= meets
        articles = [article for article, _ in result["rounds"]]
        cpu_figures = f"{median_cpu(articles)} / {median_cpu(floor for _, floor in result['rounds'])}"
        # SQLite runs inside the workers: its work is in their figure.
        database_cpu = "(in the workers)" if result["database"] == "sqlite" else median_cpu(articles, "database_cpu_ms")
        print(f"| {result['database']:<10} | {article_rps:>13.0f} | {article_p99:>8.2f} ms | {floor_rps:>11.0f} | "
              f"{floor_p99:>6.2f} ms | {share:>13.0%} | {'met' if meets else 'MISSED'} | {cpu_figures} "
              f"| {database_cpu} |")  # fmt: skip
    print()
    print(f"Target: article page >= {TARGET_SHARE:.0%} of the floor's requests/s and p99 <= {TARGET_P99_MS:g} ms.")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "generator": generator,
            "results": [
                {"database": r["database"], "bytes": r["bytes"],
                 "rounds": [{"article": vars(a), "floor": vars(f)} for a, f in r["rounds"]]}
                for r in results
            ],
        }, indent=2))  # fmt: skip
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
