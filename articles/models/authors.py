"""The people behind the stories: authors with a page of their own, credited on an article in order."""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..fields import PhotoUploadField, validate_photo_file
from ..renditions import RENDITIONS_PREFIX
from ..text import normalise_key, normalise_text
from .article import unique_slug


def portrait_path(author, filename):
    """A portrait is public like a rendition, and stored where the web server serves those, under a name nobody
    can guess (the upload's own name could say more than the page does)."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"{RENDITIONS_PREFIX}authors/{secrets.token_hex(16)}{suffix}"


class PortraitField(models.ImageField):
    """An author's photo: checked on upload like an article's photos (formats, size, a full decode)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_photo_file])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoUploadField, **kwargs})


class Role(models.TextChoices):
    """What a person did: their usual job on an author, their part in one story on a credit."""

    REPORTER = "reporter", _("Reporter")
    EDITOR = "editor", _("Editor")
    PHOTOGRAPHER = "photographer", _("Photographer")
    CONTRIBUTOR = "contributor", _("Contributor")


class AuthorQuerySet(models.QuerySet):
    def matching(self, names):
        """The authors known by any of `names`, however they were cased or spaced: {name key: author}."""
        keys = {normalise_key(name) for name in names}
        return {author.name_key: author for author in self.filter(name_key__in=keys)}


class Author(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # The name as the importer and the admin match it (case and spacing ignored): one person, one author.
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The author page's address; made from the name."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    photo = PortraitField(_("photo"), upload_to=portrait_path, blank=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        verbose_name=_("staff account"),
        help_text=_("Optional: the desk account of this person."),
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise_text(self.name)
        self.name_key = normalise_key(self.name)[:200]
        if not self.slug:
            self.slug = unique_slug(Author, self.name, exclude_pk=self.pk, max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Credit(models.Model):
    """One author on one article, in the byline's order, with their part in this story."""

    article = models.ForeignKey("Article", models.CASCADE, related_name="credits", verbose_name=_("article"))
    author = models.ForeignKey(Author, models.PROTECT, related_name="credits", verbose_name=_("author"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("author credit")
        verbose_name_plural = _("author credits")
        constraints = [
            models.UniqueConstraint(fields=["article", "author", "role"], name="credit_unique_author_role"),
        ]
        # The author page walks an author's credits to their stories.
        indexes = [models.Index(fields=["author", "article"], name="credit_author_article_idx")]

    def __str__(self):
        return f"{self.get_role_display()}: {self.author}"


def authors_named(names):
    """{name key: author} for every name, matched ignoring case and spacing; a name seen for the first time
    becomes a new author (as a reporter; an editor corrects the role on the author's page)."""
    names = [normalise_text(name) for name in names]
    known = Author.objects.matching(names)
    for name in names:
        key = normalise_key(name)[:200]
        if name and key not in known:
            known[key] = Author.objects.create(name=name)
    return known


def credits_for(article, byline, authors):
    """Unsaved credits of `article` for `byline` ([(role, name), ...], in order), from `authors_named()`;
    a person named twice for the same part is credited once."""
    credits, seen = [], set()
    for role, name in byline:
        author = authors.get(normalise_key(normalise_text(name))[:200])
        if author is not None and (author.pk, role) not in seen:
            seen.add((author.pk, role))
            credits.append(Credit(article=article, author=author, role=role, order=len(credits)))
    return credits
