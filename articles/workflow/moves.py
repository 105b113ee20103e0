"""The moves between draft, review and published: each in a transaction with a revision and an audit entry."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .. import notifications
from ..models import Article, AuditEntry, Correction
from ..revision_comments import comment
from ..revisions import record_revision
from .permissions import can_correct, can_edit, can_publish, require
from .publication import WorkflowError, check_publishable


def audit(article, action, *, by=None, detail=""):
    """Record a move; the moves someone waits for (a story to review, one's story out) are also e-mailed."""
    entry = AuditEntry.objects.create(
        article=article,
        headline=article.headline[:255],
        action=action,
        user=by if by is not None and by.is_authenticated else None,
        detail=detail,
    )
    notifications.announce(entry)
    return entry


def submit_for_review(article, *, by):
    require(can_edit(by, article), _("You may not submit this article."))
    if article.status != Article.Status.DRAFT:
        raise WorkflowError(_("Only a draft can be submitted for review."))
    with record_revision(user=by, comment=comment(gettext_noop("Submitted for review"))):
        article.status = Article.Status.REVIEW
        article.save(update_fields=["status", "updated_at"])
        audit(article, AuditEntry.Action.SUBMITTED, by=by)
    return article


def publication_time(article, at=None):
    """When publishing would show the article: the time given, a time already chosen, or now."""
    return at or article.published_at or timezone.now()


def publish(article, *, by, at=None):
    """Publish now, or at `at`/the article's own publication time when that lies ahead (scheduling).

    A scheduled article needs no job to appear: readers' pages ask for `published_at <= now`.
    """
    require(can_publish(by), _("You may not publish articles."))
    check_publishable(article)
    when = publication_time(article, at)
    with record_revision(user=by, comment=comment(gettext_noop("Published"))):
        article.status = Article.Status.PUBLISHED
        article.published_at = when
        article.save(update_fields=["status", "published_at", "updated_at"])
        scheduled = when > timezone.now()
        audit(
            article,
            AuditEntry.Action.SCHEDULED if scheduled else AuditEntry.Action.PUBLISHED,
            by=by,
            detail=timezone.localtime(when).isoformat(timespec="minutes"),
        )
    return article


def schedule(article, *, by, at):
    if at <= timezone.now():
        raise WorkflowError(_("A scheduled time must lie in the future."))
    return publish(article, by=by, at=at)


def withdraw(article, *, by, reason=""):
    """Take a published article off the site: its address answers 410 Gone from now on."""
    require(can_publish(by), _("You may not withdraw articles."))
    if article.status != Article.Status.PUBLISHED:
        raise WorkflowError(_("Only a published article can be withdrawn."))
    with record_revision(user=by, comment=comment(gettext_noop("Withdrawn"))):
        article.status = Article.Status.WITHDRAWN
        article.save(update_fields=["status", "updated_at"])
        audit(article, AuditEntry.Action.WITHDRAWN, by=by, detail=reason)
        article.preview_links.revoke()  # a story taken down (a legal kill) is readable nowhere
    return article


def add_correction(article, *, by, text, kind=Correction.Kind.CORRECTION):
    """Publish a dated correction on the article; the article counts as modified (new version, updated time)."""
    require(can_correct(by), _("You may not correct articles."))
    if article.status not in {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}:
        raise WorkflowError(_("Only a published article can be corrected; edit the draft instead."))
    if not text.strip():
        raise WorkflowError(_("A correction needs a text."))
    with record_revision(user=by, comment=comment(gettext_noop("Corrected"))):
        correction = Correction.objects.create(article=article, kind=kind, text=text.strip(), author=by)
        article.mark_corrected(correction.published_at)
        article.save(update_fields=["updated_at", "corrected_at"])
        audit(article, AuditEntry.Action.CORRECTED, by=by, detail=f"{correction.get_kind_display()}: {correction.text}")
    return correction


def record_status_change(article, *, by, old_status, old_published_at):
    """Audit what an edit form did to the status (the form's own checks already allowed it)."""
    if article.status == old_status and article.published_at == old_published_at:
        return None
    if article.status == Article.Status.PUBLISHED:
        if old_status == Article.Status.PUBLISHED and article.published_at == old_published_at:
            return None
        scheduled = article.published_at > timezone.now()
        action = AuditEntry.Action.SCHEDULED if scheduled else AuditEntry.Action.PUBLISHED
        return audit(article, action, by=by, detail=timezone.localtime(article.published_at).isoformat("T", "minutes"))
    if article.status == old_status:
        return None
    if article.status == Article.Status.WITHDRAWN:
        article.preview_links.revoke()
        return audit(article, AuditEntry.Action.WITHDRAWN, by=by)
    if article.status == Article.Status.REVIEW:
        return audit(article, AuditEntry.Action.SUBMITTED, by=by)
    if old_status == Article.Status.PUBLISHED:
        return audit(article, AuditEntry.Action.UNPUBLISHED, by=by)
    return None


@transaction.atomic
def lock_version(article_pk):
    """The stored version of an article, with its row locked until the surrounding transaction ends."""
    return Article.objects.select_for_update().filter(pk=article_pk).values_list("version", flat=True).first()
