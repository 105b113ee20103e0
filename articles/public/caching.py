"""Readers' pages from Django's cache, and the HTTP headers that let Varnish or a CDN keep them too.

Who is cached: a GET or HEAD of a readers' page (the `articles` URLs but the preview, robots.txt, the sitemaps)
without a session cookie. The session is judged by its cookie, never by `request.session` or `request.user`:
touching either adds `Vary: Cookie`, and a page that varies with cookies is of no use to a shared cache.
Whatever else reaches a view (the admin, previews, staff reading the site) is `Cache-Control: private, no-cache`.

Freshness: pages are stored under a *generation* number, which `articles.public.purging` moves on whenever something a
page shows changes. A publish, edit or correction is then seen by the next reader, without having to know which
pages showed the story. A scheduled story changes pages with no write at all: each generation knows the next
scheduled publication time, no page is kept beyond it (in Django's cache, nor in a shared cache: s-maxage), and
once it has passed, the generation moves on.

A cache that does not answer (Redis down) costs readers nothing but speed: pages are served uncached.
"""

import functools
import hashlib
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.deprecation import MiddlewareMixin

from newsroom.observability import page_cache_lookups

from ..models import Article
from .surrogate_keys import ARCHIVE, page_keys

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import RedisError
except ImportError:  # no Redis client: only the other backends' socket errors can happen
    RedisError = OSError
# What a cache backend raises when its server is away (refused, reset, timed out): OSError covers memcached's.
CACHE_ERRORS = (OSError, RedisError)

GENERATION_KEY = "pages:generation"
PUBLIC, PRIVATE = "public", "private"
# Readers' pages outside the `articles` URL namespace, and the previews inside it (staff's, and shared links).
PUBLIC_VIEWS = {"robots_txt", "sitemap_index", "sitemap_news", "sitemap_section"}
STAFF_VIEWS = {"articles:preview", "articles:shared_preview"}


class _Outage:
    reported = False


def guarded(call, default=None):
    """`call()`, or `default` when the cache server does not answer (a warning is logged once per outage)."""
    try:
        result = call()
    except CACHE_ERRORS as error:
        if not _Outage.reported:
            logger.warning("The page cache does not answer; serving pages uncached: %s", error)
            _Outage.reported = True
        return default
    _Outage.reported = False
    return result


# Generations --------------------------------------------------------------------------------------------------


def _new_generation_number():
    # When the counter is missing (first use, evicted, cache restarted), a number no earlier counter reached:
    # counters only move up by one per change, far slower than the clock's milliseconds.
    return int(time.time() * 1000)


def bump_generation(*, after_write=True):
    """Start a new generation: every page stored so far is out of date.

    The counter moves on atomically (Redis INCR). The writer also looks up when the new generation ends (the next
    scheduled story, its own new one included), so that readers need no query for it. With a read replica, a
    generation started by a write ends when the replica may still lag behind it (NEWSROOM_REPLICA_MAX_LAG):
    a page rendered meanwhile may come from a replica without the change, so it is kept no longer than that.
    """

    def bump():
        try:
            number = cache.incr(GENERATION_KEY)
        except ValueError:  # no counter yet: any new number will do
            number = _new_generation_number()
            cache.add(GENERATION_KEY, number, timeout=None)
        until = next_scheduled_time()
        if after_write and settings.NEWSROOM_REPLICA_MAX_LAG:
            settled = timezone.now() + timedelta(seconds=settings.NEWSROOM_REPLICA_MAX_LAG)
            until = settled if until is None else min(until, settled)
        _remember_until(number, until)

    guarded(bump)


def next_scheduled_time():
    """When the next scheduled story goes out (or None): until then, published pages stay as they are."""
    return Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()


_latest = {}  # this process's copy of one generation's end: {number: until}


def _remember_until(number, until):
    cache.set(f"pages:until:{number}", (until,), timeout=settings.NEWSROOM_PAGE_CACHE_TIMEOUT)
    _latest.clear()
    _latest[number] = until


