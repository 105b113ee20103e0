"""What a revision says it was, in the language of whoever reads the history.

django-reversion keeps a revision's comment as text, and its admin writes Django's change message there already
translated: a story saved in the Indonesian admin read "Isi berita berubah." in the English history, and one
published there read "Published" in the Indonesian one. The desk's own comments are kept here as the English
message and its values, and the admin's as Django's JSON change message; both are translated when shown. Text kept
before (and any other text) is shown as it was written.
"""

import json
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import localize
from django.utils.translation import gettext

# A value under this name is a moment, shown as the reader's locale writes one ("5 Des. 2026, 15.34").
WHEN = "date"


def comment(message, **values):
    """The comment to keep for `message` (its English text, marked where it is written with `gettext_noop`) with its
    %-values. A datetime goes in as `date`."""
    if isinstance(values.get(WHEN), datetime):
        values[WHEN] = values[WHEN].isoformat()
    return json.dumps({"message": message, "values": values}, ensure_ascii=False)


def shown_comment(revision):
    """The revision's comment as the history shows it, in the active language."""
    text = revision.comment or ""
    if text.startswith("{"):
        try:
            kept = json.loads(text)
            return _translated(kept["message"], kept["values"])
        except (ValueError, KeyError, TypeError):
            return text
    # Django's change message of an admin save (a JSON list), translated by Django; or plain text.
    return revision.get_comment()


def _translated(message, values):
    text = gettext(message)
    if WHEN in values:
        values = {**values, WHEN: localize(timezone.localtime(parse_datetime(values[WHEN])))}
    return text % values if values else text
