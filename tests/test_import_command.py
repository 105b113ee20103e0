import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.importing.article_fields import stored_or_saved
from articles.models import Article, RelatedLink, Source
from tests.file_reads import watch_reads

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "000_6749e8411ca97669.txt"
HEADLINE = "Rusia siap bantu Azerbaijan dan Armenia untuk selesaikan perjanjian damai"


def run_import(*args, expect_failure=False):
    out, err = io.StringIO(), io.StringIO()
    if expect_failure:
        with pytest.raises(CommandError) as excinfo:
            call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        return out.getvalue(), err.getvalue(), str(excinfo.value)
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), ""


def dump(headline, body="Jakarta (ANTARA) - Isi berita pertama.\n\nParagraf kedua.", *, keywords="Riau", related=()):
    lines = [headline, "", f"id {keywords}", "", headline, "", body, ""]
    lines += [f"Baca juga: {title}\n" for title in related]
    lines += ["Sumber: ANTARA", ""]
    return "\n".join(lines)


def test_reference_dump_is_stored_with_every_part_in_its_place():
    out, err, _ = run_import(SAMPLE, "--status", "published")
    assert out.strip().endswith("imported 1, updated 0, unchanged 0, failed 0")
    article = Article.objects.get()
    assert article.headline == HEADLINE
    assert (article.language, article.dateline_place, article.dateline_agency) == ("id", "Istanbul", "ANTARA")
    assert article.source.name == "Anadolu"
    assert article.status == Article.Status.PUBLISHED and article.is_visible
    assert len(article.paragraphs) == 9 and article.paragraphs[0].startswith("Rusia siap membantu")
    assert sorted(article.tags.names()) == sorted(
        ["Berita hari ini", "berita riau terbaru", "berita riau antara", "Rusia"]
    )
    photo = article.photos.get()
    assert (photo.credit, photo.is_archive) == ("ANTARA/REUTERS", True)
    assert photo.caption.startswith("Tentara etnik Armenia") and photo.caption.endswith("November 2020.")
    assert [link.title for link in article.related_links.all()] == [
        "China-Rusia gelar pertemuan tentang kerja sama pembangunan regional di Beijing",
        "Menlu Rusia sebut anggota baru DK PBB harus negara berkembang",
    ]


def test_importing_the_same_file_twice_changes_nothing():
    run_import(SAMPLE)
    before = Article.objects.values().get()
    out, _, _ = run_import(SAMPLE)
    assert "imported 0, updated 0, unchanged 1, failed 0" in out
    assert Article.objects.values().get() == before


def test_cosmetic_differences_are_the_same_story(tmp_path):
    run_import(SAMPLE)
    text = SAMPLE.read_text(encoding="utf-8")
    rewrapped = text.replace("Berita hari ini, berita riau terbaru", "berita riau terbaru, Berita hari ini")
    rewrapped = "\ufeff" + rewrapped.replace("\n", "\r\n").replace("Rusia siap membantu", "Rusia  siap\tmembantu")
    (tmp_path / "resent-via-pekanbaru.txt").write_bytes(rewrapped.encode("utf-8"))
    out, _, _ = run_import(tmp_path)
    assert "unchanged 1" in out
    assert Article.objects.count() == 1


def test_a_newer_version_updates_the_story_in_place_and_keeps_its_url(tmp_path):
    run_import(SAMPLE, "--status", "published")
    article = Article.objects.get()
    url, published_at = article.get_absolute_url(), article.published_at
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "kata juru bicara Kremlin", "kata juru bicara Kremlin Dmitry Peskov"
    )
    (tmp_path / "update.txt").write_text(text, encoding="utf-8")
    out, _, _ = run_import(tmp_path)
    assert "imported 0, updated 1, unchanged 0, failed 0" in out
    article.refresh_from_db()
    assert "Dmitry Peskov" in article.paragraphs[0]
    assert (article.get_absolute_url(), article.published_at) == (url, published_at)
    assert article.photos.count() == 1 and article.related_links.count() == 2


def test_a_bad_file_in_the_middle_leaves_no_trace_and_the_others_are_imported(tmp_path):
    (tmp_path / "a.txt").write_text(dump("Banjir melanda Pekanbaru"), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"Judul\n\n\xff\xfe rusak")
    (tmp_path / "c.txt").write_text(dump("Harga sawit naik"), encoding="utf-8")
    out, err, message = run_import(tmp_path, expect_failure=True)
    assert "imported 2, updated 0, unchanged 0, failed 1" in out
    assert "b.txt" in err and "UTF-8" in err
    assert "1 input(s) failed" in message
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Banjir melanda Pekanbaru",
        "Harga sawit naik",
    ]


