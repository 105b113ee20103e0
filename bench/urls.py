"""The site's URLconf plus `/__floor__/`: the cheapest possible Django page with the same bytes.

The floor view returns the article page exactly as the site rendered it once before the server started
(the runner writes it to the file named by BENCH_FLOOR_FILE). It goes through the same middleware, so the
difference between the two is the article view itself: queries, template rendering, context processors.
"""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

FLOOR_FILE = os.environ.get("BENCH_FLOOR_FILE")
FLOOR_BODY = Path(FLOOR_FILE).read_bytes() if FLOOR_FILE else b""


def floor(request):
    return HttpResponse(FLOOR_BODY, content_type="text/html; charset=utf-8")


# The site's patterns themselves, not include()d: readers' pages are i18n_patterns, which only a root URLconf may hold.
urlpatterns = [path("__floor__/", floor), *site_urlpatterns]
