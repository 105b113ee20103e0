"""Production settings for a benchmark on this machine's loopback.

Everything `newsroom.settings.production` does stays on (DEBUG off, templates compiled once, WhiteNoise with the
manifest storage, security middleware), except the HTTPS redirect: wrk speaks plain HTTP to 127.0.0.1, and
following a 301 would measure nothing. The URLconf adds the floor view beside the site's own pages.
"""

import os

# The runner sets these; the defaults only let `manage.py ... --settings bench.settings` work by hand.
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-for-a-real-site-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ["DEBUG"] = "0"

from newsroom.settings.production import *  # noqa: E402,F403
from newsroom.settings.production import env_bool  # noqa: E402

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
# The page as it is rendered (the figures in the README); PAGE_CACHE=1 measures it served from Django's cache.
NEWSROOM_PAGE_CACHE = env_bool("PAGE_CACHE", default=False)
# The fixture's photo gets its renditions while it is built (no worker runs beside a benchmark), so the pages
# measured serve renditions as a site with its worker running does.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
