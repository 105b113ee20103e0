"""The desk's dashboard ("Meja redaksi"): what needs doing now, in five short lists, a fixed number of queries."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Article, Photo, PhotoUse
from .agency import with_pending_update

LIST_LENGTH = 10
# A story assigned to someone is off their list once it is out (or withdrawn).
DONE = [Article.Status.PUBLISHED, Article.Status.WITHDRAWN]


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
        (_("Assigned to me"), articles.filter(assignee=user).exclude(status__in=DONE).order_by("-updated_at")),
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
        "expired_photos": expired_licences(),
    }
    return TemplateResponse(request, "admin/articles/dashboard.html", context)


def expired_licences():
    """Library photos whose licence has run out while a story readers see still shows them, with those stories:
    the photo desk replaces the picture or removes it (two queries, however many)."""
    shown = Article.objects.published()
    uses = PhotoUse.objects.filter(article__in=shown).select_related("article").order_by("-article__published_at")
    photos = (
        Photo.objects.filter(licence_expires__lt=timezone.localdate(), uses__article__in=shown)
        .distinct()
        .order_by("licence_expires")
        .prefetch_related(Prefetch("uses", queryset=uses, to_attr="shown_in"))
    )
    return list(photos[:LIST_LENGTH])


dashboard_view = staff_member_required(dashboard)
