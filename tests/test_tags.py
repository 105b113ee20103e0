"""Tags never split by case or spacing, and duplicates merged in one go."""

import pytest
from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag, TaggedItem

from articles.tagging import parse_tags
from tests.admin_forms import open_and_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Rusia, rusia , RUSIA", ["Rusia"]),
        ("  Berita   hari ini ,Riau", ["Berita hari ini", "Riau"]),
        ('"Pekanbaru, Riau", banjir', ["Pekanbaru, Riau", "banjir"]),
        ("", []),
    ],
)
def test_typed_tags_are_normalised(typed, expected):
    assert parse_tags(typed) == expected


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
    article_type = ContentType.objects.get_for_model(both)
    assert TaggedItem.objects.filter(content_type=article_type).count() == 2


def test_a_reporter_cannot_merge_tags(client, desk_user):
    one, two = Tag.objects.create(name="A"), Tag.objects.create(name="B")
    client.force_login(desk_user("Reporter", "wartawan"))
    client.post(
        "/admin/taggit/tag/",
        {"action": "merge_selected_tags", "_selected_action": [one.pk, two.pk], "confirm": "yes", "target": one.pk},
    )
    assert Tag.objects.count() == 2
