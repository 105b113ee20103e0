"""Photos of an article with their captions and credits, and the renditions made of them."""

from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .. import renditions
from ..fields import PhotoImageField
from ..photos import describe
from ..text import label
from .base import staff_member


class Photo(models.Model):
    article = models.ForeignKey("Article", models.CASCADE, related_name="photos", verbose_name=_("article"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
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
    # SHA-256 of the original file: the same agency picture uploaded twice is found by an indexed lookup.
    file_hash = models.CharField(_("file hash"), max_length=64, blank=True, editable=False, db_index=True)
    uploaded_by = staff_member(_("uploaded by"), editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = [models.Index(fields=["article", "order"], name="photo_article_order_idx")]

    def __str__(self):
        return label(self.caption, 80) or self.image.name or str(_("Photo"))

    def save(self, *args, **kwargs):
        uploaded = bool(self.image) and not self.image._committed
        if self.pk is not None and (uploaded or not self.image):
            self._forget_replaced_file()
        if uploaded:
            upload = self.image.file
            info = getattr(upload, "photo_info", None) or describe(upload)
            self.file_hash = info.sha256
            # What the editor typed wins; the agency's embedded text only fills what was left empty.
            self.caption = self.caption.strip() or info.metadata.caption
            self.credit = self.credit.strip() or info.metadata.credit_line[: self._meta.get_field("credit").max_length]
        elif not self.image:
            self.file_hash = ""
        super().save(*args, **kwargs)
        if uploaded:
            renditions.make_renditions_after_commit(Photo, self.pk)

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def _forget_replaced_file(self):
        """The file this row pointed to before a new upload (or a cleared field) goes, renditions too."""
        stored = Photo.objects.filter(pk=self.pk).values_list("image", flat=True).first()
        if stored and stored != self.image.name:
            renditions.delete_file_after_commit(self.image.storage, stored)
            self.renditions.all().delete()


class PhotoRendition(models.Model):
    """A resized copy of a photo, made once after upload (see articles.renditions)."""

    class Format(models.TextChoices):
        WEBP = renditions.WEBP, "WebP"
        JPEG = renditions.JPEG, "JPEG"

    photo = models.ForeignKey(Photo, models.CASCADE, related_name="renditions", verbose_name=_("photo"))
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(_("file"), max_length=255)
    bytes = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        ordering = ["photo", "format", "width"]
        verbose_name = _("photo rendition")
        verbose_name_plural = _("photo renditions")
        constraints = [
            models.UniqueConstraint(fields=["photo", "width", "format"], name="photo_rendition_unique_size_format"),
        ]

    def __str__(self):
        return f"{self.photo_id} {self.width}w {self.format}"

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
