"""Staff who may edit a draft preview it exactly as readers will see it; nobody else can reach it."""

from datetime import timedelta

import pytest
from django.test import Client

from articles.models import Article
from tests.admin_forms import open_and_post

pytestmark = pytest.mark.django_db


def preview_url(article):
    return f"/berita/{article.slug}/pratinjau/"


def test_the_author_previews_a_draft_with_the_readers_template(client, make_article, desk_user):
    reporter = desk_user("Reporter", "wartawan")
    draft = make_article("Draf banjir", status=Article.Status.DRAFT, body="Isi <b>draf</b>.", created_by=reporter)
    client.force_login(reporter)
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    assert response.template_name == ["articles/article_detail.html"]
    assert '<h1 dir="auto">Draf banjir</h1>' in response.content.decode()
    assert "Isi &lt;b&gt;draf&lt;/b&gt;." in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["anonymous", "another reporter", "staff without permissions"])
def test_nobody_else_reaches_a_preview(client, make_article, desk_user, who):
    owner = desk_user("Reporter", "wartawan")
    draft = make_article("Draf rahasia", status=Article.Status.DRAFT, created_by=owner)
    if who == "another reporter":
        client.force_login(desk_user("Reporter", "wartawan-lain"))
    elif who == "staff without permissions":
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.create_user("magang", is_staff=True))
    assert client.get(preview_url(draft)).status_code == 404


def test_an_editor_previews_a_scheduled_article(client, make_article, desk_user):
    from datetime import timedelta

    from django.utils import timezone

    article = make_article("Tayang besok", published_at=timezone.now() + timedelta(days=1))
    client.force_login(desk_user("Editor", "redaktur"))
    assert client.get(preview_url(article)).status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 404


def test_save_and_preview_in_the_admin_opens_the_preview(client, make_article, desk_user):
    editor = desk_user("Editor", "redaktur")
    draft = make_article("Draf pratinjau", status=Article.Status.DRAFT)
    client.force_login(editor)
    url = f"/admin/articles/article/{draft.pk}/change/"
    assert 'name="_preview"' in client.get(url).content.decode()
    response = open_and_post(client, url, body="Isi baru.", _preview="Simpan dan pratinjau")
    assert response.status_code == 302 and response["Location"] == preview_url(draft)
    assert "Isi baru." in client.get(response["Location"]).content.decode()


def test_the_preview_of_a_published_story_says_readers_see_it(client, make_article, desk_user):
    story = make_article("Harga cabai turun")
    client.force_login(desk_user("Editor"))
    page = client.get(story.get_preview_url()).content.decode()
    assert "Pratinjau — pembaca sudah melihat berita ini. Keadaan: Terbit." in page
    assert "belum dilihat pembaca" not in page


# Preview links: a draft shown to someone without an account -------------------------------------------------


