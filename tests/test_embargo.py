"""Nothing a reader, a partner or a feed reader gets says anything about a story before its time: not its address,
not the tag or source only it uses. And names in a feed's channel read as they were typed."""

import html
from datetime import timedelta

import feedparser
import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article, RelatedLink, Section, Source
from articles.ninjs import article_to_ninjs
from articles.public.pagination import older_than_query

pytestmark = pytest.mark.django_db

ODD_NAME = '<b>Rusia</b> & "x"'


@pytest.fixture
def embargoed(make_article):
    """A story an editor scheduled for tomorrow: its headline (and so its slug) is news until then."""
    return make_article("Kabinet dirombak Senin pagi", published_at=timezone.now() + timedelta(days=1))


def test_the_ninjs_api_gives_no_address_of_a_scheduled_baca_juga_story(client, make_article, embargoed):
    story = make_article("Presiden panggil menteri ke istana")
    RelatedLink.objects.create(article=story, title="Menteri dipanggil", target=embargoed)
    response = client.get(f"/api/ninjs/{story.slug}/")
    assert response.status_code == 200
    [related] = response.json()["associations"]
    assert "renditions" not in related
    assert embargoed.slug not in response.content.decode()
    embargoed.published_at = timezone.now() - timedelta(minutes=1)
    embargoed.save()
    [related] = client.get(f"/api/ninjs/{story.slug}/").json()["associations"]
    assert related["renditions"][0]["href"].endswith(f"/berita/{embargoed.slug}/")


def test_a_scheduled_storys_own_ninjs_document_has_no_web_address_yet(embargoed):
    document = article_to_ninjs(Article.objects.for_ninjs().get(pk=embargoed.pk), base_url=settings.SITE_URL)
    assert "renditions" not in document


def subject_pages(kind, slug):
    prefix = {"tag": "/tag", "source": "/sumber", "section": "/rubrik"}[kind]
    return [f"{prefix}/{slug}/", f"{prefix}/{slug}/feed/", f"{prefix}/{slug}/feed/atom/"]


def story_about(make_article, kind, name, **fields):
    if kind == "tag":
        return make_article("Berita tentang " + name, tags=[name], **fields)
    model = {"source": Source, "section": Section}[kind]
    return make_article("Berita tentang " + name, **{kind: model.objects.get_or_create(name=name)[0]}, **fields)


@pytest.mark.parametrize("kind", ["tag", "source", "section"])
@pytest.mark.parametrize(
    "unpublished",
    [{"status": Article.Status.DRAFT}, {"status": Article.Status.REVIEW}, {"published_at": "tomorrow"}],
    ids=["draft", "review", "scheduled"],
)
def test_a_subject_only_unpublished_stories_use_is_as_unknown_as_a_made_up_one(client, make_article, kind, unpublished):
    if unpublished.get("published_at") == "tomorrow":
        unpublished = {"published_at": timezone.now() + timedelta(days=1)}
    story = story_about(make_article, kind, "Reshuffle kabinet", **unpublished)
    # Also an old numbered page (it would redirect) and a page of older stories (it would be empty).
    [page] = subject_pages(kind, "reshuffle-kabinet")[:1]
    older = page + "?" + older_than_query(timezone.now() - timedelta(days=30), 1)
    for url in [*subject_pages(kind, "reshuffle-kabinet"), page + "?page=2", older, *subject_pages(kind, "dibuat")]:
        response = client.get(url)
        assert response.status_code == 404, url
        # Not even in the section menu: the menu names the sections readers can open.
        assert b"Reshuffle kabinet" not in response.content, url
    story.status, story.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
    story.save()
    for url in [*subject_pages(kind, "reshuffle-kabinet"), older]:
        assert client.get(url).status_code == 200, url  # the older page: none older yet, and it says so
    assert client.get(page + "?page=2")["Location"] == page


FEED_TITLES = {"tag": "Tag: " + ODD_NAME, "source": "Sumber: " + ODD_NAME, "section": ODD_NAME}


@pytest.mark.parametrize("kind", ["tag", "source", "section"])
def test_a_name_with_markup_reads_as_typed_in_the_rss_channel(client, make_article, kind):
    story_about(make_article, kind, ODD_NAME)
    [_, rss, _] = subject_pages(kind, "brusiab-x")
    parsed = feedparser.parse(client.get(rss).content)
    assert not parsed.bozo
    for field in ("title_detail", "subtitle_detail"):
        detail = parsed.feed[field]
        # Feed readers take the RSS channel's text as HTML: the name arrives escaped, no <b> to render.
        assert detail["type"] == "text/html", field
        assert "<b>" not in detail["value"], field
        assert html.unescape(detail["value"]).endswith(FEED_TITLES[kind]), field


@pytest.mark.parametrize("kind", ["tag", "source", "section"])
def test_a_name_with_markup_reads_as_typed_in_the_atom_feed(client, make_article, kind):
    story_about(make_article, kind, ODD_NAME)
    [_, _, atom] = subject_pages(kind, "brusiab-x")
    parsed = feedparser.parse(client.get(atom).content)
    assert not parsed.bozo
    for field in ("title_detail", "subtitle_detail"):
        detail = parsed.feed[field]
        # Atom says its text is plain: no second escape there, or readers would see "&lt;b&gt;".
        assert detail["type"] == "text/plain", field
        assert detail["value"].endswith(FEED_TITLES[kind]), field


def test_the_desk_shows_a_reporter_their_own_scheduled_story_not_a_colleagues(client, desk_user, embargoed):
    reporter = desk_user("Reporter")
    own = Article.objects.create(
        headline="Jadwal banjir kanal",
        body="Isi.",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=3),
        created_by=reporter,
    )
    client.force_login(reporter)
    page = client.get("/admin/meja/").content.decode()
    assert own.headline in page
    assert embargoed.headline not in page
    client.force_login(desk_user("Editor"))
    assert embargoed.headline in client.get("/admin/meja/").content.decode()
