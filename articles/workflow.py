"""The desk's rules: who may do what to an article, and the moves between draft, review and published.

The admin, the importer and any future API call these functions; none of them decides on its own.
Every move is saved in a transaction with a revision and leaves an `AuditEntry`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, AuditEntry, Correction
from .revisions import record_revision

# A reporter keeps working on their own story until an editor publishes it.
AUTHOR_EDITABLE = {Article.Status.DRAFT, Article.Status.REVIEW}
# What a user without the publish permission may put in the status field.
AUTHOR_STATUSES = AUTHOR_EDITABLE


class WorkflowError(ValidationError):
    """A move the article's state does not allow (a correction on a draft, a schedule in the past)."""


# Permissions -------------------------------------------------------------------------------------


def can_publish(user):
    """Publish, schedule, withdraw, and edit anyone's article: the editor's permission."""
    return user.is_active and user.has_perm("articles.publish_article")


def can_edit(user, article=None):
    """May change the article's text and settings. Without `article`: may edit some article."""
    if not (user.is_active and user.has_perm("articles.change_article")):
        return False
    if article is None or article.pk is None or can_publish(user):
        return True
    return article.created_by_id == user.pk and article.status in AUTHOR_EDITABLE


def can_edit_photos(user, article=None):
    """May change the photos, captions and credits of the article (a photo editor: of any article)."""
    if not (user.is_active and user.has_perm("articles.change_photo")):
        return False
    return user.has_perm("articles.change_photos_of_any_article") or can_edit(user, article)


def can_delete(user, article=None):
    if not (user.is_active and user.has_perm("articles.delete_article")):
        return False
    if article is None or can_publish(user):
        return True
    # A reporter may throw away a draft of their own, nothing an editor has seen.
    return article.created_by_id == user.pk and article.status == Article.Status.DRAFT


def can_correct(user):
    return user.is_active and user.has_perm("articles.add_correction")


def can_preview(user, article):
    return user.is_active and user.is_staff and (can_edit(user, article) or can_edit_photos(user, article))


def can_see_original(user, article):
    """May fetch the original file of the article's photos: anybody once readers see the article, else a previewer."""
    return article.is_visible or can_preview(user, article)


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


# Moves -------------------------------------------------------------------------------------------


def audit(article, action, *, by=None, detail=""):
    return AuditEntry.objects.create(
        article=article,
        headline=article.headline[:255],
        action=action,
        user=by if by is not None and by.is_authenticated else None,
        detail=detail,
    )


def submit_for_review(article, *, by):
    _require(can_edit(by, article), _("You may not submit this article."))
    if article.status != Article.Status.DRAFT:
        raise WorkflowError(_("Only a draft can be submitted for review."))
    with record_revision(user=by, comment=_("Submitted for review")):
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
    _require(can_publish(by), _("You may not publish articles."))
    when = publication_time(article, at)
    with record_revision(user=by, comment=_("Published")):
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
    _require(can_publish(by), _("You may not withdraw articles."))
    if article.status != Article.Status.PUBLISHED:
        raise WorkflowError(_("Only a published article can be withdrawn."))
    with record_revision(user=by, comment=_("Withdrawn")):
        article.status = Article.Status.WITHDRAWN
        article.save(update_fields=["status", "updated_at"])
        audit(article, AuditEntry.Action.WITHDRAWN, by=by, detail=reason)
    return article


def add_correction(article, *, by, text, kind=Correction.Kind.CORRECTION):
    """Publish a dated correction on the article; the article counts as modified (new version, updated time)."""
    _require(can_correct(by), _("You may not correct articles."))
    if article.status not in {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}:
        raise WorkflowError(_("Only a published article can be corrected; edit the draft instead."))
    if not text.strip():
        raise WorkflowError(_("A correction needs a text."))
    with record_revision(user=by, comment=_("Corrected")):
        correction = Correction.objects.create(article=article, kind=kind, text=text.strip(), author=by)
        article.save(update_fields=["updated_at"])
        audit(article, AuditEntry.Action.CORRECTED, by=by, detail=f"{correction.get_kind_display()}: {correction.text}")
    return correction


def finish_restore(article, *, by, before):
    """After an old revision was written back: count the version on from where it was, keep the old address."""
    if before is None:
        return
    if article.version <= before["version"]:
        article.version = before["version"] + 1
        Article.objects.filter(pk=article.pk).update(version=article.version)
    if before["slug"] != article.slug:
        article._remember_old_slug(before["slug"], was_published=before["status"] == Article.Status.PUBLISHED)
    audit(article, AuditEntry.Action.RESTORED, by=by)


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
        return audit(article, AuditEntry.Action.WITHDRAWN, by=by)
    if article.status == Article.Status.REVIEW:
        return audit(article, AuditEntry.Action.SUBMITTED, by=by)
    if old_status == Article.Status.PUBLISHED:
        return audit(article, AuditEntry.Action.UNPUBLISHED, by=by)
    return None


def check_status_change(user, article, *, old_status, new_status, old_published_at, new_published_at):
    """Why `user` may not make this change in an edit form, or None. Used by the admin form's `clean()`."""
    if can_publish(user) or (new_status == old_status and new_published_at == old_published_at):
        return None
    if new_status not in AUTHOR_STATUSES:
        return _("Only an editor can publish, schedule or withdraw an article; submit it for review instead.")
    if old_status is not None and old_status not in AUTHOR_EDITABLE:
        return _("Only an editor can change a published article.")
    if new_published_at != old_published_at:
        return _("Only an editor can set the publication time.")
    return None


@transaction.atomic
def lock_version(article_pk):
    """The stored version of an article, with its row locked until the surrounding transaction ends."""
    return Article.objects.select_for_update().filter(pk=article_pk).values_list("version", flat=True).first()
