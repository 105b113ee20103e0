"""Telling the caches that pages changed: Django's page cache, and a shared cache (Varnish, a CDN) in front.

`pages_changed(keys)` is called by `articles.public.invalidation` (and by the code that writes in bulk) with the cache
tags of the pages that now read differently (see `articles.public.surrogate_keys`). It starts a new generation of
Django's page cache twice: at once, so that this connection's own next read is never answered by an older page,
and after commit, so that a page another process rendered from the rows as they were meanwhile is dropped too.
The shared cache is purged after commit only, once per transaction with every key it gathered: before that,
readers could fetch the old rows straight back into it.

A purge that fails is logged and never undoes or breaks a save: at worst a page is stale for its s-maxage.
"""

import logging
import urllib.request
from http.client import HTTPException

from asgiref.local import Local
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from .caching import bump_generation

logger = logging.getLogger(__name__)

_pending = Local()


def pages_changed(keys):
    bump_generation()
    if not hasattr(_pending, "keys"):
        _pending.keys = set()
    _pending.keys.update(keys)
    # One callback per call, each sending everything gathered so far: the first to run after a commit empties the
    # set, and a rolled-back transaction's keys go with the next commit's (purging a page twice is harmless).
    transaction.on_commit(_after_commit, robust=True)


def _after_commit():
    keys, _pending.keys = getattr(_pending, "keys", set()), set()
    if not keys:
        return
    bump_generation()
    backend = purge_backend()
    if backend is not None:
        backend(keys)


def purge_backend():
    """The configured purge: None for "none", Varnish's xkey purge, or any callable taking the set of keys."""
    name = settings.NEWSROOM_PURGE_BACKEND
    if name in {"", "none"}:
        return None
    if name == "varnish":
        return VarnishPurge(settings.NEWSROOM_PURGE_URLS)
    return import_string(name)


class VarnishPurge:
    """`PURGE` requests carrying the keys in an `xkey` header, to each Varnish (deploy/varnish/newsroom.vcl).

    The keys are sent in batches, so that no header grows past what Varnish accepts (8 KB by default).
    """

    batch_size = 100
    timeout = 2

    def __init__(self, urls):
        self.urls = urls

    def __call__(self, keys):
        keys = sorted(keys)
        for start in range(0, len(keys), self.batch_size):
            header = " ".join(keys[start : start + self.batch_size])
            for url in self.urls:
                self.send(url, header)

    def send(self, url, header):
        request = urllib.request.Request(url, method="PURGE", headers={"xkey": header})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout):  # noqa: S310 (configured by the site)
                pass
        except (OSError, HTTPException) as error:
            logger.warning("Purge of %s at %s failed: %s", header, url, error)
