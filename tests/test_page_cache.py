"""Readers' pages from Django's cache: served without a query, and never older than what the desk saved."""

import logging
import os
from datetime import timedelta

import pytest
from django.utils import timezone
from redis.exceptions import RedisError
from taggit.models import Tag

from articles import workflow
from articles.models import Article, RelatedLink, Section
from articles.public.caching import current_generation
from articles.tagging import merge_tags
from tests.requirements import require

pytestmark = pytest.mark.django_db

READERS_PAGES = [
    "/",
    "{article}",
    "/en/",
    "/en{article}",
    "/tag/rusia/",
    "/sumber/anadolu/",
    "/rubrik/internasional/",
    "/cari/?q=Rusia",
    "/ralat/",
    "/feed/",
    "/tag/rusia/feed/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
    "/robots.txt",
    "/api/ninjs/",
    "/api/ninjs/{slug}/",
]


def address(page, article):
    return page.format(article=article.get_absolute_url(), slug=article.slug)


def cached(client, url, django_assert_num_queries):
    """Fetch `url` twice; the second answer must come from the cache (no query at all). Returns it."""
    first = client.get(url)
    assert first.status_code == 200, url
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    return again


@pytest.mark.parametrize("page", READERS_PAGES)
def test_a_readers_page_is_served_again_from_the_cache_without_a_query(
    client, reference_article, desk_user, page, django_assert_num_queries
):
    workflow.add_correction(reference_article, by=desk_user("Editor"), text="Nama menteri diperbaiki.")
    response = cached(client, address(page, reference_article), django_assert_num_queries)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=3600" in cache_control and "max-age=60" in cache_control
    assert response["Surrogate-Key"] == response["xkey"] and response["xkey"]
    # Nothing in the request but its address chose the page: one copy serves every reader.
    assert "Vary" not in response


def test_a_head_request_is_answered_from_the_cached_page(client, reference_article, django_assert_num_queries):
    url = reference_article.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        response = client.head(url)
    assert response.status_code == 200 and response.content == b""


def test_a_hit_is_answered_before_the_session_language_and_csrf_middleware_and_the_url_resolver(
    client, reference_article
):
    url = "/en" + reference_article.get_absolute_url()
    rendered = client.get(url)
    hit = client.get(url)
    assert hit.wsgi_request.page_cache_hit and hit.content == rendered.content
    # None of the work a rendered page needs was done for the hit: no URL resolved, no session or user attached.
    request = hit.wsgi_request
    assert request.resolver_match is None
    assert not hasattr(request, "session") and not hasattr(request, "user")
    # What those middleware put on the page came with it from the cache.
    assert hit["Content-Language"] == "en" and hit["X-Frame-Options"] == "DENY"
    assert hit["Cache-Control"] == rendered["Cache-Control"] and hit["ETag"] == rendered["ETag"]


def test_a_readers_other_cookies_do_not_keep_them_from_the_cached_page(client, reference_article, settings):
    url = reference_article.get_absolute_url()
    client.get(url)
    # The old language switcher's cookie and a CSRF cookie from the search form say nothing about who reads.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    response = client.get(url)
    assert response.wsgi_request.page_cache_hit and response["Content-Language"] == "id"


def test_any_session_cookie_gets_a_rendered_page_that_is_not_kept(
    client, reference_article, settings, django_assert_num_queries
):
    url = reference_article.get_absolute_url()
    client.get(url)
    # A session that has ended (or never existed) still says "someone who may have logged in": rendered.
    client.cookies[settings.SESSION_COOKIE_NAME] = "ended0session0key0that0no0store0has"
    response = client.get(url)
    assert response.status_code == 200 and not getattr(response.wsgi_request, "page_cache_hit", False)
    assert "private" in response["Cache-Control"] and "xkey" not in response
    del client.cookies[settings.SESSION_COOKIE_NAME]
    with django_assert_num_queries(0):
        assert client.get(url).wsgi_request.page_cache_hit


# Each kind of change is seen by the next reader ------------------------------------------------------------------


def publish(article, editor):
    workflow.publish(article, by=editor)


