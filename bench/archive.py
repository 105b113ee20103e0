"""The million-article archive benchmark (issue 15).

    DATABASE_URL=postgres://... python -m bench.archive load --articles 1000000
    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m bench.archive measure [--requests 50]
    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m bench.archive compare --before ../before

`load` migrates the database and adds N generated articles of the archive's shape (bench/archive_data.py),
printing `loaded N articles in S s`. `measure` serves the site with gunicorn (bench.settings: production settings,
no page cache, 2 workers; the site's cache is Redis where REDIS_URL names one, as in production) and prints, for
each reader and admin page, p50/p95/max over sequential requests after a warm-up, the number of SQL statements the
page runs and its slowest one (counted in this process), then one line:
`archive: N articles, worst reader p95 X ms (URL), worst admin p95 Y ms (URL)`. `compare` times chosen pages of
this checkout and another one side by side, in turns (bench/archive_compare.py).
"""

import argparse
import os
import sys
import tempfile

import django


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database: the archive is measured where it is meant to live.")
    django.setup()


def load(count, batch, workers):
    from django.core.management import call_command

    from bench.archive_data import load as load_archive

    call_command("migrate", verbosity=0)

    def progress(done):
        print(f"  batch up to article {done} stored", file=sys.stderr, flush=True)

    seconds = load_archive(count, batch=batch, workers=workers, progress=progress)
    print(f"loaded {count} articles in {seconds:.0f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.archive", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    loading = commands.add_parser("load", help="add N generated articles")
    loading.add_argument("--articles", type=int, required=True)
    loading.add_argument("--batch", type=int, default=10_000)
    loading.add_argument("--workers", type=int, default=2, help="loading processes (default: 2, one per core)")
    measuring = commands.add_parser("measure", help="time every page of the archive")
    measuring.add_argument("--requests", type=int, default=50)
    measuring.add_argument("--port", type=int, default=8765)
    comparing = commands.add_parser("compare", help="time pages of this checkout and another, in turns")
    comparing.add_argument("--before", required=True, help="the other checkout's folder")
    comparing.add_argument("--pages", nargs="+", default=["article", "home"], help="page names, as measure prints")
    comparing.add_argument("--turns", type=int, default=8)
    comparing.add_argument("--requests", type=int, default=50)
    comparing.add_argument("--port", type=int, default=8771, help="the other checkout's; this one's is the next")
    args = parser.parse_args(argv)
    if args.command == "load":
        setup()
        load(args.articles, args.batch, args.workers)
        return
    if args.command == "compare":
        setup()
        from bench.archive_compare import compare

        compare(args.before, names=args.pages, turns=args.turns, requests=args.requests, port=args.port)
        return
    with tempfile.TemporaryDirectory(prefix="newsroom-archive-") as scratch:
        # The pages this process renders to count their SQL name the same collected static files as gunicorn's.
        os.environ["STATIC_ROOT"] = scratch
        setup()
        from bench.archive_measure import measure

        measure(requests=args.requests, port=args.port, static_root=scratch)


if __name__ == "__main__":
    main()
