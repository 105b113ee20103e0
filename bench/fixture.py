"""Set up one benchmark database: migrate, collect static files, create the reference article, render its pages.

    python -m bench.fixture FLOOR_DIR HOST

Run by `bench.serving` in a subprocess (so each database gets a clean Django process) with
DJANGO_SETTINGS_MODULE=bench.settings and DATABASE_URL, MEDIA_ROOT and STATIC_ROOT set. Writes the article page,
the home page and a tag page, as served to HOST (the pages hold absolute URLs), into FLOOR_DIR for the floor views
(bench/urls.py), and prints one JSON line: each page's path, size, and SQL queries per request, uncached and as a
hit of the page cache, counted here in process.
"""

import io
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import django

# The reference story (samples/000_6749e8411ca97669.txt) as an editor would have it after import.
HEADLINE = "Rusia siap bantu Azerbaijan dan Armenia untuk selesaikan perjanjian damai"
PARAGRAPHS = [
    "Rusia siap membantu Azerbaijan dan Armenia dalam menyelesaikan pekerjaan mereka terkait perjanjian damai, "
    "kata juru bicara Kremlin pada Selasa malam.",
    '"Faktanya, kedua belah pihak dalam beberapa kesempatan baru-baru ini menyatakan kesiapan mereka untuk '
    "menyelesaikan upaya tersebut, untuk menyelesaikan pekerjaan yang terkait dengan perjanjian damai. Rusia siap "
    'membantu mereka," kata Dmitry Peskov kepada saluran televisi Izvestia.',
    "Sembari menyatakan bahwa Rusia tidak memaksa siapa pun untuk menerima layanan mediasi mereka, Peskov "
    "mengatakan bahwa Rusia sepenuhnya menyadari pentingnya menyelesaikan upaya terkait perjanjian damai.",
    '"Sangat penting bagi kami bahwa kedua mitra dan sekutu kami - tidak hanya dalam kerangka Persemakmuran '
    "Negara-negara Merdeka - tetapi juga di dalam kerangka hubungan bilateral tingkat tinggi kami - untuk "
    'menandatangani perjanjian ini sesegera mungkin," katanya.',
    "Peskov menambahkan bahwa penandatanganan perjanjian damai itu akan menciptakan suasana damai, stabilitas, "
    'dan prediktabilitas" di Kaukasus, yang sangat penting bagi Rusia.',
    "Hubungan antara kedua bekas Republik Soviet itu tegang sejak 1991, ketika militer Armenia menduduki "
    "Nagorno-Karabakh, sebuah wilayah yang secara internasional diakui sebagai bagian dari Azerbaijan, dan tujuh "
    "wilayah yang berdekatan.",
    "Sebagian besar wilayah tersebut dibebaskan oleh Azerbaijan selama perang yang terjadi pada musim gugur 2020, "
    "yang berakhir setelah perjanjian damai yang ditengahi Rusia dan juga membuka pintu menuju normalisasi.",
    "Pada September ini, tentara Azerbaijan memulai operasi antiterorisme di Karabakh untuk menegakkan ketertiban "
    "konstitusional di wilayah itu, yang kemudian menyebabkan pasukan separatis ilegal menyerah.",
    "Sebelumnya pada bulan ini, kedua negara bertukar tahanan perang di perbatasan mereka, menyusul pernyataan "
    "bersama yang dinilai penting.",
]
CAPTION = (
    "Tentara etnik Armenia mengamati kendaraan militer pasukan penjaga perdamaian Rusia melintas di Lachin di "
    "wilayah Nagorno-Karabakh, November 2020."
)
TAGS = ["Berita hari ini", "berita riau terbaru", "berita riau antara", "Rusia"]
RELATED = [
    "China-Rusia gelar pertemuan tentang kerja sama pembangunan regional di Beijing",
    "Menlu Rusia sebut anggota baru DK PBB harus negara berkembang",
]
# The tag page's tag: the reference story and a page's worth of others carry it, so its list is full.
LIST_TAG = "berita riau terbaru"
LIST_TAG_ARTICLES = 25
SECTIONS = ["Nasional", "Internasional", "Riau", "Ekonomi", "Olahraga", "Hiburan"]


