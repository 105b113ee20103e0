"""Where an article points and where it is pointed from: "Baca juga" lines and the old addresses it answers at.

These models name the article by string ("Article"), as the article module imports them; the article model itself
is reached through their relation where their code needs it (`linked_model`)."""

from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from ..text import normalise_key
from .base import SLUG_MAX_LENGTH


def linked_model(model):
    """The article model, as the "Baca juga" line's target names it."""
    return model._meta.get_field("target").related_model


def reserved_slugs(article_pk=None):
    """The old addresses (`SlugRedirect`) no article but their own (`article_pk`) may take as its slug."""
    return SlugRedirect.objects.exclude(article_id=article_pk)


class RelatedLinkQuerySet(models.QuerySet):
    def with_target_address(self):
        """The lines as a readers' page shows them: each with just what its link needs of the linked story (whether
        readers may see it, and its address), not the whole story with its body."""
        return self.select_related("target").only(
            "article_id", "order", "title", "url", "target__slug", "target__status", "target__published_at"
        )

    def link_waiting(self, headline_keys=None):
        """Point titles still waiting for their article (those of `headline_keys`, or all) at it, if stored now.

        The one place "a title written before its article existed links to it later" happens: an
        article's save, the importer's batches and the end of a parallel import all call it.
        """
        waiting = self.filter(target__isnull=True)
        if headline_keys is not None:
            waiting = waiting.filter(title_key__in=headline_keys)
        stored = (
            linked_model(self.model)
            .objects.filter(headline_key=OuterRef("title_key"))
            .exclude(pk=OuterRef("article_id"))
        )
        return waiting.filter(Exists(stored)).update(target=Subquery(stored.order_by("id").values("id")[:1]))


class RelatedLink(models.Model):
    """A "Baca juga" line: the title as written, linked to the article once it is known."""

    article = models.ForeignKey("Article", models.CASCADE, related_name="related_links", verbose_name=_("article"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=500)
    title_key = models.CharField(max_length=255, editable=False, db_index=True)
    target = models.ForeignKey(
        "Article",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cited_by",
        verbose_name=_("linked article"),
    )
    url = models.URLField(_("external URL"), blank=True)

    objects = RelatedLinkQuerySet.as_manager()

    # The articles a title may link to when the line is saved: any other story (the importer, the shell), or the
    # ones the editing user may see (the admin sets it), so that a title never tells its writer that a story they
    # may not see carries that headline.
    linkable_articles = None

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("related link")
        verbose_name_plural = _("related links (“Baca juga”)")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = normalise_key(self.title)[:255]
        if self.target_id is None and self.title_key:
            linkable = self.linkable_articles
            self.target = (
                (linked_model(type(self)).objects.all() if linkable is None else linkable)
                .filter(headline_key=self.title_key)
                .exclude(pk=self.article_id)
                .order_by("id")
                .first()
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Where readers' "Baca juga" line leads: the linked story once they may see it (as the page decides).
        if self.target_id and self.target.is_visible:
            return self.target.get_absolute_url()
        return self.url or None


class SlugRedirect(models.Model):
    """An address a published article had before its slug changed: it answers 301 to the current one."""

    old_slug = models.SlugField(_("old slug"), max_length=SLUG_MAX_LENGTH, unique=True)
    article = models.ForeignKey("Article", models.CASCADE, related_name="slug_redirects", verbose_name=_("article"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return f"/berita/{self.old_slug}/ → {self.article.get_absolute_url()}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()
