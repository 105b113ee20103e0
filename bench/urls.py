"""The site's URLconf plus `/__floor__/<page>/`: the cheapest possible Django page with a page's bytes.

Each floor view returns one page (article, home, tag) exactly as the site rendered it once before the server
started (the runner writes them into the directory named by BENCH_FLOOR_DIR). It goes through the same
middleware, so the difference between a page and its floor is the page's own work: the view, its queries and
templates, or the page cache's look-up.
"""

import os
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

FLOOR_DIR = os.environ.get("BENCH_FLOOR_DIR")
FLOORS = {page.stem: page.read_bytes() for page in Path(FLOOR_DIR).glob("*.html")} if FLOOR_DIR else {}


def floor(request, page):
    if page not in FLOORS:
        raise Http404(page)
    return HttpResponse(FLOORS[page], content_type="text/html; charset=utf-8")


# The site's patterns themselves, not include()d: readers' pages are i18n_patterns, which only a root URLconf may hold.
urlpatterns = [path("__floor__/<slug:page>/", floor), *site_urlpatterns]
