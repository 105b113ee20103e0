"""How fast `import_articles` stores agency copy, against a plain bulk insert of the same rows.

    .venv/bin/python -m bench.import_speed --files 10000 --database both
    .venv/bin/python -m bench.import_speed --files 2000 --database postgresql --prefill 100000

For each database it writes N synthetic dumps in the reference format (headline, keyword line,
archive photo caption on every other story, dateline, paragraphs, two "Baca juga" lines, source),
creates an empty database, and runs in fresh processes:

1. `manage.py import_articles DIR --status published` (parse, de-duplicate, link, tag, store);
2. the floor: `Article.objects.bulk_create` of the same article rows (already parsed, no photos,
   tags or links), in batches of the same size.

With `--prefill N` the import also runs into a database already holding N archive articles (with
fingerprints, story keys and search documents, as imported copy has): an import must be as fast into a full
archive as into an empty one, so both rates are printed, one line each ("archive" 0 and N).

It prints articles per second for both, their ratio, and the peak memory (max RSS) of the import
process (with `--workers`, the largest of its processes); running with two sizes
(`--files 1000 10000`) shows whether memory stays flat as N grows. On PostgreSQL the import uses
`--workers 2` (one per core here) unless told otherwise; SQLite takes one writer at a time.
PostgreSQL is reached through DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432);
the benchmark creates and drops its own database there (BENCH_PG_DATABASE, default newsroom_import_bench).
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "newsroom_import_bench")

WORDS = (
    "pemerintah provinsi riau jakarta rusia armenia azerbaijan perjanjian damai sawit harga banjir "
    "pekanbaru menteri presiden dewan rakyat ekonomi pasar saham rupiah polisi hutan kebakaran sekolah "
    "kesehatan rumah sakit jalan tol bandara pelabuhan nelayan petani karet pendidikan pemilu partai"
).split()
PLACES = ["Jakarta", "Pekanbaru", "Istanbul", "Dumai", "Siak", "Kuala Lumpur", "Moskow", "Beijing"]
KEYWORDS = [f"topik {n}" for n in range(200)] + ["Berita hari ini", "berita riau terbaru", "Rusia"]


def headline(n):
    rng = random.Random(n)
    return " ".join(rng.choice(WORDS) for _ in range(8)).capitalize() + f" ({n})"


def synthetic_dump(n, total):
    rng = random.Random(n)
    lines = [headline(n), "", "id " + ", ".join(rng.sample(KEYWORDS, 4)), "", headline(n), ""]
    if n % 2:
        lines += [f"Arsip foto - {' '.join(rng.choice(WORDS) for _ in range(15))}. (ANTARA/REUTERS.)", ""]
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(45)) + "." for _ in range(8)]
    lines += [f"{rng.choice(PLACES)} (ANTARA) - {paragraphs[0]}", ""]
    for paragraph in paragraphs[1:]:
        lines += [paragraph, ""]
    lines += [f"Baca juga: {headline(rng.randrange(total))}", "", f"Baca juga: {headline(total + n)}", ""]
    lines += ["Sumber: Anadolu", ""]
    return "\n".join(lines)


def write_dumps(folder, count):
    for n in range(count):
        # 100 files a folder, like a desk's dated archive, and so no directory grows huge.
        sub = folder / f"{n // 100:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{n:06d}.txt").write_text(synthetic_dump(n, count), encoding="utf-8")


def run(args, env):
    """Run a child; return its wall time, its own peak RSS (KiB) and its output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            sys.exit(f"{' '.join(map(str, args))} failed:\n{out.read()}\n{err.read()}")
        return elapsed, usage.ru_maxrss, out.read()


def fresh_database(kind, workdir):
    if kind == "sqlite":
        path = Path(workdir) / "bench.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    server = os.environ.get("BENCH_PG_SERVER", PG_SERVER)
    for sql in [f"DROP DATABASE IF EXISTS {PG_DATABASE}", f"CREATE DATABASE {PG_DATABASE}"]:
        subprocess.run(["psql", f"{server}/postgres", "-q", "-c", sql], check=True, capture_output=True)
    return f"{server}/{PG_DATABASE}"


# N archive articles in one statement, on PostgreSQL: its triggers stem every body, as they do for imported copy.
PREFILL_SQL = """
INSERT INTO articles_article (
    headline, slug, language, dateline_place, dateline_agency, summary, body, status, published_at,
    created_at, updated_at, seo_title, seo_description, canonical_url, headline_key, fingerprint, story_key, uid,
    version
)
SELECT 'Arsip berita nomor ' || n, 'arsip-' || n, 'id', 'Jakarta', 'ANTARA', '',
       '<p>' || %(body)s || ' ' || n || '</p>', 'published',
       now() - interval '365 days' - n * interval '5 minutes', now(), now(), '', '', '',
       'arsip berita nomor ' || n, md5('arsip-' || n), md5('cerita-' || n), gen_random_uuid(), 1
FROM generate_series(1, %(count)s) AS n
"""


