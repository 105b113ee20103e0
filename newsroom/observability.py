"""What operators read: one JSON log line per event with the request's id, Prometheus counters, Sentry.

Request latency by view, database queries and cache gets are counted by django-prometheus (its middleware,
database and cache backends, wired in the settings); the counters below are the newsroom's own.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.dispatch import receiver
from prometheus_client import Counter

# Set for the length of one request; every log record written meanwhile carries it (RequestIdFilter).
request_id = ContextVar("request_id", default="-")
# nginx's $request_id is 32 hex digits; a load balancer's may be a UUID. Anything else is not trusted into logs.
INCOMING_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

page_cache_lookups = Counter(
    "newsroom_page_cache_lookups_total", "Readers' pages looked up in the page cache.", ["result"]
)
imported_articles = Counter(
    "newsroom_imported_articles_total", "Articles handled by import runs, by outcome.", ["outcome"]
)


def count_import(report):
    """One article an import run handled (an `articles.importing.readers.Reported`), by its outcome."""
    imported_articles.labels(outcome="failed" if report.error else report.outcome).inc()


class RequestIdMiddleware:
    """Give each request an id (the proxy's X-Request-ID when it sent a sane one), log with it, answer with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if INCOMING_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        # Not reset on the way out: Django logs a 4xx/5xx answer after the middleware has returned it. The
        # request_finished signal forgets the id once the response is sent.
        request_id.set(request.id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


@receiver(request_finished)
def forget_request_id(sender, **kwargs):
    request_id.set("-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True


def init_sentry(dsn, *, environment=None, release=None):
    """Errors and their request context to Sentry (or any server speaking its protocol, e.g. GlitchTip)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        # The SDK's default sends no readers' addresses nor staff's cookies; the request id ties an event to its
        # log lines.
        before_send=_tag_request_id,
    )


def _tag_request_id(event, hint):
    event.setdefault("tags", {})["request_id"] = request_id.get()
    return event
