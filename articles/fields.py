"""The photo upload field: every form that edits a Photo (the admin inline included) checks the file.

The check runs once per upload: the form field inspects the file and leaves the result on it
(`photo_info`), the model validator and `Photo.save` reuse it.
"""

from django import forms
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.urls import reverse

from .photos import file_name_for, inspect_upload


def validate_photo_file(value):
    """Model-field validator: a new upload must pass `inspect_upload`; a stored file is not re-read."""
    if not value or getattr(value, "_committed", True):
        return
    upload = value.file
    if getattr(upload, "photo_info", None) is None:
        upload.photo_info = inspect_upload(upload)


class PhotoUploadField(forms.ImageField):
    """An ImageField whose check is `inspect_upload`: allowed formats, size and pixel limits, full decode."""

    def to_python(self, data):
        # FileField.to_python, not ImageField's: its Pillow check would hide why a photo is refused.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        info = inspect_upload(upload)
        upload.photo_info = info
        upload.content_type = f"image/{info.format.lower()}"
        # Storage and browsers go by the extension: a PNG sent as "foto.jpg" is stored as "foto.png".
        upload.name = file_name_for(upload.name, info.format)
        return upload


class PhotoFieldFile(ImageFieldFile):
    """A photo's original: its `url` is the view that serves it only to those who may see its article.

    The storage's own URL of an original is never handed out (the web server does not serve originals, see
    articles.public.media), so every `photo.image.url` (the admin's "Currently" link, a page without renditions
    yet, feeds, ninjs) goes through that check.
    """

    @property
    def url(self):
        if not self or self.instance.pk is None:
            return super().url  # Django's answer: an error without a file; before the row is saved, no view has it
        return reverse("photo_original", args=[self.instance.pk])


class PhotoImageField(models.ImageField):
    attr_class = PhotoFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_photo_file])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("validators") == [validate_photo_file]:
            del kwargs["validators"]
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoUploadField, **kwargs})