CHANGES = {
    "publish": (
        "/",
        lambda a, editor: publish(Article.objects.create(headline="Banjir rob di Dumai", body="Air naik."), editor),
        "Banjir rob di Dumai",
    ),
    "edit": ("{article}", lambda a, editor: setattr(a, "headline", "Rusia siap menengahi") or a.save(), "menengahi"),
    "correction": (
        "{article}",
        lambda a, editor: workflow.add_correction(a, by=editor, text="Jabatan Peskov diperbaiki."),
        "Jabatan Peskov diperbaiki.",
    ),
    "photo": ("{article}", lambda a, editor: _recaption(a), "Konvoi militer Rusia"),
    "tag merge": (
        "{article}",
        lambda a, editor: merge_tags(Tag.objects.create(name="Federasi Rusia"), list(Tag.objects.filter(name="Rusia"))),
        "Federasi Rusia",
    ),
    "section rename": ("/", lambda a, editor: _rename_section(a), "Mancanegara"),
    "source rename": ("/sumber/anadolu/", lambda a, editor: _rename_source(a), "Anadolu Ajansı"),
    "baca juga added": (
        "{article}",
        lambda a, editor: RelatedLink.objects.create(article=a, order=5, title="Putin bertemu Aliyev"),
        "Putin bertemu Aliyev",
    ),
}


def _recaption(article):
    photo = article.photos.get().photo  # the library photo: its caption shows in every story that uses it
    photo.caption = "Konvoi militer Rusia di Nagorno-Karabakh."
    photo.save()


def _rename_section(article):
    section = Section.objects.get(pk=article.section_id)
    section.name = "Mancanegara"
    section.save()


def _rename_source(article):
    source = article.source
    source.name = "Anadolu Ajansı"
    source.save()


@pytest.mark.parametrize("change", CHANGES)
def test_a_cached_page_shows_each_kind_of_change_at_once(
    client, reference_article, desk_user, change, django_assert_num_queries
):
    page, make_change, seen = CHANGES[change]
    url = address(page, reference_article)
    assert seen not in cached(client, url, django_assert_num_queries).content.decode()
    make_change(reference_article, desk_user("Editor"))
    assert seen in client.get(url).content.decode()


def test_a_withdrawn_story_leaves_its_cached_pages_at_once(
    client, reference_article, desk_user, django_assert_num_queries
):
    url = reference_article.get_absolute_url()
    cached(client, url, django_assert_num_queries)
    assert reference_article.headline in cached(client, "/", django_assert_num_queries).content.decode()
    workflow.withdraw(reference_article, by=desk_user("Editor"))
    assert client.get(url).status_code == 410
    assert reference_article.headline not in client.get("/").content.decode()


def test_a_new_address_is_followed_from_the_old_cached_one_at_once(
    client, reference_article, django_assert_num_queries
):
    old = reference_article.get_absolute_url()
    cached(client, old, django_assert_num_queries)
    reference_article.slug = "rusia-siap-bantu-perdamaian"
    reference_article.save()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == "/berita/rusia-siap-bantu-perdamaian/"


def test_a_change_is_also_announced_after_commit(reference_article, django_capture_on_commit_callbacks):
    # A reader may render a page from the rows as they were while the transaction was open; the generation moves on
    # again once the change is committed, so such a page is never served.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reference_article.headline = "Rusia siap menengahi"
        reference_article.save()
        during = current_generation()
    assert callbacks
    assert current_generation()[0] != during[0]


# Scheduled stories appear on time without a write -------------------------------------------------------------


def test_a_scheduled_story_appears_on_time_from_the_cache(client, make_article, clock, django_assert_num_queries):
    make_article("Gubernur lantik pejabat baru")
    make_article("Harga sawit naik", published_at=clock.now + timedelta(minutes=10))
    home = cached(client, "/", django_assert_num_queries)
    assert "Harga sawit naik" not in home.content.decode()
    # Neither this cache nor a shared one keeps the page past the story's time (s-maxage at most 10 minutes).
    assert "s-maxage=600" in home["Cache-Control"] and "stale-while-revalidate" not in home["Cache-Control"]
    clock.advance(minutes=9)
    with django_assert_num_queries(0):
        assert "Harga sawit naik" not in client.get("/").content.decode()
    clock.advance(minutes=1, seconds=1)
    assert "Harga sawit naik" in client.get("/").content.decode()


def test_a_scheduled_baca_juga_target_becomes_a_link_on_time(client, make_article, clock, django_assert_num_queries):
    article = make_article("Pasar Riau ramai")
    target = make_article("Harga sawit naik", published_at=clock.now + timedelta(hours=1))
    RelatedLink.objects.create(article=article, title="Harga sawit naik")
    url = article.get_absolute_url()
    assert '<li dir="auto">Harga sawit naik</li>' in cached(client, url, django_assert_num_queries).content.decode()
    clock.advance(hours=1, seconds=1)
    assert f'<a href="{target.get_absolute_url()}">Harga sawit naik</a>' in client.get(url).content.decode()


# Staff are never served from the cache, nor is what they see kept for readers ---------------------------------