def test_a_file_the_database_refuses_is_rolled_back_alone(tmp_path, monkeypatch):
    from django.db import IntegrityError

    from articles.importing import saver

    real_tag = saver.tag_articles

    def refuse_one_article(articles, keyword_lists):
        # Stands in for any refusal only the database can make (a constraint, a lost connection).
        if any("ditolak" in keywords for keywords in keyword_lists):
            raise IntegrityError("tag refused by the database")
        return real_tag(articles, keyword_lists)

    monkeypatch.setattr(saver, "tag_articles", refuse_one_article)
    (tmp_path / "a.txt").write_text(dump("Banjir melanda Pekanbaru"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(dump("Kebakaran hutan", keywords="ditolak"), encoding="utf-8")
    (tmp_path / "c.txt").write_text(dump("Harga sawit naik"), encoding="utf-8")
    out, err, _ = run_import(tmp_path, expect_failure=True)
    assert "imported 2, updated 0, unchanged 0, failed 1" in out
    assert "b.txt: tag refused by the database" in err
    assert not Article.objects.filter(headline="Kebakaran hutan").exists()
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Banjir melanda Pekanbaru",
        "Harga sawit naik",
    ]


@pytest.mark.parametrize("order", ["cited-first", "citing-first"])
def test_related_links_resolve_in_either_order(tmp_path, order):
    citing = dump("Rusia siap bantu", related=["Menlu  rusia sebut anggota baru DK PBB"])
    cited = dump("Menlu Rusia sebut anggota baru DK PBB")
    first, second = (cited, citing) if order == "cited-first" else (citing, cited)
    (tmp_path / "1.txt").write_text(first, encoding="utf-8")
    run_import(tmp_path / "1.txt")
    (tmp_path / "2.txt").write_text(second, encoding="utf-8")
    run_import(tmp_path / "2.txt")
    link = RelatedLink.objects.get()
    assert link.target == Article.objects.get(headline="Menlu Rusia sebut anggota baru DK PBB")


def test_related_links_resolve_within_one_batch(tmp_path):
    (tmp_path / "1.txt").write_text(dump("Rusia siap bantu", related=["Menlu Rusia sebut"]), encoding="utf-8")
    (tmp_path / "2.txt").write_text(dump("Menlu Rusia sebut", related=["Rusia siap bantu"]), encoding="utf-8")
    run_import(tmp_path)
    links = {
        link.article.headline: link.target.headline for link in RelatedLink.objects.select_related("article", "target")
    }
    assert links == {"Rusia siap bantu": "Menlu Rusia sebut", "Menlu Rusia sebut": "Rusia siap bantu"}


def test_dry_run_reports_what_would_happen_and_stores_nothing():
    out, _, _ = run_import(SAMPLE, "--dry-run")
    assert "would have imported 1, updated 0, unchanged 0, failed 0" in out
    assert not Article.objects.exists() and not Source.objects.exists()


def test_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.read_bytes())))
    out, _, _ = run_import("-")
    assert "imported 1" in out
    assert Article.objects.get().headline == HEADLINE


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"Judul\x00\x00biner", "NUL"),
        (b"Judul saja tanpa isi\n", "body"),
        (("J" * 10_000 + "\n\nIsi.").encode(), "limit"),
        (b"Judul\n\nid " + b", ".join(b"k%d" % n for n in range(500)) + b"\n\nJakarta (ANTARA) - Isi.", "keywords"),
    ],
)
def test_bad_input_is_named_and_rejected(tmp_path, content, reason):
    path = tmp_path / "buruk.txt"
    path.write_bytes(content)
    out, err, _ = run_import(path, expect_failure=True)
    assert "failed 1" in out
    assert "buruk.txt" in err and reason.lower() in err.lower()
    assert not Article.objects.exists()


def test_a_dump_is_read_once_and_whole(monkeypatch):
    # Also shows that watch_reads sees the way the importer reads a file.
    reads = watch_reads(monkeypatch, SAMPLE)
    run_import(SAMPLE)
    assert (reads.opened, reads.read) == (1, SAMPLE.stat().st_size)


def test_a_huge_file_is_refused_before_a_byte_of_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "besar.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: 20 MB to stat(), nothing on the disk
    reads = watch_reads(monkeypatch, path)
    out, err, _ = run_import(path, expect_failure=True)
    assert "besar.txt" in err and "failed 1" in out
    assert reads.read == 0


def test_markup_is_stored_as_text(tmp_path, client):
    path = tmp_path / "xss.txt"
    path.write_text(dump("<script>alert(1)</script>", body="Jakarta (ANTARA) - <img src=x onerror=alert(1)>"))
    run_import(path, "--status", "published")
    article = Article.objects.get()
    assert article.headline == "<script>alert(1)</script>"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_operator_mistakes_get_actionable_errors(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_articles", str(tmp_path / "tidak-ada.txt"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Unknown section 'Olahraga'"):
        call_command("import_articles", str(SAMPLE), "--section", "Olahraga", stdout=io.StringIO())
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("import_articles", str(SAMPLE), "--published-at", "kemarin", stdout=io.StringIO())


def test_options_apply_to_new_articles(internasional):
    run_import(SAMPLE, "--status", "published", "--published-at", "2023-11-28T19:05", "--section", "internasional")
    article = Article.objects.get()
    assert article.section == internasional
    assert article.published_at.isoformat() == "2023-11-28T12:05:00+00:00"


