"""The desk's internal notes on an article: for the staff who work on it, never for readers (no public page,
feed, sitemap or ninjs document reads them), and not part of the article's revisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import staff_member


class Note(models.Model):
    article = models.ForeignKey("Article", models.CASCADE, related_name="notes", verbose_name=_("article"))
    author = staff_member(_("written by"), editable=False)
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return self.text[:60]
