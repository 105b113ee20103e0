"""Test settings: fast hashing, in-memory mail, plain static storage."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-for-the-startup-check")
os.environ["DEBUG"] = "0"

from newsroom.settings.base import *  # noqa: E402,F403
from newsroom.settings.base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The tests run in one process, which local memory serves as Redis serves many (see base.py).
NEWSROOM_PAGE_CACHE = True
NEWSROOM_MENU_CACHE = True
