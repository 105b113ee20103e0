"""The desk's rules: who may do what to an article, and the moves between draft, review and published.

The admin, the importer and any future API call these functions; none of them decides on its own.
Every move is saved in a transaction with a revision and leaves an `AuditEntry`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import notifications
from .models import AgencyUpdate, Article, AuditEntry, Correction, PreviewLink, SlugRedirect
from .revisions import StoredArticle, record_revision

# A reporter keeps working on their own story until an editor publishes it.
AUTHOR_EDITABLE = {Article.Status.DRAFT, Article.Status.REVIEW}
# What a user without the publish permission may put in the status field.
AUTHOR_STATUSES = AUTHOR_EDITABLE


class WorkflowError(ValidationError):
    """A move the article's state does not allow (a correction on a draft, a schedule in the past)."""


ALT_TEXT_REQUIRED = gettext_lazy("Describe the photo for readers who cannot see it before publishing the article.")


# What readers may be shown ------------------------------------------------------------------------


def photo_problem(photo):
    """Why this photo may not go out to readers yet, or None."""
    if photo.image and not photo.alt_text.strip():
        return ALT_TEXT_REQUIRED
    return None


def publication_problems(article, photos=None):
    """Why `article` may not be published (or scheduled) as it is: an empty list when it may.

    The admin form, the publish and schedule actions, `publish()` and restoring a revision all ask this.
    `photos` are the photos it would have (a form's or a revision's); by default its stored ones.
    """
    problems = []
    if not article.headline.strip() or not article.body.strip():
        problems.append(_("A published article needs a headline and a body."))
    for photo in article.photos.all() if photos is None else photos:
        if photo_problem(photo):
            problems.append(_("Photo “%(photo)s”: %(problem)s") % {"photo": photo, "problem": photo_problem(photo)})
    return problems


def split_publishable(articles):
    """The articles that may go out as they are, and (article, problems) for those that may not yet."""
    refused = [(article, publication_problems(article)) for article in articles]
    refused = [(article, problems) for article, problems in refused if problems]
    held_back = {article.pk for article, problems in refused}
    return [article for article in articles if article.pk not in held_back], refused


def _check_publishable(article, photos=None):
    problems = publication_problems(article, photos)
    if problems:
        raise WorkflowError(problems, code="not_publishable")


def can_announce_update(user, article):
    """May tell readers a published story was updated ("Diperbarui"): an editor, on a story already saved."""
    return article is not None and article.pk is not None and can_publish(user) and can_edit(user, article)


def update_notice_problem(status):
    """Why a save may not be announced to readers as an update ("Diperbarui"), or None: only a published story
    has readers to tell."""
    if status != Article.Status.PUBLISHED:
        return _("Only a published article can be marked as updated for readers.")
    return None


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
    # Their own story, or one an editor assigned to them, until an editor publishes it.
    return user.pk in {article.created_by_id, article.assignee_id} and article.status in AUTHOR_EDITABLE


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


def can_curate(user):
    """Arrange the front page (top story, editor's picks, breaking news): the editors who publish."""
    return can_publish(user)


def can_manage_authors(user):
    """Add authors and edit their pages (name, portrait, bio, account): the editors who publish."""
    return can_publish(user)


def can_assign(user):
    """Give a story to someone on the desk to work on next: the editors who publish."""
    return can_publish(user)


def can_write_note(user, article):
    """Internal notes are for everyone on the desk who may see the story in the admin."""
    return user.is_active and user.is_staff and may_see(user, article)


def can_delete_several(user):
    """May delete a selection of articles from the list at once: only who may delete any article. A reporter's
    selection is refused as soon as it holds a story not their own draft, so they are not offered the action."""
    return can_publish(user) and can_delete(user)


def can_correct(user):
    return user.is_active and user.has_perm("articles.add_correction")


def sees_every_article(user):
    """Editors and photo editors work on everybody's stories, so the admin shows them every article."""
    return can_publish(user) or (user.is_active and user.has_perm("articles.change_photos_of_any_article"))


def articles_visible_to(user, queryset=None):
    """The articles `user` may see in the admin: the changelist, the forms, the "Baca juga" targets and
    their autocomplete. A reporter sees their own copy and, of the others' work, what readers see
    (`published()`): never a colleague's draft, story in review or embargoed headline."""
    queryset = Article.objects.all() if queryset is None else queryset
    if sees_every_article(user):
        return queryset
    return queryset.filter(Q(created_by=user) | Q(assignee=user)) | queryset.published()


