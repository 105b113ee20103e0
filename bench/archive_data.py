"""A generated archive of the shape issue 15 measured: N published articles over ten years, 3–8 tags each from
20,000 with a Zipf spread (the top tag on about 40% of the articles), a photo on 60%, 0–3 "Baca juga" links,
10 sources and 15 sections.

Rows go in with PostgreSQL's COPY, every derived column filled as the project fills it: the headline key, story
key and fingerprint from `articles.text`, a unique slug and uid, and the search columns by the project's own
triggers (articles/migrations/0002). The taggings of a batch are copied before its articles, so the article
trigger reads the tags once instead of the tagging trigger rewriting every new row a second time.

Used by `python -m bench.archive load` and by tests/test_archive_plans.py.
"""

import io
import itertools
import multiprocessing
import random
import time
import uuid
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils.text import slugify
from taggit.models import Tag

from articles.models import Article, Photo, Section, Source
from articles.richtext import paragraphs_to_html
from articles.text import content_fingerprint, normalise_key, story_key

TAG_COUNT = 20_000
TOP_TAG = "Berita hari ini"
SOURCES = ["ANTARA", "Anadolu", "Reuters", "AFP", "Xinhua", "Kyodo", "Yonhap", "Bernama", "AP", "TASS"]
SECTIONS = [
    "Riau", "Nasional", "Internasional", "Ekonomi", "Olahraga", "Hiburan", "Politik", "Hukum", "Kesehatan",
    "Pendidikan", "Teknologi", "Lingkungan", "Pekanbaru", "Dumai", "Opini",
]  # fmt: skip
SOURCE_WEIGHTS = [55, 12, 8, 6, 5, 4, 4, 3, 2, 1]  # ANTARA carries about half of the archive
WORDS = (
    "pemerintah provinsi riau menyelesaikan banjir jalan tol harga sawit petani gubernur bupati kota pekanbaru "
    "dumai kebakaran hutan lahan asap sekolah siswa guru rumah sakit pasien vaksin ekonomi inflasi bank rupiah "
    "ekspor impor minyak gas pelabuhan kapal nelayan pantai sungai siak kampar bengkalis polisi tersangka "
    "pengadilan hakim jaksa korupsi anggaran daerah pembangunan jembatan listrik air bersih warga desa "
    "kecamatan festival budaya melayu pariwisata hotel bandara penerbangan pemilu partai calon suara presiden "
    "menteri kementerian kerja sama investasi pabrik tenaga kerja upah buruh sepak bola liga pertandingan "
    "atlet medali olimpiade cuaca hujan kemarau gempa bantuan sosial beras cabai pasar pedagang harga naik turun"
).split()
PLACES = ["Pekanbaru", "Dumai", "Jakarta", "Siak", "Bengkalis", "Kampar", "Rengat", "Ankara", "Moskow", "Beijing"]
YEARS = 10


def escape(value):
    """One field of COPY's text format."""
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(escape(value) for value in row) + "\n")
    buffer.seek(0)
    quoted = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        # Django's cursor hands copy_expert to psycopg2's own cursor.
        cursor.copy_expert(f"COPY {table} ({quoted}) FROM STDIN", buffer)


class Archive:
    """The vocabulary of one generated archive: its sources, sections and tags, and a seeded random source."""

    def __init__(self, seed=15):
        self.rng = random.Random(seed)
        self.sources = [Source.objects.get_or_create(name=name)[0].pk for name in SOURCES]
        self.sections = [Section.objects.get_or_create(name=name)[0].pk for name in SECTIONS]
        self.tags = self._tags()
        # Zipf with s = 1 over 20,000 tags: the first is drawn ~1/10.5 of the time, on ~40% of the articles.
        self.tag_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(self.tags) + 1)))

    def _tags(self):
        names, rng = [TOP_TAG], random.Random(20_000)
        seen = {TOP_TAG.casefold()}
        while len(names) < TAG_COUNT:
            name = " ".join(rng.sample(WORDS, rng.choice((1, 2, 2, 3)))).capitalize()
            if name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
        existing = set(Tag.objects.values_list("name", flat=True))
        Tag.objects.bulk_create(
            [Tag(name=name, slug=slugify(name)) for name in names if name not in existing], batch_size=5000
        )
        by_name = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
        return [by_name[name] for name in names]

    def sentence(self, low=8, high=20):
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def tags_for(self):
        chosen = set(self.rng.choices(self.tags, cum_weights=self.tag_weights, k=self.rng.randint(3, 8)))
        while len(chosen) < 3:
            chosen.add(self.rng.choice(self.tags))
        return chosen


