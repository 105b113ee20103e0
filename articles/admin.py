from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from . import workflow
from .admin_workflow import ArticleWorkflowAdminMixin, StateFilter
from .forms import ArticleAdminForm
from .models import Article, Photo, RelatedLink, Section, Source
from .revisions import register_models

# Before VersionAdmin sees ArticleAdmin: it would otherwise register Article itself, without the tags.
# (The admin app is ready before this one, so ArticlesConfig.ready() comes too late for that.)
register_models()


def photo_thumbnail(photo, *, size=80):
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px">', photo.image.url, photo.alt_text, size, size
    )


# Django 6 assumes https for scheme-less URLs typed into forms; opt in now so the upgrade changes nothing.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class PhotoInline(admin.StackedInline):
    model = Photo
    extra = 0
    fields = [("image", "preview"), "caption", ("credit", "is_archive"), "alt_text", "order"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return photo_thumbnail(photo, size=160)


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    fk_name = "article"
    extra = 0
    fields = ["order", "title", "target", "url"]
    autocomplete_fields = ["target"]
    formfield_overrides = HTTPS_URLS

    # "Baca juga" lines are part of the text: whoever may not edit the article may not edit them.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_edit(request.user, obj)


@admin.register(Article)
class ArticleAdmin(ArticleWorkflowAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "state_label", "section", "source", "published_at", "thumbnail"]
    list_filter = [StateFilter, "section", "source", "language", "published_at"]
    list_select_related = ["section", "source"]
    search_fields = ["headline", "body", "tags__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "source"]
    inlines = [PhotoInline, RelatedLinkInline]
    actions = ["submit_for_review", "publish", "schedule", "unpublish"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "summary", "body", "tags", "expected_version"]}),
        (_("Dateline and byline"), {"fields": [("dateline_place", "dateline_agency"), ("reporter", "editor")]}),
        (_("Publication"), {"fields": ["status", "published_at", "section", "source", "language"]}),
        (_("Corrections"), {"fields": ["corrections_summary"]}),
    ]
    readonly_fields = ["corrections_summary"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("photos")

    @admin.display(description=_("photo"))
    def thumbnail(self, article):
        return photo_thumbnail(article.lead_photo)


class ArticleCountAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    formfield_overrides = HTTPS_URLS
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Source)
class SourceAdmin(ArticleCountAdmin):
    list_display = [*ArticleCountAdmin.list_display, "website"]


@admin.register(Section)
class SectionAdmin(ArticleCountAdmin):
    pass
