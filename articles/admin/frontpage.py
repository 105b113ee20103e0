"""The front page in one screen: when an arrangement takes effect, its top story, its ordered picks (each with an
optional expiry) and a breaking-news banner. Only editors who publish arrange it (workflow.can_curate)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import EditorsPick
from .article import HTTPS_URLS


class CuratorsOnly:
    """Every view of these models, for curators only: the desk's rule, not Django's per-model permissions."""

    def has_module_permission(self, request):
        return workflow.can_curate(request.user)

    def has_view_permission(self, request, obj=None):
        return workflow.can_curate(request.user)

    def has_add_permission(self, request, obj=None):
        return workflow.can_curate(request.user)

    def has_change_permission(self, request, obj=None):
        return workflow.can_curate(request.user)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_curate(request.user)


class EditorsPickInline(CuratorsOnly, admin.TabularInline):
    model = EditorsPick
    extra = 0
    fields = ["order", "article", "until"]
    autocomplete_fields = ["article"]
    verbose_name_plural = _("Editor's picks")


class FrontPageAdmin(CuratorsOnly, admin.ModelAdmin):
    list_display = ["__str__", "top_story", "top_story_until", "banner_text", "banner_until"]
    list_select_related = ["top_story"]
    autocomplete_fields = ["top_story"]
    inlines = [EditorsPickInline]
    formfield_overrides = HTTPS_URLS
    fieldsets = [
        (None, {"fields": ["starts_at"]}),
        (_("Top story"), {"fields": [("top_story", "top_story_until")]}),
        (_("Breaking news"), {"fields": ["banner_text", ("banner_url", "banner_until")]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        return {"starts_at": timezone.now(), **super().get_changeform_initial_data(request)}
