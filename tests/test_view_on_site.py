"""The admin's "View on site" address (`/admin/r/<type>/<id>/`) leads only to what the user may see in the admin.

Django's own asked only that the user was staff: a reporter could follow it to a colleague's draft's address, a
picture's rendition, or a preview link's secret address, which opens the draft for anybody."""

import pytest
from django.contrib.contenttypes.models import ContentType

from articles.models import Article, Photo, PhotoRendition, PreviewLink, RelatedLink

pytestmark = pytest.mark.django_db


def on_site(model, pk):
    return f"/admin/r/{ContentType.objects.get_for_model(model).pk}/{pk}/"


@pytest.fixture
def desk(desk_user, make_article):
    reporter, colleague = desk_user("Reporter", "wartawan"), desk_user("Reporter", "rekan")
    secret = make_article("Rahasia: bupati diperiksa", status=Article.Status.DRAFT, created_by=colleague)
    own = make_article("Draf pasar Cik Puk", status=Article.Status.DRAFT, created_by=reporter)
    return {
        "reporter": reporter,
        "editor": desk_user("Editor", "redaktur"),
        "secret": secret,
        "own": own,
        "link": PreviewLink.objects.create(article=secret, created_by=colleague, expires_at=secret.updated_at),
    }


def test_a_reporter_is_led_to_their_own_story_and_to_nothing_of_a_colleagues(client, desk):
    client.force_login(desk["reporter"])
    response = client.get(on_site(Article, desk["own"].pk))
    assert response.status_code == 302 and response["Location"] == desk["own"].get_absolute_url()
    assert client.get(on_site(Article, desk["secret"].pk)).status_code == 404
    assert client.get(on_site(PreviewLink, desk["link"].pk)).status_code == 404  # its address is the secret


def test_rows_without_a_page_of_their_own_in_the_admin_lead_nowhere(client, desk):
    photo = Photo.objects.create(caption="Bupati di gedung KPK")
    rendition = PhotoRendition.objects.create(
        photo=photo, crop="16:9", width=640, height=360, format="webp", file="photos/renditions/x.webp"
    )
    line = RelatedLink.objects.create(article=desk["own"], title="Judul yang belum ada artikelnya")
    client.force_login(desk["editor"])
    assert client.get(on_site(PhotoRendition, rendition.pk)).status_code == 404
    assert client.get(on_site(RelatedLink, line.pk)).status_code == 404  # a title with no address was a 500


@pytest.mark.parametrize("object_id", ["bukan-id", "0", "99999999"])
def test_an_id_that_names_nothing_is_not_found(client, desk, object_id):
    client.force_login(desk["editor"])
    assert client.get(on_site(Article, object_id)).status_code == 404
    assert client.get(f"/admin/r/999999/{object_id}/").status_code == 404


def test_an_editor_still_follows_view_on_site_from_a_story(client, desk):
    client.force_login(desk["editor"])
    response = client.get(on_site(Article, desk["secret"].pk))
    assert response.status_code == 302 and response["Location"] == desk["secret"].get_absolute_url()
