"""The revision an import keeps of each new story: written in bulk, and the same as django-reversion's own."""

import shutil

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from articles import workflow
from articles.models import Article
from articles.revisions import record_revision
from tests.test_import_command import SAMPLE, run_import

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
