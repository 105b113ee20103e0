"""Two editors open the same story and both save: the second is told, and nothing is overwritten."""

import pytest
from django.test import Client

from articles.models import Article
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(desk_user):
    browsers = []
    for name in ["redaktur-pagi", "redaktur-malam"]:
        browser = Client()
        browser.force_login(desk_user("Editor", name))
        browsers.append(browser)
    return browsers


def test_the_second_save_is_refused_and_keeps_its_text_in_the_form(two_editors, make_article):
    article = make_article("Banjir di Pekanbaru", body="Versi awal.")
    url = f"/admin/articles/article/{article.pk}/change/"
    morning, night = two_editors
    morning_form = change_form_data(morning.get(url), body="Versi redaktur pagi.")
    night_form = change_form_data(night.get(url), body="Versi redaktur malam.")

    assert morning.post(url, morning_form).status_code == 302
    response = night.post(url, night_form)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.non_field_errors()[0].startswith("Orang lain telah menyimpan artikel ini")
    assert "Versi redaktur malam." in response.content.decode()  # their text is still in the form
    article.refresh_from_db()
    assert article.body == "<p>Versi redaktur pagi.</p>"


def test_after_reloading_the_second_editor_can_save(two_editors, make_article):
    article = make_article("Harga sawit", body="Versi awal.")
    url = f"/admin/articles/article/{article.pk}/change/"
    morning, night = two_editors
    stale = change_form_data(night.get(url), body="Versi basi.")
    assert morning.post(url, change_form_data(morning.get(url), body="Versi pagi.")).status_code == 302
    assert night.post(url, stale).status_code == 200
    assert night.post(url, change_form_data(night.get(url), body="Versi malam.")).status_code == 302
    article.refresh_from_db()
    assert (article.body, article.version) == ("<p>Versi malam.</p>", 3)


def test_a_save_by_the_workflow_in_between_also_counts_as_a_conflict(two_editors, make_article):
    """Publishing from the list while someone edits the draft: their save must not silently undo it."""
    article = make_article("Draf", status=Article.Status.REVIEW)
    url = f"/admin/articles/article/{article.pk}/change/"
    morning, night = two_editors
    open_form = change_form_data(night.get(url), body="Suntingan malam.")
    morning.post("/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk], "confirm": "yes"})
    assert night.post(url, open_form).status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