def _reserve_ids(model, count):
    """`count` fresh ids of `model`'s table, taken from its identity sequence in one statement."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)", [count])
        return [row[0] for row in cursor.fetchall()]


def _article_rows(archive, ids, start, span, total, offset):
    rng = archive.rng
    articles, taggings, photos, links = [], [], [], []
    recent = []  # (id, headline) of earlier articles: "Baca juga" targets
    for position, pk in enumerate(ids, start=offset):
        headline = archive.sentence(5, 11).rstrip(".")
        paragraphs = [archive.paragraph() for _ in range(rng.randint(4, 9))]
        place = rng.choice(PLACES)
        published = start + span * (position / total) + timedelta(seconds=rng.randint(0, 600))
        status = "published" if rng.random() < 0.995 else rng.choice(("draft", "review"))
        articles.append(
            (
                pk, headline, f"{slugify(headline)[:180]}-{pk}", "id", place, "ANTARA", "",
                paragraphs_to_html(paragraphs),
                status, published, published, published, "", "", "", normalise_key(headline)[:255],
                content_fingerprint(headline, paragraphs), story_key(headline, place), None,
                rng.choice(archive.sections), rng.choices(archive.sources, SOURCE_WEIGHTS)[0],
                uuid.UUID(int=rng.getrandbits(128), version=4), 1,
            )
        )  # fmt: skip
        taggings += [(pk, tag) for tag in archive.tags_for()]
        if rng.random() < 0.6:
            photos.append((pk, 0, "", 1024, 683, archive.sentence(), "ANTARA/Reporter", False, ""))
        for order, (target, title) in enumerate(rng.sample(recent, min(len(recent), rng.randint(0, 3)))):
            links.append((pk, order, title, normalise_key(title)[:255], "", target))
        recent = (recent + [(pk, headline)])[-2000:]
    return articles, taggings, photos, links


ARTICLE_COLUMNS = (
    "id", "headline", "slug", "language", "dateline_place", "dateline_agency", "summary", "body", "status",
    "published_at", "created_at", "updated_at", "seo_title", "seo_description", "canonical_url", "headline_key",
    "fingerprint", "story_key",
    "created_by_id", "section_id", "source_id", "uid", "version",
)  # fmt: skip


def _load_batches(count, batch, seed, worker, workers, progress):
    archive = Archive(seed + worker)
    end = datetime.now(UTC) - timedelta(hours=1)
    span = timedelta(days=365 * YEARS)
    for done in range(worker * batch, count, workers * batch):
        size = min(batch, count - done)
        with transaction.atomic():
            ids = _reserve_ids(Article, size)
            archive.rng.seed(f"{seed}-{ids[0]}")  # a second load into the same database writes other stories
            articles, taggings, photos, links = _article_rows(archive, ids, end - span, span, count, done)
            copy_rows("articles_articletag", ("content_object_id", "tag_id"), taggings)
            copy_rows("articles_article", ARTICLE_COLUMNS, articles)
            # Library photos with one use each, as the photo-library migration left the archive's photos.
            photo_ids = _reserve_ids(Photo, len(photos)) if photos else []
            copy_rows(
                "articles_photo",
                ("id", "image", "width", "height", "caption", "credit", "is_archive", "alt_text", "file_hash",
                 "place", "photographer", "keywords", "usage_terms", "text_key", "focal_x", "focal_y"),
                [(pid, *row[2:], "", "", "", "", "", "", 0.5, 0.5) for pid, row in zip(photo_ids, photos, strict=True)],
            )  # fmt: skip
            copy_rows(
                "articles_photouse",
                ("article_id", "photo_id", "order", "story_caption"),
                [(row[0], photo_id, row[1], "") for photo_id, row in zip(photo_ids, photos, strict=True)],
            )
            copy_rows("articles_relatedlink", ("article_id", "order", "title", "title_key", "url", "target_id"), links)
        if worker == 0 and done // (workers * batch) % 10 == 0:
            # Fresh statistics for the planner as the tables grow (autovacuum lags behind a bulk load).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE articles_article, articles_articletag")
        if progress:
            progress(done + size)


def load(count, *, seed=15, batch=10_000, workers=1, progress=None):
    """Add `count` articles (with their tags, photos and links) dated over the last ten years; returns seconds.

    With `workers` > 1 the batches are shared out between processes with a connection each: PostgreSQL's
    stemming of the bodies (the search trigger) is most of the work, and it then runs on every core."""
    began = time.monotonic()
    Archive(seed)  # the sources, sections and tags, once, before the workers look them up
    if workers == 1:
        _load_batches(count, batch, seed, 0, 1, progress)
    else:
        connection.close()  # each process opens its own
        context = multiprocessing.get_context("fork")
        processes = [
            context.Process(target=_load_batches, args=(count, batch, seed, worker, workers, progress))
            for worker in range(workers)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        if any(process.exitcode for process in processes):
            raise RuntimeError("a loading process failed; see its traceback above")
    with connection.cursor() as cursor:
        # Statistics for the planner, and the visibility map that lets index-only walks skip the table: what
        # autovacuum gives an archive that has been running for a while.
        cursor.execute("VACUUM (ANALYZE)")
    return time.monotonic() - began
