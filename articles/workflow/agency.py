"""Agency copy: embargoes, kill notices and held updates.

The importer has no user: what it does on the agency's word is audited with the file that said so.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import AgencyUpdate, Article, AuditEntry
from ..revision_comments import comment
from ..revisions import record_revision
from .moves import audit
from .permissions import can_edit, require
from .publication import WorkflowError


def embargo_applies(until):
    """An agency embargo still to come schedules the story for that time, whatever status the import asks for."""
    return until is not None and until > timezone.now()


def embargoed_publication(until):
    return {"status": Article.Status.PUBLISHED, "published_at": until}


def audit_embargoes(articles_and_files):
    """Audit the scheduling of new articles the importer created under embargo (bulk created: one query)."""
    AuditEntry.objects.bulk_create(
        AuditEntry(
            article=article,
            headline=article.headline[:255],
            action=AuditEntry.Action.SCHEDULED,
            detail=_("Agency embargo until %(time)s in %(file)s")
            % {"time": timezone.localtime(article.published_at).isoformat("T", "minutes"), "file": origin},
        )
        for article, origin in articles_and_files
        if article.status == Article.Status.PUBLISHED and article.published_at > timezone.now()
    )


def embargo_update(article, until, *, origin):
    """A new agency version under embargo: an article readers do not see yet is scheduled for the embargo."""
    if not embargo_applies(until) or article.is_visible or article.status == Article.Status.WITHDRAWN:
        return
    if article.status == Article.Status.PUBLISHED and article.published_at == until:
        return
    article.status, article.published_at = embargoed_publication(until).values()
    article.save(update_fields=["status", "published_at", "updated_at"])
    detail = _("Agency embargo until %(time)s in %(file)s")
    audit(
        article, AuditEntry.Action.SCHEDULED, detail=detail % {"time": until.isoformat("T", "minutes"), "file": origin}
    )


def withdraw_on_agency_notice(article, *, origin):
    """The agency killed the story: whatever its state, it is withdrawn (published: its address answers 410).

    Returns False when it was withdrawn already."""
    if article.status == Article.Status.WITHDRAWN:
        return False
    with record_revision(comment=comment(gettext_noop("Withdrawn: agency kill notice"))):
        article.status = Article.Status.WITHDRAWN
        article.save(update_fields=["status", "updated_at"])
        audit(article, AuditEntry.Action.WITHDRAWN, detail=_("Agency kill notice in %(file)s") % {"file": origin})
        article.preview_links.revoke()
    return True


def _decide(update, *, by):
    require(can_edit(by, update.article), _("You may not change this article."))
    if update.state != AgencyUpdate.State.PENDING:
        raise WorkflowError(_("This agency update has been decided already."))
    update.decided_by, update.decided_at = by, timezone.now()


def apply_agency_update(update, *, by):
    """Write a held agency version over the article, keeping what the desk changed where the agency did not."""
    from ..importing.updating import apply_held_update
    from ..importing.versions import merged_text

    with transaction.atomic():
        update = AgencyUpdate.objects.select_for_update().select_related("article").get(pk=update.pk)
        _decide(update, by=by)
        merged = merged_text(update)
        with record_revision(
            user=by, comment=comment(gettext_noop("Applied the agency update from %(file)s"), file=update.origin)
        ):
            apply_held_update(update, merged)
            update.state = AgencyUpdate.State.APPLIED
            update.save(update_fields=["state", "decided_by", "decided_at"])
            audit(update.article, AuditEntry.Action.AGENCY_APPLIED, by=by, detail=update.origin)
    return update.article


def dismiss_agency_update(update, *, by):
    """Keep the desk's text; the agency's version stays on record, and an older one will not come back."""
    with transaction.atomic():
        update = AgencyUpdate.objects.select_for_update().select_related("article").get(pk=update.pk)
        _decide(update, by=by)
        update.state = AgencyUpdate.State.DISMISSED
        update.save(update_fields=["state", "decided_by", "decided_at"])
        audit(update.article, AuditEntry.Action.AGENCY_DISMISSED, by=by, detail=update.origin)
    return update
