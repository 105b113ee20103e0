"""Autosave: a reporter's text survives a crashed browser or a closed tab, and an autosave is never the article."""

import pytest

from articles.models import Article, Autosave
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(desk_user):
    return desk_user("Reporter", "wartawan")


@pytest.fixture
def draft(make_article, reporter):
    return make_article("Banjir Rumbai", status=Article.Status.DRAFT, body="Versi tersimpan.", created_by=reporter)


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def autosave(client, article, **fields):
    url = f"/admin/articles/article/{article.pk}/autosave/" if article else "/admin/articles/article/autosave/"
    return client.post(url, fields)


def test_the_form_carries_the_autosave_address(client, reporter, draft):
    client.force_login(reporter)
    page = client.get(change_url(draft)).content.decode()
    assert f'data-autosave-url="/admin/articles/article/{draft.pk}/autosave/"' in page
    assert "articles/autosave.js" in page


def test_a_closed_tab_is_offered_back_and_restored(client, reporter, draft):
    client.force_login(reporter)
    response = autosave(client, draft, headline="Banjir Rumbai meluas", body="<p>Tulisan yang belum disimpan.</p>")
    assert response.status_code == 200 and response.json()["message"].startswith("Tersimpan otomatis ")

    # Nothing of the article changed: not its text, not its version, not its state.
    stored = Article.objects.get(pk=draft.pk)
    assert (stored.headline, stored.body, stored.version, stored.status) == (
        "Banjir Rumbai",
        "<p>Versi tersimpan.</p>",
        draft.version,
        Article.Status.DRAFT,
    )

    page = client.get(change_url(draft)).content.decode()
    assert "lebih baru daripada versi yang disimpan" in page and "?pulihkan=1" in page

    restored = client.get(change_url(draft), {"pulihkan": "1"})
    form = restored.context["adminform"].form
    assert form["headline"].value() == "Banjir Rumbai meluas"
    assert form["body"].value() == "<p>Tulisan yang belum disimpan.</p>"
    assert form["expected_version"].value() == draft.version  # optimistic locking still checks the saved one

    assert client.post(change_url(draft), change_form_data(restored)).status_code == 302
    stored.refresh_from_db()
    assert stored.headline == "Banjir Rumbai meluas" and stored.body == "<p>Tulisan yang belum disimpan.</p>"
    assert not Autosave.objects.exists()  # saved for real: the autosave has served


def test_an_autosave_older_than_the_saved_article_is_not_offered(client, reporter, draft):
    client.force_login(reporter)
    autosave(client, draft, body="<p>Lama.</p>")
    client.post(change_url(draft), change_form_data(client.get(change_url(draft)), body="<p>Disimpan kemudian.</p>"))
    Autosave.objects.create(user=reporter, article=draft, data={"body": "<p>Lama.</p>"})
    Autosave.objects.filter(user=reporter).update(saved_at=Article.objects.get(pk=draft.pk).updated_at)
    assert "?pulihkan=1" not in client.get(change_url(draft)).content.decode()


def test_discarding_forgets_the_autosave(client, reporter, draft):
    client.force_login(reporter)
    autosave(client, draft, body="<p>Buang saja.</p>")
    response = client.post(f"/admin/articles/article/{draft.pk}/autosave/buang/")
    assert response.status_code == 302 and response["Location"] == change_url(draft)
    assert not Autosave.objects.exists()
    assert "?pulihkan=1" not in client.get(change_url(draft)).content.decode()


def test_a_new_article_not_yet_saved_is_kept_too(client, reporter):
    client.force_login(reporter)
    autosave(client, None, headline="Judul baru", body="<p>Awal berita.</p>")
    page = client.get("/admin/articles/article/add/").content.decode()
    assert "?pulihkan=1" in page
    # Said as it is: never saved, rather than "newer than the saved version".
    assert "tersimpan otomatis tetapi belum pernah disimpan" in page and "lebih baru daripada" not in page
    form = client.get("/admin/articles/article/add/", {"pulihkan": "1"}).context["adminform"].form
    assert form["headline"].value() == "Judul baru"


def test_an_autosave_is_its_authors_alone(client, reporter, draft, desk_user):
    client.force_login(reporter)
    autosave(client, draft, body="<p>Milik wartawan.</p>")
    editor = desk_user("Editor", "redaktur")
    client.force_login(editor)
    assert "?pulihkan=1" not in client.get(change_url(draft)).content.decode()
    restored = client.get(change_url(draft), {"pulihkan": "1"}).context["adminform"].form
    assert restored["body"].value() == "<p>Versi tersimpan.</p>"


def test_nobody_autosaves_what_they_may_not_edit(client, desk_user, make_article, reporter):
    published = make_article("Sudah terbit", created_by=reporter)
    colleague = make_article("Draf orang lain", status=Article.Status.DRAFT, created_by=desk_user("Editor", "x"))
    client.force_login(reporter)
    assert autosave(client, published, body="<p>Ubah.</p>").status_code == 403  # a reporter's published story
    assert autosave(client, colleague, body="<p>Ubah.</p>").status_code == 404  # one they cannot even see
    assert client.get(f"/admin/articles/article/{published.pk}/autosave/").status_code == 405
    client.logout()
    assert autosave(client, None, body="<p>Anonim.</p>").status_code == 302  # to the login page
    assert not Autosave.objects.exists()


def test_an_autosave_keeps_neither_status_nor_publication_time(client, reporter, draft):
    client.force_login(reporter)
    autosave(client, draft, body="<p>Isi.</p>", status="published", published_at_0="05-12-2026")
    assert Autosave.objects.get().data == {"body": "<p>Isi.</p>"}
