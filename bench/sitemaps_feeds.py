"""Time the sitemaps and feeds over a large archive (default 200,000 published articles).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/sitemaps_feeds.py [N]
The database is migrated and filled once (bulk_create); later runs reuse it. Prints the best of three
timings per URL, the response size and the number of SQL queries.
"""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Section  # noqa: E402

URLS = [
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-articles.xml?p=40",
    "/sitemap-sections.xml",
    "/sitemap-news.xml",
    "/feed/",
    "/feed/atom/",
]


def fill(n):
    section = Section.objects.create(name="Riau")
    now = timezone.now()
    batch = []
    for i in range(n):
        batch.append(
            Article(
                headline=f"Berita {i}",
                slug=f"berita-{i}",
                headline_key=f"berita {i}",
                body="Isi.",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i),
                section=section,
            )
        )
        if len(batch) == 10_000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    call_command("migrate", verbosity=0)
    if not Article.objects.exists():
        fill(n)
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    sys.stdout.write(f"{Article.objects.count()} articles on {connection.vendor}\n")
    for url in URLS:
        client.get(url)
        best = float("inf")
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                best = min(best, time.perf_counter() - start)
        sys.stdout.write(
            f"{url:30} {response.status_code} {len(response.content):>8} bytes {best * 1000:7.1f} ms "
            f"{len(queries)} queries\n"
        )


if __name__ == "__main__":
    main()
