"""The photo library in the admin, and the photos of an article's form (uses of library photos).

A photo is uploaded once to the library and attached to any number of stories; the article form picks library
photos through an autocomplete with its "+" button, so a new picture is uploaded in a popup without leaving it.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Article, PhotoUse
from ..renditions import image_for, thumbnail_for
from .forms import TextWithLinesField

# Captions and terms with "\n" line ends, as the importer and the article form store text.
TEXT_FIELDS = {models.TextField: {"form_class": TextWithLinesField}}


def photo_thumbnail(photo, *, size=80):
    """The photo's thumbnail rendition (the original until renditions exist), at most `size` pixels."""
    thumbnail = thumbnail_for(photo)
    if thumbnail is None:
        return admin.site.empty_value_display
    # Sized by width and height attributes, not a style attribute: the Content-Security-Policy allows no inline style.
    if not (thumbnail.width and thumbnail.height):
        return format_html('<img src="{}" alt="{}" width="{}">', thumbnail.src, photo.alt_text, size)
    scale = min(1, size / max(thumbnail.width, thumbnail.height))
    width, height = round(thumbnail.width * scale), round(thumbnail.height * scale)
    return format_html('<img src="{}" alt="{}" width="{}" height="{}">', thumbnail.src, photo.alt_text, width, height)


class PhotoAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "credit", "date_taken", "place", "is_archive"]
    list_filter = ["is_archive"]
    search_fields = ["caption", "credit", "photographer", "place", "keywords"]
    readonly_fields = ["preview", "file_details", "focal_point_picker"]
    formfield_overrides = TEXT_FIELDS
    fieldsets = [
        (None, {"fields": [("image", "preview"), "file_details", "caption", ("credit", "is_archive"), "alt_text"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_point_picker", ("focal_x", "focal_y")],
                "description": _(
                    "Click on the subject of the picture: every cut (article page, thumbnails, social card) is "
                    "centred on it."
                ),
            },
        ),
        (_("Where and when"), {"fields": [("date_taken", "place"), "photographer", "keywords"]}),
        (_("Rights"), {"fields": ["usage_terms", "licence_expires"]}),
    ]

    class Media:
        css = {"all": ["articles/admin.css"]}
        js = ["articles/focal_point.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by").prefetch_related("renditions")

    def save_model(self, request, obj, form, change):
        if "image" in form.changed_data and obj.image:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("photo"))
    def thumbnail(self, photo):
        return photo_thumbnail(photo)

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return photo_thumbnail(photo, size=160)

    @admin.display(description=_("picture"))
    def focal_point_picker(self, photo):
        picture = image_for(photo, width=640)
        if picture is None:
            return _("Upload the file first; the focal point is set on the picture.")
        return format_html(
            '<span class="focal-point-frame"><img src="{}" alt="{}" width="{}" height="{}" data-focal-point '
            'tabindex="0"><span class="focal-point-marker"></span></span>',
            picture.src,
            _("Click where the subject is"),
            picture.width,
            picture.height,
        )

    @admin.display(description=_("file"))
    def file_details(self, photo):
        if not photo.image:
            return self.admin_site.empty_value_display
        uploader = photo.uploaded_by.get_username() if photo.uploaded_by else self.admin_site.empty_value_display
        return format_html(
            "{} × {} px · {}", photo.width or "?", photo.height or "?", _("uploaded by %(user)s") % {"user": uploader}
        )


class PhotoUseFormSet(BaseInlineFormSet):
    """The article's photos: a published story's photos must each say what they show (the workflow's rule)."""

    def clean(self):
        super().clean()
        if self.instance.status != Article.Status.PUBLISHED:
            return
        for form in self.forms:
            if self._should_delete_form(form) or not hasattr(form, "cleaned_data") or not form.instance.photo_id:
                continue
            problem = workflow.photo_problem(form.instance)
            if problem:
                form.add_error("photo", ValidationError(problem, code="alt_text_required"))


class PhotoUseInline(admin.TabularInline):
    model = PhotoUse
    formset = PhotoUseFormSet
    extra = 0
    fields = ["photo", "preview", "order", "story_caption"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["photo"]
    formfield_overrides = TEXT_FIELDS
    verbose_name = _("photo")
    verbose_name_plural = _("photos")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo").prefetch_related("photo__renditions")

    # Asked per article, like the article form itself: a photo editor changes the photos of any story.
    def has_add_permission(self, request, obj=None):
        return workflow.can_edit_photos(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return workflow.can_edit_photos(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_edit_photos(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return workflow.can_edit_photos(request.user, obj) or super().has_view_permission(request, obj)

    @admin.display(description=_("preview"))
    def preview(self, use):
        return photo_thumbnail(use.photo, size=120) if use.photo_id else self.admin_site.empty_value_display
