"""Production: DEBUG off, secrets required, HTTPS everywhere. Passes `manage.py check --deploy`."""

from newsroom.settings.base import *  # noqa: F403
from newsroom.settings.base import DEBUG, env, env_bool

if DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DEBUG must be off with newsroom.settings.production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The language switcher's cookie: HTTPS only, out of reach of scripts, not sent on other sites' subrequests
# (Lax still sends it when a reader follows a link here, so the page comes in their language).
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Load balancers and Prometheus ask the instance itself over plain HTTP (TLS ends at the proxy in front).
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$", r"^metrics$"]
