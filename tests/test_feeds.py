"""Feed readers and aggregators follow the desk through RSS 2.0 and Atom feeds."""

import html
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article, Author, Credit, Photo, PhotoUse
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

FEEDS = ["/feed/", "/feed/atom/"]
SUBJECT_FEEDS = [
    "/tag/rusia/feed/",
    "/tag/rusia/feed/atom/",
    "/sumber/anadolu/feed/",
    "/sumber/anadolu/feed/atom/",
    "/rubrik/internasional/feed/",
    "/rubrik/internasional/feed/atom/",
    "/penulis/asim-kocabiyik/feed/",
    "/penulis/asim-kocabiyik/feed/atom/",
]


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


def add_photo_file(article, **fields):
    photo = Photo(**fields)
    photo.image.save("riau.jpg", ContentFile(jpeg_bytes((800, 600))), save=False)
    photo.save()
    PhotoUse.objects.create(article=article, photo=photo)
    return photo


@pytest.fixture
def illustrated_article(reference_article):
    """The reference Anadolu story, its photo file now arrived, reported by a named reporter at a known time."""
    Credit.objects.create(article=reference_article, author=Author.objects.create(name="Asim Kocabiyik"))
    reference_article.published_at = datetime(2023, 11, 28, 12, 5, tzinfo=UTC)
    reference_article.save()
    reference_article.photos.all().delete()
    add_photo_file(
        reference_article,
        caption="Tentara etnik Armenia mengamati kendaraan militer, November 2020.",
        credit="ANTARA/REUTERS",
        alt_text="Tentara di samping kendaraan lapis baja",
    )
    return reference_article


@pytest.mark.parametrize("url", FEEDS + SUBJECT_FEEDS)
def test_every_feed_parses_cleanly_and_carries_the_story(client, illustrated_article, url):
    response, parsed = read_feed(client, url)
    assert parsed.version in {"rss20", "atom10"}
    assert response["Content-Type"].startswith("application/rss+xml" if "atom" not in url else "application/atom+xml")
    [entry] = parsed.entries
    assert entry.title == illustrated_article.headline
    assert entry.link == "http://testserver" + illustrated_article.get_absolute_url()
    assert entry.summary == illustrated_article.lede
    assert entry.author == "Asim Kocabiyik"
    assert sorted(tag.term for tag in entry.tags) == ["Berita hari ini", "Rusia"]


@pytest.mark.parametrize("url", FEEDS)
def test_publication_date_is_given_in_wib(client, illustrated_article, url):
    _, parsed = read_feed(client, url)
    [entry] = parsed.entries
    raw = entry.published  # as written in the feed, before feedparser normalises it to UTC
    assert raw.endswith("+0700") or raw.endswith("+07:00"), raw
    assert entry.published_parsed[:5] == (2023, 11, 28, 12, 5)


@pytest.mark.parametrize("url", FEEDS)
def test_lead_photo_is_media_content_with_caption_and_credit(client, illustrated_article, url):
    _, parsed = read_feed(client, url)
    [entry] = parsed.entries
    photo = illustrated_article.lead_photo
    [media] = entry.media_content
    assert media["url"] == "http://testserver" + photo.image.url
    assert media["medium"] == "image"
    assert media["type"] == "image/jpeg"
    assert (media["width"], media["height"]) == ("800", "600")
    assert [credit["content"] for credit in entry.media_credit] == ["ANTARA/REUTERS"]
    # feedparser files a media:description under `content`, beside the story's own HTML (content:encoded, content).
    values = [content.value for content in entry.content]
    assert len(values) == 2 and photo.caption in values


@pytest.mark.parametrize("url", FEEDS)
def test_photo_waiting_for_its_file_gives_no_media_element(client, reference_article, url):
    assert not reference_article.lead_photo.image
    _, parsed = read_feed(client, url)
    [entry] = parsed.entries
    assert "media_content" not in entry
    assert "media_credit" not in entry
    assert entry.summary == reference_article.lede