def test_staff_are_never_served_a_cached_page_and_their_pages_are_never_kept(client, reference_article, desk_user):
    url = reference_article.get_absolute_url()
    client.force_login(desk_user("Editor"))
    for response in [client.get(url), client.get(url), client.get("/")]:
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"] and "xkey" not in response
    client.logout()
    # The reader's first request still renders the page: nothing the staff member was shown was stored.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > 0


def test_staff_preview_a_draft_change_that_readers_never_see(client, reference_article, desk_user):
    readers_url = reference_article.get_absolute_url()
    client.get(readers_url)
    draft = Article.objects.create(headline="Draf rahasia redaksi", body="Belum terbit.", created_by=None)
    client.force_login(desk_user("Editor"))
    preview = client.get(draft.get_preview_url())
    assert preview.status_code == 200 and "Draf rahasia redaksi" in preview.content.decode()
    assert "private" in preview["Cache-Control"] and "no-cache" in preview["Cache-Control"]
    client.logout()
    assert client.get(draft.get_preview_url()).status_code == 404
    assert "Draf rahasia redaksi" not in client.get("/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


# A cache that does not answer ----------------------------------------------------------------------------------


def test_with_the_cache_down_readers_get_pages_and_editors_save(client, reference_article, redis_down, caplog):
    url = reference_article.get_absolute_url()
    with caplog.at_level(logging.WARNING, logger="articles.public.caching"):
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200 and reference_article.headline in response.content.decode()
        reference_article.headline = "Rusia siap menengahi"
        reference_article.save()
        assert "Rusia siap menengahi" in client.get(url).content.decode()
    # Said once, not on every request.
    assert [record.getMessage()[:36] for record in caplog.records] == ["The page cache does not answer; serv"]
    # Shared caches may still keep the page, for no longer than the next scheduled story's time.
    assert "s-maxage" in response["Cache-Control"]


def test_the_next_scheduled_time_also_bounds_pages_while_the_cache_is_down(client, make_article, redis_down):
    make_article("Harga sawit naik", published_at=timezone.now() + timedelta(seconds=120))
    response = client.get("/")
    assert response.status_code == 200
    max_s_maxage = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 0 < max_s_maxage <= 120


# Through Redis, as in production -------------------------------------------------------------------------------


@pytest.fixture
def redis_cache(settings):
    """The site's Redis cache (django-redis) on the local server (database 7), emptied before and after; skipped
    without one (a failure under CI, which runs Redis)."""
    from django.core.cache import cache

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}}
    try:
        cache.clear()
    except RedisError as error:  # the other tests cover the local-memory cache and a Redis that is down
        require(False, f"no Redis at {url}: {error}")
    yield
    cache.clear()


def test_through_redis_pages_are_shared_and_a_change_moves_the_generation_on(
    client, reference_article, redis_cache, django_assert_num_queries
):
    url = reference_article.get_absolute_url()
    cached(client, url, django_assert_num_queries)
    before = current_generation()[0]
    reference_article.headline = "Rusia siap menengahi"
    reference_article.save()
    assert current_generation()[0] > before
    assert "Rusia siap menengahi" in cached(client, url, django_assert_num_queries).content.decode()


def test_through_redis_a_hit_reuses_the_workers_redis_client(client, reference_article, redis_cache, monkeypatch):
    # A hit costs one round trip to Redis; making a client for it too (as Django's own RedisCache does on every
    # call) cost about a tenth of a hit's CPU time (README, "Speed").
    import redis

    url = reference_article.get_absolute_url()
    client.get(url)
    made = []
    make = redis.Redis.__init__
    monkeypatch.setattr(redis.Redis, "__init__", lambda *args, **kwargs: made.append(1) or make(*args, **kwargs))
    for _ in range(3):
        assert client.get(url).wsgi_request.page_cache_hit
    assert made == []


def test_without_the_page_cache_pages_are_rendered_each_time_and_still_marked_for_shared_caches(
    client, reference_article, settings, monkeypatch
):
    from articles.public import caching

    settings.NEWSROOM_PAGE_CACHE = False
    url = reference_article.get_absolute_url()
    client.get(url)
    lookups = []
    monkeypatch.setattr(caching, "next_scheduled_time", lambda: lookups.append(1))
    rendered = []
    monkeypatch.setattr(caching, "page_keys", lambda context: rendered.append(1) or ["sections"])
    response = client.get(url)
    assert rendered == [1], "the page was rendered again"
    # The next scheduled time still bounds s-maxage, from the generation kept in the cache: no query for it.
    assert lookups == []
    assert "s-maxage=3600" in response["Cache-Control"] and response["xkey"] == "sections"
