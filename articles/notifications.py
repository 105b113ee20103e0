"""E-mail to the desk when someone waits for a move: editors when a story is submitted for review, a story's
authors (their desk accounts) and its writer when it is published or scheduled.

Sent through Django's e-mail backend (console in development, SMTP from the environment in production; see
newsroom/settings) once the move is committed: a rolled-back move sends nothing, and a mail server that does not
answer is logged, never undoes the move.
"""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import AuditEntry

logger = logging.getLogger(__name__)


def editors():
    """Active staff who may publish (the Editor role, or the permission given another way)."""
    permission = Permission.objects.filter(codename="publish_article", content_type__app_label="articles")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
    )


def people_behind(article):
    """The desk accounts of the story's authors, and whoever wrote it in the admin."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(author__credits__article=article) | Q(pk=article.created_by_id)).distinct()


def announce(entry):
    """Mail the people a move concerns (nothing for the others), after the transaction commits."""
    if entry.action == AuditEntry.Action.SUBMITTED:
        recipients, subject = editors(), _("Waiting for review: %(headline)s")
    elif entry.action in {AuditEntry.Action.PUBLISHED, AuditEntry.Action.SCHEDULED}:
        recipients = people_behind(entry.article)
        if entry.action == AuditEntry.Action.PUBLISHED:
            subject = _("Published: %(headline)s")
        else:
            subject = _("Scheduled: %(headline)s")
    else:
        return
    addresses = sorted(
        {user.email for user in recipients.exclude(email="") if entry.user_id is None or user.pk != entry.user_id}
    )
    if addresses:
        messages = _messages(entry, subject, addresses)
        transaction.on_commit(lambda: _send(messages), robust=True)


def _messages(entry, subject, addresses):
    # The desk's language, whatever language the request that made the move was in.
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL + reverse("admin:articles_article_change", args=[entry.article_id])
        who = entry.user.get_username() if entry.user else _("the importer")
        body = _("%(action)s by %(user)s: %(headline)s\n\n%(link)s\n") % {
            "action": entry.get_action_display(),
            "user": who,
            "headline": entry.headline,
            "link": link,
        }
        subject = subject % {"headline": entry.headline}
    # One message per person: nobody learns the others' addresses.
    return [(subject, body, None, [address]) for address in addresses]


def _send(messages):
    try:
        send_mass_mail(messages, fail_silently=False)
    except (OSError, SMTPException) as error:
        logger.warning("Could not send %d notification(s): %s", len(messages), error)
