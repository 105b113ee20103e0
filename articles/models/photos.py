"""The photo library: a photo exists once (file, caption, credit, rights) and is used by any number of articles.

A `PhotoUse` places a library photo in one article, in its order and, where the desk wants, with a caption of its
own for that story. Renditions belong to the library photo: made once, by a background task, for every story.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .. import renditions
from ..crops import CLASSIC, ORIGINAL, SOCIAL, SQUARE, WIDE
from ..fields import PhotoImageField
from ..photos import describe, text_key
from ..text import label
from .base import staff_member


class Photo(models.Model):
    """A library photo: what the picture is, who took it and on what terms the desk may show it."""

    image = PhotoImageField(
        _("image"),
        upload_to="photos/%Y/%m/",
        blank=True,
        width_field="width",
        height_field="height",
        help_text=_(
            "JPEG, PNG, WebP or GIF. An agency photo's embedded caption and credit fill the fields left empty. "
            "An imported caption may wait for its file."
        ),
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True, help_text=_("E.g. ANTARA/REUTERS."))
    is_archive = models.BooleanField(
        _("archive photo"), default=False, help_text=_("Shown to readers as “Arsip foto”.")
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it. Required before the article is published."),
    )
    date_taken = models.DateField(_("date taken"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("E.g. Sungai Siak, Pekanbaru."))
    photographer = models.CharField(_("photographer"), max_length=200, blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True, help_text=_("Separated by commas."))
    usage_terms = models.TextField(
        _("copyright and usage terms"), blank=True, help_text=_("E.g. “Editorial use only”.")
    )
    licence_expires = models.DateField(
        _("licence expires"), null=True, blank=True, help_text=_("For licensed agency pictures: the last day of use.")
    )
    # Where the picture's subject is, as fractions of its width and height: every cut is centred on it.
    focal_x = models.FloatField(
        _("focal point (across)"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    focal_y = models.FloatField(
        _("focal point (down)"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    # SHA-256 of the original file: the same agency picture uploaded twice is found by an indexed lookup.
    file_hash = models.CharField(_("file hash"), max_length=64, blank=True, editable=False, db_index=True)
    # Normalised caption and credit (articles.photos.text_key): an imported caption finds its library photo.
    text_key = models.CharField(_("caption key"), max_length=64, blank=True, editable=False, db_index=True)
    uploaded_by = staff_member(_("uploaded by"), editable=False)
    created_at = models.DateTimeField(_("added to the library"), auto_now_add=True, null=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return label(self.caption, 80) or self.image.name or str(_("Photo"))

    def save(self, *args, **kwargs):
        uploaded = bool(self.image) and not self.image._committed
        refocused = not uploaded and self._focus_moved()
        if self.pk is not None and (uploaded or not self.image):
            self._forget_replaced_file()
        if refocused:
            # The cuts follow the new focal point (with new names); the original's shape stays as it is.
            self.renditions.exclude(crop=ORIGINAL).delete()
        if uploaded:
            upload = self.image.file
            info = getattr(upload, "photo_info", None) or describe(upload)
            self.file_hash = info.sha256
            # What the editor typed wins; the agency's embedded text only fills what was left empty.
            self.caption = self.caption.strip() or info.metadata.caption
            self.credit = self.credit.strip() or info.metadata.credit_line[: self._meta.get_field("credit").max_length]
        elif not self.image:
            self.file_hash = ""
        self.text_key = text_key(self.caption, self.credit)
        super().save(*args, **kwargs)
        if (uploaded or refocused) and self.image:
            # Resizing is the worker's job: the upload request only stores the original (articles.tasks).
            renditions.enqueue_renditions_after_commit(self.pk)

    @property
    def file_to_come(self):
        """An imported caption whose picture a photo editor has yet to upload."""
        return not self.image

    def _focus_moved(self):
        if self.pk is None:
            return False
        stored = Photo.objects.filter(pk=self.pk).values_list("focal_x", "focal_y").first()
        return stored is not None and stored != (self.focal_x, self.focal_y)

    def _forget_replaced_file(self):
        """The file this row pointed to before a new upload (or a cleared field) goes, renditions too."""
        stored = Photo.objects.filter(pk=self.pk).values_list("image", flat=True).first()
        if stored and stored != self.image.name:
            renditions.delete_file_after_commit(self.image.storage, stored)
            self.renditions.all().delete()


class PhotoUse(models.Model):
    """A library photo shown in one article: its place among the story's photos and the story's own caption.

    Readers' pages, feeds and exports read a use as they read a photo: the display attributes below come from the
    library photo, the caption from the story where it has one.
    """

    article = models.ForeignKey("Article", models.CASCADE, related_name="photos", verbose_name=_("article"))
    photo = models.ForeignKey(Photo, models.PROTECT, related_name="uses", verbose_name=_("photo"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    story_caption = models.TextField(
        _("caption in this story"), blank=True, help_text=_("Leave empty to use the library caption.")
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("photo in the story")
        verbose_name_plural = _("photos in the story")
        indexes = [models.Index(fields=["article", "order"], name="photo_use_article_order_idx")]

    def __str__(self):
        return label(self.caption, 80) or str(self.photo)

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    @property
    def caption(self):
        return self.story_caption.strip() or self.photo.caption

    # What readers see of the library photo, read through the use so a page treats both alike.
    image = property(lambda self: self.photo.image)
    width = property(lambda self: self.photo.width)
    height = property(lambda self: self.photo.height)
    credit = property(lambda self: self.photo.credit)
    alt_text = property(lambda self: self.photo.alt_text)
    is_archive = property(lambda self: self.photo.is_archive)
    renditions = property(lambda self: self.photo.renditions)


def shown_photos(*, renditions=True):
    """Prefetches of an article's photos as pages show them: each use joined to its library photo in one query,
    and the renditions in one more, however many stories are loaded. Both come unordered: `Article.photo_uses`
    puts a story's photos in order, and pages pick and sort renditions by shape and width (articles.renditions)."""
    uses = models.Prefetch("photos", queryset=PhotoUse.objects.select_related("photo").order_by())
    if not renditions:
        return [uses]
    return [uses, models.Prefetch("photos__photo__renditions", queryset=PhotoRendition.objects.order_by())]