def may_see(user, article):
    """The Python twin of `articles_visible_to` for one article already loaded."""
    return sees_every_article(user) or user.pk in {article.created_by_id, article.assignee_id} or article.is_visible


def can_preview(user, article):
    return user.is_active and user.is_staff and (can_edit(user, article) or can_edit_photos(user, article))


def can_autosave(user, article=None):
    """May keep an autosave of the article form: whoever may edit the article (without `article`: write a new one).
    An autosave changes nothing of the article, so this is all it asks."""
    if article is None:
        return user.is_active and user.has_perm("articles.add_article")
    return can_edit(user, article)


def can_share_preview(user, article=None):
    """May give someone without an account a preview link to the article, and revoke it: whoever may preview it.
    Without `article`: may share some article's preview (the admin's list of links)."""
    if article is None:
        return user.is_active and user.is_staff and (can_edit(user) or can_edit_photos(user))
    return can_preview(user, article)


def preview_links_visible_to(user, queryset=None):
    """The preview links `user` sees in the admin: an editor, every one; a reporter, those of their own stories."""
    queryset = PreviewLink.objects.all() if queryset is None else queryset
    if sees_every_article(user):
        return queryset
    return queryset.filter(article__created_by=user)


def shown_to_readers(photo):
    """Whether a story readers may see uses this library photo."""
    return Article.objects.published().filter(photos__photo=photo).exists()


def can_see_original(user, photo):
    """May fetch a library photo's original: anybody once a story readers see shows it; before that its uploader,
    the photo desk (who work on every story's photos) and whoever may preview a story that uses it."""
    if shown_to_readers(photo):
        return True
    if not (user.is_active and user.is_staff):
        return False
    if photo.uploaded_by_id == user.pk or user.has_perm("articles.change_photos_of_any_article"):
        return True
    return any(can_preview(user, use.article) for use in photo.uses.select_related("article"))


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


# Moves -------------------------------------------------------------------------------------------


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
    _check_publishable(article)
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


# Agency copy: embargoes, kill notices and held updates --------------------------------------------------
# The importer has no user: what it does on the agency's word is audited with the file that said so.


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
    with record_revision(comment=_("Withdrawn: agency kill notice")):
        article.status = Article.Status.WITHDRAWN
        article.save(update_fields=["status", "updated_at"])
        audit(article, AuditEntry.Action.WITHDRAWN, detail=_("Agency kill notice in %(file)s") % {"file": origin})
    return True


def _decide(update, *, by):
    _require(can_edit(by, update.article), _("You may not change this article."))
    if update.state != AgencyUpdate.State.PENDING:
        raise WorkflowError(_("This agency update has been decided already."))
    update.decided_by, update.decided_at = by, timezone.now()


def apply_agency_update(update, *, by):
    """Write a held agency version over the article, keeping what the desk changed where the agency did not."""
    from .importing.saver import apply_held_update
    from .importing.versions import merged_text

    with transaction.atomic():
        update = AgencyUpdate.objects.select_for_update().select_related("article").get(pk=update.pk)
        _decide(update, by=by)
        merged = merged_text(update)
        with record_revision(user=by, comment=_("Applied the agency update from %(file)s") % {"file": update.origin}):
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


# Restoring a revision ---------------------------------------------------------------------------------
# Writing an old revision back is a move like any other: it may publish, withdraw, schedule or return the
# article to draft, rewrite its text and replace its photos. Only a user who may make every one of those
# changes may restore it, the publication rules apply as to a form's save, and it is audited.


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
        _require(_restore_refusal(by, article, stored) is None, _("You may not restore this revision."))
        return _write_back(stored, article, by=by, old_status=article.status, old_published_at=article.published_at)


def recover(version, *, by):
    """Bring back a deleted article as `version` kept it."""
    stored = StoredArticle.of(version)
    _require(_recover_refusal(by, stored) is None, _("You may not recover this article."))
    with transaction.atomic():
        return _write_back(stored, Article(), by=by, old_status=None, old_published_at=None)


def _write_back(stored, article, *, by, old_status, old_published_at):
    problems = restore_problems(stored)
    if problems:
        raise WorkflowError(problems, code="not_restorable")
    when = localize(timezone.localtime(stored.version.revision.date_created))
    comment = _("Restored the revision of %(date)s") % {"date": when}
    with record_revision(user=by, comment=comment):
        stored.write_back(article)
        audit(article, AuditEntry.Action.RESTORED, by=by, detail=comment)
        record_status_change(article, by=by, old_status=old_status, old_published_at=old_published_at)
    return article


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
