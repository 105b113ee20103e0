"""Serving readers: the article, home and tag pages uncached, from Django's cache and through Varnish, beside the floor.

    .venv/bin/python -m bench.serving [--database sqlite|postgresql|both] [--rounds 3] [--duration 5]

For each database the script builds a fresh one (a temporary SQLite file; the PostgreSQL database named by
DATABASE_URL, default postgres://postgres@127.0.0.1:5432/newsroom_bench, dropped and created again) with the reference
story (bench/fixture.py) among 1,000 others, and serves the site with production settings (bench/settings.py)
under gunicorn, 2 sync workers per server, on 127.0.0.1:

- floor: `/__floor__/<page>/` (bench/urls.py) returns the page's bytes, rendered once before the server started,
  through the same middleware: no Django page can be faster;
- uncached: `PAGE_CACHE=0`, every request runs the view, its queries and templates;
- redis: `PAGE_CACHE=1` with `REDIS_URL` (Redis database 9 by default, emptied first): a hit of the page cache;
- locmem: `PAGE_CACHE=1` with Django's local-memory cache, for comparison only: each worker has its own cache and
  its own generation counter, so a change made through one worker is not seen by the others' pages;
- varnish: varnishd with deploy/varnish/newsroom.vcl in front of a `PAGE_CACHE=1` Redis server that writes an
  access log: the requests that reach gunicorn during the run are counted (a hit must cost the application
  nothing).

Every request says `Host: localhost`, so every server (and Varnish) serves the bytes the floors hold. Runs
alternate page by page and mode by mode for --rounds rounds; the table has the medians, and the median of the
per-round ratios to the page's floor. SQL per request is counted in process (the fixture, with the test client):
the uncached page, and a hit. Worker RSS is VmRSS from /proc after the runs (the larger of the two workers); worker
CPU per request is the workers' user plus system time (/proc) over the requests of a run: what a request costs the
application whatever else runs on the machine (for Varnish: the server behind it).

Load: `wrk -t1 -c2 -d<duration>s --latency` (two connections keep both sync workers busy, one request in flight
each: p99 is the page, not a queue; gunicorn's sync workers close each connection, Varnish keeps it alive).
Targets (2 cores, 2 workers): a page from Django's cache >= 0.8 of its floor; uncached >= 0.08 of the floor with
p99 <= 25 ms; through Varnish no request reaches gunicorn; worker RSS <= 90 MiB. Exit status 1 when one is missed.
"""

import argparse
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
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import redis

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
HOST = "localhost"
WORKERS = 2
PAGES = ["article", "home", "tag"]
MODES = ["floor", "uncached", "redis", "locmem", "varnish"]
TARGET_CACHED, TARGET_UNCACHED, TARGET_UNCACHED_P99_MS, TARGET_RSS_MIB = 0.8, 0.08, 25.0, 90.0


# --- load ----------------------------------------------------------------------------------------------------------


