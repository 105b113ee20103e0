"""Local development: DEBUG on and a fixed, clearly insecure key unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "django-insecure-newsroom-development-only")
os.environ.setdefault("LOG_FORMAT", "text")

from newsroom.settings.base import *  # noqa: E402,F403
from newsroom.settings.base import STORAGES  # noqa: E402

# Plain static storage: no collectstatic step needed for runserver or tests.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
