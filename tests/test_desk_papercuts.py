"""What a new editor ran into in the first hour: the desk's small frictions, each with the scenario that showed it."""

from datetime import timedelta

import feedparser
import lxml.html
import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, SlugRedirect
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def editor(client, desk_user):
    client.force_login(desk_user("Editor", "redaktur"))
    return client


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_new_drafts_come_first_in_the_article_list(editor, make_article):
    make_article("Terbit kemarin", published_at=timezone.now() - timedelta(days=1))
    make_article("Terbit tadi", published_at=timezone.now() - timedelta(minutes=5))
    make_article("Draf baru", status=Article.Status.DRAFT)
    listed = [article.headline for article in editor.get(CHANGELIST).context["cl"].result_list]
    assert listed == ["Draf baru", "Terbit tadi", "Terbit kemarin"]


def test_moving_a_published_address_needs_a_deliberate_tick(editor, make_article):
    article = make_article("Gubernur resmikan jembatan")
    page = editor.get(change_url(article))
    assert "confirm_slug_change" in page.content.decode()

    refused = editor.post(change_url(article), change_form_data(page, slug="jembatan-siak"))
    assert refused.status_code == 200
    assert "Ubah alamat yang sudah terbit" in refused.context["adminform"].form.errors["slug"][0]
    article.refresh_from_db()
    assert article.slug == "gubernur-resmikan-jembatan"

    moved = editor.post(
        change_url(article),
        change_form_data(editor.get(change_url(article)), slug="jembatan-siak", confirm_slug_change="on"),
    )
    assert moved.status_code == 302
    assert SlugRedirect.objects.get(old_slug="gubernur-resmikan-jembatan").article == article


def test_a_draft_slug_changes_without_the_tick(editor, make_article):
    draft = make_article("Draf jembatan", status=Article.Status.DRAFT)
    page = editor.get(change_url(draft))
    assert "confirm_slug_change" not in page.content.decode()
    assert editor.post(change_url(draft), change_form_data(page, slug="draf-lain")).status_code == 302


def test_the_language_is_chosen_from_a_list(editor, make_article):
    article = make_article("Berita berbahasa Inggris", status=Article.Status.DRAFT)
    page = editor.get(change_url(article))
    options = lxml.html.fromstring(page.content).xpath("//select[@id='id_language']/option")
    offered = [(option.get("value"), option.text) for option in options]
    assert offered[:2] == [("id", "Bahasa Indonesia (id)"), ("en", "English (en)")]
    assert ("tr", "Turki (tr)") in offered
    refused = editor.post(change_url(article), change_form_data(page, language="ID"))
    assert "language" in refused.context["adminform"].form.errors
    assert editor.post(change_url(article), change_form_data(page, language="en")).status_code == 302
    article.refresh_from_db()
    assert article.language == "en"


def test_the_schedule_confirmation_says_wib(editor, make_article):
    draft = make_article("Pengumuman UMP", status=Article.Status.DRAFT)
    page = editor.post(CHANGELIST, {"action": "schedule", "_selected_action": [draft.pk]}).content.decode()
    assert "Waktu terbit (WIB)" in page
    response = editor.post(
        CHANGELIST,
        {
            "action": "schedule",
            "_selected_action": [draft.pk],
            "confirm": "yes",
            "published_at_0": "05-12-2099",
            "published_at_1": "10:12:00",
        },
        follow=True,
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert message == "1 artikel dijadwalkan terbit Sabtu, 5 Desember 2099 10:12 WIB."


def test_the_desks_permissions_are_named_in_indonesian(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "x"))
    editors = Group.objects.get(name="Editor")
    page = client.get(f"/admin/auth/group/{editors.pk}/change/").content.decode()
    assert "Can publish" not in page
    assert "artikel | Dapat menerbitkan, menjadwalkan, dan menarik artikel" in page
    assert "artikel | Dapat menambah artikel" in page


def test_the_feed_guid_is_the_permanent_id(client, make_article):
    article = make_article("Gubernur resmikan jembatan")
    before = feedparser.parse(client.get("/feed/").content).entries[0]
    article.slug = "jembatan-siak"
    article.save()
    after = feedparser.parse(client.get("/feed/").content).entries[0]
    assert before.id == after.id == f"urn:uuid:{article.uid}"
    assert before.guidislink is False


def test_an_unknown_address_shows_the_sites_404_page_in_development_too(client, settings, db):
    settings.DEBUG = True
    response = client.get("/tidak-ada/halaman-ini/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page and 'class="error-page"' in page
    assert "URLconf" not in page
