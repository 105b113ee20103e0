"""Whose library photo is it: a photo shown in a colleague's or a published story is that story's too, so only the
photo desk and editors change it; a picture in a colleague's draft stays theirs until readers see it."""

import pytest

from articles.models import Article, Photo
from tests.admin_forms import change_form_data
from tests.photo_library import library_form, place_photo

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/articles/photo/"


def photo_page(photo):
    return f"{LIBRARY}{photo.pk}/change/"


@pytest.fixture
def desk(desk_user, make_article):
    people = {role: desk_user(role) for role in ["Reporter", "Editor", "Photo editor"]}
    colleague = desk_user("Reporter", "wartawan-lain")
    published = make_article("Gubernur tinjau banjir Rumbai", created_by=people["Editor"])
    draft = make_article("Rahasia: bupati diperiksa KPK", status=Article.Status.DRAFT, created_by=colleague)
    own = make_article("Draf pasar Cik Puk", status=Article.Status.DRAFT, created_by=people["Reporter"])
    photos = {
        "published": Photo.objects.create(caption="Banjir di Rumbai", credit="ANTARA", uploaded_by=people["Editor"]),
        "secret": Photo.objects.create(caption="Bupati di gedung KPK", credit="ANTARA", uploaded_by=colleague),
        "own": Photo.objects.create(caption="Pasar Cik Puk", credit="ANTARA", uploaded_by=people["Reporter"]),
    }
    place_photo(published, photo=photos["published"])
    place_photo(draft, photo=photos["secret"])
    place_photo(own, photo=photos["own"])
    return {"people": people, "photos": photos, "draft": draft, "own": own}


def test_a_reporter_cannot_rewrite_the_photo_of_a_published_story(client, desk):
    client.force_login(desk["people"]["Reporter"])
    photo = desk["photos"]["published"]
    posted = library_form(caption="DIUBAH oleh wartawan", credit="wartawan")
    assert client.post(photo_page(photo), posted).status_code == 403
    assert client.post(f"{LIBRARY}{photo.pk}/delete/", {"post": "yes"}).status_code == 403
    photo.refresh_from_db()
    assert (photo.caption, photo.credit) == ("Banjir di Rumbai", "ANTARA")
    # They still open it to read it (and pick it for their own story).
    page = client.get(photo_page(photo))
    assert page.status_code == 200 and 'name="caption"' not in page.content.decode()


def test_a_reporter_changes_the_photo_only_their_own_draft_shows(client, desk):
    client.force_login(desk["people"]["Reporter"])
    photo = desk["photos"]["own"]
    response = client.post(photo_page(photo), library_form(caption="Pedagang di Pasar Cik Puk", credit="ANTARA"))
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "Pedagang di Pasar Cik Puk"


@pytest.mark.parametrize("role", ["Editor", "Photo editor"])
def test_the_photo_desk_and_editors_change_any_library_photo(client, desk, role):
    client.force_login(desk["people"][role])
    photo = desk["photos"]["published"]
    assert client.post(photo_page(photo), library_form(caption="Banjir di Rumbai, Pekanbaru")).status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "Banjir di Rumbai, Pekanbaru"


def test_a_colleagues_draft_photo_is_not_in_a_reporters_library(client, desk):
    client.force_login(desk["people"]["Reporter"])
    secret = desk["photos"]["secret"]
    # What the photo desk put in the library stays the desk's to use, whichever colleague's draft shows it too.
    desk_photo = Photo.objects.create(caption="Perahu di Sungai Siak", uploaded_by=desk["people"]["Photo editor"])
    place_photo(desk["draft"], photo=desk_photo, order=1)
    listed = client.get(LIBRARY).content.decode()
    assert "Banjir di Rumbai" in listed and "Perahu di Sungai Siak" in listed
    assert "Bupati di gedung KPK" not in listed
    assert client.get(photo_page(secret)).status_code == 302  # "does not exist", like an unknown id
    found = client.get(
        "/admin/autocomplete/",
        {"term": "", "app_label": "articles", "model_name": "photouse", "field_name": "photo"},
    ).json()["results"]
    assert str(secret.pk) not in {item["id"] for item in found}
    # Nor can its id be posted by hand into their own story's photo lines.
    own_form = f"/admin/articles/article/{desk['own'].pk}/change/"
    data = change_form_data(client.get(own_form))
    data["photos-0-photo"] = str(secret.pk)
    response = client.post(own_form, data)
    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "photos")
    assert [error.code for error in formset.forms[0].errors.as_data()["photo"]] == ["invalid_choice"]
    assert not desk["own"].photos.filter(photo=secret).exists()


def test_the_stories_that_show_a_photo_name_only_what_the_reader_of_the_page_may_see(client, desk):
    shared = desk["photos"]["published"]
    place_photo(desk["draft"], photo=shared, order=1)
    client.force_login(desk["people"]["Reporter"])
    page = client.get(photo_page(shared)).content.decode()
    assert "Gubernur tinjau banjir Rumbai" in page
    assert "Rahasia: bupati diperiksa KPK" not in page
    client.force_login(desk["people"]["Editor"])
    assert "Rahasia: bupati diperiksa KPK" in client.get(photo_page(shared)).content.decode()


def test_the_librarys_story_count_counts_only_the_stories_its_reader_may_see(client, desk):
    shared = desk["photos"]["published"]
    place_photo(desk["draft"], photo=shared, order=1)
    place_photo(desk["own"], photo=shared, order=1)

    def counted(role):
        client.force_login(desk["people"][role])
        [row] = [photo for photo in client.get(LIBRARY).context["cl"].result_list if photo.pk == shared.pk]
        return row.use_count

    assert counted("Reporter") == 2  # the published story and their own draft, not the colleague's draft
    assert counted("Editor") == 3


def test_uploading_a_colleagues_secret_picture_again_does_not_name_it(client, desk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import jpeg_bytes

    picture = jpeg_bytes()
    first = library_form(caption="Bupati di gedung KPK, besok diumumkan", credit="ANTARA")
    client.force_login(desk["people"]["Reporter"])
    client.post(f"{LIBRARY}add/", {**first, "image": SimpleUploadedFile("kpk.jpg", picture, "image/jpeg")})
    client.get(LIBRARY)  # the "added" message, read
    secret = Photo.objects.get(caption__startswith="Bupati di gedung KPK, besok")
    secret.uploaded_by = desk["draft"].created_by  # the colleague's, in their draft
    secret.save()
    place_photo(desk["draft"], photo=secret, order=2)
    again = library_form(caption="Foto saya", credit="ANTARA")
    response = client.post(f"{LIBRARY}add/", {**again, "image": SimpleUploadedFile("a.jpg", picture, "image/jpeg")})
    page = response.content.decode()
    assert response.status_code == 200 and "Foto ini sudah ada di pustaka." in page
    assert "besok diumumkan" not in page and f"/photo/{secret.pk}/change/" not in page
