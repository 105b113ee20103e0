"""Load balancers' and monitoring's addresses: /healthz, /readyz and /metrics.

/healthz answers as long as the process serves requests (restart it when it does not). /readyz also asks the
database (and its replica), the cache and the media storage, each within READYZ_TIMEOUT seconds, and answers
503 naming what failed: take the instance out of rotation, do not restart it.
"""

import hmac
import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connections
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_prometheus.exports import ExportToDjangoView

logger = logging.getLogger(__name__)
PROBE_NAME = "readyz-probe"


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database(alias):
    def check():
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        finally:
            # The check runs in a thread of its own: its connection must not outlive it.
            connections[alias].close()

    return check


def _cache():
    cache.set(PROBE_NAME, "ok", 10)
    if cache.get(PROBE_NAME) != "ok":
        raise RuntimeError("the cache did not give back what was stored")


def _storage():
    # A HEAD request on object storage, a stat() on disk: reachable and allowed, whether the probe exists or not.
    default_storage.exists(PROBE_NAME)


def checks():
    found = {f"database:{alias}": _database(alias) for alias in settings.DATABASES}
    return {**found, "cache": _cache, "storage": _storage}


@never_cache
@require_safe
def readyz(request):
    limit = settings.NEWSROOM_READYZ_TIMEOUT
    to_run = checks()
    results = {}
    # One thread each, so that one dependency hanging neither delays the others nor the answer.
    pool = ThreadPoolExecutor(max_workers=len(to_run), thread_name_prefix="readyz")
    futures = {name: pool.submit(check) for name, check in to_run.items()}
    for name, future in futures.items():
        try:
            future.result(timeout=limit)
        except FutureTimeout:
            results[name] = f"no answer within {limit:g} s"
        except Exception as error:  # noqa: BLE001 - whatever a dependency raises, it is not ready
            results[name] = f"{type(error).__name__}: {error}"
        else:
            results[name] = "ok"
    pool.shutdown(wait=False, cancel_futures=True)
    ready = all(result == "ok" for result in results.values())
    if not ready:
        logger.warning("Not ready: %s", {name: r for name, r in results.items() if r != "ok"})
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": results}, status=200 if ready else 503)


@never_cache
@require_safe
def metrics(request):
    """Prometheus's text format, for a scraper holding METRICS_TOKEN; nobody else learns the address exists."""
    token = settings.NEWSROOM_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise Http404
    return ExportToDjangoView(request)