def test_a_batch_costs_the_same_queries_whatever_its_size(tmp_path):
    def queries_for(count, folder):
        folder.mkdir()
        for n in range(count):
            (folder / f"{n}.txt").write_text(
                dump(f"Berita nomor {n} dari {folder.name}", keywords=f"umum, {folder.name}-{n}", related=[f"X {n}"])
            )
        with CaptureQueriesContext(connection) as queries:
            run_import(folder, "--batch-size", "100")
        return len(queries)

    queries_for(1, tmp_path / "pemanasan")  # the first run also creates the ANTARA source
    small, large = queries_for(5, tmp_path / "kecil"), queries_for(40, tmp_path / "besar")
    # Eight times the articles, not eight times the queries: at most a few more, where SQLite's limit of
    # 999 parameters a statement splits a bulk insert in two.
    assert small <= large <= small + 3


def test_folder_import_is_recursive_and_only_reads_txt(tmp_path):
    (tmp_path / "2023" / "11").mkdir(parents=True)
    shutil.copy(SAMPLE, tmp_path / "2023" / "11" / "rusia.txt")
    (tmp_path / "2023" / "catatan.md").write_text("bukan berita")
    out, _, _ = run_import(tmp_path)
    assert "imported 1, updated 0, unchanged 0, failed 0" in out


def test_every_imported_article_keeps_a_revision_with_its_photo_links_and_tags(tmp_path):
    from reversion.models import Version

    run_import(SAMPLE)
    article = Article.objects.get()
    (revision_of_import,) = Version.objects.get_for_object(article)
    assert revision_of_import.revision.comment == f"import_articles: {SAMPLE}"
    kept = {version.content_type.model for version in revision_of_import.revision.version_set.all()}
    assert kept == {"article", "photouse", "photo", "relatedlink", "articletag", "tag"}

    text = SAMPLE.read_text(encoding="utf-8").replace("kata juru bicara Kremlin", "kata Dmitry Peskov")
    (tmp_path / "update.txt").write_text(text, encoding="utf-8")
    run_import(tmp_path)
    assert Version.objects.get_for_object(article).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL takes writers side by side")
@pytest.mark.django_db(transaction=True)
def test_two_workers_import_a_desk_archive_with_links_across_their_batches(tmp_path):
    stories = [f"Laporan banjir Riau bagian {n}" for n in range(24)]
    for n, headline in enumerate(stories):
        # Each story cites the next one, which another worker may be storing at the same moment.
        cited = [stories[(n + 1) % len(stories)]]
        (tmp_path / f"{n:02d}.txt").write_text(dump(headline, related=cited, keywords=f"banjir, bagian {n}"))
    # The same story re-sent through a second desk, in another worker's batch.
    (tmp_path / "99-resent.txt").write_text(dump(stories[0], related=[stories[1]], keywords="bagian 0, banjir"))
    out, err, _ = run_import(tmp_path, "--workers", "2", "--batch-size", "5", "-v", "2")
    # The summary counts each story once: the re-sent copy is the story imported in this run.
    assert "imported 24, updated 0, unchanged 0, failed 0" in out, err
    assert f"unchanged: {tmp_path / '99-resent.txt'} -> " in out
    assert Article.objects.count() == 24
    links = RelatedLink.objects.select_related("article", "target")
    assert all(link.target is not None for link in links)
    assert {(link.article.headline, link.target.headline) for link in links} == {
        (headline, stories[(n + 1) % len(stories)]) for n, headline in enumerate(stories)
    }


@pytest.mark.django_db
def test_an_agency_that_another_worker_stored_meanwhile_is_used_not_a_failure():
    # Two workers meeting a new agency in their first batches both try to store it; the second one finds the
    # first one's row (here: already stored when it tries) and goes on with its batch in the same transaction.
    stored = Source.objects.create(name="Kantor Berita Baru", slug="kantor-berita-baru")
    late = Source(name="Kantor Berita Baru", slug="kantor-berita-baru-2")
    assert stored_or_saved(late) == stored
    assert Source.objects.filter(name="Kantor Berita Baru").count() == 1
    assert Article.objects.count() == 0  # the transaction is still usable


def test_sqlite_and_dry_runs_refuse_workers():
    if connection.vendor == "sqlite":
        with pytest.raises(CommandError, match="use --workers 1"):
            call_command("import_articles", str(SAMPLE), "--workers", "2", stdout=io.StringIO())
    with pytest.raises(CommandError, match="use --workers 1"):
        call_command("import_articles", str(SAMPLE), "--workers", "2", "--dry-run", stdout=io.StringIO())


def test_an_archive_migration_may_skip_revisions():
    from reversion.models import Version

    out, _, _ = run_import(SAMPLE, "--no-revisions")
    assert "imported 1" in out
    assert Article.objects.count() == 1 and not Version.objects.exists()
