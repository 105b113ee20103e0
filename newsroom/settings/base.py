"""Settings shared by every environment; everything that varies comes from the environment.

Variables (see the README): SECRET_KEY, DEBUG, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL,
CSRF_TRUSTED_ORIGINS, SITE_URL, MEDIA_ROOT, and for staff login security LOGIN_FAILURE_LIMIT,
LOGIN_COOLOFF_MINUTES, CLIENT_IP_HEADERS, REQUIRE_2FA_FOR, MEDIA_HOST; DATABASE_REPLICA_URL, MEDIA_STORAGE and the
S3_* variables for a site on several servers; for operations LOG_FORMAT, LOG_LEVEL,
SENTRY_DSN, METRICS_TOKEN, READYZ_TIMEOUT. The `DJANGO_` prefixed form of each
name is read too, so a host that namespaces its variables works unchanged.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, os.environ.get(f"DJANGO_{name}", default))


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

# Keys that must never protect a real site: the development fallback, an empty value, and anything `check --deploy`
# would call weak (fewer than 50 characters or 5 distinct ones: a 40-character "aaaa..." key is not a secret).
INSECURE_SECRET_KEY = "django-insecure-newsroom-development-only"
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT_CHARACTERS = 5


def secret_key_is_strong(key):
    return (
        len(key) >= SECRET_KEY_MIN_LENGTH
        and len(set(key)) >= SECRET_KEY_MIN_DISTINCT_CHARACTERS
        and not key.startswith("django-insecure")
    )


SECRET_KEY = env("SECRET_KEY", "")
if not DEBUG and not secret_key_is_strong(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY must be set to a random value of at least {SECRET_KEY_MIN_LENGTH} characters, "
        f"{SECRET_KEY_MIN_DISTINCT_CHARACTERS} of them distinct, when DEBUG is off "
        f"(the one given has {len(SECRET_KEY)} characters, {len(set(SECRET_KEY))} distinct). "
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin, with the admin site that asks staff for their second factor (newsroom/admin_site.py).
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "reversion",
    "newsroom.apps.LoginAttemptsConfig",  # django-axes
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    # The body's rich-text editor; its scripts and styles are static files of the package (no CDN).
    "django_prose_editor",
    "articles",
]

MIDDLEWARE = [
    # First and last but one (django-prometheus): the whole request's latency, and each view's.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # An id for each request, in every log line written meanwhile and in the X-Request-ID response header.
    "newsroom.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, static files and errors included (see CONTENT_SECURITY_POLICY).
    "csp.middleware.CSPMiddleware",
    # 400 for what no view can answer (NUL or a lone surrogate in the path, query string or cookies, a huge query
    # parameter, an empty admin `_to_field`): before anything looks it up.
    "newsroom.middleware.RefuseBadInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag from the finished page, 304 for If-None-Match / If-Modified-Since (views set Last-Modified).
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside the session, language and CSRF middleware, so a page is stored as they leave it (any cookie or
    # Vary they add keeps it out of the cache), and an anonymous reader's hit is answered before any of them
    # runs or the URL is resolved (articles/public/caching.py).
    "articles.public.caching.PageCacheMiddleware",
    # Readers' pages read from the replica when there is one (DATABASE_REPLICA_URL); the rest from the primary.
    "newsroom.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware: the language of readers' pages is in their address (i18n_patterns).
    "newsroom.middleware.SiteLanguageMiddleware",
    # DEBUG only: the site's 404 page instead of Django's debug page, in the language of the address.
    "newsroom.middleware.DesignedNotFoundMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed its second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes asks: answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    # Readers' pages, feeds' and sitemaps' templates (articles/jinja2/): Jinja2, for its speed
    # (articles/public/templating.py says how much). The admin's are Django's own, below.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "articles.public.templating.environment",
            "context_processors": ["articles.public.context_processors.site"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.public.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", default=True),
    )
}
# SQLite (the default site): a write waits its turn instead of failing. The rendition worker writes beside the
# admin, and in SQLite's default (deferred) transactions a save that had read first could not take the write lock
# and failed at once: "database is locked", a 500. IMMEDIATE takes the lock as the transaction begins, waiting up
# to `timeout` seconds for it; WAL lets pages read while a write goes on.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# A read replica (PostgreSQL streaming replication): readers' pages read from it, everything else from the primary,
# and whoever just wrote reads the primary for REPLICA_MAX_LAG_SECONDS (newsroom/replicas.py).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", default=True),
    )
    # Tests see one database under both names.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
# How far the replica may lag behind, in seconds: whoever wrote reads the primary that long, and pages rendered that
# long after a change are cached no longer (they may come from a replica without it). 0 without a replica.
NEWSROOM_REPLICA_MAX_LAG = int(env("REPLICA_MAX_LAG_SECONDS", "10")) if DATABASE_REPLICA_URL else 0
# Behind PgBouncer in transaction mode (README "Production"): each transaction may get another server connection,
# so no cursor may outlive one. DISABLE_SERVER_SIDE_CURSORS=1 makes `.iterator()` fetch in chunks client-side.
for _database in DATABASES.values():
    _database["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
# The same engines, through django-prometheus's wrappers: each query is counted (Prometheus, /metrics).
PROMETHEUS_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
for _database in DATABASES.values():
    _database["ENGINE"] = PROMETHEUS_ENGINES.get(_database["ENGINE"], _database["ENGINE"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite has no INCLUDE columns: there the article's readable-probe index (PostgreSQL's index-only probe for the tag
# sitemap) is a plain index on the id, and Django warns about it on every command of the default site.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis keeps one client per worker; Django's own RedisCache makes one for every call, which
            # cost a page served from the cache about a tenth of its time (README, "Speed").
            # django-redis's backend, with hits and misses counted by django-prometheus.
            "BACKEND": "django_prometheus.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            # A Redis that stops answering must not hold readers' pages: they are served uncached instead.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
# The project's own catalogue first (makemessages keeps it), then Indonesian for libraries that ship none and
# corrections to Django's own ("Ubah", not "Rubah"): both win over the apps' catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "third_party"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Served at the site's root: browsers, feed readers and the admin's pages ask for /favicon.ico without a link.
WHITENOISE_ROOT = BASE_DIR / "newsroom" / "public"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Names anybody may fetch straight from the media storage: the renditions (articles.renditions), nothing else.
NEWSROOM_PUBLIC_MEDIA_PREFIXES = ["photos/renditions/"]
# MEDIA_STORAGE=s3: uploads, renditions and deletions go to an S3-compatible bucket (newsroom/storage.py); MEDIA_URL
# is then the bucket's (or its CDN's) public address of the renditions, and originals get signed, short-lived URLs.
MEDIA_STORAGE = env("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    S3_ENDPOINT_URL = env("S3_ENDPOINT_URL", "").rstrip("/") or None
    S3_BUCKET = env("S3_BUCKET") or ""
    if not S3_BUCKET:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL unless it is AWS).")
    STORAGES["default"] = {
        "BACKEND": "newsroom.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL,
            "region_name": env("S3_REGION", "us-east-1"),
            # Without keys, boto3 finds its own (instance role, ~/.aws): nothing secret needs to be in the file.
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "addressing_style": env("S3_ADDRESSING_STYLE", "path" if S3_ENDPOINT_URL else "auto"),
            "signature_version": "s3v4",
            "querystring_expire": int(env("MEDIA_SIGNED_URL_SECONDS", "300")),
        },
    }
    MEDIA_URL = env(
        "MEDIA_URL", f"{S3_ENDPOINT_URL}/{S3_BUCKET}/" if S3_ENDPOINT_URL else f"https://{S3_BUCKET}.s3.amazonaws.com/"
    )
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE is 'local' (MEDIA_ROOT) or 's3', not {MEDIA_STORAGE!r}.")

# Staff log in through the admin; after login (or when `next` is missing or points off the site) they land on
# its index, never on Django's default /accounts/profile/, which this project does not serve.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# --- Staff login security (README "Security") -------------------------------------------------------------------
# Failed logins are throttled by django-axes, per account and per address, each on its own: LOGIN_FAILURE_LIMIT
# wrong passwords lock that username (from any address) and that address (for any username) for
# LOGIN_COOLOFF_MINUTES; a right password resets the count. Unlock early with `manage.py axes_reset_username
# <name>` or `manage.py axes_reset_ip <address>`.
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The lockout page, in the admin's look and language (HTTP 429 Too Many Requests).
AXES_LOCKOUT_CALLABLE = "newsroom.admin_site.lockout_response"
# The client's address: REMOTE_ADDR unless the site sits behind a proxy that *overwrites* a header with it (never a
# header the client can set itself): e.g. CLIENT_IP_HEADERS=HTTP_X_REAL_IP for nginx's
# `proxy_set_header X-Real-IP $remote_addr`. Read by django-ipware for axes.
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("CLIENT_IP_HEADERS", "REMOTE_ADDR")

# Two-factor authentication (TOTP, django-otp): a staff member with a confirmed device must give its code at login;
# members of the groups in REQUIRE_2FA_FOR (comma-separated group names, e.g. "Editor") must set one up first.
NEWSROOM_REQUIRE_2FA_FOR = env_list("REQUIRE_2FA_FOR")
OTP_TOTP_ISSUER = env("SITE_NAME", "Newsroom")
# Nobody, a superuser neither, reads another account's TOTP secret or QR code: each staff member sets up their own
# authenticator at /admin/dua-langkah/. (The device admin is not registered at all; this also hides the secret
# should it ever be.)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True


def media_origin(url):
    """The scheme and host of MEDIA_URL when media come from elsewhere (a bucket, a CDN)."""
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.netloc else []


# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and frames only from this site,
# no inline script but one given the response's nonce (JSON-LD data blocks are not scripts and are not affected),
# no plugins, forms post only here, no other site may frame a page. Photos may come from MEDIA_HOST when media is
# served elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # A page that needs an inline script gets a nonce for it: only the admin's article form does, for the
        # rich-text editor's import map. Every other page's header stays "'self'" alone (the nonce is only
        # added to the header of a response that used it).
        "script-src": ["'self'", NONCE],
        # Stylesheets from this site only. Django's admin has one inline <style>, on a change list without actions
        # (admin/change_list.html: "#changelist table thead th:first-child {width: inherit}"): allowed by its
        # hash and by nothing else (tests/test_content_security_policy.py checks every admin page against it).
        # The rich-text editor (django-prose-editor's Tiptap) adds one <style> element of its own base rules: allowed
        # by its hash too (it changes only with the pinned package; the browser tests report any other).
        "style-src": [
            "'self'",
            "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='",
            "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='",
        ],
        "img-src": ["'self'", "data:", *env_list("MEDIA_HOST"), *media_origin(MEDIA_URL)],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Used where an absolute URL is needed outside a request (feeds, ninjs, sitemaps in commands).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", "Newsroom")

# E-mail to the desk (review requests, publications, password resets): printed to the console unless an SMTP
# server is configured (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend, EMAIL_HOST, ...).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A password reset link is valid this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = int(env("PASSWORD_RESET_TIMEOUT", str(60 * 60 * 2)))

TAGGIT_CASE_INSENSITIVE = True

# Revisions are stored as JSON written by the C encoder (see articles/serializers.py).
SERIALIZATION_MODULES = {"revision_json": "articles.serializers"}
# "Rusia", "rusia " and "Rusia  " typed in a tag field are one tag.
TAGGIT_TAGS_FROM_STRING = "articles.tagging.parse_tags"
TAGGIT_STRING_FROM_TAGS = "articles.tagging.edit_string_for_tags"

NEWSROOM_PAGE_SIZE = 20

# Photos. An upload must be a real image in one of NEWSROOM_PHOTO_FORMATS (Pillow format names) within
# these limits; anything else is refused with a form error. A 24-megapixel agency JPEG is about 8-15 MB.
# Raising NEWSROOM_PHOTO_MAX_PIXELS past Pillow's own bomb limit (Image.MAX_IMAGE_PIXELS, 89 MP) has no
# effect: Pillow's warning above that limit is treated as a refusal too.
NEWSROOM_PHOTO_MAX_BYTES = int(env("PHOTO_MAX_BYTES", str(20 * 1024 * 1024)))
NEWSROOM_PHOTO_MAX_WIDTH = int(env("PHOTO_MAX_WIDTH", "12000"))
NEWSROOM_PHOTO_MAX_HEIGHT = int(env("PHOTO_MAX_HEIGHT", "12000"))
NEWSROOM_PHOTO_MAX_PIXELS = int(env("PHOTO_MAX_PIXELS", str(40_000_000)))
NEWSROOM_PHOTO_FORMATS = ["JPEG", "PNG", "WEBP", "GIF"]
# Renditions made once per upload, in WebP and JPEG: the widths readers' pages offer in srcset, and the
# admin thumbnail. A width larger than the original is replaced by the original's width (never upscaled).
NEWSROOM_PHOTO_WIDTHS = [320, 640, 960, 1280]
NEWSROOM_PHOTO_THUMBNAIL_WIDTH = 160
NEWSROOM_PHOTO_QUALITY = {"jpeg": 82, "webp": 80}
# Renditions cut around each photo's focal point (articles/crops.py), by shape: the article page (16:9), list
# cards and thumbnails (4:3, 1:1), the social card (1200×630). The largest of 16:9, 4:3 and 1:1 go in JSON-LD.
NEWSROOM_PHOTO_CROPS = {
    "16:9": [320, 640, 960, 1280],
    "4:3": [160, 320, 640, 1280],
    "1:1": [160, 1280],
    "social": [1200],
}
# Renditions are made by the worker (`manage.py db_worker`), never in the upload request: the queue is a database
# table (django-tasks-db), so no other service is needed. A failed run is tried again after 30 s, 60 s, ...
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
NEWSROOM_RENDITION_ATTEMPTS = int(env("RENDITION_ATTEMPTS", "4"))
NEWSROOM_RENDITION_RETRY_SECONDS = int(env("RENDITION_RETRY_SECONDS", "30"))

# Readers' pages in Django's cache and in shared caches (Varnish, a CDN): see articles/caching.py and the README.
# On by default only with Redis, the one cache every process shares: local memory is each process's own (each
# gunicorn worker, the importer, the drop folder), so a kill notice imported from the command line left the
# server's copy of the story up until it expired. PAGE_CACHE=1 turns it on anyway (a single-process server).
NEWSROOM_PAGE_CACHE = env_bool("PAGE_CACHE", default=bool(REDIS_URL))
# The section menu, which every readers' page shows, kept in Django's cache once per generation (see
# articles/public/menu.py), whether or not the pages are. As the page cache, on by default only with Redis: a menu
# kept in one process's memory would not hear of a section's first story published by another.
NEWSROOM_MENU_CACHE = env_bool("MENU_CACHE", default=bool(REDIS_URL))
# Seconds a page stays in Django's cache (a change starts a new generation at once anyway).
NEWSROOM_PAGE_CACHE_TIMEOUT = int(env("PAGE_CACHE_TIMEOUT", "3600"))
# Cache-Control of readers' pages: browsers (max-age) cannot be purged, shared caches (s-maxage) are.
NEWSROOM_CACHE_MAX_AGE = int(env("CACHE_MAX_AGE", "60"))
NEWSROOM_CACHE_S_MAXAGE = int(env("CACHE_S_MAXAGE", "3600"))
NEWSROOM_CACHE_STALE_WHILE_REVALIDATE = int(env("CACHE_STALE_WHILE_REVALIDATE", "30"))
# The response headers naming the cache tags of a page: Surrogate-Key (Fastly and others), xkey (Varnish).
NEWSROOM_SURROGATE_KEY_HEADERS = env_list("SURROGATE_KEY_HEADERS", "Surrogate-Key,xkey")
# Where purges go after a change is committed: "none", "varnish" (PURGE requests with an xkey header to each of
# PURGE_URLS), or the dotted path of a callable taking the set of cache tags (a CDN's purge API).
NEWSROOM_PURGE_BACKEND = env("PURGE_BACKEND", "none")
NEWSROOM_PURGE_URLS = env_list("PURGE_URLS")

# --- Operations (README "Production") ---------------------------------------------------------------------------
# One JSON object a line on standard error (LOG_FORMAT=json, for journald and log shippers) or plain text; every
# line carries the request's id (newsroom.observability), which is also the response's X-Request-ID header.
LOG_FORMAT = env("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
# Unhandled errors to Sentry (or GlitchTip) when a DSN is given.
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    from newsroom.observability import init_sentry

    init_sentry(SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT"), release=env("SENTRY_RELEASE"))
# /metrics answers only a scraper sending "Authorization: Bearer <METRICS_TOKEN>"; without a token, nobody.
NEWSROOM_METRICS_TOKEN = env("METRICS_TOKEN", "")
# /readyz gives each dependency this many seconds before calling it unavailable.
NEWSROOM_READYZ_TIMEOUT = float(env("READYZ_TIMEOUT", "2"))
