"""The photo library in the admin, and the photos of an article's form (uses of library photos).

A photo is uploaded once to the library and attached to any number of stories; the article form picks library
photos through an autocomplete with its "+" button, so a new picture is uploaded in a popup without leaving it.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import search, workflow
from ..models import Article, Photo, PhotoUse
from ..renditions import image_for, thumbnail_for
from .filters import DateRangeFilter
from .forms import TextWithLinesField
from .uploads import PhotoAdminForm, forget

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


def licence_expired(photo):
    return photo.licence_expires is not None and photo.licence_expires < timezone.localdate()


def licence_text(photo):
    """ "Licence until 31 Desember 2026" or "Licence expired on ...", or "" for a photo without a licence date."""
    if not photo.licence_expires:
        return ""
    text = _("Licence expired on %(date)s") if licence_expired(photo) else _("Licence until %(date)s")
    return text % {"date": date_format(photo.licence_expires)}


class FileFilter(admin.SimpleListFilter):
    title = _("file")
    parameter_name = "berkas"

    def lookups(self, request, model_admin):
        return [("menyusul", _("file to come")), ("ada", _("uploaded"))]

    def queryset(self, request, queryset):
        if self.value() == "menyusul":
            return queryset.filter(image="")
        if self.value() == "ada":
            return queryset.exclude(image="")
        return queryset


class PhotoForm(PhotoAdminForm):
    """The library form: the same picture uploaded again (same content) is offered as the photo already there, and
    an upload survives a refused save (articles.admin.uploads)."""

    class Meta:
        model = Photo
        fields = [
            "image",
            "caption",
            "credit",
            "is_archive",
            "alt_text",
            "focal_x",
            "focal_y",
            "date_taken",
            "place",
            "photographer",
            "keywords",
            "usage_terms",
            "licence_expires",
        ]

    def clean_image(self):
        image = super().clean_image()
        info = getattr(image, "photo_info", None)
        if info is not None:
            same_picture = Photo.objects.filter(file_hash=info.sha256).exclude(pk=self.instance.pk)
            existing = same_picture.first()
            if existing is not None and self.uploader is not None:
                # Named only if the uploader may see it: a colleague's picture for a story they may not see is not.
                existing = workflow.photos_visible_to(self.uploader, same_picture).first()
                if existing is None:
                    raise ValidationError(_("This picture is already in the library."), code="duplicate_photo")
            if existing is not None:
                raise ValidationError(
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("This picture is already in the library:"),
                        reverse("admin:articles_photo_change", args=[existing.pk]),
                        existing,
                    ),
                    code="duplicate_photo",
                )
        return image


class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = ["thumbnail", "__str__", "credit", "date_taken", "place", "is_archive", "use_count"]
    list_filter = [FileFilter, "is_archive", ("date_taken", DateRangeFilter)]
    date_hierarchy = "date_taken"
    # The list is searched by articles.search.matching_photos (full text on PostgreSQL); these serve the article
    # form's photo autocomplete.
    search_fields = ["caption", "credit", "photographer", "place", "keywords"]
    search_help_text = _("Words of the caption, credit, photographer, place or keywords.")
    readonly_fields = ["preview", "file_details", "focal_point_picker", "where_used"]
    formfield_overrides = TEXT_FIELDS
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("image", "kept_upload", "preview"),
                    "file_details",
                    "caption",
                    ("credit", "is_archive"),
                    "alt_text",
                ]
            },
        ),
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
        (_("Where used"), {"fields": ["where_used"]}),
    ]

    class Media:
        css = {"all": ["articles/admin.css"]}
        js = ["articles/focal_point.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        uploader = request.user

        class UploaderPhotoForm(form):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, uploader=uploader, **form_kwargs)

        return UploaderPhotoForm

    def get_queryset(self, request):
        queryset = workflow.photos_visible_to(request.user, super().get_queryset(request))
        queryset = queryset.select_related("uploaded_by").prefetch_related("renditions")
        return queryset.annotate(use_count=self.stories_seen_count(request.user)).order_by("-pk")

    @staticmethod
    def stories_seen_count(user):
        """The "stories" column counts what the page of each photo names: a colleague's draft is not one more."""
        if workflow.sees_every_article(user):
            return Count("uses__article", distinct=True)
        seen = workflow.articles_visible_to(user).values("pk")
        return Count("uses__article", filter=Q(uses__article__in=seen), distinct=True)

    def get_object(self, request, object_id, from_field=None):
        photo = super().get_object(request, object_id, from_field)
        if photo is not None:
            # "Stories that show it", as far as this user may see them: a colleague's draft names no headline here.
            shown_in = Article.objects.filter(photos__photo=photo).distinct().order_by("-published_at")
            photo.stories_seen = list(workflow.articles_visible_to(request.user, shown_in))
        return photo

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_change_library_photo(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_delete_library_photo(request.user, obj)

    def get_search_results(self, request, queryset, search_term):
        # The article form's photo autocomplete is typed a letter at a time: whole-word search would find nothing
        # until the word is complete, so it keeps the substring match of `search_fields` (as the article admin).
        if not search_term.strip() or getattr(request.resolver_match, "url_name", None) == "autocomplete":
            return super().get_search_results(request, queryset, search_term)
        return search.matching_photos(queryset, search_term), False

    def autocomplete_text(self, photo):
        """What the article form's photo search lists: the photo, then its usage terms and licence, so a reporter
        knows the rights before attaching it (articles' choices show the plain photo once saved)."""
        rights = [" ".join(photo.usage_terms.split()), licence_text(photo)]
        return " · ".join([str(photo), *(part for part in rights if part)])

    def save_model(self, request, obj, form, change):
        if "image" in form.changed_data and obj.image:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if form.kept_token is not None:  # the admin saves with commit=False: the kept copy goes here
            forget(form.kept_token, request.user)

    @admin.display(description=_("stories"), ordering="use_count")
    def use_count(self, photo):
        return photo.use_count

    @admin.display(description=_("stories that show it"))
    def where_used(self, photo):
        stories = getattr(photo, "stories_seen", [])
        if not stories:
            return _("No story uses this photo yet.")
        return format_html_join(
            "",
            '<p><a href="{}">{}</a> ({})</p>',
            (
                (reverse("admin:articles_article_change", args=[story.pk]), story, story.get_status_display())
                for story in stories
            ),
        )

    @admin.display(description=_("preview"))  # the next column, the photo itself, is headed "photo"
    def thumbnail(self, photo):
        # A photo whose file is still to come says so where its picture would be (no column of its own: the list
        # fits a laptop's width with the menu and the filters open).
        return photo_thumbnail(photo) if photo.image else _("file to come")

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
    view_on_site = False  # a photo line's page is the story's own, linked from the form already
    formset = PhotoUseFormSet
    extra = 0
    fields = ["photo", "preview", "rights", "order", "story_caption"]
    readonly_fields = ["preview", "rights"]
    autocomplete_fields = ["photo"]
    formfield_overrides = TEXT_FIELDS
    verbose_name = _("photo")
    verbose_name_plural = _("photos")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo").prefetch_related("photo__renditions")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            # Only what the photo search offers this user: a hidden photo's id posted by hand is an invalid choice.
            kwargs["queryset"] = workflow.photos_visible_to(request.user)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "photo":
            # The autocomplete fills its column (articles/admin.css) instead of select2's fixed 20em.
            formfield.widget.attrs["data-width"] = "100%"
        return formfield

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

    @admin.display(description=_("rights"))
    def rights(self, use):
        """The usage terms and the licence's last day, where the editor attaches the photo; an expired one in red."""
        if not use.photo_id:
            return self.admin_site.empty_value_display
        photo = use.photo
        parts = [photo.usage_terms] if photo.usage_terms else []
        if photo.licence_expires:
            css_class = "licence-expired" if licence_expired(photo) else ""
            parts.append(format_html('<span class="{}">{}</span>', css_class, licence_text(photo)))
        return format_html_join(" · ", "{}", ((part,) for part in parts)) or self.admin_site.empty_value_display