def _until(number):
    """When generation `number` ends: kept in the cache next to it (the one looked up last also in memory)."""
    if number in _latest:
        return _latest[number]
    stored = cache.get(f"pages:until:{number}")
    until = next_scheduled_time() if stored is None else stored[0]
    _remember_until(number, until)
    return until


def current_generation(number=None):
    """(number, until): the generation pages are stored under, and when it ends (None: at the next change).

    `number` is the counter as the caller already read it from the cache, if it did."""
    if number is None:
        number = cache.get(GENERATION_KEY)
    if number is None:
        cache.add(GENERATION_KEY, _new_generation_number(), timeout=None)
        number = cache.get(GENERATION_KEY)
    until = _until(number)
    if until is not None and until <= timezone.now():
        # A scheduled story is out: the pages of this generation do not show it. Several processes may notice
        # at once and each move the counter on; that costs only a few extra misses.
        bump_generation(after_write=False)
        number = cache.get(GENERATION_KEY)
        until = _until(number)
    return number, until


# The middleware -----------------------------------------------------------------------------------------------


def may_be_served_from_cache(request):
    """An anonymous reader's GET or HEAD: the only requests a stored page may answer.

    Judged before the URL is resolved, from the method and the session cookie alone. Only pages `request_policy`
    called PUBLIC are ever stored, under their address, so an address that has an entry is a readers' page.
    """
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and request.path not in operations_paths()
    )


@functools.cache
def operations_paths():
    """Load balancers' and monitoring's addresses: answered without a look at the cache, so that a Redis that hangs
    cannot hold /healthz/ (and get a healthy instance restarted) or delay /readyz/ past its own time limits."""
    return frozenset(reverse(name) for name in ("healthz", "readyz", "metrics"))


def is_readers_page(match):
    """Whether the resolved URL is a page for readers (their pages, feeds, sitemaps, search, the API)."""
    return (match.namespace == "articles" and match.view_name not in STAFF_VIEWS) or match.view_name in PUBLIC_VIEWS


def request_policy(request):
    """PUBLIC for an anonymous reader's GET/HEAD of a readers' page, PRIVATE for anything else a view answers."""
    return PUBLIC if is_readers_page(request.resolver_match) and may_be_served_from_cache(request) else PRIVATE


def page_key(request):
    """One cache entry per address (scheme, host, path with its language prefix, query string), as Django's own
    cache keys name pages; it holds (generation, response)."""
    address = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    return f"pages:page:{address}"


