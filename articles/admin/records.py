"""The desk's records in the admin: corrections (added through the workflow, never rewritten), the audit trail and
old addresses (read only)."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Article


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CorrectionAdmin(admin.ModelAdmin):
    """Corrections are dated public records: editors add new ones (from the article's page), never rewrite them."""

    list_display = ["article", "kind", "published_at", "author"]
    list_filter = ["kind", "published_at"]
    list_select_related = ["article", "author"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "published_at"
    fields = ["article", "kind", "text"]
    autocomplete_fields = ["article"]

    def get_queryset(self, request):
        return workflow.corrections_visible_to(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return workflow.can_correct(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "article" in form.base_fields:
            form.base_fields["article"].queryset = Article.objects.filter(
                status__in=[Article.Status.PUBLISHED, Article.Status.WITHDRAWN]
            )
        return form

    def save_model(self, request, obj, form, change):
        # Through the workflow: audited, and the article's modified time and version move on.
        saved = workflow.add_correction(obj.article, by=request.user, kind=obj.kind, text=obj.text)
        obj.pk, obj.published_at, obj.author = saved.pk, saved.published_at, saved.author

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            self.message_user(request, _("The correction is published on the article."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.article_id]))
        return super().response_add(request, obj, post_url_continue)


class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "headline", "user", "detail"]
    list_filter = ["action", "at"]
    list_select_related = ["user"]
    search_fields = ["headline", "detail", "user__username"]
    date_hierarchy = "at"

    def view_on_site(self, entry):
        # The story's page; an entry about a story since deleted has none, and so no "view on site" button.
        return entry.get_absolute_url()

    def has_delete_permission(self, request, obj=None):
        return False


class SlugRedirectAdmin(ReadOnlyAdmin):
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__headline", "article__slug"]