class PhotoRendition(models.Model):
    """A resized copy of a library photo, made once by the worker (see articles.renditions)."""

    class Format(models.TextChoices):
        WEBP = renditions.WEBP, "WebP"
        JPEG = renditions.JPEG, "JPEG"

    photo = models.ForeignKey(Photo, models.CASCADE, related_name="renditions", verbose_name=_("photo"))
    crop = models.CharField(
        _("shape"),
        max_length=8,
        default=ORIGINAL,
        choices=[
            (ORIGINAL, _("original shape")),
            (WIDE, WIDE),
            (CLASSIC, CLASSIC),
            (SQUARE, SQUARE),
            (SOCIAL, _("social card")),
        ],
    )
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(_("file"), max_length=255)
    bytes = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        # By the column, not the relation: "photo" would sort by Photo.Meta.ordering and so join the photos table.
        ordering = ["photo_id", "crop", "format", "width"]
        verbose_name = _("photo rendition")
        verbose_name_plural = _("photo renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "crop", "width", "format"], name="photo_rendition_unique_crop_size_format"
            ),
        ]

    def __str__(self):
        return f"{self.photo_id} {self.crop} {self.width}w {self.format}"

    def get_absolute_url(self):
        return self.url

    @cached_property
    def url(self):
        # A page names each rendition in two srcsets and its JSON-LD: ask the storage once.
        return self.file.url


@receiver(post_delete, sender=Photo)
def delete_photo_file(sender, instance, **kwargs):
    if instance.image:
        renditions.delete_file_after_commit(instance.image.storage, instance.image.name)


@receiver(post_delete, sender=PhotoRendition)
def delete_rendition_file(sender, instance, **kwargs):
    if instance.file:
        renditions.delete_file_after_commit(instance.file.storage, instance.file.name)
