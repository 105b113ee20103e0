"""A site backed up and restored into an empty database loses nothing: articles, photo files, corrections,
old addresses, revisions, the audit trail and the desk's accounts."""

import io
import shutil
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from articles import workflow
from articles.models import Article, AuditEntry, Correction, Photo, PhotoUse, SlugRedirect
from articles.revisions import record_revision
from tests.browser.editors import ensure_roles
from tests.photo_files import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(make_article, desk_user, reference_article):
    """A morning's work: a story published, its photo uploaded, corrected, renamed; a reporter's draft."""
    ensure_roles()  # an earlier test in a transaction (like the restore's) ends with a flush that takes them
    editor = desk_user("Editor", "redaktur")
    reporter = desk_user("Reporter", "wartawan")
    photo = reference_article.photos.first().photo  # the library photo the story uses
    with record_revision(user=editor, comment="Foto diunggah"):
        photo.image.save("tentara.jpg", ContentFile(image_bytes("JPEG")), save=False)
        photo.alt_text = "Tentara berjaga di perbatasan"
        photo.save()
    workflow.add_correction(reference_article, by=editor, text="Nama juru bicara sebelumnya salah tulis.")
    with record_revision(user=editor, comment="Alamat diganti"):
        reference_article.slug = "rusia-siap-bantu-perdamaian"
        reference_article.save()
    with record_revision(user=reporter, comment="Draf"):
        make_article("Banjir di Pekanbaru", status=Article.Status.DRAFT, created_by=reporter)
    return reference_article


def snapshot():
    return {
        "articles": sorted(Article.objects.values_list("uid", "slug", "headline", "body", "status", "version")),
        "photos": sorted((p.image.name, p.alt_text) for p in Photo.objects.all()),
        "photo uses": sorted(PhotoUse.objects.values_list("article__uid", "photo__image", "order", "story_caption")),
        "corrections": sorted(Correction.objects.values_list("article__uid", "text", "author__username")),
        "redirects": sorted(SlugRedirect.objects.values_list("old_slug", "article__uid")),
        "revisions": sorted(Revision.objects.values_list("comment", "user__username")),
        "versions": Version.objects.count(),
        "audit": sorted(AuditEntry.objects.values_list("action", "headline", "user__username", "detail")),
        "users": sorted(get_user_model().objects.values_list("username", "password", "is_staff")),
        "groups": sorted(Group.objects.values_list("name", "user__username")),
    }


def empty_the_site(media_root):
    """What a new server has after `migrate`: no rows of the site's, no media files."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root, ignore_errors=True)


# In a transaction of its own: emptying the database (flush) cannot run inside the test's transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_empty_database_brings_back_everything(site, tmp_path, media_root, client):
    before = snapshot()
    photo_name = site.photos.first().image.name
    photo_bytes = default_storage.open(photo_name).read()
    backup = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(backup), stdout=out)
    assert "(2 articles), media files" in out.getvalue()
    with tarfile.open(backup) as archive:
        assert {"manifest.json", "database.json"} <= set(archive.getnames())

    empty_the_site(media_root)
    assert not Article.objects.exists() and not default_storage.exists(photo_name)

    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)
    assert "(2 articles)" in out.getvalue()
    assert snapshot() == before
    article = Article.objects.get(uid=site.uid)
    assert article.photos.first().image.name == photo_name
    assert default_storage.open(photo_name).read() == photo_bytes
    # Readers get the story, its correction and its photo at the new address, and a 301 at the old one.
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Nama juru bicara sebelumnya salah tulis." in page
    old = client.get("/" + article.get_absolute_url().strip("/").replace(article.slug, before["redirects"][0][0]) + "/")
    assert old.status_code == 301 and old["Location"].endswith(article.get_absolute_url())
    # The desk logs in as before and finds the history whole.
    editor = get_user_model().objects.get(username="redaktur")
    assert editor.check_password("rahasia") and editor.groups.filter(name="Editor").exists()
    client.force_login(editor)
    history = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert history.status_code == 200 and "Alamat diganti" in history.content.decode()


def test_a_restore_refuses_a_database_that_is_not_empty(site, tmp_path):
    backup = tmp_path / "backup.tar.gz"
    call_command("backup", str(backup), "--no-media", stdout=io.StringIO())
    with pytest.raises(CommandError, match="restore into an empty, migrated database. Nothing was restored."):
        call_command("restore", str(backup), stdout=io.StringIO())


def test_a_file_that_is_no_backup_is_named_as_such(tmp_path):
    not_a_backup = tmp_path / "export.tar.gz"
    with tarfile.open(not_a_backup, "w:gz"):
        pass
    with pytest.raises(CommandError, match="not a backup made by `manage.py backup`"):
        call_command("restore", str(not_a_backup))
