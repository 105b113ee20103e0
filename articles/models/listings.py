"""What readers can list articles by: the agencies copy comes from, and the paper's sections."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .article import unique_slug


class NamedListing(models.Model):
    """Something readers can list articles by, with a page of its own at `url_name`."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    url_name = None

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk, max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.slug})


class Source(NamedListing):
    """An agency or outlet the copy comes from: Anadolu, Reuters, ANTARA."""

    website = models.URLField(_("website"), blank=True)

    url_name = "articles:source"

    class Meta(NamedListing.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")


class Section(NamedListing):
    """A desk of the paper: Nasional, Internasional, Riau."""

    url_name = "articles:section"

    class Meta(NamedListing.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")


def in_menu_order(sections):
    """Sections as readers' menu lists them: alphabetical, whatever collation the database sorts by."""
    return sorted(sections, key=lambda section: (section.name.casefold(), section.name))
