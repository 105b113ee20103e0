"""What the desk's models share: who did something, and how long an address may be."""

from django.conf import settings
from django.db import models

SLUG_MAX_LENGTH = 200


def staff_member(verbose_name, **options):
    """Who did something: kept when the account is deleted (as empty), never followed back from the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )
