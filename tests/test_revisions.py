"""Every save keeps a revision; editors read what changed and restore an earlier one from the admin."""

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from articles import workflow
from articles.models import Article
from articles.revisions import record_revision, versions_of
from tests.admin_forms import open_and_post
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, desk_user):
    client.user = desk_user("Editor", "redaktur")
    client.force_login(client.user)
    return client


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_each_admin_save_keeps_a_revision_with_author_photos_and_tags(editor_client, make_article):
    article = make_article("Kabut asap di Dumai", body="Versi satu.", tags=["Riau"])
    place_photo(article, caption="Kabut di pelabuhan", credit="ANTARA")
    open_and_post(editor_client, change_url(article), body="Versi dua.", tags="Riau, Asap")
    versions = list(versions_of(article))
    assert len(versions) == 1
    revision = versions[0].revision
    assert revision.user == editor_client.user
    kept = {version.content_type.model for version in revision.version_set.all()}
    assert {"article", "photo", "articletag", "tag"} <= kept


def test_record_revision_wraps_saves_outside_the_admin(make_article):
    article = make_article("Impor", body="Dari berkas.")
    with record_revision(comment="Diimpor dari anadolu.txt"):
        article.body = "Dari berkas, versi baru."
        article.save()
    version = versions_of(article).get()
    assert version.revision.comment == "Diimpor dari anadolu.txt"
    assert version.field_dict["body"] == "<p>Dari berkas, versi baru.</p>"


def test_workflow_steps_are_kept_as_revisions(make_article, desk_user):
    editor = desk_user("Editor", "redaktur")
    article = make_article("Draf", status=Article.Status.REVIEW)
    workflow.publish(article, by=editor)
    version = versions_of(article).get()
    assert (version.revision.user, version.field_dict["status"]) == (editor, "published")


def test_the_history_shows_a_readable_escaped_diff(editor_client, make_article):
    article = make_article("Gempa di Padang", body="Paragraf satu.\n\nParagraf dua.")
    open_and_post(editor_client, change_url(article), body="Paragraf satu.\n\nParagraf dua.")
    open_and_post(
        editor_client,
        change_url(article),
        headline="Gempa magnitudo 5 di Padang",
        body="Paragraf satu.\n\n<script>alert(1)</script> Paragraf dua diperbaiki.",
    )
    newest = versions_of(article).order_by("-pk").first()
    history = editor_client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    diff_url = f"/admin/articles/article/{article.pk}/history/{newest.pk}/diff/"
    assert diff_url in history
    page = editor_client.get(diff_url).content.decode()
    assert "Gempa di Padang" in page and "Gempa magnitudo 5 di Padang" in page
    assert '<li class="removed">Paragraf dua.</li>' in page
    assert '<li class="added">&lt;script&gt;alert(1)&lt;/script&gt; Paragraf dua diperbaiki.</li>' in page
    assert "<script>alert(1)" not in page
    assert '<li class="same">Paragraf satu.</li>' in page


def test_an_editor_restores_an_earlier_revision_through_the_admin(editor_client, make_article):
    article = make_article("Harga TBS sawit naik", body="Harga naik Rp50.", tags=["Sawit"])
    place_photo(article, caption="Petani sawit", credit="ANTARA")
    open_and_post(editor_client, change_url(article), body="Harga naik Rp50 per kilogram.")
    good = versions_of(article).get()
    open_and_post(
        editor_client,
        change_url(article),
        body="Teks rusak.",
        tags="Sawit, Salah",
        **{"photos-0-caption": "Keterangan salah"},
    )
    version_before_restore = Article.objects.get(pk=article.pk).version

    url = f"/admin/articles/article/{article.pk}/history/{good.pk}/"
    page = editor_client.get(url)
    assert page.status_code == 200 and "Harga naik Rp50 per kilogram." in page.content.decode()
    # Looking at an old revision changes nothing.
    assert Article.objects.get(pk=article.pk).body == "<p>Teks rusak.</p>"

    response = editor_client.post(url, {"confirm": "yes"})
    assert response.status_code == 302 and response.url == change_url(article)
    article.refresh_from_db()
    assert article.body == "<p>Harga naik Rp50 per kilogram.</p>"
    assert sorted(article.tags.names()) == ["Sawit"]
    assert article.photos.get().caption == "Petani sawit"
    # Restoring is a new save: the version counts on, it never goes back to an old number.
    assert article.version > version_before_restore
    assert Version.objects.get_for_object(article).count() == 3


def test_readers_cannot_open_the_history(client, make_article):
    article = make_article("Rahasia redaksi")
    assert client.get(f"/admin/articles/article/{article.pk}/history/").status_code == 302


