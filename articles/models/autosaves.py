"""Autosaves: the state of an editor's article form, kept on the server while they type.

One per person and article (or per person for a new article not yet saved). Never the article itself: an autosave
publishes nothing, changes no version and no history, and only its author is ever offered it back.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The form fields an autosave keeps: the text and its settings, never the status or publication time.
AUTOSAVED_FIELDS = (
    "headline",
    "slug",
    "summary",
    "body",
    "tags",
    "dateline_place",
    "dateline_agency",
    "reporter",
    "editor",
    "section",
    "source",
    "language",
)


class Autosave(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user"))
    article = models.ForeignKey(
        "Article", models.CASCADE, null=True, blank=True, related_name="autosaves", verbose_name=_("article")
    )
    data = models.JSONField(_("form state"))
    saved_at = models.DateTimeField(_("autosaved"), auto_now=True)

    class Meta:
        ordering = ["-saved_at"]
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], condition=Q(article__isnull=False), name="autosave_one_per_article"
            ),
            models.UniqueConstraint(fields=["user"], condition=Q(article__isnull=True), name="autosave_one_new"),
        ]

    def __str__(self):
        return _("Autosave of “%(headline)s”") % {"headline": self.data.get("headline", "")}
