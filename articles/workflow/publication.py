"""What may go out to readers: the checks publishing, scheduling, restoring and the admin form all make."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Article


class WorkflowError(ValidationError):
    """A move the article's state does not allow (a correction on a draft, a schedule in the past)."""


ALT_TEXT_REQUIRED = gettext_lazy("Describe the photo for readers who cannot see it before publishing the article.")


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


def check_publishable(article, photos=None):
    problems = publication_problems(article, photos)
    if problems:
        raise WorkflowError(problems, code="not_publishable")


def update_notice_problem(status):
    """Why a save may not be announced to readers as an update ("Diperbarui"), or None: only a published story
    has readers to tell."""
    if status != Article.Status.PUBLISHED:
        return _("Only a published article can be marked as updated for readers.")
    return None