def test_the_first_revisions_diff_shows_the_time_in_wib_and_no_empty_field_as_changed(make_article):
    from datetime import UTC, datetime

    from articles.revisions import diff_versions

    published = datetime(2026, 12, 5, 0, 32, 25, 431000, tzinfo=UTC)
    with record_revision(comment="Impor"):
        article = make_article("Banjir di Pekanbaru", published_at=published)
    changes = {change.label: change for change in diff_versions(None, versions_of(article).get())}
    assert "Pewarta" not in changes and "Editor" not in changes  # empty then, empty now
    time = changes["Waktu terbit"]
    assert (time.old, time.new) == ("—", "Sabtu, 5 Desember 2026 07:32 WIB")  # 00:32 UTC, as readers read it
    language = changes["Bahasa"]
    assert (language.old, language.new) == ("—", "Bahasa Indonesia (id)")  # as the form offers it, not a bare code


def test_a_revision_kept_before_the_tags_had_their_own_table_restores_its_tags(editor_client, make_article):
    # Revisions saved before migration 0011 name taggit's generic rows; the migration moved the rows themselves
    # (same ids) into the articles' tag table. Such a revision still shows and restores its tags.
    article = make_article("Kabut asap di Dumai", body="Versi lama.")
    riau = Tag.objects.create(name="Riau")
    article_type = ContentType.objects.get_for_model(Article)
    generic = TaggedItem.objects.create(tag=riau, content_type=article_type, object_id=article.pk)
    with record_revision(comment="Disimpan sebelum tabel tag artikel"):
        article.save()
        reversion.add_to_revision(generic)
    old = versions_of(article).get()
    generic.delete()
    open_and_post(editor_client, change_url(article), body="Versi baru.", tags="Asap")

    url = f"/admin/articles/article/{article.pk}/history/{old.pk}/"
    assert editor_client.post(url, {"confirm": "yes"}).status_code == 302
    article.refresh_from_db()
    assert article.body_text == "Versi lama."
    assert list(article.tags.names()) == ["Riau"]
    assert not TaggedItem.objects.exists()


def test_removing_every_baca_juga_line_shows_them_removed_and_nothing_added(make_article):
    from articles.models import RelatedLink
    from articles.revisions import diff_versions

    article = make_article("Asap di Dumai")
    with record_revision(comment="Dengan tautan"):
        RelatedLink.objects.create(article=article, title="Sekolah diliburkan", order=0)
        article.save()
    with record_revision(comment="Tautan dihapus"):
        article.related_links.all().delete()
        article.save()
    newer, older = versions_of(article)[:2]
    changes = {change.label: change for change in diff_versions(older, newer)}
    assert changes["Baca juga"].lines == [("-", "Sekolah diliburkan")]


def test_the_history_reads_in_the_language_of_whoever_opens_it(editor_client, make_article):
    article = make_article("Gempa di Padang", body="Versi satu.", status=Article.Status.REVIEW)
    open_and_post(editor_client, change_url(article), body="Versi dua.")  # saved in the Indonesian admin
    workflow.publish(article, by=editor_client.user)
    history = f"/admin/articles/article/{article.pk}/history/"
    indonesian = editor_client.get(history).content.decode()
    assert "Isi berita berubah." in indonesian and "<td>Terbit</td>" in indonesian
    editor_client.post("/i18n/setlang/", {"language": "en", "next": history})
    english = editor_client.get(history).content.decode()
    assert "Changed Body." in english and "<td>Published</td>" in english
    assert "Isi berita berubah." not in english and "Terbit</td>" not in english


def test_a_change_of_formatting_alone_shows_which_paragraph_and_how(make_article):
    from articles.revisions import diff_versions

    article = make_article("Demo buruh", body="Polisi mengerahkan 300 personel.\n\nMassa berkumpul.")
    with record_revision(comment="Impor"):
        article.save()
    with record_revision(comment="Tebal"):
        article.body = "<p>Polisi mengerahkan <strong>300 personel</strong>.</p><p>Massa berkumpul.</p>"
        article.save()
    newer, older = versions_of(article)[:2]
    body = {change.label: change for change in diff_versions(older, newer)}["Isi berita"]
    # The words alone read the same: every line unchanged, though the history said the body changed.
    assert body.lines == [
        ("-", "<p>Polisi mengerahkan 300 personel.</p>"),
        ("+", "<p>Polisi mengerahkan <strong>300 personel</strong>.</p>"),
        (" ", "<p>Massa berkumpul.</p>"),
    ]
