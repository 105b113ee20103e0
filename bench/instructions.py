"""Instructions per request, article page and floor: the figure that machine noise cannot move.

    .venv/bin/python -m bench.instructions [--requests 60] [--database sqlite|postgresql]

On a shared 2-core machine the wall-clock figures of `bench.article_page` move by a fifth from one minute to the
next, more than most single changes to the page. The number of CPU instructions one request executes does not.
This script builds the same database as `bench.article_page` (the reference story among 1,000 others; for
PostgreSQL the database named by DATABASE_URL, default newsroom_bench, dropped and created again), then runs
Django's WSGI handler in process under valgrind's callgrind, once with a few requests and once with many, and
divides the difference by the number of extra requests: what one request costs, start-up left out. It does the
same for the floor (`/__floor__/`, the same bytes through the same middleware).

Only this process's instructions are counted: PostgreSQL's own work happens in its server process. The article/
floor ratio here is not the share `bench.article_page` measures (that one includes gunicorn, the kernel and wrk on
the same cores); it says whether a change made the page cheaper, which a quiet machine's wall clock then confirms.

valgrind comes from the distribution: `apt-get install -y valgrind`. A run takes about a minute per page.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.article_page import set_up_database

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1:8000"
WARM_UP = 5


def serve_in_process(path, requests):
    """The child: `requests` requests of `path` through Django's WSGI handler, after a warm-up."""
    # The application gunicorn serves, so start-up ends as it does there (objects loaded so far frozen out of
    # garbage collection: a full collection of them would land in one run and not the other).
    from django.test import RequestFactory

    from newsroom.wsgi import application as handler

    factory = RequestFactory(HTTP_HOST=HOST)

    def get():
        status = []
        body = b"".join(handler(factory._base_environ(PATH_INFO=path), lambda s, h: status.append(s)))
        if status != ["200 OK"]:
            sys.exit(f"{path} answered {status}")
        return body

    for _ in range(WARM_UP):
        get()
    for _ in range(requests):
        get()


def instructions(env, path, requests):
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, "-m", "bench.instructions", "--child", path, str(requests),
    ]  # fmt: skip
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode or not found:
        sys.exit(f"callgrind failed for {path} ({requests} requests):\n{run.stderr[-2000:]}")
    return int(found.group(1))


def per_request(env, path, requests):
    few = max(requests // 6, 1)
    return (instructions(env, path, requests) - instructions(env, path, few)) / (requests - few)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=60, help="requests in the longer run (default 60)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "REQUESTS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return serve_in_process(args.child[0], int(args.child[1]))
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed: apt-get install -y valgrind")

    with tempfile.TemporaryDirectory(prefix="newsroom-instructions-") as scratch:
        env, article_path = set_up_database(args.database, Path(scratch), HOST, filler_articles=1000)
        article = per_request(env, article_path, args.requests)
        floor = per_request(env, "/__floor__/", args.requests)

    print(f"\nInstructions per request, in process ({args.database}; callgrind, {args.requests} requests):")
    print(f"  article page  {article / 1e6:6.2f} million")
    print(f"  floor         {floor / 1e6:6.2f} million")
    print(f"  floor/article {floor / article:6.1%}")
    print(json.dumps({"database": args.database, "article": round(article), "floor": round(floor)}))


if __name__ == "__main__":
    main()
