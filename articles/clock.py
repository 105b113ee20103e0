"""The newsroom's clock: readers' pages show every time as the desk keeps it (WIB, settings.TIME_ZONE)."""

from django.utils import timezone


def desk_time(value=None):
    """`value` (default: now) in the newsroom's time zone.

    No reader's page switches zones per reader, so this is the default zone, taken directly: Django's `localtime`
    would look up the request's active zone first, and a page shows half a dozen times."""
    return timezone.localtime(value, timezone.get_default_timezone())
