"""The desk's workflow in the article admin: permissions per article, actions with confirmation pages, and the
history with a readable diff (restoring a revision: restore.py).

The admin only asks and shows; `articles.workflow` decides and saves.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.models import Version

from .. import workflow
from ..dates import wib
from ..models import Article
from ..revisions import diff_versions
from .forms import ScheduleForm, WithdrawForm
from .restore import RestoreAdminMixin


def confirmation_page(
    modeladmin, request, queryset, *, action, title, question, articles, form=None, button, refused=()
):
    """An intermediate page like Django's delete confirmation: nothing happens until the user confirms.

    `refused`: (article, problems) pairs, articles this step applies to but the workflow's rules hold back.
    """
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "question": question,
        "articles": articles,
        "refused": refused,
        "skipped": queryset.exclude(pk__in=[a.pk for a in articles] + [a.pk for a, problems in refused]),
        "action": action,
        "form": form,
        "button": button,
        "selected": list(queryset.values_list("pk", flat=True)),
        "opts": opts,
        "app_label": opts.app_label,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media if form else modeladmin.media,
    }
    return TemplateResponse(request, "admin/articles/article/workflow_confirmation.html", context)


class ArticleWorkflowAdminMixin(RestoreAdminMixin):
    history_latest_first = True
    object_history_template = "admin/articles/article/object_history.html"

    # Permissions: asked per article, so what the server accepts matches what the page offers. -------

    def has_change_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj) or workflow.can_edit_photos(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return workflow.can_delete(request.user, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not workflow.can_delete_several(request.user):
            actions.pop("delete_selected", None)
        return actions

    def delete_queryset(self, request, queryset):
        # The list's "delete selected" asks about the model, not each article: ask per article here.
        if any(not workflow.can_delete(request.user, article) for article in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def has_submit_permission(self, request):
        return workflow.can_edit(request.user)

    def get_queryset(self, request):
        # A reporter works on their own copy; of the others' work they see what readers see.
        return workflow.articles_visible_to(request.user, super().get_queryset(request))

    def _text_fields(self, request, obj):
        return [name for name in flatten_fieldsets(self.get_fieldsets(request, obj)) if name != "expected_version"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not workflow.can_edit(request.user, obj):
            # A photo editor: the photos below are theirs to edit, the article is not.
            return readonly + self._text_fields(request, obj)
        if not workflow.can_publish(request.user):
            readonly.append("published_at")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    # Saving ------------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        workflow.record_status_change(
            obj, by=request.user, old_status=form.old_status, old_published_at=form.old_published_at
        )

    def _preview_or(self, request, obj, response):
        if "_preview" in request.POST and response.status_code == 302:
            return HttpResponseRedirect(obj.get_preview_url())
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._preview_or(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._preview_or(request, obj, super().response_change(request, obj))

    @admin.display(description=_("corrections"))
    def corrections_summary(self, article):
        corrections = list(article.corrections.all())
        if not corrections:
            return self.admin_site.empty_value_display
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} ({})",
            ((c.get_kind_display(), c.text, localize(timezone.localtime(c.published_at))) for c in corrections),
        )

    # List --------------------------------------------------------------------------------------------

    @admin.display(description=_("state"), ordering="status")
    def state_label(self, article):
        return article.get_state_display()

    # Actions -----------------------------------------------------------------------------------------

    def _done(self, request, message):
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Submit selected drafts for review"), permissions=["submit"])
    def submit_for_review(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.DRAFT):
            if workflow.can_edit(request.user, article):
                workflow.submit_for_review(article, by=request.user)
                count += 1
        self._done(
            request, ngettext("%d article submitted for review.", "%d articles submitted for review.", count) % count
        )

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        articles, refused = workflow.split_publishable(list(queryset.exclude(status=Article.Status.PUBLISHED)))
        if request.POST.get("confirm") != "yes":
            for article in articles:
                article.will_appear_at = workflow.publication_time(article)
            return confirmation_page(
                self,
                request,
                queryset,
                action="publish",
                title=_("Publish articles?"),
                question=_("These articles will be published. Readers see each one from the time shown."),
                articles=articles,
                refused=refused,
                button=_("Yes, publish"),
            )
        for article in articles:
            workflow.publish(article, by=request.user)
        count = len(articles)
        self._done(request, ngettext("%d article published.", "%d articles published.", count) % count)
        return None

    @admin.action(description=_("Schedule selected articles"), permissions=["publish"])
    def schedule(self, request, queryset):
        # Drafts, stories in review and already scheduled ones (a new time); never one readers can already see.
        reschedulable = {Article.State.DRAFT, Article.State.REVIEW, Article.State.SCHEDULED}
        articles, refused = workflow.split_publishable(
            [article for article in queryset if article.state in reschedulable]
        )
        form = ScheduleForm(request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_bound and form.is_valid():
            when = form.cleaned_data["published_at"]
            if when > timezone.now():
                for article in articles:
                    workflow.schedule(article, by=request.user, at=when)
                count = len(articles)
                message = ngettext(
                    "%(count)d article scheduled for %(time)s.", "%(count)d articles scheduled for %(time)s.", count
                )
                self._done(request, message % {"count": count, "time": wib(when)})
                return None
            form.add_error("published_at", _("A scheduled time must lie in the future."))
        return confirmation_page(
            self,
            request,
            queryset,
            action="schedule",
            title=_("Schedule articles?"),
            question=_("These articles will appear by themselves at the time you choose."),
            articles=articles,
            refused=refused,
            form=form,
            button=_("Schedule"),
        )

    @admin.action(description=_("Withdraw (unpublish) selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        articles = list(queryset.filter(status=Article.Status.PUBLISHED))
        form = WithdrawForm(request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_bound and form.is_valid():
            for article in articles:
                workflow.withdraw(article, by=request.user, reason=form.cleaned_data["reason"])
            count = len(articles)
            self._done(request, ngettext("%d article withdrawn.", "%d articles withdrawn.", count) % count)
            return None
        return confirmation_page(
            self,
            request,
            queryset,
            action="unpublish",
            title=_("Withdraw articles?"),
            question=_("Readers will find these articles gone (“410 Gone”) instead of the story."),
            articles=articles,
            form=form,
            button=_("Yes, withdraw"),
        )

    # Revisions: history with a readable diff ----------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:version_id>/diff/",
                self.admin_site.admin_view(self.diff_view),
                name=f"{opts.app_label}_{opts.model_name}_diff",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        for action in getattr(response, "context_data", {}).get("action_list", []):
            version_id = action["url"].rstrip("/").rsplit("/", 1)[-1]
            action["diff_url"] = self._admin_url("diff", quote(unquote(object_id)), version_id)
        return response

    def diff_view(self, request, object_id, version_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision", "revision__user")
        version = get_object_or_404(versions, pk=version_id)
        older = versions.filter(pk__lt=version.pk).order_by("-pk").first()
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Changes in this revision"),
            "object": article,
            "opts": opts,
            "app_label": opts.app_label,
            "version": version,
            "older": older,
            "changes": diff_versions(older, version),
            # Offered only to who may restore it (the restore page asks the same question again).
            "can_restore": workflow.can_restore(request.user, article, version),
            "revert_url": self._admin_url("revision", quote(article.pk), version.pk),
            "history_url": self._admin_url("history", quote(article.pk)),
        }
        return TemplateResponse(request, "admin/articles/article/revision_diff.html", context)
