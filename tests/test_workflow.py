"""Draft → review → published, scheduled and withdrawn: what the desk does and what readers then get."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import workflow
from articles.models import Article, AuditEntry
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(desk_user):
    return desk_user("Reporter", "wartawan")


@pytest.fixture
def editor(desk_user):
    return desk_user("Editor", "redaktur")


def test_a_story_goes_from_draft_through_review_to_readers(client, make_article, reporter, editor):
    article = make_article("Banjir rendam Pekanbaru", status=Article.Status.DRAFT, created_by=reporter)
    assert client.get(article.get_absolute_url()).status_code == 404

    workflow.submit_for_review(article, by=reporter)
    assert article.state == Article.State.REVIEW
    assert client.get(article.get_absolute_url()).status_code == 404

    workflow.publish(article, by=editor)
    assert client.get(article.get_absolute_url()).status_code == 200
    actions = list(AuditEntry.objects.filter(article=article).order_by("at", "id").values_list("action", "user"))
    assert actions == [("submitted", reporter.pk), ("published", editor.pk)]


def test_a_reporter_cannot_publish_through_the_service_either(make_article, reporter):
    article = make_article("Draf", status=Article.Status.REVIEW, created_by=reporter)
    with pytest.raises(PermissionDenied):
        workflow.publish(article, by=reporter)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_a_scheduled_article_appears_by_itself_when_its_time_comes(client, make_article, editor, clock):
    article = make_article("Pengumuman UMP Riau 2024", status=Article.Status.REVIEW)
    at = timezone.now() + timedelta(hours=2)
    workflow.schedule(article, by=editor, at=at)
    assert article.state == Article.State.SCHEDULED
    assert AuditEntry.objects.get(article=article).action == AuditEntry.Action.SCHEDULED
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.headline not in client.get("/").content.decode()

    # Two hours later, with no job run in between (nor any write): the reader's own query finds it.
    clock.advance(hours=2, seconds=1)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.headline in client.get("/").content.decode()


def test_scheduling_in_the_past_is_refused(make_article, editor):
    article = make_article("Terlambat", status=Article.Status.DRAFT)
    with pytest.raises(workflow.WorkflowError):
        workflow.schedule(article, by=editor, at=timezone.now() - timedelta(minutes=5))


def test_a_withdrawn_article_answers_410_gone_with_a_page_of_its_own(client, make_article, editor):
    article = make_article("Berita yang ditarik", body="Isi yang tidak boleh tampil lagi.")
    workflow.withdraw(article, by=editor, reason="Permintaan narasumber")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert "Berita ini telah ditarik" in page
    assert "Isi yang tidak boleh tampil lagi" not in page and article.headline not in page
    assert response["X-Robots-Tag"] == "noindex"
    assert article.headline not in client.get("/").content.decode()
    entry = AuditEntry.objects.get(article=article)
    assert (entry.action, entry.user, entry.detail) == ("withdrawn", editor, "Permintaan narasumber")


def test_only_published_articles_can_be_withdrawn(make_article, editor):
    with pytest.raises(workflow.WorkflowError):
        workflow.withdraw(make_article("Draf", status=Article.Status.DRAFT), by=editor)


def test_republishing_a_withdrawn_article_keeps_its_original_time(make_article, editor):
    published_at = timezone.now() - timedelta(days=3)
    article = make_article("Kembali tayang", published_at=published_at)
    workflow.withdraw(article, by=editor)
    workflow.publish(article, by=editor)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.PUBLISHED, published_at)


def test_every_workflow_step_counts_up_the_version(make_article, reporter, editor):
    article = make_article("Versi", status=Article.Status.DRAFT, created_by=reporter)
    assert article.version == 1
    workflow.submit_for_review(article, by=reporter)
    workflow.publish(article, by=editor)
    article.refresh_from_db()
    assert article.version == 3


def test_the_admin_list_shows_the_state_and_filters_scheduled_articles(client, make_article, editor):
    live = make_article("Sudah tayang")
    later = make_article("Tayang nanti", published_at=timezone.now() + timedelta(days=1))
    draft = make_article("Masih draf", status=Article.Status.DRAFT)
    client.force_login(editor)
    page = client.get("/admin/articles/article/").content.decode()
    assert "Terjadwal" in page and "Menunggu tinjauan" in page  # the state column and the filter
    scheduled = client.get("/admin/articles/article/", {"state": "scheduled"})
    assert list(scheduled.context["cl"].result_list) == [later]
    published = client.get("/admin/articles/article/", {"state": "published"})
    assert list(published.context["cl"].result_list) == [live]
    drafts = client.get("/admin/articles/article/", {"state": "draft"})
    assert list(drafts.context["cl"].result_list) == [draft]


def test_the_publish_action_shows_when_readers_will_see_each_article(client, make_article, editor):
    later = make_article("Terjadwal lewat aksi", status=Article.Status.REVIEW)
    later.published_at = timezone.now() + timedelta(days=1)
    later.save()
    client.force_login(editor)
    response = client.post("/admin/articles/article/", {"action": "publish", "_selected_action": [later.pk]})
    assert response.status_code == 200
    assert "Terjadwal lewat aksi" in response.content.decode()
    client.post("/admin/articles/article/", {"action": "publish", "_selected_action": [later.pk], "confirm": "yes"})
    later.refresh_from_db()
    assert later.state == Article.State.SCHEDULED
    assert AuditEntry.objects.get(article=later).action == AuditEntry.Action.SCHEDULED


def test_publishing_through_the_edit_form_is_audited(client, make_article, editor):
    from tests.admin_forms import open_and_post

    article = make_article("Draf lewat formulir", status=Article.Status.DRAFT)
    client.force_login(editor)
    response = open_and_post(client, f"/admin/articles/article/{article.pk}/change/", status="published")
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED
    assert list(AuditEntry.objects.filter(article=article).values_list("action", flat=True)) == ["published"]


def test_the_audit_trail_is_read_only_in_the_admin(client, make_article, editor):
    article = make_article("Diaudit", status=Article.Status.REVIEW)
    workflow.publish(article, by=editor)
    client.force_login(editor)
    entry = AuditEntry.objects.get()
    assert client.get("/admin/articles/auditentry/").status_code == 200
    assert client.get("/admin/articles/auditentry/add/").status_code == 403
    client.post(f"/admin/articles/auditentry/{entry.pk}/change/", {"action": "withdrawn", "headline": "x"})
    client.post(f"/admin/articles/auditentry/{entry.pk}/delete/", {"post": "yes"})
    entry.refresh_from_db()
    assert entry.action == "published"


def photo_without_alt_text(article):
    # A file is stored (dimensions known), but nobody described it yet.
    return place_photo(
        article, image="photos/2026/12/banjir.jpg", width=64, height=48, caption="Banjir di Rokan Hulu"
    ).photo


def test_the_service_refuses_to_publish_or_schedule_a_photo_without_alt_text(make_article, editor):
    article = make_article("Banjir di Rokan Hulu", status=Article.Status.REVIEW)
    photo_without_alt_text(article)
    for move in (
        lambda: workflow.publish(article, by=editor),
        lambda: workflow.schedule(article, by=editor, at=timezone.now() + timedelta(days=1)),
    ):
        with pytest.raises(workflow.WorkflowError) as refused:
            move()
        assert "Banjir di Rokan Hulu" in refused.value.messages[0]
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and not AuditEntry.objects.exists()


def test_the_publish_action_lists_what_it_holds_back_and_why(client, make_article, editor):
    ready = make_article("Siap terbit", status=Article.Status.REVIEW)
    waiting = make_article("Foto belum dijelaskan", status=Article.Status.REVIEW)
    photo_without_alt_text(waiting)
    client.force_login(editor)
    selected = {"action": "publish", "_selected_action": [ready.pk, waiting.pk]}
    page = client.post("/admin/articles/article/", selected)
    assert page.status_code == 200
    held_back = page.content.decode().split("Ditahan", 1)[1]
    assert "Foto belum dijelaskan" in held_back and "Jelaskan isi foto" in held_back
    assert "Siap terbit" not in held_back

    client.post("/admin/articles/article/", {**selected, "confirm": "yes"})
    ready.refresh_from_db()
    waiting.refresh_from_db()
    assert (ready.status, waiting.status) == (Article.Status.PUBLISHED, Article.Status.REVIEW)


def test_saving_a_published_article_keeps_its_time_to_the_microsecond_and_audits_nothing(client, make_article, editor):
    from tests.admin_forms import open_and_post

    published_at = (timezone.now() - timedelta(hours=1)).replace(microsecond=654321)
    article = make_article("Jembatan Siak diresmikan", published_at=published_at)
    client.force_login(editor)
    response = open_and_post(client, f"/admin/articles/article/{article.pk}/change/", body="Paragraf diperbaiki.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.body_text, article.published_at) == ("Paragraf diperbaiki.", published_at)
    assert not AuditEntry.objects.filter(article=article).exists()
