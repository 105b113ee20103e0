"""Readers' pages from a PostgreSQL read replica (DATABASE_REPLICA_URL); everything else from the primary.

Only the reads of a readers' page (articles, sections, tags, feeds, sitemaps, search, the ninjs API: the page
cache's own list, `articles.public.caching.is_readers_page`) go to the replica, and only outside a transaction.
The admin, imports, management commands, logins and sessions never leave the primary. Whoever just wrote
(a staff member saving a story) gets a signed cookie that keeps their reads on the primary for
REPLICA_MAX_LAG_SECONDS, so the story they just published is there when they open it, however far the
replica lags.
"""

import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections
from django.dispatch import receiver

from articles.public.caching import is_readers_page

REPLICA = "replica"
COOKIE = "newsroom_primary"
# Security state is read where it was written: a fresh login, a lockout, a second factor just confirmed.
PRIMARY_ONLY_APPS = {"auth", "sessions", "axes", "django_otp", "otp_totp", "otp_static", "admin"}


@dataclass
class RequestState:
    readers_page: bool = False
    wrote: bool = False


_state = ContextVar("replica_request_state", default=None)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _state.get()
        if (
            state is not None
            and state.readers_page
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both hold the same rows.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA} or None

    def allow_migrate(self, db, app_label, **hints):
        # The replica follows the primary's schema through replication.
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Marks a readers' page (once its URL is resolved), unless its reader wrote moments ago; after a write, sets
    the read-your-writes cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = RequestState()
        _state.set(state)
        response = self.get_response(request)
        if state.wrote:
            response.set_signed_cookie(
                COOKIE,
                str(int(time.time())),
                salt=COOKIE,
                max_age=settings.NEWSROOM_REPLICA_MAX_LAG,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        state = _state.get()
        wrote_lately = request.get_signed_cookie(
            COOKIE, default=None, salt=COOKIE, max_age=settings.NEWSROOM_REPLICA_MAX_LAG
        )
        state.readers_page = is_readers_page(request.resolver_match) and wrote_lately is None
        return None


@receiver(request_finished)
def forget_request(sender, **kwargs):
    # Whatever runs after a response (a commit hook, the next task in this thread) reads from the primary.
    _state.set(None)
