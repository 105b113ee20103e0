"""The desk's dashboard ("Meja redaksi"): what needs doing now, in five short lists, a fixed number of queries."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Article
from .agency import with_pending_update

LIST_LENGTH = 10


def dashboard(request):
    user = request.user
    articles = Article.objects.select_related("created_by", "section").only(
        "headline", "status", "published_at", "updated_at", "created_by__username", "section__name"
    )
    # What the admin shows this user, no more: a reporter never reads a colleague's embargoed headline here.
    articles = workflow.articles_visible_to(user, articles)
    waiting = articles.filter(status=Article.Status.REVIEW).order_by("updated_at")
    # Newer agency versions of stories the desk has edited, for whoever may edit them.
    agency_updates = with_pending_update(articles).filter(agency_update_waiting=True).order_by("-updated_at")
    if not workflow.can_publish(user):
        waiting = waiting.filter(created_by=user)
        agency_updates = agency_updates.filter(created_by=user, status__in=workflow.AUTHOR_EDITABLE)
    lists = [
        (_("My drafts"), articles.filter(created_by=user, status=Article.Status.DRAFT).order_by("-updated_at")),
        (_("Waiting for review"), waiting),
        (_("Scheduled"), articles.scheduled().order_by("published_at")),
        (_("Recently published"), articles.published().order_by("-published_at")),
        (_("Agency updates waiting"), agency_updates),
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("Desk"),
        "lists": [(title, list(queryset[:LIST_LENGTH])) for title, queryset in lists],
    }
    return TemplateResponse(request, "admin/articles/dashboard.html", context)


dashboard_view = staff_member_required(dashboard)
