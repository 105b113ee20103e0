"""Settings shared by every environment; everything that varies comes from the environment.

Variables (see the README): SECRET_KEY, DEBUG, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL,
CSRF_TRUSTED_ORIGINS, SITE_URL, MEDIA_ROOT. The `DJANGO_` prefixed form of each name is read
too, so a host that namespaces its variables works unchanged.
"""

import os
from pathlib import Path

import dj_database_url
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

# Keys that must never protect a real site: the development fallback and an empty value.
INSECURE_SECRET_KEY = "django-insecure-newsroom-development-only"
SECRET_KEY = env("SECRET_KEY", "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off. "
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "reversion",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # 400 for what no view can answer (NUL or a lone surrogate in the path, query string or cookies, a huge query
    # parameter, an empty admin `_to_field`): before anything looks it up.
    "newsroom.middleware.RefuseBadInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag from the finished page, 304 for If-None-Match / If-Modified-Since (views set Last-Modified).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

# Readers' pages are Jinja2 (see newsroom/jinja2.py); the admin, sitemaps and everything else Django's templates.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "newsroom.jinja2.environment",
            "context_processors": ["articles.context_processors.site"],
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
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
STATIC_ROOT = BASE_DIR / "staticfiles"
# Served at the site's root: browsers, feed readers and the admin's pages ask for /favicon.ico without a link.
WHITENOISE_ROOT = BASE_DIR / "newsroom" / "public"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "articles.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "admin:login"

# Used where an absolute URL is needed outside a request (feeds, ninjs, sitemaps in commands).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", "Newsroom")

TAGGIT_CASE_INSENSITIVE = True

# Revisions are stored as JSON written by the C encoder (see articles/serializers.py).
SERIALIZATION_MODULES = {"revision_json": "articles.serializers"}
# "Rusia", "rusia " and "Rusia  " typed in a tag field are one tag.
TAGGIT_TAGS_FROM_STRING = "articles.tagging.parse_tags"
TAGGIT_STRING_FROM_TAGS = "articles.tagging.edit_string_for_tags"

NEWSROOM_PAGE_SIZE = 20

# The article page's statement is PREPAREd once per PostgreSQL connection (articles/prepared.py). Turn off
# behind a pooler that shares server connections between clients (PgBouncer in transaction mode).
NEWSROOM_PREPARED_STATEMENTS = env_bool("PREPARED_STATEMENTS", default=True)

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
