"""Corrections ("Ralat"), clarifications and updates: dated, on the article, and on the corrections page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article, AuditEntry, Correction
from articles.revisions import record_revision
from tests.page_statements import statements_reading

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(desk_user):
    return desk_user("Editor", "redaktur")


def test_a_correction_is_shown_on_the_article_escaped_and_dated(client, make_article, editor):
    article = make_article("Jembatan Siak diresmikan")
    workflow.add_correction(article, by=editor, text="Jembatan itu di Siak, bukan <b>Kampar</b>.")
    workflow.add_correction(article, by=editor, kind=Correction.Kind.UPDATE, text="Gubernur menambahkan keterangan.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<h2 id="corrections-title">Ralat</h2>' in page
    assert "Jembatan itu di Siak, bukan &lt;b&gt;Kampar&lt;/b&gt;." in page
    assert "<strong>Pembaruan</strong>" in page and "<strong>Ralat</strong>" in page
    assert page.index("Jembatan itu di Siak") < page.index("Gubernur menambahkan")
    assert " WIB</time>" in page.split("corrections-title")[-1]


def test_a_correction_bumps_the_modified_time_and_version_and_is_audited(make_article, editor):
    article = make_article("Harga cabai", published_at=timezone.now() - timedelta(days=1))
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(days=1))
    article.refresh_from_db()
    before = (article.updated_at, article.version)
    correction = workflow.add_correction(article, by=editor, kind=Correction.Kind.CLARIFICATION, text="Harga per kg.")
    article.refresh_from_db()
    assert article.corrected_at == correction.published_at
    assert article.updated_at > before[0]
    assert article.version == before[1] + 1
    assert (correction.author, correction.get_kind_display()) == (editor, "Klarifikasi")
    entry = AuditEntry.objects.get(article=article)
    assert (entry.action, entry.user) == (AuditEntry.Action.CORRECTED, editor)


def test_a_draft_cannot_be_corrected(make_article, editor):
    with pytest.raises(workflow.WorkflowError):
        workflow.add_correction(make_article("Draf", status=Article.Status.DRAFT), by=editor, text="Salah.")


def test_an_editor_adds_a_correction_from_the_admin(client, make_article, editor):
    article = make_article("Gempa Padang")
    client.force_login(editor)
    assert (
        f"/admin/articles/correction/add/?article={article.pk}"
        in client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    )
    response = client.post(
        "/admin/articles/correction/add/", {"article": article.pk, "kind": "correction", "text": "Magnitudo 5,1."}
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.article, correction.author, correction.text) == (article, editor, "Magnitudo 5,1.")
    # A dated record is not rewritten afterwards.
    client.post(f"/admin/articles/correction/{correction.pk}/change/", {"text": "Diubah diam-diam."})
    correction.refresh_from_db()
    assert correction.text == "Magnitudo 5,1."


def corrections_asked_for(client, article):
    return statements_reading(client, article.get_absolute_url(), "articles_correction")


def test_the_page_of_a_story_never_corrected_asks_for_no_corrections(client, make_article, editor):
    article = make_article("Jembatan Siak diresmikan")
    assert article.corrected_at is None
    assert corrections_asked_for(client, article) == []
    workflow.add_correction(article, by=editor, text="Jembatan itu di Siak.")
    assert len(corrections_asked_for(client, article)) == 1


def test_restoring_a_revision_from_before_a_correction_keeps_the_correction_on_the_page(client, make_article, editor):
    with record_revision(user=editor, comment="Ditulis"):
        article = make_article("Gempa di Padang", body="Magnitudo 5,2.")
    before_the_correction = Version.objects.get_for_object(article).get()
    correction = workflow.add_correction(article, by=editor, text="Magnitudo 5,1, bukan 5,2.")
    workflow.restore(article, before_the_correction, by=editor)
    article.refresh_from_db()
    # A correction is a public record: no revision takes it back, nor the time readers were told of it.
    assert article.corrected_at == correction.published_at
    assert "Magnitudo 5,1, bukan 5,2." in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_stories_corrected_before_the_upgrade_are_marked_with_their_latest_correction():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("articles")
    executor.migrate([("articles", "0027_headline_key_index_with_id")])
    executor.loader.build_graph()
    old = executor.loader.project_state([("articles", "0027_headline_key_index_with_id")]).apps
    OldArticle, OldCorrection = old.get_model("articles", "Article"), old.get_model("articles", "Correction")
    now = timezone.now()
    corrected = OldArticle.objects.create(headline="Jembatan Siak", slug="jembatan-siak", body="Isi.")
    for hours in (3, 1, 2):
        OldCorrection.objects.create(
            article=corrected, text=f"Ralat {hours}.", published_at=now - timedelta(hours=hours)
        )
    plain = OldArticle.objects.create(headline="Harga cabai", slug="harga-cabai", body="Isi.")
    try:
        MigrationExecutor(connection).migrate([("articles", "0028_article_corrected_at")])
        marked = dict(Article.objects.filter(pk__in=[corrected.pk, plain.pk]).values_list("pk", "corrected_at"))
        assert marked == {corrected.pk: now - timedelta(hours=1), plain.pk: None}
    finally:
        MigrationExecutor(connection).migrate(latest)


def add_corrections(make_article, editor, count):
    for n in range(count):
        article = make_article(f"Berita dikoreksi {n}")
        workflow.add_correction(article, by=editor, text=f"Ralat nomor {n}.")


def test_the_corrections_page_lists_corrections_newest_first_only_for_visible_articles(client, make_article, editor):
    add_corrections(make_article, editor, 2)
    hidden = make_article("Berita ditarik")
    workflow.add_correction(hidden, by=editor, text="Ralat berita yang kemudian ditarik.")
    workflow.withdraw(hidden, by=editor)
    response = client.get("/ralat/")
    assert response.status_code == 200
    texts = [c.text for c in response.context_data["corrections"]]
    assert texts == ["Ralat nomor 1.", "Ralat nomor 0."]
    assert 'href="/ralat/"' in response.content.decode()  # linked from every page's footer


@pytest.mark.parametrize("count", [1, 25])
def test_the_corrections_page_is_paginated_in_a_fixed_number_of_queries(
    client, make_article, editor, django_assert_num_queries, count
):
    add_corrections(make_article, editor, count)
    # count, page of corrections (+articles), section menu
    with django_assert_num_queries(3):
        response = client.get("/ralat/")
    assert response.status_code == 200
    assert len(response.context_data["corrections"]) == min(count, 20)
    if count > 20:
        assert client.get("/ralat/?page=2").context_data["corrections"][0].text == "Ralat nomor 4."


def test_a_reporter_reads_no_embargoed_storys_clarification_in_the_admin(client, make_article, editor, desk_user):
    merger = make_article("Merger bank daerah diumumkan", published_at=timezone.now() + timedelta(days=2))
    workflow.add_correction(merger, by=editor, kind=Correction.Kind.CLARIFICATION, text="Nilai merger Rp4 triliun.")
    bridge = make_article("Jembatan Siak diresmikan")
    workflow.add_correction(bridge, by=editor, text="Jembatan itu di Siak.")
    client.force_login(desk_user("Reporter", "wartawan"))
    listed = client.get("/admin/articles/correction/").content.decode()
    assert "Jembatan Siak diresmikan" in listed
    assert "Merger bank daerah" not in listed
    searched = client.get("/admin/articles/correction/", {"q": "Merger"}).content.decode()
    assert "Merger bank daerah" not in searched and "Rp4 triliun" not in searched
    secret = Correction.objects.get(article=merger)
    assert client.get(f"/admin/articles/correction/{secret.pk}/change/").status_code == 302
    client.force_login(editor)
    assert "Merger bank daerah" in client.get("/admin/articles/correction/").content.decode()
