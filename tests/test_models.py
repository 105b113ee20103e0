from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Photo, RelatedLink, Section, Source
from articles.text import label

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_headline(make_article):
    article = make_article("Rusia siap bantu Azerbaijan & Armenia")
    assert article.slug == "rusia-siap-bantu-azerbaijan-armenia"
    assert article.get_absolute_url() == "/berita/rusia-siap-bantu-azerbaijan-armenia/"
    assert str(article) == "Rusia siap bantu Azerbaijan & Armenia"


def test_two_stories_with_the_same_headline_get_distinct_slugs(make_article):
    first = make_article("Banjir di Pekanbaru")
    second = make_article("Banjir di Pekanbaru")
    assert (first.slug, second.slug) == ("banjir-di-pekanbaru", "banjir-di-pekanbaru-2")


def test_slug_stays_when_a_published_headline_is_corrected(make_article):
    article = make_article("Gubernur Riau resmikan jembatan")
    article.headline = "Gubernur Riau resmikan jembatan baru di Siak"
    article.save()
    article.refresh_from_db()
    assert article.slug == "gubernur-riau-resmikan-jembatan"


def test_the_database_refuses_a_duplicate_slug(make_article):
    make_article("Harga sawit naik", slug="harga-sawit")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="Lain", slug="harga-sawit", body="x")


@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Article.Status.PUBLISHED, timedelta(hours=-1), True),
        (Article.Status.PUBLISHED, timedelta(hours=1), False),
        (Article.Status.DRAFT, timedelta(hours=-1), False),
        (Article.Status.DRAFT, timedelta(hours=1), False),
        (Article.Status.REVIEW, timedelta(hours=-1), False),
        (Article.Status.WITHDRAWN, timedelta(hours=-1), False),
    ],
)
def test_published_queryset_shows_only_what_readers_may_see(make_article, status, offset, visible):
    article = make_article(status=status, published_at=timezone.now() + offset)
    assert (article in Article.objects.published()) is visible
    assert article.is_visible is visible


def test_publishing_without_a_time_stamps_now(make_article):
    before = timezone.now()
    article = make_article(status=Article.Status.PUBLISHED, published_at=None)
    assert article.published_at >= before


def test_a_published_article_without_a_time_is_refused_by_the_database(make_article):
    article = make_article(status=Article.Status.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED, published_at=None)


def test_language_must_be_an_iso_639_1_code(make_article):
    article = make_article()
    article.language = "ID"
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "language" in excinfo.value.message_dict


def test_summary_falls_back_to_the_first_paragraph(make_article):
    article = make_article(body="Paragraf pembuka.\n\nParagraf kedua.")
    assert article.lede == "Paragraf pembuka."
    assert article.paragraphs == ["Paragraf pembuka.", "Paragraf kedua."]
    article.summary = "Ringkasan redaksi."
    assert article.lede == "Ringkasan redaksi."


def test_related_title_links_to_the_matching_headline_ignoring_case_and_spacing(make_article):
    target = make_article("Menlu Rusia sebut anggota baru DK PBB harus negara berkembang")
    article = make_article("Rusia siap bantu")
    link = RelatedLink.objects.create(
        article=article, title="  menlu rusia  sebut anggota baru DK PBB harus negara berkembang "
    )
    assert link.target == target
    assert link.get_absolute_url() == target.get_absolute_url()


def test_related_title_links_when_its_article_arrives_later(make_article):
    article = make_article("Rusia siap bantu")
    link = RelatedLink.objects.create(article=article, title="China-Rusia gelar pertemuan di Beijing")
    assert link.target is None
    later = make_article("China-Rusia gelar pertemuan di Beijing")
    link.refresh_from_db()
    assert link.target == later


def test_sources_and_sections_get_slugs_and_urls(db):
    source = Source.objects.create(name="Anadolu Agency")
    section = Section.objects.create(name="Internasional")
    assert (str(source), source.get_absolute_url()) == ("Anadolu Agency", "/sumber/anadolu-agency/")
    assert (str(section), section.get_absolute_url()) == ("Internasional", "/rubrik/internasional/")


def test_reference_article_photo_knows_it_is_from_the_archive(reference_article):
    photo = reference_article.lead_photo
    assert photo.is_archive and photo.credit == "ANTARA/REUTERS"
    assert str(photo).startswith("Tentara etnik Armenia")


def test_a_long_caption_is_named_by_whole_words_in_the_admin(make_article):
    caption = "Tentara etnik Armenia berjaga di pos militer dekat pasukan penjaga perdamaian Rusia di Nagorno-Karabakh."
    photo = Photo.objects.create(caption=caption)
    # The 80th character falls inside "Rusia": the label stops before it, not in the middle of the word.
    assert str(photo) == "Tentara etnik Armenia berjaga di pos militer dekat pasukan penjaga perdamaian…"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Banjir di Pekanbaru", "Banjir di Pekanbaru"),  # short enough: as written
        ("Banjir rob melanda pesisir Dumai", "Banjir rob melanda…"),  # the cut falls inside "pesisir"
        ("Banjir rob melanda, pesisir Dumai", "Banjir rob melanda…"),  # no comma left before the ellipsis
        ("Banjirrobmelandapesisir Dumai", "Banjirrobmelandapes…"),  # one long word: cut inside it
    ],
)
def test_labels_are_cut_between_words(text, shown):
    assert label(text, 20) == shown
