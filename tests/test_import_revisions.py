"""The revision an import keeps of each new story: written in bulk, and the same as django-reversion's own."""

import shutil

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles import workflow
from articles.models import Article
from articles.revisions import record_revision
from tests.test_import_command import SAMPLE, run_import
from tests.test_search import stored_document

pytestmark = pytest.mark.django_db

BYLINED = """Banjir rendam tiga desa di Kampar

id Banjir, Riau, Kampar

Arsip foto - Warga mengungsi dari banjir di Kampar. (ANTARA/Rony Muharrman)

Kampar (ANTARA) - Banjir merendam tiga desa di Kabupaten Kampar sejak Senin.

Ratusan warga mengungsi ke balai desa.

Baca juga: Rusia siap bantu Azerbaijan dan Armenia untuk selesaikan perjanjian damai

Baca juga: Judul berita yang belum ada

Pewarta: Andi Firmansyah dan Budi Santoso
Editor: Citra Lestari
"""


@pytest.fixture
def imported_folder(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "001.txt")
    (tmp_path / "002.txt").write_text(BYLINED, encoding="utf-8")
    run_import(tmp_path, "--status", "published")
    return tmp_path


def kept_rows(revision):
    return {(v.content_type_id, v.object_id): v.serialized_data for v in revision.version_set.all()}


def test_an_imported_story_is_kept_as_django_reversion_keeps_it(imported_folder):
    article = Article.objects.get(headline="Banjir rendam tiga desa di Kampar")
    assert article.credits.count() == 3 and article.photos.count() == 1 and article.related_links.count() == 2
    (import_version,) = Version.objects.get_for_object(article)
    imported = kept_rows(import_version.revision)

    # What django-reversion itself keeps of the same story, following the same relations from the database.
    with reversion.create_revision():
        reversion.add_to_revision(Article.objects.get(pk=article.pk))
    by_reversion = Version.objects.get_for_object(article).first().revision
    own = kept_rows(by_reversion)

    assert own, "django-reversion kept nothing"
    # The import's revision holds both stories of the batch; this story's rows are exactly reversion's.
    assert {key: imported[key] for key in own} == own
    models = {ContentType.objects.get_for_id(type_id).model for type_id, _ in own}
    assert models == {"article", "photouse", "photo", "relatedlink", "credit", "articletag", "tag"}


def test_an_editor_brings_back_the_imported_text_photo_links_and_tags(imported_folder, desk_user):
    editor = desk_user("Editor")
    article = Article.objects.get(headline="Banjir rendam tiga desa di Kampar")
    (import_version,) = Version.objects.get_for_object(article)

    with record_revision(user=editor, comment="Disunting"):
        article.headline = "Banjir surut di Kampar"
        article.save()
        article.tags.set(["Cuaca"])
        article.related_links.all().delete()
        article.photos.all().delete()

    workflow.restore(article, import_version, by=editor)

    article.refresh_from_db()
    assert article.headline == "Banjir rendam tiga desa di Kampar"
    assert sorted(article.tags.names()) == ["Banjir", "Kampar", "Riau"]
    assert [link.title for link in article.related_links.order_by("order")] == [
        "Rusia siap bantu Azerbaijan dan Armenia untuk selesaikan perjanjian damai",
        "Judul berita yang belum ada",
    ]
    (use,) = article.photos.all()
    assert use.photo.caption == "Warga mengungsi dari banjir di Kampar."
    # The link to the story stored in the same batch was resolved, and the revision kept it resolved.
    assert article.related_links.get(order=0).target == Article.objects.get(headline__startswith="Rusia siap")


def test_the_history_names_the_batch_in_the_readers_language(imported_folder):
    from django.utils import translation

    from articles.revision_comments import shown_comment

    article = Article.objects.get(headline="Banjir rendam tiga desa di Kampar")
    (import_version,) = Version.objects.get_for_object(article)
    first = imported_folder / "001.txt"
    assert shown_comment(import_version.revision) == f"import_articles: {first} dan 1 lainnya"
    with translation.override("en"):
        assert shown_comment(import_version.revision) == f"import_articles: {first} and 1 more"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search document is PostgreSQL's")
def test_an_imported_story_is_written_once_with_its_tags_in_its_search_document(tmp_path):
    (tmp_path / "banjir.txt").write_text(BYLINED, encoding="utf-8")
    with CaptureQueriesContext(connection) as queries:
        run_import(tmp_path, "--status", "published")
    # Its tags are stored before it, so the row the import writes is the final one; stored after it, each tag
    # statement made the database write every new story's row (and all its index entries) a second time.
    inserts = [query["sql"].split('"')[1] for query in queries if query["sql"].startswith("INSERT INTO")]
    assert inserts.index("articles_articletag") < inserts.index("articles_article")
    article = Article.objects.get(headline="Banjir rendam tiga desa di Kampar")
    document = stored_document(article)
    assert "'kampar':" in document and document.split("'kampar':")[1].split(" ")[0].endswith("C")
    # And the whole document is the one an edit of the text would build afresh.
    Article.objects.filter(pk=article.pk).update(headline=article.headline)
    assert stored_document(article) == document


@pytest.mark.skipif(connection.vendor != "postgresql", reason="column compression is PostgreSQL's")
def test_long_bodies_and_revisions_are_compressed_with_lz4(tmp_path):
    paragraphs = "\n\n".join(f"Paragraf {n} tentang banjir di Kampar dan warga yang mengungsi." for n in range(80))
    (tmp_path / "panjang.txt").write_text(
        f"Banjir panjang di Kampar\n\nid Banjir\n\nBanjir panjang di Kampar\n\nKampar (ANTARA) - {paragraphs}\n",
        encoding="utf-8",
    )
    run_import(tmp_path, "--status", "published")
    article = Article.objects.get(headline="Banjir panjang di Kampar")
    (version,) = Version.objects.get_for_object(article)
    compression = "SELECT pg_column_compression({column}) FROM {table} WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.execute(compression.format(column="body", table="articles_article"), [article.pk])
        assert cursor.fetchone()[0] == "lz4"
        cursor.execute(compression.format(column="serialized_data", table="reversion_version"), [version.pk])
        assert cursor.fetchone()[0] == "lz4"