def child_prefill(count):
    """Fill the archive with `count` published articles, older than anything imported, with fingerprints, story
    keys, headline keys and (on PostgreSQL) search documents."""
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article

    body = " ".join(random.Random(0).choice(WORDS) for _ in range(300))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(PREFILL_SQL, {"body": body, "count": count})
        return
    Article.objects.bulk_create(
        (
            Article(
                headline=f"Arsip berita nomor {n}",
                headline_key=f"arsip berita nomor {n}",
                slug=f"arsip-{n}",
                body=f"{body} {n}",
                status="published",
                published_at=timezone.now() - timedelta(days=365, minutes=5 * n),
                fingerprint=f"arsip-{n}",
                story_key=f"cerita-{n}",
            )
            for n in range(1, count + 1)
        ),
        batch_size=2_000,
    )


def child_bulk_insert(folder, batch_size):
    """The floor: the same article rows, parsed beforehand, inserted with bulk_create."""
    import django

    django.setup()
    from articles.importing.dumpfiles import parse_dump_file
    from articles.models import Article
    from articles.text import normalise_key

    rows = []
    for path in sorted(Path(folder).rglob("*.txt")):
        parsed = parse_dump_file(path)
        rows.append(
            Article(
                headline=parsed.headline,
                headline_key=normalise_key(parsed.headline),
                slug=f"a{len(rows)}",
                language="id",
                dateline_place=parsed.dateline_place,
                dateline_agency=parsed.dateline_agency,
                body=parsed.body,
                status="draft",
                fingerprint=parsed.fingerprint,
                story_key=parsed.story_key,
            )
        )
    started = time.perf_counter()
    Article.objects.bulk_create(rows, batch_size=batch_size)
    print(f"{time.perf_counter() - started:.6f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, nargs="+", default=[10_000], help="sizes to run, smallest first")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--batch-size", type=int, default=500, help="as import_articles' default")
    parser.add_argument(
        "--workers", type=int, default=2, help="import processes on PostgreSQL (SQLite always takes one; default 2)"
    )
    parser.add_argument("--no-revisions", action="store_true", help="import with --no-revisions (an archive migration)")
    parser.add_argument(
        "--prefill", type=int, default=0, metavar="N", help="also import into a database holding N archive articles"
    )
    parser.add_argument("--child-bulk-insert", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument("--child-prefill", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_bulk_insert:
        return child_bulk_insert(args.child_bulk_insert, args.batch_size)
    if args.child_prefill:
        return child_prefill(args.child_prefill)

    python = sys.executable
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    print("revisions:", "off (--no-revisions)" if args.no_revisions else "on (one per article, as by default)")
    print(
        f"{'database':<11} {'archive':>8} {'workers':>7} {'files':>6} {'import/s':>9} {'bulk/s':>9} {'ratio':>6} "
        f"{'peak RSS':>9}"
    )
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as workdir:
        for count in sorted(args.files):
            folder = Path(workdir) / f"dumps-{count}"
            folder.mkdir()
            write_dumps(folder, count)
            for kind in kinds:
                env = {
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
                    "DEBUG": "0",
                    "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdef-never-for-a-real-site",
                }
                workers = args.workers if kind == "postgresql" else 1
                floor = bulk_insert_seconds(python, folder, kind, workdir, env, args.batch_size)
                for archive in sorted({0, args.prefill}):
                    seconds, peak_kib = import_seconds(python, folder, kind, workdir, env, args, workers, archive)
                    print(
                        f"{kind:<11} {archive:>8} {workers:>7} {count:>6} {count / seconds:>9.0f} "
                        f"{count / floor:>9.0f} {floor / seconds:>6.1%} {peak_kib / 1024:>7.0f}MB",
                        flush=True,
                    )


def import_seconds(python, folder, kind, workdir, env, args, workers, archive):
    """Wall time and peak RSS of `import_articles` into a fresh database holding `archive` articles."""
    env = {**env, "DATABASE_URL": fresh_database(kind, workdir)}
    run([python, "manage.py", "migrate", "-v0"], env)
    if archive:
        run([python, "-m", "bench.import_speed", "--child-prefill", str(archive)], env)
        if kind == "postgresql":
            # What autovacuum would have done by then: statistics for the planner, GIN's pending list merged.
            subprocess.run(["psql", env["DATABASE_URL"], "-q", "-c", "VACUUM ANALYZE"], check=True, capture_output=True)
    options = ["--status", "published", "--batch-size", str(args.batch_size), "--workers", str(workers)]
    if args.no_revisions:
        options.append("--no-revisions")
    seconds, peak_kib, _ = run([python, "manage.py", "import_articles", str(folder), *options, "-v0"], env)
    return seconds, peak_kib


def bulk_insert_seconds(python, folder, kind, workdir, env, batch_size):
    """The floor: bulk_create of the same article rows into a fresh, empty database."""
    env = {**env, "DATABASE_URL": fresh_database(kind, workdir)}
    run([python, "manage.py", "migrate", "-v0"], env)
    args = ["-m", "bench.import_speed", "--child-bulk-insert", str(folder), "--batch-size", str(batch_size)]
    _, _, out = run([python, *args], env)
    return float(out.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