def test_agency_is_the_author_when_no_reporter_is_named(client, reference_article):
    assert not reference_article.credits.exists()
    _, parsed = read_feed(client, "/feed/atom/")
    assert parsed.entries[0].author == "Anadolu"


def test_feeds_list_only_published_articles_newest_first(client, make_article):
    now = timezone.now()
    make_article("Berita lama", published_at=now - timedelta(days=2))
    make_article("Berita baru", published_at=now - timedelta(minutes=5))
    make_article("Konsep", status=Article.Status.DRAFT)
    make_article("Terjadwal besok", published_at=now + timedelta(days=1))
    for url in FEEDS:
        _, parsed = read_feed(client, url)
        assert [entry.title for entry in parsed.entries] == ["Berita baru", "Berita lama"]


def test_subject_feeds_hold_only_their_subject(client, reference_article, make_article):
    Credit.objects.create(article=reference_article, author=Author.objects.create(name="Asim Kocabiyik"))
    make_article("Harga sawit naik", tags=["Riau"], byline=[("reporter", "Rony")])
    for url in SUBJECT_FEEDS:
        _, parsed = read_feed(client, url)
        assert [entry.title for entry in parsed.entries] == [reference_article.headline], url
    _, parsed = read_feed(client, "/tag/rusia/feed/")
    assert parsed.feed.title.endswith("Tag: Rusia")
    assert parsed.feed.link == "http://testserver/tag/rusia/"


@pytest.mark.parametrize(
    "url",
    ["/tag/tidak-ada/feed/", "/sumber/tidak-ada/feed/atom/", "/rubrik/tidak-ada/feed/", "/penulis/tidak-ada/feed/"],
)
def test_feed_of_an_unknown_subject_is_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_markup_in_copy_stays_text_in_feeds(client, make_article):
    article = make_article("<script>alert('judul')</script> & Co", summary="Harga <b>naik</b> & turun")
    for url in FEEDS:
        _, parsed = read_feed(client, url)
        [entry] = parsed.entries
        assert entry.title == article.headline
        # The summary is HTML: the copy's markup arrives escaped, so a reader shows it as the words typed.
        assert entry.summary_detail.type == "text/html"
        assert "<b>" not in entry.summary
        assert html.unescape(entry.summary) == article.summary


@pytest.mark.parametrize("items", [1, 10])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/feed/", 5),
        ("/feed/atom/", 5),
        ("/tag/shared/feed/", 7),
        ("/sumber/anadolu/feed/atom/", 7),
        ("/penulis/rony/feed/atom/", 7),
    ],
)
def test_feeds_run_a_fixed_number_of_queries(
    client, make_article, anadolu, django_assert_num_queries, items, url, queries
):
    for n in range(items):
        byline = [("reporter", "Rony"), ("reporter", f"Pewarta {n}"), ("editor", f"Editor {n}")]
        article = make_article(f"Berita {n}", source=anadolu, tags=["shared", f"tag-{n}"], byline=byline)
        add_photo_file(article, caption=f"Foto {n}", credit="ANTARA")
    # articles (+section, source), photos, their renditions, tags, credits with their authors; a subject feed first
    # looks up its subject and one of its published stories
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(feedparser.parse(response.content).entries) == items


def test_atom_entry_links_its_first_author_to_their_page(client, illustrated_article):
    Credit.objects.create(
        article=illustrated_article, author=Author.objects.create(name="Rolex Malaha"), role="editor", order=1
    )
    _, parsed = read_feed(client, "/feed/atom/")
    [entry] = parsed.entries
    assert entry.author == "Asim Kocabiyik, Rolex Malaha"
    assert entry.author_detail.href == "http://testserver/penulis/asim-kocabiyik/"


def test_an_author_feed_lists_only_their_published_stories(client, illustrated_article, make_article):
    make_article("Cerita lain tanpa pewarta")
    make_article("Draf Asim", status=Article.Status.DRAFT, byline=[("reporter", "asim  KOCABIYIK")])
    _, parsed = read_feed(client, "/penulis/asim-kocabiyik/feed/")
    assert [entry.title for entry in parsed.entries] == [illustrated_article.headline]