def jpeg(size=(1024, 683)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 110, 70)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def create_reference_article(filler_articles):
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Photo, PhotoUse, RelatedLink, Section, Source, authors_named, credits_for

    now = timezone.now()
    with transaction.atomic():
        sections = [Section.objects.create(name=name) for name in SECTIONS]
        internasional = sections[1]
        anadolu = Source.objects.create(name="Anadolu", website="https://www.aa.com.tr/")
        Source.objects.create(name="ANTARA")
        # Other stories on the site, so lookups run against a table of realistic size, not a single row.
        Article.objects.bulk_create(
            Article(
                headline=f"Berita arsip nomor {n}",
                headline_key=f"berita arsip nomor {n}",
                slug=f"berita-arsip-nomor-{n}",
                body="<p>Paragraf pertama.</p><p>Paragraf kedua.</p>",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=n + 2),
                section=sections[n % len(sections)],
            )
            for n in range(filler_articles)
        )
        for filler in Article.objects.order_by("published_at")[:LIST_TAG_ARTICLES]:
            filler.tags.add(LIST_TAG)
        # The two "Baca juga" stories exist, so both links resolve to articles.
        for hours, title in enumerate(RELATED, start=2):
            Article.objects.create(
                headline=title,
                body="<p>Paragraf pertama.</p><p>Paragraf kedua.</p>",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=hours),
                section=internasional,
                source=anadolu,
            )
        article = Article.objects.create(
            headline=HEADLINE,
            body="\n\n".join(PARAGRAPHS),
            dateline_place="Istanbul",
            dateline_agency="ANTARA",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=1),
            section=internasional,
            source=anadolu,
        )
        article.tags.add(*TAGS)
        byline = [("reporter", "Yuni Arisandy Sinaga"), ("editor", "Atman Ahdiat")]
        for credit in credits_for(article, byline, authors_named(name for _, name in byline)):
            credit.save()
        # Assigning the file (as the admin's upload does) stores width and height. `photo.image.save(name,
        # ContentFile(...))` would leave them NULL, and Django would then open the JPEG on every page load to
        # fill them in again.
        photo = Photo.objects.create(
            image=ContentFile(jpeg(), name="lachin.jpg"),
            caption=CAPTION,
            credit="ANTARA/REUTERS",
            is_archive=True,
            alt_text="Tentara dan kendaraan militer di jalan pegunungan",
        )
        if not (photo.width and photo.height):
            raise RuntimeError("The reference photo was stored without its dimensions.")
        PhotoUse.objects.create(article=article, photo=photo, order=0)
        for order, title in enumerate(RELATED, start=1):
            RelatedLink.objects.create(article=article, order=order, title=title)
    return article


def analyze():
    """Planner statistics for the new rows, as a site's tables have them: PostgreSQL's autovacuum gathers them soon
    after a table fills (where autovacuum is on), SQLite only when asked. Without them the planner takes every table
    for a row or two, and the tag page's list took 4.8 ms of PostgreSQL's time instead of 0.4."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def queries_per_request(client, path, page_cache):
    """SQL queries of one request for `path`: rendered (page cache off), or a hit (page cache on, second request)."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    with override_settings(NEWSROOM_PAGE_CACHE=page_cache):
        if page_cache:
            client.get(path)  # stores the page
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    if response.status_code != 200 or getattr(response.wsgi_request, "page_cache_hit", False) != page_cache:
        sys.exit(f"{path}: answered {response.status_code}, page cache hit expected: {page_cache}")
    return len(queries), response.content


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from taggit.models import Tag

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("compile_translations", verbosity=0)
    article = create_reference_article(int(os.environ.get("BENCH_FILLER_ARTICLES", "1000")))
    analyze()

    pages = {
        "article": article.get_absolute_url(),
        "home": reverse("articles:home"),
        "tag": reverse("articles:tag", kwargs={"slug": Tag.objects.get(name=LIST_TAG).slug}),
    }
    floor_dir = Path(sys.argv[1])
    floor_dir.mkdir(parents=True, exist_ok=True)
    client = Client(HTTP_HOST=sys.argv[2])
    report = {}
    for name, path in pages.items():
        uncached, body = queries_per_request(client, path, page_cache=False)
        hit, cached_body = queries_per_request(client, path, page_cache=True)
        if cached_body != body:
            sys.exit(f"{path}: the cached page differs from the rendered one")
        (floor_dir / f"{name}.html").write_bytes(body)
        report[name] = {"path": path, "bytes": len(body), "sql_uncached": uncached, "sql_hit": hit}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
