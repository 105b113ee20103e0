"""The public and internal record of what happened to a story: corrections, and the desk's audit trail."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..text import label
from .base import staff_member


class Correction(models.Model):
    """A dated, public note on a published article: a correction ("Ralat"), a clarification or an update."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    article = models.ForeignKey("Article", models.CASCADE, related_name="corrections", verbose_name=_("article"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(_("text"), help_text=_("What was wrong and what is right, as readers will read it."))
    published_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    author = staff_member(_("author"))

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["article", "published_at"], name="correction_article_time_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {label(self.text, 80)}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#ralat-{self.pk}"


class AuditEntry(models.Model):
    """Who published, scheduled, withdrew or corrected what, and when. Written only by `articles.workflow`."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Returned to draft")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CORRECTED = "corrected", _("Corrected")
        RESTORED = "restored", _("Restored a revision")
        AGENCY_APPLIED = "agency_applied", _("Applied an agency update")
        AGENCY_DISMISSED = "agency_dismissed", _("Dismissed an agency update")

    article = models.ForeignKey(
        "Article", models.SET_NULL, null=True, blank=True, related_name="audit_entries", verbose_name=_("article")
    )
    # Kept as written at the time: the entry still says what it was about after the article is deleted.
    headline = models.CharField(_("headline"), max_length=255)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = staff_member(_("user"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["article", "-at"], name="audit_article_time_idx")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.headline}"

    def get_absolute_url(self):
        return self.article.get_absolute_url() if self.article_id else None
