"""Tags never split by case or spacing, and duplicates merged in one go."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st
from taggit.models import Tag

from articles.models import ArticleTag
from articles.tagging import edit_string_for_tags, normalise_tag_names, parse_tags
from tests.admin_forms import open_and_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Rusia, rusia , RUSIA", ["Rusia"]),
        ("  Berita   hari ini ,Riau", ["Berita hari ini", "Riau"]),
        ('"Pekanbaru, Riau", banjir', ["Pekanbaru, Riau", "banjir"]),
        # One tag of several words, typed alone: never split at its spaces (taggit's own parser made three).
        ("Berita hari ini", ["Berita hari ini"]),
        ("Amerika Serikat\nRiau", ["Amerika Serikat Riau"]),
        ("", []),
        (None, []),
    ],
)
def test_typed_tags_are_normalised(typed, expected):
    assert parse_tags(typed) == expected


@given(st.lists(st.text(max_size=30), max_size=6))
def test_the_tag_field_reads_back_the_names_it_shows(names):
    shown = edit_string_for_tags([Tag(name=name) for name in names])
    assert parse_tags(shown) == normalise_tag_names(names)


def test_a_tag_typed_in_another_case_or_spacing_reuses_the_existing_one(client, make_article, desk_user):
    make_article("Pertama", tags=["Rusia"])
    second = make_article("Kedua")
    client.force_login(desk_user("Editor", "redaktur"))
    open_and_post(client, f"/admin/articles/article/{second.pk}/change/", tags="rusia ,  Berita  hari ini")
    assert sorted(second.tags.names()) == ["Berita hari ini", "Rusia"]
    assert Tag.objects.filter(name__iexact="rusia").count() == 1


def test_an_editor_merges_duplicate_tags_without_tagging_an_article_twice(client, make_article, desk_user):
    keep = Tag.objects.create(name="Rusia", slug="rusia")
    duplicate = Tag.objects.create(name="Russia", slug="russia")
    both = make_article("Bertag dua-duanya")
    both.tags.add(keep, duplicate)
    only_duplicate = make_article("Bertag duplikat")
    only_duplicate.tags.add(duplicate)
    client.force_login(desk_user("Editor", "redaktur"))
    selected = {"action": "merge_selected_tags", "_selected_action": [keep.pk, duplicate.pk]}
    confirmation = client.post("/admin/taggit/tag/", selected)
    assert confirmation.status_code == 200 and "Russia" in confirmation.content.decode()
    client.post("/admin/taggit/tag/", {**selected, "confirm": "yes", "target": keep.pk})
    assert list(Tag.objects.values_list("name", flat=True)) == ["Rusia"]
    assert list(both.tags.names()) == ["Rusia"] and list(only_duplicate.tags.names()) == ["Rusia"]
    assert ArticleTag.objects.count() == 2


def test_a_reporter_cannot_merge_tags(client, desk_user):
    one, two = Tag.objects.create(name="A"), Tag.objects.create(name="B")
    client.force_login(desk_user("Reporter", "wartawan"))
    client.post(
        "/admin/taggit/tag/",
        {"action": "merge_selected_tags", "_selected_action": [one.pk, two.pk], "confirm": "yes", "target": one.pk},
    )
    assert Tag.objects.count() == 2


@pytest.fixture
def desk_tags(make_article):
    """Tags in use: "Riau" on three stories, "Rusia" on two, "Pekanbaru, Riau" on one, "Amerika Serikat" on one."""
    for n in range(3):
        make_article(f"Berita Riau {n}", tags=["Riau"] + (["Rusia"] if n < 2 else []))
    make_article("Banjir di kota", tags=["Pekanbaru, Riau", "Amerika Serikat"])


def suggestions_for(client, typed):
    response = client.get("/admin/articles/article/tag-suggestions/", {"q": typed})
    assert response.status_code == 200
    return response.json()["tags"]


def test_a_reporter_typing_a_tag_is_offered_the_desks_tags_beginning_with_it_first(client, desk_user, desk_tags):
    client.force_login(desk_user("Reporter"))
    # "Riau" (3 stories) before "Rusia" (2): both begin with "r"; then names that only contain it.
    assert suggestions_for(client, "r") == ["Riau", "Rusia", "Amerika Serikat", "Pekanbaru, Riau"]
    assert suggestions_for(client, "riau") == ["Riau", "Pekanbaru, Riau"]
    assert suggestions_for(client, "  RUS ") == ["Rusia"]
    assert suggestions_for(client, "") == suggestions_for(client, " ") == []
    assert suggestions_for(client, "Jepang") == []


def test_tag_suggestions_take_one_query_however_many_tags_match(client, desk_user, desk_tags, make_article):
    client.force_login(desk_user("Editor"))

    def queries_for(typed):
        with CaptureQueriesContext(connection) as queries:
            suggestions_for(client, typed)
        return [query["sql"] for query in queries]

    few = queries_for("a")
    for n in range(12):
        make_article(f"Lagi {n}", tags=[f"Agenda {n}"])
    many = queries_for("a")
    assert len(many) == len(few)
    assert len([sql for sql in many if "taggit_tag" in sql]) == 1
    assert len(suggestions_for(client, "a")) == 10


def test_only_the_desk_sees_tag_suggestions(client, desk_tags, django_user_model):
    response = client.get("/admin/articles/article/tag-suggestions/", {"q": "r"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("pembaca", password="rahasia", is_staff=True))
    assert client.get("/admin/articles/article/tag-suggestions/", {"q": "r"}).status_code == 403


def test_a_reporter_is_not_offered_the_tags_only_a_colleagues_draft_carries(client, desk_user, desk_tags, make_article):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    reporter, colleague = desk_user("Reporter"), desk_user("Reporter", "rekan")
    make_article("Reshuffle kabinet", status=Article.Status.DRAFT, created_by=colleague, tags=["Reshuffle kabinet"])
    make_article("Rencana mudik", published_at=timezone.now() + timedelta(days=1), tags=["Rencana mudik"])
    make_article("Catatan saya", status=Article.Status.DRAFT, created_by=reporter, tags=["Rekam jejak"])
    client.force_login(reporter)
    assert suggestions_for(client, "re") == ["Rekam jejak"]  # their own draft's; no colleague's, nothing embargoed
    client.force_login(desk_user("Editor"))
    assert set(suggestions_for(client, "re")) == {"Rekam jejak", "Rencana mudik", "Reshuffle kabinet"}
    # Nor are they listed in the admin's tag list, which shows the same tags the form suggests.
    client.force_login(reporter)
    listed = client.get("/admin/taggit/tag/").content.decode()
    assert "Rekam jejak" in listed and "Riau" in listed
    assert "Reshuffle kabinet" not in listed and "Rencana mudik" not in listed
    # Nor named by the article list's tag filter, whose choice shows the tag an address names.
    hidden = Tag.objects.get(name="Reshuffle kabinet")
    assert "Reshuffle kabinet" not in client.get("/admin/articles/article/", {"tag": hidden.pk}).content.decode()
