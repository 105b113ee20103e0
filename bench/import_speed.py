"""How fast `import_articles` stores agency copy, against a plain bulk insert of the same rows.

    .venv/bin/python -m bench.import_speed --files 10000 --database both

For each database it writes N synthetic dumps in the reference format (headline, keyword line,
archive photo caption on every other story, dateline, paragraphs, two "Baca juga" lines, source),
creates an empty database, and runs in fresh processes:

1. `manage.py import_articles DIR --status published` (parse, de-duplicate, link, tag, store);
2. the floor: `Article.objects.bulk_create` of the same article rows (already parsed, no photos,
   tags or links), in batches of the same size.

It prints articles per second for both, their ratio, and the peak memory (max RSS) of the import
process (with `--workers`, the largest of its processes); running with two sizes
(`--files 1000 10000`) shows whether memory stays flat as N grows. On PostgreSQL the import uses
`--workers 2` (one per core here) unless told otherwise; SQLite takes one writer at a time.
PostgreSQL is reached through DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432);
the benchmark creates and drops its own database there.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "newsroom_import_bench"

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


def child_bulk_insert(folder, batch_size):
    """The floor: the same article rows, parsed beforehand, inserted with bulk_create."""
    import django

    django.setup()
    from articles.importing.parsing import parse_dump_file
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
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--workers", type=int, default=2, help="import processes on PostgreSQL (SQLite always takes one; default 2)"
    )
    parser.add_argument("--no-revisions", action="store_true", help="import with --no-revisions (an archive migration)")
    parser.add_argument("--child-bulk-insert", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_bulk_insert:
        return child_bulk_insert(args.child_bulk_insert, args.batch_size)

    python = sys.executable
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    print("revisions:", "off (--no-revisions)" if args.no_revisions else "on (one per article, as by default)")
    print(f"{'database':<11} {'workers':>7} {'files':>6} {'import/s':>9} {'bulk/s':>9} {'ratio':>6} {'peak RSS':>9}")
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
                env["DATABASE_URL"] = fresh_database(kind, workdir)
                run([python, "manage.py", "migrate", "-v0"], env)
                workers = args.workers if kind == "postgresql" else 1
                seconds, peak_kib, _ = run(
                    [
                        python,
                        "manage.py",
                        "import_articles",
                        str(folder),
                        "--status",
                        "published",
                        "--batch-size",
                        str(args.batch_size),
                        "--workers",
                        str(workers),
                        *(["--no-revisions"] if args.no_revisions else []),
                        "-v0",
                    ],
                    env,
                )
                env["DATABASE_URL"] = fresh_database(kind, workdir)
                run([python, "manage.py", "migrate", "-v0"], env)
                _, _, out = run(
                    [
                        python,
                        "-m",
                        "bench.import_speed",
                        "--child-bulk-insert",
                        str(folder),
                        "--batch-size",
                        str(args.batch_size),
                    ],
                    env,
                )
                floor = float(out.strip().splitlines()[-1])
                print(
                    f"{kind:<11} {workers:>7} {count:>6} {count / seconds:>9.0f} {count / floor:>9.0f} "
                    f"{floor / seconds:>6.1%} {peak_kib / 1024:>7.0f}MB",
                    flush=True,
                )


if __name__ == "__main__":
    main()
