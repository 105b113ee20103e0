"""The desk's rules: who may do what to an article, and the moves between draft, review and published.

The admin, the importer, revision restore and any future API call these functions; none of them decides on its
own. Every move is saved in a transaction with a revision and leaves an `AuditEntry`. Callers use the package
(`workflow.publish(...)`); the modules say which kind of rule each is:

- `permissions`: who may do what, asked on the server for the object at hand;
- `publication`: what may go out to readers (a headline and body, photos described);
- `moves`: review, publish, schedule, withdraw, correct, and the audit of a form's status change;
- `agency`: embargoes, kill notices and held agency updates, applied or dismissed;
- `restoring`: writing a revision back, or a deleted article, as a move like any other.
"""

from .agency import (
    apply_agency_update,
    audit_embargoes,
    dismiss_agency_update,
    embargo_applies,
    embargo_update,
    embargoed_publication,
    withdraw_on_agency_notice,
)
from .moves import (
    add_correction,
    audit,
    lock_version,
    publication_time,
    publish,
    record_status_change,
    schedule,
    submit_for_review,
    withdraw,
)
from .permissions import (
    AUTHOR_EDITABLE,
    AUTHOR_STATUSES,
    articles_visible_to,
    can_announce_update,
    can_assign,
    can_autosave,
    can_correct,
    can_curate,
    can_delete,
    can_delete_several,
    can_edit,
    can_edit_photos,
    can_manage_authors,
    can_preview,
    can_publish,
    can_see_original,
    can_share_preview,
    can_write_note,
    check_status_change,
    may_see,
    preview_links_visible_to,
    sees_every_article,
    shown_to_readers,
)
from .publication import (
    ALT_TEXT_REQUIRED,
    WorkflowError,
    photo_problem,
    publication_problems,
    split_publishable,
    update_notice_problem,
)
from .restoring import can_restore, recover, recover_refusal, restore, restore_problems, restore_refusal

__all__ = [
    "ALT_TEXT_REQUIRED",
    "AUTHOR_EDITABLE",
    "AUTHOR_STATUSES",
    "WorkflowError",
    "add_correction",
    "apply_agency_update",
    "articles_visible_to",
    "audit",
    "audit_embargoes",
    "can_announce_update",
    "can_assign",
    "can_autosave",
    "can_correct",
    "can_curate",
    "can_delete",
    "can_delete_several",
    "can_edit",
    "can_edit_photos",
    "can_manage_authors",
    "can_preview",
    "can_publish",
    "can_restore",
    "can_see_original",
    "can_share_preview",
    "can_write_note",
    "check_status_change",
    "dismiss_agency_update",
    "embargo_applies",
    "embargo_update",
    "embargoed_publication",
    "lock_version",
    "may_see",
    "photo_problem",
    "preview_links_visible_to",
    "publication_problems",
    "publication_time",
    "publish",
    "record_status_change",
    "recover",
    "recover_refusal",
    "restore",
    "restore_problems",
    "restore_refusal",
    "schedule",
    "sees_every_article",
    "shown_to_readers",
    "split_publishable",
    "submit_for_review",
    "update_notice_problem",
    "withdraw",
    "withdraw_on_agency_notice",
]
