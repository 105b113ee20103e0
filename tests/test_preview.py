"""Staff who may edit a draft preview it exactly as readers will see it; nobody else can reach it."""

import pytest

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
