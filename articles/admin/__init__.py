"""The editors' admin. Django's autodiscover imports this package, which registers every ModelAdmin."""

from . import article, workflow  # noqa: F401
