"""A newer agency version of a story the desk has edited since it was imported: held until an editor decides."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import staff_member


class AgencyUpdateQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=AgencyUpdate.State.PENDING)


class AgencyUpdate(models.Model):
    """The agency's copy as it arrived (the parsed fields), its place in the story's order, and the desk's decision.

    Applying it goes through `articles.workflow.apply_agency_update` (a revision and an audit entry), never a
    save of its own.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the desk")
        APPLIED = "applied", _("Applied")
        DISMISSED = "dismissed", _("Dismissed")
        SUPERSEDED = "superseded", _("Replaced by a newer version")

    article = models.ForeignKey("Article", models.CASCADE, related_name="agency_updates", verbose_name=_("article"))
    origin = models.CharField(_("file"), max_length=500, help_text=_("The file the agency's copy came in."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    # What orders the story's versions (see articles/importing/ordering.py).
    version_number = models.PositiveIntegerField(_("agency version"), null=True, blank=True)
    version_time = models.DateTimeField(_("version time"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    fingerprint = models.CharField(max_length=64, editable=False)
    headline = models.CharField(_("headline"), max_length=255)
    body = models.TextField(_("body"))
    # The rest of the parsed copy (dateline, byline, source, keywords, photos, "Baca juga" lines), as the
    # importer reads it back when the update is applied.
    copy = models.JSONField(_("agency copy"), default=dict)
    decided_by = staff_member(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = AgencyUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("agency update")
        verbose_name_plural = _("agency updates")
        indexes = [models.Index(fields=["state", "-received_at"], name="agency_update_state_idx")]
        constraints = [
            # The same version sent twice is held once.
            models.UniqueConstraint(fields=["article", "fingerprint"], name="agency_update_once_per_version"),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(decided_at__isnull=False), name="agency_update_decided_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.headline} ({self.origin})"

    def get_admin_url(self):
        return reverse("admin:articles_article_change", args=[self.article_id])
