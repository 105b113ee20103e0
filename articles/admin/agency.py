"""Agency updates held for the desk, in the article admin: marked in the list, shown on the change form as a diff
against the current text, applied or dismissed there (`articles.workflow` decides and saves)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import workflow
from ..importing.versions import merged_text
from ..models import AgencyUpdate
from ..revisions import Change, text_lines


def with_pending_update(queryset):
    """Articles annotated with whether an agency update waits for the desk (one semi-join, not a query each)."""
    return queryset.annotate(
        agency_update_waiting=Exists(AgencyUpdate.objects.pending().filter(article=OuterRef("pk")))
    )


class AgencyUpdateFilter(admin.SimpleListFilter):
    title = _("agency update")
    parameter_name = "agency_update"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting for the desk"))]

    def queryset(self, request, queryset):
        return queryset.filter(agency_update_waiting=True) if self.value() == "waiting" else queryset


class AgencyUpdateAdminMixin:
    def get_queryset(self, request):
        return with_pending_update(super().get_queryset(request))

    @admin.display(description=_("state"), ordering="status")
    def state_label(self, article):
        """The state, with the mark of an agency update waiting for the desk below it: one column, so the list fits
        a laptop's width with the menu and the filters open (the filter "agency update" lists them)."""
        if not getattr(article, "agency_update_waiting", False):
            return super().state_label(article)
        mark = format_html('<span class="agency-update-waiting">{}</span>', _("Agency update waiting"))
        return format_html("{}{}", super().state_label(article), mark)

    def get_urls(self):
        opts = self.model._meta
        views = [
            path(
                f"<path:object_id>/agency-update/<int:update_id>/{decision}/",
                self.admin_site.admin_view(require_POST(view)),
                name=f"{opts.app_label}_{opts.model_name}_agency_{decision}",
            )
            for decision, view in (
                ("apply", self.apply_agency_update_view),
                ("dismiss", self.dismiss_agency_update_view),
            )
        ]
        return [*views, *super().get_urls()]

    def _pending_update(self, request, object_id, update_id=None):
        article = self.get_object(request, unquote(object_id))
        if article is None or not workflow.can_edit(request.user, article):
            raise PermissionDenied
        updates = article.agency_updates.pending()
        return article, get_object_or_404(updates, pk=update_id) if update_id else updates.first()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        article = self.get_object(request, unquote(object_id)) if object_id else None
        if article is not None and workflow.can_edit(request.user, article):
            update = article.agency_updates.pending().first()
            if update is not None:
                extra_context["agency_update"] = self._agency_update_context(article, update)
        return super().change_view(request, object_id, form_url, extra_context)

    def _agency_update_context(self, article, update):
        merged = merged_text(update)
        changes = []
        if merged.headline != article.headline:
            changes.append(Change(str(_("Headline")), article.headline, merged.headline))
        if merged.paragraphs != article.paragraphs:
            # A line per paragraph: the blank lines between them are no change worth a row.
            lines = text_lines("\n".join(article.paragraphs), "\n".join(merged.paragraphs))
            changes.append(Change(str(_("Body")), lines=lines))
        return {
            "update": update,
            "changes": changes,
            "conflicts": merged.conflicting_text,
            "apply_url": self._admin_url("agency_apply", quote(article.pk), update.pk),
            "dismiss_url": self._admin_url("agency_dismiss", quote(article.pk), update.pk),
        }

    def apply_agency_update_view(self, request, object_id, update_id):
        return self._decide(
            request, object_id, update_id, workflow.apply_agency_update, _("The agency update is applied.")
        )

    def dismiss_agency_update_view(self, request, object_id, update_id):
        message = _("The agency update is dismissed; the desk's text stays.")
        return self._decide(request, object_id, update_id, workflow.dismiss_agency_update, message)

    def _decide(self, request, object_id, update_id, decision, message):
        article, update = self._pending_update(request, object_id, update_id)
        try:
            decision(update, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self._admin_url("change", quote(article.pk)))