def wrk(url, duration, connections):
    """{rps, p50, p99 (ms), requests} of a wrk run against `url`."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-H", f"Host: {HOST}", url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        sys.exit(f"wrk saw failed requests on {url}:\n{output}")

    def percentile(name):
        found = re.search(rf"^\s+{name}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": percentile(50),
        "p99": percentile(99),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
    }


def fetch(url):
    request = urllib.request.Request(url, headers={"Host": HOST})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


# --- databases and servers -----------------------------------------------------------------------------------------


def fresh_postgres(url):
    """Drop and create the benchmark's own PostgreSQL database (never the site's: the name is in the URL)."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        sys.exit(f"DATABASE_URL names no database: {url}")
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def set_up_database(database, scratch, filler_articles):
    """A fresh database with the reference story, its pages written to scratch/floors. Returns (env, pages)."""
    if database == "sqlite":
        database_url = f"sqlite:///{scratch / 'bench.sqlite3'}"
    else:
        database_url = os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES_URL
        if not database_url.startswith(("postgres://", "postgresql://")):
            sys.exit(f"--database postgresql needs a PostgreSQL DATABASE_URL, not {database_url}")
        fresh_postgres(database_url)
    env = {
        **{name: value for name, value in os.environ.items() if name not in {"REDIS_URL", "PAGE_CACHE"}},
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(scratch / "media"),
        "STATIC_ROOT": str(scratch / "static"),
        "BENCH_FILLER_ARTICLES": str(filler_articles),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    print(f"[{database}] setting up the database and the reference pages...", flush=True)
    command = [sys.executable, "-m", "bench.fixture", str(scratch / "floors"), HOST]
    setup = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    if setup.returncode:
        sys.exit(f"[{database}] setting up failed (exit status {setup.returncode}); see the messages above.")
    # The floors' URLconf reads them at import: only processes started from now on may have them.
    return {**env, "BENCH_FLOOR_DIR": str(scratch / "floors")}, json.loads(setup.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, process, name, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited with status {process.returncode} before serving.")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{name} did not listen on port {port} within {seconds} s.")


def stop(process):
    """Stop a process this script started."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def started(stack, command, **options):
    process = subprocess.Popen(command, **options)
    stack.callback(stop, process)
    return process


def gunicorn(stack, env, access_log=None):
    """A gunicorn (2 sync workers) serving the site with `env`; returns (process, port)."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi:application", "--workers", str(WORKERS),
               "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]  # fmt: skip
    if access_log:
        command += ["--access-logfile", str(access_log)]
    process = started(stack, command, cwd=ROOT, env=env)
    wait_for(port, process, "gunicorn")
    return process, port


def varnish(stack, scratch, backend_port):
    """varnishd with the project's VCL in front of `backend_port`; returns its port."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not os.path.exists(varnishd):
        sys.exit("varnishd is not installed (apt-get install varnish varnish-modules).")
    # Readable by varnishd's own user, which it switches to when started by root.
    directory = Path(tempfile.mkdtemp(prefix="varnish-", dir=scratch))
    os.chmod(scratch, 0o755)
    os.chmod(directory, 0o755)
    config = directory / "newsroom.vcl"
    config.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    config.chmod(0o644)
    port = free_port()
    command = [varnishd, "-F", "-n", str(directory / "work"), "-a", f"127.0.0.1:{port}", "-f", str(config),
               "-s", "malloc,64m"]  # fmt: skip
    # Its messages go to a file: on a failure to start, varnishd says why on stdout.
    with (directory / "varnishd.log").open("w") as log:
        process = started(stack, command, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(port, process, "varnishd")
    except SystemExit:
        print((directory / "varnishd.log").read_text(), file=sys.stderr)
        raise
    return port


def workers_cpu_seconds(server):
    """User plus system CPU seconds used so far by the server's worker processes (from /proc)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # After the command name: state, ppid, ... utime and stime are the 12th and 13th fields.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        if int(fields[1]) == server.pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def workers_rss_mib(server):
    """The largest VmRSS among the server's worker processes, in MiB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue  # a process that ended meanwhile
        if int(fields["PPid"]) == server.pid and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return max(sizes) if sizes else float("nan")


# --- one database --------------------------------------------------------------------------------------------------


def start_servers(stack, env, scratch, redis_url):
    """{mode: (gunicorn process, base URL)}, and the access log of the server behind Varnish."""
    with_redis = {**env, "REDIS_URL": redis_url}
    access_log = scratch / "behind-varnish.log"
    servers = {
        "uncached": gunicorn(stack, {**with_redis, "PAGE_CACHE": "0"}),
        "redis": gunicorn(stack, {**with_redis, "PAGE_CACHE": "1"}),
        "locmem": gunicorn(stack, {**env, "PAGE_CACHE": "1"}),
        "varnish": gunicorn(stack, {**with_redis, "PAGE_CACHE": "1"}, access_log),
    }
    varnish_port = varnish(stack, scratch, servers["varnish"][1])
    urls = {mode: f"http://127.0.0.1:{port}" for mode, (_, port) in servers.items()}
    urls["varnish"] = f"http://127.0.0.1:{varnish_port}"
    urls["floor"] = urls["uncached"]  # the floors go through the same middleware on any server
    return {mode: (servers[mode if mode != "floor" else "uncached"][0], url) for mode, url in urls.items()}, access_log


def page_url(base, mode, page, pages):
    return f"{base}/__floor__/{page}/" if mode == "floor" else base + pages[page]["path"]


def check_bytes(servers, pages, database):
    """Every mode serves the floor's bytes (fetched twice: the second is a hit where there is a cache)."""
    for page in PAGES:
        floor = fetch(page_url(servers["floor"][1], "floor", page, pages))
        for mode in MODES[1:]:
            for _ in range(2):
                answer = fetch(page_url(servers[mode][1], mode, page, pages))
            if answer != floor:
                sys.exit(f"[{database}] {mode} {page} does not serve the floor's bytes ({len(answer[1])} bytes).")


def log_lines(path):
    return sum(1 for _ in path.open()) if path.exists() else 0


def bench_database(database, args):
    with tempfile.TemporaryDirectory(prefix="newsroom-serving-") as scratch, ExitStack() as stack:
        scratch = Path(scratch)
        env, pages = set_up_database(database, scratch, args.filler_articles)
        redis.Redis.from_url(args.redis_url).flushdb()
        servers, access_log = start_servers(stack, env, scratch, args.redis_url)
        check_bytes(servers, pages, database)
        # Varnish passed each page's first request on (a miss): the count of requests that reach gunicorn works.
        # A sync worker logs a request after answering it, so the last line may come a moment after the page.
        deadline = time.monotonic() + 5
        while log_lines(access_log) < len(PAGES) and time.monotonic() < deadline:
            time.sleep(0.1)
        if log_lines(access_log) < len(PAGES):
            sys.exit(f"[{database}] the access log of the server behind Varnish shows no request; it cannot count.")
        for page in PAGES:  # warm every worker: imports, templates, connections, the caches
            for mode in MODES:
                wrk(page_url(servers[mode][1], mode, page, pages), 1, args.connections)
        runs = {(page, mode): [] for page in PAGES for mode in MODES}
        reached = 0
        for number in range(1, args.rounds + 1):
            for page in PAGES:
                line = []
                for mode in MODES:
                    before, cpu_before = log_lines(access_log), workers_cpu_seconds(servers[mode][0])
                    run = wrk(page_url(servers[mode][1], mode, page, pages), args.duration, args.connections)
                    run["cpu_ms"] = (workers_cpu_seconds(servers[mode][0]) - cpu_before) * 1000 / run["requests"]
                    if mode == "varnish":
                        reached += log_lines(access_log) - before
                    runs[page, mode].append(run)
                    line.append(f"{mode} {run['rps']:.0f}/s p99 {run['p99']:.1f} ms")
                print(f"[{database}] round {number}/{args.rounds} {page}: " + " | ".join(line), flush=True)
        rss = {mode: workers_rss_mib(servers[mode][0]) for mode in MODES}
    return {"database": database, "pages": pages, "runs": runs, "reached": reached, "rss": rss}


# --- report --------------------------------------------------------------------------------------------------------


def median(runs, figure):
    return statistics.median(run[figure] for run in runs)


def rows(result):
    """One row per page and mode: (page, mode, rps, p50, p99, share of the floor, worker CPU per request, SQL,
    RSS, verdict)."""
    for page in PAGES:
        floors = result["runs"][page, "floor"]
        for mode in MODES:
            runs = result["runs"][page, mode]
            share = statistics.median(run["rps"] / floor["rps"] for run, floor in zip(runs, floors, strict=True))
            p99 = median(runs, "p99")
            sql = {"floor": 0, "uncached": result["pages"][page]["sql_uncached"]}.get(mode)
            sql = result["pages"][page]["sql_hit"] if sql is None and mode != "varnish" else sql
            rss = result["rss"][mode]
            verdict = {
                "uncached": share >= TARGET_UNCACHED and p99 <= TARGET_UNCACHED_P99_MS,
                "redis": share >= TARGET_CACHED,
                "varnish": result["reached"] == 0,
            }.get(mode)
            if verdict is not None:
                verdict = verdict and rss <= TARGET_RSS_MIB
            cpu = median(runs, "cpu_ms")
            yield page, mode, median(runs, "rps"), median(runs, "p50"), p99, share, cpu, sql, rss, verdict


LABELS = {
    "floor": "floor (same bytes)",
    "uncached": "uncached",
    "redis": "Django cache, Redis",
    "locmem": "Django cache, local memory*",
    "varnish": "Varnish hit",
}


def print_table(results, args):
    print()
    print(f"Load: wrk -t1 -c{args.connections} -d{args.duration}s --latency; gunicorn {WORKERS} sync workers per "
          f"server; {args.rounds} alternating rounds; medians.")  # fmt: skip
    print(f"Machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end.")
    print()
    print("| database | page | mode | req/s | p50 | p99 | of floor | worker CPU/request | SQL/request | worker RSS "
          "| target |")  # fmt: skip
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    all_met = True
    for result in results:
        for page, mode, rps, p50, p99, share, cpu, sql, rss, verdict in rows(result):
            if mode == "varnish":
                sql = f"0 ({result['reached']} requests reached gunicorn)"
            target = "" if verdict is None else ("met" if verdict else "MISSED")
            all_met &= verdict is not False
            print(f"| {result['database']} | {page} | {LABELS[mode]} | {rps:.0f} | {p50:.2f} ms | {p99:.2f} ms | "
                  f"{share:.2f} | {cpu:.2f} ms | {sql} | {rss:.0f} MiB | {target} |")  # fmt: skip
    print()
    print("* Local memory: each worker has its own cache and generation counter, so a change saved through one "
          "worker is not seen by the pages the other keeps: not usable with several workers.")  # fmt: skip
    print(f"Targets: Django cache (Redis) >= {TARGET_CACHED} of the floor; uncached >= {TARGET_UNCACHED} of the "
          f"floor with p99 <= {TARGET_UNCACHED_P99_MS:g} ms; Varnish: 0 requests reach gunicorn; worker RSS <= "
          f"{TARGET_RSS_MIB:g} MiB.")  # fmt: skip
    print(f"Targets {'all met' if all_met else 'MISSED (see the rows marked MISSED)'}.")
    return all_met


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per run (default 5)")
    parser.add_argument("--connections", type=int, default=WORKERS, help="concurrent connections (default 2)")
    parser.add_argument("--filler-articles", type=int, default=1000, help="other stories in the database")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="a Redis database the script may empty")
    parser.add_argument("--json", type=Path, help="also write every run's figures to this file")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian/Ubuntu: apt-get install -y wrk; macOS: brew install wrk).")

    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results = [bench_database(database, args) for database in databases]
    all_met = print_table(results, args)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        serialisable = [{**r, "runs": {f"{p} {m}": runs for (p, m), runs in r["runs"].items()}} for r in results]
        args.json.write_text(json.dumps(serialisable, indent=2))
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
