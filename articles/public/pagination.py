"""Readers' article lists paged by key ("Berita sebelumnya" / "Berita lebih baru"), never by counting.

A numbered page needs the number of stories (a COUNT over the whole archive) and an OFFSET that reads every
story before it; on an archive of a million articles both take hundreds of milliseconds. A page here is the
`per_page` stories older (`?sebelum=`) or newer (`?sesudah=`) than the key of a story, the `(published_at, id)`
pair the lists are ordered by, so any page is one short index walk. One story more than shown is fetched to know
whether there is a next page.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q
from django.utils.http import urlencode

OLDER, NEWER = "sebelum", "sesudah"
# An old `?page=N` link still leads somewhere sensible: the same place, found with a bounded OFFSET, up to here.
MAX_NUMBERED_PAGE = 50


def key_text(published_at, pk):
    return f"{published_at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}_{pk}"


def parse_key(text):
    """`(published_at, id)` from a key in the address, or None for anything else (a hand-edited link)."""
    moment, _, pk = (text or "").partition("_")
    try:
        return datetime.strptime(moment, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC), int(pk)
    except ValueError:
        return None


def older_than_query(published_at, pk):
    return urlencode({OLDER: key_text(published_at, pk)})


def older_than(key):
    published_at, pk = key
    # The first condition is the index's range; the second only settles stories published at the same moment.
    return Q(published_at__lte=published_at) & (Q(published_at__lt=published_at) | Q(id__lt=pk))


def newer_than(key):
    published_at, pk = key
    return Q(published_at__gte=published_at) & (Q(published_at__gt=published_at) | Q(id__gt=pk))


@dataclass
class KeysetPage:
    """What the list templates read of a page: its stories and where the neighbouring pages are."""

    object_list: list
    has_next: bool  # older stories follow
    has_previous: bool  # newer stories come before

    def has_other_pages(self):
        return self.has_next or self.has_previous

    @property
    def next_query(self):
        last = self.object_list[-1]
        return urlencode({OLDER: key_text(last.published_at, last.pk)})

    @property
    def previous_query(self):
        first = self.object_list[0]
        return urlencode({NEWER: key_text(first.published_at, first.pk)})


def keyset_page(queryset, params, per_page):
    """The page of `queryset` (ordered newest first) that the query string `params` asks for."""
    newer = parse_key(params.get(NEWER))
    if newer is not None:
        rows = list(queryset.filter(newer_than(newer)).order_by("published_at", "id")[: per_page + 1])
        if len(rows) > per_page:
            return KeysetPage(rows[:per_page][::-1], has_next=True, has_previous=True)
        # Back at the newest stories: show the first page whole, as the list's own address does.
    older = None if newer is not None else parse_key(params.get(OLDER))
    if older is not None:
        queryset = queryset.filter(older_than(older))
    rows = list(queryset.order_by("-published_at", "-id")[: per_page + 1])
    return KeysetPage(rows[:per_page], has_next=len(rows) > per_page, has_previous=older is not None)


def numbered_page_key(queryset, number, per_page):
    """The key to continue from for an old `?page=number` link (bounded), or None for the first page."""
    try:
        number = min(int(number), MAX_NUMBERED_PAGE)
    except (TypeError, ValueError):
        return None
    if number <= 1:
        return None
    before = (number - 1) * per_page - 1  # the last story of the page before
    keys = queryset.order_by("-published_at", "-id").values_list("published_at", "id")[before : before + 1]
    return keys[0] if keys else None
