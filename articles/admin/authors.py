"""Authors and bylines in the admin: the byline lines under an article's form, and the authors' own pages."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Credit
from .forms import TextWithLinesField


class CreditInline(admin.TabularInline):
    """The byline: the story's authors in order, each with their part in it."""

    model = Credit
    extra = 0
    fields = ["order", "author", "role"]
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("byline")

    # The byline is part of the copy: whoever may edit the article may change it, and nobody else (the desk's
    # rule, not a per-model permission no role was given).
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)


class AuthorAdmin(admin.ModelAdmin):
    """Everyone on the desk picks authors for a byline (the autocomplete); editors keep their pages."""

    list_display = ["name", "role", "slug", "user", "article_count"]
    list_filter = ["role"]
    search_fields = ["name"]
    autocomplete_fields = ["user"]
    fields = ["name", "slug", "role", "photo", "bio", "user"]
    # A bio's lines with "\n" ends, as every textarea of the desk stores them.
    formfield_overrides = {models.TextField: {"form_class": TextWithLinesField}}

    def get_queryset(self, request):
        # Ordered again: a query that counts (GROUP BY) leaves Meta.ordering out.
        articles = Count("credits__article", distinct=True)
        return (
            super().get_queryset(request).select_related("user").annotate(article_count=articles).order_by("name", "id")
        )

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, author):
        return author.article_count

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return workflow.can_manage_authors(request.user)

    def has_change_permission(self, request, obj=None):
        return workflow.can_manage_authors(request.user)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_manage_authors(request.user)
