"""Who may do what on the desk, checked through the admin the way each person would try it (and by hand)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from articles.models import Article, AuditEntry, Correction
from tests.admin_forms import change_form_data
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def desk(desk_user, make_article):
    """A small desk: a reporter, a colleague, an editor, a photo editor, and their articles."""
    people = {
        "Reporter": desk_user("Reporter", "wartawan"),
        "Editor": desk_user("Editor", "redaktur"),
        "Photo editor": desk_user("Photo editor", "fotografer"),
    }
    colleague = desk_user("Reporter", "wartawan-lain")
    others_draft = make_article("Banjir rendam Pekanbaru", status=Article.Status.DRAFT, created_by=colleague)
    in_review = make_article("Harga sawit naik", status=Article.Status.REVIEW, created_by=colleague)
    published = make_article("Gubernur resmikan jembatan", created_by=colleague)
    place_photo(published, caption="Jembatan Siak", credit="ANTARA")
    return {
        "people": people,
        "others_draft": others_draft,
        "in_review": in_review,
        "published": published,
        "make_article": make_article,
    }


def form_as_the_desk_sees_it(article, **changes):
    """The full change form of `article` as an all-powerful admin sees it, so anybody can post it by hand."""
    admin = get_user_model().objects.filter(username="root").first() or get_user_model().objects.create_superuser(
        "root", "root@example.com", "x"
    )
    browser = Client()
    browser.force_login(admin)
    return change_form_data(browser.get(change_url(article)), **changes)


def create(client, user, desk):
    form = {
        "headline": "Kabut asap selimuti Dumai",
        "slug": "kabut-asap-selimuti-dumai",
        "body": "Dumai - Kabut asap.",
        "status": "draft",
        "language": "id",
        **{f"photos-{k}": v for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()},
        **{f"related_links-{k}": v for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()},
        **{f"credits-{k}": v for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()},
    }
    client.post("/admin/articles/article/add/", form)
    return Article.objects.filter(slug="kabut-asap-selimuti-dumai", created_by=user).exists()


def edit_own_draft(client, user, desk):
    draft = desk["make_article"]("Draf sendiri", status=Article.Status.DRAFT, created_by=user)
    client.post(change_url(draft), form_as_the_desk_sees_it(draft, headline="Draf sendiri, diperbaiki"))
    return Article.objects.get(pk=draft.pk).headline == "Draf sendiri, diperbaiki"


def edit_others_draft(client, user, desk):
    draft = desk["others_draft"]
    client.post(change_url(draft), form_as_the_desk_sees_it(draft, body="Ditulis ulang orang lain."))
    return Article.objects.get(pk=draft.pk).body_text == "Ditulis ulang orang lain."


def submit_for_review(client, user, desk):
    draft = desk["make_article"]("Draf untuk ditinjau", status=Article.Status.DRAFT, created_by=user)
    client.post(CHANGELIST, {"action": "submit_for_review", "_selected_action": [draft.pk]})
    return Article.objects.get(pk=draft.pk).status == Article.Status.REVIEW


def publish(client, user, desk):
    article = desk["in_review"]
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [article.pk], "confirm": "yes"})
    return Article.objects.published().filter(pk=article.pk).exists()


def schedule(client, user, desk):
    article = desk["in_review"]
    when = timezone.localtime() + timedelta(days=2)
    client.post(
        CHANGELIST,
        {
            "action": "schedule",
            "_selected_action": [article.pk],
            "confirm": "yes",
            "published_at_0": when.strftime("%d/%m/%Y"),
            "published_at_1": when.strftime("%H:%M:%S"),
        },
    )
    return Article.objects.scheduled().filter(pk=article.pk).exists()


def withdraw(client, user, desk):
    article = desk["published"]
    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [article.pk], "confirm": "yes"})
    return Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN


def correct(client, user, desk):
    article = desk["published"]
    client.post(
        "/admin/articles/correction/add/",
        {"article": article.pk, "kind": "correction", "text": "Jembatan itu di Siak, bukan di Kampar."},
    )
    return Correction.objects.filter(article=article).exists()


def edit_photo_caption_in_the_story(client, user, desk):
    article = desk["published"]
    data = form_as_the_desk_sees_it(article, **{"photos-0-story_caption": "Jembatan Siak IV, Kabupaten Siak"})
    client.post(change_url(article), data)
    return article.photos.get().caption == "Jembatan Siak IV, Kabupaten Siak"


def delete_others_article(client, user, desk):
    draft = desk["others_draft"]
    client.post(f"/admin/articles/article/{draft.pk}/delete/", {"post": "yes"})
    return not Article.objects.filter(pk=draft.pk).exists()


ALLOWED = {
    # action:                         Reporter, Editor, Photo editor
    create: (True, True, False),
    edit_own_draft: (True, True, False),
    edit_others_draft: (False, True, False),
    submit_for_review: (True, True, False),
    publish: (False, True, False),
    schedule: (False, True, False),
    withdraw: (False, True, False),
    correct: (False, True, False),
    edit_photo_caption_in_the_story: (False, True, True),
    delete_others_article: (False, True, False),
}
ROLES = ["Reporter", "Editor", "Photo editor"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED), ids=lambda action: action.__name__)
def test_permission_matrix(client, desk, role, action):
    user = desk["people"][role]
    client.force_login(user)
    expected = ALLOWED[action][ROLES.index(role)]
    assert action(client, user, desk) is expected


def test_a_reporter_who_posts_published_by_hand_gets_a_form_error_and_nothing_is_published(desk, login):
    reporter = desk["people"]["Reporter"]
    draft = desk["make_article"]("Draf wartawan", status=Article.Status.DRAFT, created_by=reporter)
    client = login(reporter)
    response = client.post(change_url(draft), form_as_the_desk_sees_it(draft, status="published"))
    assert response.status_code == 200
    assert "Hanya redaktur yang bisa menerbitkan" in str(response.context["adminform"].form.errors)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert not AuditEntry.objects.filter(article=draft).exists()


def test_a_reporter_cannot_set_the_publication_time_by_hand(desk, login):
    reporter = desk["people"]["Reporter"]
    draft = desk["make_article"]("Draf terjadwal", status=Article.Status.DRAFT, created_by=reporter)
    client = login(reporter)
    client.post(
        change_url(draft),
        form_as_the_desk_sees_it(draft, status="review", published_at_0="01/01/2030", published_at_1="07:00:00"),
    )
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Article.Status.REVIEW, None)


def test_a_reporter_sees_only_their_own_work_and_published_articles(desk, login):
    reporter = desk["people"]["Reporter"]
    own = desk["make_article"]("Draf sendiri", status=Article.Status.DRAFT, created_by=reporter)
    response = login(reporter).get(CHANGELIST)
    assert set(response.context["cl"].result_list) == {own, desk["published"]}
    assert response.context["cl"].result_count == 2


def test_a_reporter_may_discard_their_own_draft_but_not_one_in_review(desk, login):
    reporter = desk["people"]["Reporter"]
    client = login(reporter)
    own = desk["make_article"]("Draf dibuang", status=Article.Status.DRAFT, created_by=reporter)
    reviewed = desk["make_article"]("Draf ditinjau", status=Article.Status.REVIEW, created_by=reporter)
    for article in (own, reviewed):
        client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=own.pk).exists()
    assert Article.objects.filter(pk=reviewed.pk).exists()


def test_a_photo_editor_changes_the_photo_but_not_the_text(desk, login):
    article = desk["published"]
    client = login(desk["people"]["Photo editor"])
    data = form_as_the_desk_sees_it(article, headline="Judul diganti fotografer", **{"photos-0-story_caption": "Baru"})
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Gubernur resmikan jembatan"
    assert article.photos.get().caption == "Baru"


def test_the_change_form_offers_a_reporter_only_draft_and_review(desk, login):
    reporter = desk["people"]["Reporter"]
    draft = desk["make_article"]("Draf pilihan status", status=Article.Status.DRAFT, created_by=reporter)
    page = login(reporter).get(change_url(draft)).content.decode()
    assert 'value="review"' in page
    assert 'value="published"' not in page and 'value="withdrawn"' not in page


@pytest.mark.parametrize("role", ROLES)
def test_every_desk_page_opens_for_every_role(desk, login, role):
    """No role meets a server error: each page either opens or refuses (403/redirect)."""
    client = login(desk["people"][role])
    article = desk["published"]
    pages = [
        CHANGELIST,
        "/admin/articles/article/add/",
        change_url(article),
        f"/admin/articles/article/{article.pk}/history/",
        "/admin/meja/",
        "/admin/articles/correction/",
        f"/admin/articles/correction/add/?article={article.pk}",
        "/admin/articles/auditentry/",
        "/admin/taggit/tag/",
    ]
    for url in pages:
        assert client.get(url).status_code in {200, 302, 403}, url
    page = client.get(change_url(article))
    if role == "Photo editor":
        assert page.status_code == 200 and 'name="headline"' not in page.content.decode()
        assert 'name="photos-0-story_caption"' in page.content.decode()
    if role == "Editor":
        schedule_page = client.post(CHANGELIST, {"action": "schedule", "_selected_action": [desk["in_review"].pk]})
        assert schedule_page.status_code == 200 and 'name="published_at_0"' in schedule_page.content.decode()


def test_a_reporter_is_not_offered_the_bulk_delete_and_deletes_a_draft_from_its_page(desk, login):
    reporter = desk["people"]["Reporter"]
    own = desk["make_article"]("Draf sendiri", status=Article.Status.DRAFT, created_by=reporter)
    client = login(reporter)
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "delete_selected" not in [name for name, _label in actions]
    selected = {"action": "delete_selected", "_selected_action": [own.pk, desk["published"].pk], "post": "yes"}
    client.post(CHANGELIST, selected)
    assert Article.objects.filter(pk__in=[own.pk, desk["published"].pk]).count() == 2
    client.post(f"/admin/articles/article/{own.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=own.pk).exists()


def test_an_editor_is_offered_the_bulk_delete(desk, login):
    client = login(desk["people"]["Editor"])
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "delete_selected" in [name for name, _label in actions]