def share(client, article, **extra):
    """The reporter's "Share a preview" form, sent; returns the link made."""
    from articles.models import PreviewLink

    response = client.post("/admin/articles/previewlink/add/", {"article": article.pk, "valid_for": 48, **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    return PreviewLink.objects.latest("pk")


@pytest.fixture
def reporter_draft(make_article, desk_user, client):
    reporter = desk_user("Reporter", "wartawan")
    draft = make_article("Draf banjir Rumbai", status=Article.Status.DRAFT, body="Isi draf.", created_by=reporter)
    client.force_login(reporter)
    return draft


def test_a_source_without_an_account_reads_the_draft_through_a_shared_link(client, reporter_draft, clock):
    page = client.get(f"/admin/articles/article/{reporter_draft.pk}/change/").content.decode()
    assert f"/admin/articles/previewlink/add/?article={reporter_draft.pk}" in page
    link = share(client, reporter_draft)
    assert link.expires_at == clock.now + timedelta(hours=48) and link.created_by.username == "wartawan"

    source = Client()
    response = source.get(link.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Draf banjir Rumbai" in page and "Isi draf." in page
    assert '<p class="preview-banner" role="status">Pratinjau' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # The draft's own address stays closed to them.
    assert source.get(preview_url(reporter_draft)).status_code == 404
    assert source.get(reporter_draft.get_absolute_url()).status_code == 404

    # Edits show at once (the page cache never keeps it); after 48 hours the link finds nothing.
    Article.objects.filter(pk=reporter_draft.pk).update(body="<p>Isi yang diperbaiki.</p>")
    assert "Isi yang diperbaiki." in source.get(link.get_absolute_url()).content.decode()
    clock.advance(hours=48)
    assert source.get(link.get_absolute_url()).status_code == 404


def test_a_revoked_link_finds_nothing(client, reporter_draft):
    link = share(client, reporter_draft)
    assert Client().get(link.get_absolute_url()).status_code == 200
    client.post("/admin/articles/previewlink/", {"action": "revoke", "_selected_action": [link.pk]})
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(link.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("token", ["1", "MQ:1abcde:forged", "bukan-token", "x" * 300])
def test_a_forged_or_altered_token_finds_nothing(client, reporter_draft, token):
    link = share(client, reporter_draft)
    assert Client().get(f"/pratinjau/{token}/").status_code == 404
    assert Client().get(link.get_absolute_url().replace("/pratinjau/", "/pratinjau/x")).status_code == 404


def test_nobody_shares_a_story_they_may_not_preview(client, make_article, desk_user):
    from articles.models import PreviewLink

    colleague = desk_user("Reporter", "wartawan-lain")
    theirs = make_article("Draf orang lain", status=Article.Status.DRAFT, created_by=colleague)
    client.force_login(desk_user("Reporter", "wartawan"))
    response = client.post("/admin/articles/previewlink/add/", {"article": theirs.pk, "valid_for": 48})
    assert response.status_code == 200 and "article" in response.context["adminform"].form.errors
    assert not PreviewLink.objects.exists()
    # Nor sees the links of a colleague's story, nor revokes them.
    link = PreviewLink.objects.create(article=theirs, expires_at=theirs.created_at + timedelta(days=1))
    assert list(client.get("/admin/articles/previewlink/").context["cl"].result_list) == []
    client.post("/admin/articles/previewlink/", {"action": "revoke", "_selected_action": [link.pk]})
    link.refresh_from_db()
    assert link.revoked_at is None
    client.logout()
    assert client.get("/admin/articles/previewlink/add/").status_code == 302  # to the login


def test_withdrawing_the_story_closes_its_preview_links(client, reporter_draft, desk_user):
    from articles import workflow

    link = share(client, reporter_draft)
    editor = desk_user("Editor", "redaktur")
    workflow.publish(reporter_draft, by=editor)
    workflow.withdraw(reporter_draft, by=editor, reason="Gugatan hukum")
    # A legal kill: the story answers 410 to readers, and the link shared with a source shows it no more.
    assert Client().get(reporter_draft.get_absolute_url()).status_code == 410
    assert Client().get(link.get_absolute_url()).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_a_story_withdrawn_in_its_form_shows_through_no_link(client, reporter_draft, desk_user):
    link = share(client, reporter_draft)
    # However the status got there (the form's status field, a revision restored), the shared link stays closed.
    Article.objects.filter(pk=reporter_draft.pk).update(status=Article.Status.WITHDRAWN)
    assert Client().get(link.get_absolute_url()).status_code == 404


def test_the_photo_desk_previews_a_draft_but_shares_no_link_to_it(client, make_article, desk_user):
    draft = make_article("Draf banjir Kampar", status=Article.Status.DRAFT, created_by=desk_user("Reporter"))
    client.force_login(desk_user("Photo editor", "fotografer"))
    assert client.get(preview_url(draft)).status_code == 200
    response = client.post("/admin/articles/previewlink/add/", {"article": draft.pk, "valid_for": 48})
    assert response.status_code == 403
    assert not draft.preview_links.exists()
