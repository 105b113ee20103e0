"""Invisible characters make no second story, no second tag and no reversed page title (issue 13, item 9)."""

import importlib
import re

import pytest
from taggit.models import Tag

from articles.models import Article
from articles.text import content_fingerprint, normalise_key, story_key, visible_text
from tests.admin_forms import open_and_post
from tests.test_import_command import SAMPLE, dump, run_import

pytestmark = pytest.mark.django_db

ZWSP, RLO = "\u200b", "\u202e"
INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width characters
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",  # bidi isolates and marks
]  # fmt: skip


@pytest.mark.parametrize("character", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_is_no_part_of_a_texts_identity(character):
    headline = "Rusia siap bantu Azerbaijan"
    tampered = headline.replace("Rusia", f"Rus{character}ia")
    assert visible_text(tampered) == headline
    assert normalise_key(tampered) == normalise_key(headline)
    assert story_key(tampered, f"Istan{character}bul") == story_key(headline, "Istanbul")
    assert content_fingerprint(tampered, ["Paragraf."]) == content_fingerprint(headline, ["Paragraf."])


def test_composed_and_decomposed_accents_are_one_text():
    assert visible_text("Kafe\u0301 Pekanbaru") == "Kafé Pekanbaru"


def test_a_zero_width_space_in_a_headline_is_the_same_story_not_a_second_one(tmp_path):
    run_import(SAMPLE)
    text = SAMPLE.read_text(encoding="utf-8").replace("Rusia siap bantu", f"Rusia{ZWSP} siap bantu")
    (tmp_path / "dikirim-ulang.txt").write_text(text, encoding="utf-8")
    out, _, _ = run_import(tmp_path)
    assert "imported 0, updated 0, unchanged 1" in out
    assert Article.objects.count() == 1


def test_an_imported_headline_dateline_and_keywords_are_stored_without_invisible_characters(tmp_path):
    Tag.objects.create(name="Rusia")
    body = f"Pekanbaru ({RLO}ANT{ZWSP}ARA) - Isi berita pertama.\n\nParagraf kedua."
    (tmp_path / "berita.txt").write_text(dump(f"Banjir {RLO}di Riau", body, keywords=f"Rus{ZWSP}ia"), "utf-8")
    run_import(tmp_path)
    article = Article.objects.get()
    assert (article.headline, article.dateline_place, article.dateline_agency) == (
        "Banjir di Riau",
        "Pekanbaru",
        "ANTARA",
    )
    assert article.slug == "banjir-di-riau"
    assert list(article.tags.names()) == ["Rusia"] and Tag.objects.count() == 1


def test_a_newer_version_of_an_imported_story_keeps_to_the_existing_tag(tmp_path):
    (tmp_path / "berita.txt").write_text(dump("Banjir di Riau", keywords="Rusia"), "utf-8")
    run_import(tmp_path)
    newer = dump("Banjir di Riau", "Jakarta (ANTARA) - Isi berita yang diperbarui.", keywords=f"Rus{ZWSP}ia")
    (tmp_path / "berita.txt").write_text(newer, "utf-8")
    out, _, _ = run_import(tmp_path)
    assert "updated 1" in out
    assert list(Article.objects.get().tags.names()) == ["Rusia"] and Tag.objects.count() == 1


def test_a_tag_typed_with_a_zero_width_space_is_the_existing_tag(client, make_article, desk_user):
    make_article("Pertama", tags=["Rusia"])
    second = make_article("Kedua")
    client.force_login(desk_user("Editor", "redaktur"))
    open_and_post(client, f"/admin/articles/article/{second.pk}/change/", tags=f"Rus{ZWSP}ia")
    assert list(second.tags.names()) == ["Rusia"]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Rusia"]


def test_a_right_to_left_override_in_a_headline_does_not_turn_the_page_title_around(client, make_article):
    article = make_article(f"Gubernur Riau {RLO}meninjau banjir")
    assert article.headline == "Gubernur Riau meninjau banjir"
    page = client.get(article.get_absolute_url()).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)
    assert "Gubernur Riau meninjau banjir" in title and RLO not in page


def test_a_headline_of_invisible_characters_only_is_no_headline(client, make_article, desk_user):
    article = make_article("Banjir di Riau", status=Article.Status.DRAFT)
    client.force_login(desk_user("Editor", "redaktur"))
    response = open_and_post(client, f"/admin/articles/article/{article.pk}/change/", headline=f"{ZWSP}{RLO}")
    assert "headline" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.headline == "Banjir di Riau"


def test_a_tag_renamed_in_the_admin_is_cleaned_and_never_a_second_spelling(client, desk_user):
    riau, other = Tag.objects.create(name="Riau"), Tag.objects.create(name="Rusia Baru")
    client.force_login(desk_user("Editor", "redaktur"))
    open_and_post(client, f"/admin/taggit/tag/{riau.pk}/change/", name=f"Pekan{ZWSP}baru  Riau")
    riau.refresh_from_db()
    assert riau.name == "Pekanbaru Riau"
    response = open_and_post(client, f"/admin/taggit/tag/{other.pk}/change/", name=f"pekan{ZWSP}baru riau")
    assert response.context["adminform"].form.errors["name"] == [
        "Tag “pekanbaru riau” sudah ada: gabungkan kedua tag itu saja."
    ]


def test_stored_rows_are_brought_in_line_so_the_same_copy_is_still_recognised(tmp_path):
    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0007_visible_text_identity")
    run_import(SAMPLE)
    article = Article.objects.get()
    # As the importer stored a copy with a zero-width space before: in the headline, a tag, and every key.
    headline = article.headline.replace("Rusia siap", f"Rusia{ZWSP} siap")
    # The body as stored then, too: plain text (migration 0011 made it HTML later).
    Article.objects.filter(pk=article.pk).update(
        headline=headline,
        headline_key="lama",
        story_key="lama",
        body=article.body_text,
        fingerprint=migration._fingerprint_before(headline, article.body_text),
    )
    old_tag = Tag.objects.create(name=f"Rus{ZWSP}ia", slug="rus-ia")
    article.tags.add(old_tag)
    migration.clean_articles(apps, None)
    migration.clean_tags(apps, None)
    article.refresh_from_db()
    assert ZWSP not in article.headline and article.headline_key == normalise_key(article.headline)
    assert "Rusia" in article.tags.names() and not Tag.objects.filter(pk=old_tag.pk).exists()
    (tmp_path / "dikirim-ulang.txt").write_text(
        SAMPLE.read_text(encoding="utf-8").replace("Rusia siap bantu", f"Rusia{ZWSP} siap bantu"), encoding="utf-8"
    )
    for copy in (SAMPLE, tmp_path):
        out, _, _ = run_import(copy)
        assert "imported 0, updated 0, unchanged 1" in out
