"""Restoring a revision, and recovering a deleted article.

Restoring a revision ---------------------------------------------------------------------------------
Writing an old revision back is a move like any other: it may publish, withdraw, schedule or return the
article to draft, rewrite its text and replace its photos. Only a user who may make every one of those
changes may restore it, the publication rules apply as to a form's save, and it is audited.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import Article, AuditEntry, SlugRedirect
from ..revision_comments import comment
from ..revisions import StoredArticle, record_revision
from .moves import audit, record_status_change
from .permissions import can_edit, can_edit_photos, check_status_change, require
from .publication import WorkflowError, publication_problems


def restore_refusal(user, article, version):
    """Why `user` may not write `version` back over `article`, or None. Asked before anything is written."""
    return _restore_refusal(user, article, StoredArticle.of(version))


def can_restore(user, article, version):
    return restore_refusal(user, article, version) is None


def _restore_refusal(user, article, stored):
    if not (can_edit(user, article) or can_edit_photos(user, article)):
        return _("You may not restore this article.")
    target = stored.article()
    changes = stored.changes_from(article)
    if changes & {"text", "status"} and not (can_edit(user, article) and can_edit(user, target)):
        return _("Only someone who may edit this article and the revision's text may restore it.")
    if "status" in changes:
        problem = check_status_change(
            user,
            article,
            old_status=article.status,
            new_status=target.status,
            old_published_at=article.published_at,
            new_published_at=target.published_at,
        )
        if problem:
            return problem
    if "photos" in changes and not can_edit_photos(user, article):
        return _("You may not change the photos of this article.")
    return None


def recover_refusal(user, version):
    """Why `user` may not bring a deleted article back as `version` kept it, or None."""
    return _recover_refusal(user, StoredArticle.of(version))


def _recover_refusal(user, stored):
    target = stored.article()
    if not (user.is_active and user.has_perm("articles.add_article") and can_edit(user, target)):
        return _("You may not recover this article.")
    problem = check_status_change(
        user,
        target,
        old_status=None,
        new_status=target.status,
        old_published_at=None,
        new_published_at=target.published_at,
    )
    if problem:
        return problem
    if stored.photos and not can_edit_photos(user, target):
        return _("You may not change the photos of this article.")
    return None


def restore_problems(stored):
    """Why the revision cannot be written back whoever asks: publication rules, an address taken since."""
    target = stored.article()
    problems = []
    if target.status == Article.Status.PUBLISHED:
        problems += publication_problems(target, stored.photo_objects())
    slug_taken = Article.objects.filter(slug=target.slug).exclude(pk=target.pk).exists()
    if slug_taken or SlugRedirect.objects.filter(old_slug=target.slug).exclude(article_id=target.pk).exists():
        problems.append(_("The revision's address “%(slug)s” belongs to another article now.") % {"slug": target.slug})
    return problems


def restore(article, version, *, by):
    """Write `version` (a revision of `article`) back: the article, its photos, links and tags, nothing else."""
    stored = StoredArticle.of(version)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        require(_restore_refusal(by, article, stored) is None, _("You may not restore this revision."))
        return _write_back(stored, article, by=by, old_status=article.status, old_published_at=article.published_at)


def recover(version, *, by):
    """Bring back a deleted article as `version` kept it."""
    stored = StoredArticle.of(version)
    require(_recover_refusal(by, stored) is None, _("You may not recover this article."))
    with transaction.atomic():
        return _write_back(stored, Article(), by=by, old_status=None, old_published_at=None)


def _write_back(stored, article, *, by, old_status, old_published_at):
    problems = restore_problems(stored)
    if problems:
        raise WorkflowError(problems, code="not_restorable")
    when = stored.version.revision.date_created
    detail = _("Restored the revision of %(date)s") % {"date": localize(timezone.localtime(when))}
    with record_revision(user=by, comment=comment(gettext_noop("Restored the revision of %(date)s"), date=when)):
        stored.write_back(article)
        audit(article, AuditEntry.Action.RESTORED, by=by, detail=detail)
        record_status_change(article, by=by, old_status=old_status, old_published_at=old_published_at)
    return article
