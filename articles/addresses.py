"""`reverse()` and `static()`, remembered: every page names the same few dozen addresses (menu, feeds, tags,
style sheet), and working one out costs more than the rest of its line in the template.

An address depends only on the URLconf, the script prefix and the language (readers' addresses carry it:
/en/... for English), so all three are part of the key; a static file's
address only on the static files storage. Changing the settings behind them (tests do) forgets everything, as
Django's own resolver and storage caches do.
"""

from functools import lru_cache, partial

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def address(name, *args):
    """The path of the URL pattern `name` with positional `args`, like `reverse(name, args=args)`."""
    return _reverse(get_urlconf(), get_script_prefix(), get_language(), name, args)


def request_addresses():
    """`address` for the rest of the current request: its URLconf, script prefix and language are read once."""
    return partial(_address_in, get_urlconf(), get_script_prefix(), get_language())


def _address_in(urlconf, script_prefix, language, name, *args):
    return _reverse(urlconf, script_prefix, language, name, args)


@lru_cache(maxsize=4096)
def _reverse(urlconf, script_prefix, language, name, args):
    return reverse(name, urlconf=urlconf, args=args)


@lru_cache(maxsize=256)
def asset(path):
    """The URL of a static file, like `static(path)` (with the manifest's content hash in production)."""
    return static(path)


@receiver(setting_changed)
def _forget_addresses(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES"}:
        asset.cache_clear()