def storable(response):
    """A complete, ordinary page that is the same for everyone who asks for it (it varies with no request header:
    one entry per address serves everyone)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")
        and not {"private", "no-cache", "no-store"} & set(_cache_control_directives(response))
    )


def _cache_control_directives(response):
    return [part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")]


def lifetimes(until, now):
    """(max_age, s_maxage, stale_while_revalidate, server timeout) for a page, none reaching past `until`."""
    timeout = settings.NEWSROOM_PAGE_CACHE_TIMEOUT
    max_age, s_maxage = settings.NEWSROOM_CACHE_MAX_AGE, settings.NEWSROOM_CACHE_S_MAXAGE
    stale = settings.NEWSROOM_CACHE_STALE_WHILE_REVALIDATE
    if until is not None:
        left = max(0, int((until - now).total_seconds()))
        timeout, max_age, s_maxage = min(timeout, left), min(max_age, left), min(s_maxage, left)
        if left < settings.NEWSROOM_CACHE_S_MAXAGE + stale:
            stale = 0  # no stale copy past a scheduled story's time either
    return max_age, s_maxage, stale, timeout


class PageCacheMiddleware(MiddlewareMixin):
    """Serve anonymous readers' pages from Django's cache; mark them for shared caches; keep staff pages private.

    The look-up happens in `process_request`, before the session, language, CSRF and authentication middleware
    and before the URL is resolved: a hit costs none of that work, only the middleware above this one (security
    headers, 304s). Whether a page may be stored is decided in `process_view`, once the URL is resolved (the
    view is known, the language of an /en/ address is active), and it is stored on its way out, as the session,
    language and CSRF middleware leave it.

    A hit costs one round trip to the cache: the generation counter and the address's entry are read together
    (MGET in Redis), and the entry is served if it was stored in the current generation. (Django's
    `get_cache_key`/`learn_cache_key` would first read the list of headers the page varies on, then the page, under
    a key that includes the generation: three round trips, which cost more than the rest of a hit. Readers' pages
    vary on nothing, and one that does is not stored.)
    """

    def process_request(self, request):
        if not may_be_served_from_cache(request):
            return None
        # Also without the page cache (NEWSROOM_PAGE_CACHE off): the generation knows the next scheduled time,
        # which bounds s-maxage for shared caches.
        keys = [GENERATION_KEY, page_key(request)] if settings.NEWSROOM_PAGE_CACHE else [GENERATION_KEY]
        found = guarded(lambda: cache.get_many(keys))
        if found is None:
            return None
        request.page_generation_counter = found.get(GENERATION_KEY)
        stored = found.get(keys[-1]) if len(keys) == 2 else None
        if stored is None:
            if len(keys) == 2:
                page_cache_lookups.labels(result="miss").inc()
            return None
        # A HEAD is answered from the GET's copy (the server leaves out the body); only a GET stores one.
        generation = self._generation(request)
        if generation is None or stored[0] != generation[0]:
            page_cache_lookups.labels(result="miss").inc()
            return None
        page_cache_lookups.labels(result="hit").inc()
        request.page_cache, request.page_cache_hit = PUBLIC, True
        return stored[1]

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.page_cache = request_policy(request)
        if request.page_cache == PUBLIC and hasattr(request, "page_generation_counter"):
            self._generation(request)

    @staticmethod
    def _generation(request):
        """The current generation, from the counter read with the page (or None when the cache does not answer).

        Worked out only for a stored page or a readers' page: learning when a generation ends may cost a query,
        which no other page (an error page, the admin's login) should make."""
        if not hasattr(request, "page_generation"):
            request.page_generation = guarded(lambda: current_generation(request.page_generation_counter))
        return request.page_generation

    def process_template_response(self, request, response):
        # A page from the cache comes rendered, with its keys and without its context.
        if getattr(request, "page_cache", None) == PUBLIC and not getattr(request, "page_cache_hit", False):
            # After rendering: the keys come from what the template used, so naming them costs no query.
            response.add_post_render_callback(lambda rendered: self._tag(rendered, page_keys(rendered.context_data)))
        return response

    def process_response(self, request, response):
        policy = getattr(request, "page_cache", None)
        if policy == PRIVATE and not response.has_header("Cache-Control"):
            # A view that chose its own caching keeps it (a published photo's original is public for anyone).
            patch_cache_control(response, private=True, no_cache=True)
        if policy != PUBLIC or getattr(request, "page_cache_hit", False) or not storable(response):
            return response
        generation = getattr(request, "page_generation", None)
        until = generation[1] if generation else next_scheduled_time()
        max_age, s_maxage, stale, timeout = lifetimes(until, timezone.now())
        patch_cache_control(response, public=True, max_age=max_age, s_maxage=s_maxage)
        if stale:
            patch_cache_control(response, stale_while_revalidate=stale)
        if not any(name in response for name in settings.NEWSROOM_SURROGATE_KEY_HEADERS):
            self._tag(response, [ARCHIVE])  # a response whose stories nobody named: feeds, sitemaps, the API
        if generation and settings.NEWSROOM_PAGE_CACHE and request.method == "GET" and timeout > 0:
            # The ETag goes with the stored page, so that ConditionalGetMiddleware need not hash it on every hit.
            if not response.has_header("ETag"):
                set_response_etag(response)
            guarded(lambda: cache.set(page_key(request), (generation[0], response), timeout))
        return response

    @staticmethod
    def _tag(response, keys):
        for name in settings.NEWSROOM_SURROGATE_KEY_HEADERS:
            response[name] = " ".join(keys)
        return None
