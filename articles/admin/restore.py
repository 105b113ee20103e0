"""Restoring and recovering revisions in the admin, through the workflow.

django-reversion's own views write the old revision to the database (all of it, every article in it)
before Django asks about permissions, and keep it when the form's answer is a redirect. These views ask
`articles.workflow` first, show what restoring would change, and let the workflow write only after the
user confirms.
"""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from reversion.models import Version

from .. import workflow
from ..models import Article
from ..revisions import StoredArticle, diff_versions, versions_of


class RestoreAdminMixin:
    def _admin_url(self, name, *args):
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        version = get_object_or_404(versions_of(article), pk=version_id)
        refusal = workflow.restore_refusal(request.user, article, version)
        if refusal:
            raise PermissionDenied(refusal)
        if request.method == "POST":
            return self._restore_or_refuse(request, lambda: workflow.restore(article, version, by=request.user))
        newest = versions_of(article).order_by("-pk").first()
        return self._restore_page(
            request,
            version,
            newest,
            object=article,
            title=_("Restore this revision?"),
            button=_("Yes, restore this revision"),
            back_url=self._admin_url("history", quote(article.pk)),
        )

    def recover_view(self, request, version_id, extra_context=None):
        # Only the last revision of an article that no longer exists: no other model's rows, no living article.
        version = get_object_or_404(Version.objects.get_deleted(Article).select_related("revision"), pk=version_id)
        refusal = workflow.recover_refusal(request.user, version)
        if refusal:
            raise PermissionDenied(refusal)
        if request.method == "POST":
            return self._restore_or_refuse(request, lambda: workflow.recover(version, by=request.user))
        return self._restore_page(
            request,
            version,
            None,
            object=None,
            title=_("Recover this article?"),
            button=_("Yes, recover this article"),
            back_url=self._admin_url("recoverlist"),
        )

    def recoverlist_view(self, request, extra_context=None):
        # Everyone sees only the deleted articles they could bring back (a reporter: their own drafts).
        deleted = Version.objects.get_deleted(Article).select_related("revision", "revision__user").order_by("-pk")
        if not workflow.can_publish(request.user):
            deleted = [version for version in deleted if not workflow.recover_refusal(request.user, version)]
        return super().recoverlist_view(request, {**(extra_context or {}), "deleted": deleted})

    def _restore_or_refuse(self, request, restore):
        try:
            article = restore()
        except workflow.WorkflowError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.path)
        messages.success(request, _("The revision is restored. The history keeps the version it replaced."))
        return HttpResponseRedirect(self._admin_url("change", quote(article.pk)))

    def _restore_page(self, request, version, newest, **context):
        opts = self.model._meta
        stored = StoredArticle.of(version)
        context = {
            **self.admin_site.each_context(request),
            **context,
            "opts": opts,
            "app_label": opts.app_label,
            "version": version,
            "newest": newest,
            "changes": diff_versions(newest, version),
            "problems": workflow.restore_problems(stored),
        }
        return TemplateResponse(request, "admin/articles/article/restore_confirmation.html", context)
