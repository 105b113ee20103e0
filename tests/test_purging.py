"""Cache tags on readers' pages, and the purges the desk's changes send after commit."""

import io
import logging
import socket
from pathlib import Path

import pytest
from django.core.management import call_command
from taggit.models import Tag

from articles import workflow
from articles.models import Article, Photo
from articles.public.purging import pages_changed
from articles.tagging import merge_tags

pytestmark = pytest.mark.django_db

purged = []


def record_purge(keys):
    """A purge backend for the tests (NEWSROOM_PURGE_BACKEND takes any callable's dotted path)."""
    purged.append(set(keys))


@pytest.fixture
def purges(settings, django_capture_on_commit_callbacks):
    """Run `change()` in a committed transaction; return the keys purged after the commit (nothing before it)."""
    settings.NEWSROOM_PURGE_BACKEND = "tests.test_purging.record_purge"

    def commit(change):
        # The test's own setting up was never committed: its keys would go with the next commit's, so send them now.
        with django_capture_on_commit_callbacks(execute=True):
            pages_changed(set())
        purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change()
            assert purged == [], "purged before the commit"
        return set().union(*purged)

    return commit


def keys_of(response):
    return response["xkey"].split()


def test_the_article_page_names_the_story_and_everything_it_shows(client, reference_article, make_article):
    target = make_article("Menlu Rusia sebut anggota baru DK PBB")
    tags = Tag.objects.filter(name__in=["Rusia", "Berita hari ini"]).order_by("pk")
    a = reference_article
    assert sorted(keys_of(client.get(a.get_absolute_url()))) == sorted(
        ["sections", f"article-{a.pk}", f"section-{a.section_id}", f"source-{a.source_id}"]
        + [f"tag-{tag.pk}" for tag in tags]
        + [f"article-{target.pk}"]  # its "Baca juga" line links to it
    )


def test_list_pages_name_their_stories_and_what_they_list(client, reference_article, make_article):
    other = make_article("Banjir di Pekanbaru")
    a = reference_article
    stories = {f"article-{a.pk}", f"article-{other.pk}", f"section-{a.section_id}", f"source-{a.source_id}"}
    assert set(keys_of(client.get("/"))) == stories | {"sections", "list", "front-page"}
    tag = Tag.objects.get(name="Rusia")
    assert set(keys_of(client.get("/tag/rusia/"))) == {
        "sections",
        f"tag-{tag.pk}",
        f"list-tag-{tag.pk}",
        f"article-{a.pk}",
        f"section-{a.section_id}",
        f"source-{a.source_id}",
    }
    assert set(keys_of(client.get("/feed/"))) == {"archive"}
    # A sitemap page shows no menu (it is not a template page any more): the archive's key names it, which every
    # change of a story, section, source or tag purges.
    assert set(keys_of(client.get("/sitemap-articles.xml"))) == {"archive"}


def test_publishing_purges_the_story_and_the_lists_it_joins(purges, reference_article, desk_user):
    a = reference_article
    Article.objects.filter(pk=a.pk).update(status=Article.Status.DRAFT, published_at=None)
    a.refresh_from_db()
    tags = {f"list-tag-{pk}" for pk in a.tags.values_list("pk", flat=True)}
    keys = purges(lambda: workflow.publish(a, by=desk_user("Editor")))
    assert keys >= {f"article-{a.pk}", "list", "corrections", "archive"} | tags
    assert keys >= {f"list-section-{a.section_id}", f"list-source-{a.source_id}"}


def test_a_correction_purges_the_pages_showing_the_story_and_no_list_it_did_not_change(
    purges, reference_article, desk_user
):
    a = reference_article
    keys = purges(lambda: workflow.add_correction(a, by=desk_user("Editor"), text="Nama diperbaiki."))
    assert keys == {f"article-{a.pk}", "corrections", "archive"}


def test_withdrawing_purges_the_lists_it_leaves(purges, reference_article, desk_user):
    a = reference_article
    keys = purges(lambda: workflow.withdraw(a, by=desk_user("Editor")))
    assert {f"article-{a.pk}", "list", f"list-section-{a.section_id}", f"list-source-{a.source_id}"} <= keys


def test_moving_a_story_to_another_section_purges_both_sections_lists(purges, reference_article):
    from articles.models import Section

    a = reference_article
    old, new = a.section_id, Section.objects.create(name="Dunia")
    a.section = new
    keys = purges(a.save)
    assert {f"list-section-{old}", f"list-section-{new.pk}"} <= keys


def test_a_tag_merge_purges_the_merged_tags_pages_and_the_target_list(purges, reference_article):
    rusia = Tag.objects.get(name="Rusia")
    merged = rusia.pk
    target = Tag.objects.create(name="Federasi Rusia")
    keys = purges(lambda: merge_tags(target, [rusia]))
    assert {f"tag-{merged}", f"list-tag-{merged}", f"tag-{target.pk}", f"list-tag-{target.pk}"} <= keys
    # The stories that showed the merged tag carry its key (tag-<id>) on their pages: those go too.


def test_imported_stories_purge_the_lists_they_join(purges):
    # The importer writes with bulk_create, which sends no signals: it reports its stories itself.
    sample = Path(__file__).resolve().parent.parent / "samples" / "000_6749e8411ca97669.txt"
    keys = purges(lambda: call_command("import_articles", str(sample), "--status", "published", stdout=io.StringIO()))
    article = Article.objects.get()
    assert {f"article-{article.pk}", "list", "archive"} <= keys
    assert {f"list-tag-{pk}" for pk in article.tags.values_list("pk", flat=True)} <= keys


def test_a_photo_change_purges_its_story(purges, reference_article):
    photo = Photo.objects.get(uses__article=reference_article)
    photo.caption = "Konvoi militer."
    assert purges(photo.save) == {f"article-{reference_article.pk}", "archive"}


def test_a_failed_purge_is_logged_and_the_save_stands(
    settings, reference_article, caplog, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:  # a Varnish that is not there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.NEWSROOM_PURGE_BACKEND = "varnish"
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
    reference_article.headline = "Rusia siap menengahi"
    with caplog.at_level(logging.WARNING, logger="articles.public.purging"):
        with django_capture_on_commit_callbacks(execute=True):
            reference_article.save()
    assert Article.objects.get(pk=reference_article.pk).headline == "Rusia siap menengahi"
    assert [record.getMessage().split(" at ")[0][:9] for record in caplog.records] == ["Purge of "]
