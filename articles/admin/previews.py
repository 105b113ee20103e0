"""Preview links in the admin: an editor or the story's reporter shares a draft with someone without an account
(from the article's page, "Share a preview"), sees the links given out and revokes them."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import workflow
from ..models import Article, PreviewLink
from ..models.previews import DEFAULT_LIFETIME

LIFETIMES = [
    (1, _("1 hour")),
    (24, _("24 hours")),
    (48, _("48 hours")),
    (24 * 7, _("7 days")),
]


class PreviewLinkForm(forms.ModelForm):
    valid_for = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=LIFETIMES,
        coerce=int,
        initial=DEFAULT_LIFETIME // timedelta(hours=1),
        help_text=_("Whoever has the link sees the draft as it is when they open it, until then or until revoked."),
    )

    class Meta:
        model = PreviewLink
        fields = ["article"]


class PreviewLinkAdmin(admin.ModelAdmin):
    form = PreviewLinkForm
    list_display = ["article", "created_by", "created_at", "expires_at", "state", "address"]
    list_select_related = ["article", "created_by"]
    list_filter = ["created_at"]
    search_fields = ["article__headline"]
    autocomplete_fields = ["article"]
    actions = ["revoke"]
    readonly_fields = ["article", "created_by", "created_at", "expires_at", "revoked_at", "state", "address"]

    def get_queryset(self, request):
        return workflow.preview_links_visible_to(request.user, super().get_queryset(request))

    # The workflow decides, per article; the desk's groups carry no permissions of this model. --------

    def has_module_permission(self, request):
        return workflow.can_share_preview(request.user)

    def has_view_permission(self, request, obj=None):
        return workflow.can_share_preview(request.user, obj.article if obj else None)

    def has_add_permission(self, request):
        return workflow.can_share_preview(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # a link is given out as it is; it can only be revoked

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: the list keeps who shared what

    def has_revoke_permission(self, request):
        return workflow.can_share_preview(request.user)

    def get_fields(self, request, obj=None):
        return ["article", "valid_for"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "article" in form.base_fields:
            # Only stories this person may preview; a hand-made POST for another is refused in save_model too.
            shareable = workflow.articles_visible_to(request.user, Article.objects.all())
            form.base_fields["article"].queryset = shareable
        return form

    def save_model(self, request, obj, form, change):
        if not workflow.can_share_preview(request.user, obj.article):
            raise PermissionDenied
        obj.created_by = request.user
        obj.expires_at = timezone.now() + timedelta(hours=form.cleaned_data["valid_for"])
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            format_html(
                "{} <a href='{}'>{}</a>",
                _("Preview link made; send it to whoever should see the draft:"),
                obj.get_absolute_url(),
                absolute(obj),
            ),
            messages.SUCCESS,
        )
        # The list, where the new link's address is ready to copy (and where it is revoked).
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    @admin.display(description=_("state"))
    def state(self, link):
        if link.revoked_at:
            return _("Revoked")
        return _("Active") if link.is_active else _("Expired")

    @admin.display(description=_("address"))
    def address(self, link):
        if not link.is_active:
            return self.admin_site.empty_value_display
        return format_html(
            '<input type="text" readonly value="{}" class="vTextField" aria-label="{}">',
            absolute(link),
            _("Preview address"),
        )

    @admin.action(description=_("Revoke selected preview links"), permissions=["revoke"])
    def revoke(self, request, queryset):
        links = [
            link
            for link in queryset.select_related("article")
            if workflow.can_share_preview(request.user, link.article)
        ]
        count = PreviewLink.objects.filter(pk__in=[link.pk for link in links]).revoke()
        self.message_user(
            request, ngettext("%d preview link revoked.", "%d preview links revoked.", count) % count, messages.SUCCESS
        )


def absolute(link):
    return settings.SITE_URL + link.get_absolute_url()
