"""Preview links: a draft shown to someone without an account (a source, the lawyer) for a limited time.

The address carries the link's id signed with the site's key (django.core.signing), so nothing secret is stored
and nobody can guess or alter one; the row says until when it works and whether an editor revoked it.
"""

from datetime import timedelta

from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import staff_member

SIGNING_SALT = "articles.preview-link"
DEFAULT_LIFETIME = timedelta(hours=48)


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, *, at=None):
        """Links that still open their article: not revoked, not expired (at `at`, default now)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now() if at is None else at)

    def revoke(self):
        """Stop the active ones from opening their article; returns how many were."""
        return self.active().update(revoked_at=timezone.now())

    def from_token(self, token):
        """The active link a token names, or None for a token that is forged, altered, revoked or expired."""
        try:
            pk = signing.loads(token, salt=SIGNING_SALT)
        except signing.BadSignature:
            return None
        if not isinstance(pk, int):
            return None
        return self.active().filter(pk=pk).first()


class PreviewLink(models.Model):
    article = models.ForeignKey("Article", models.CASCADE, related_name="preview_links", verbose_name=_("article"))
    created_by = staff_member(_("shared by"), editable=False)
    created_at = models.DateTimeField(_("shared"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        indexes = [models.Index(fields=["article", "-created_at"], name="previewlink_article_idx")]

    def __str__(self):
        return _("Preview of “%(headline)s”") % {"headline": self.article.headline}

    def get_absolute_url(self):
        return reverse("articles:shared_preview", kwargs={"token": self.token})

    @property
    def token(self):
        return signing.dumps(self.pk, salt=SIGNING_SALT)

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
