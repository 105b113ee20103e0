"""`gettext` for the rest of a request.

Django's `gettext` looks up the active language's catalog in a context-local variable on every call; a readers'
page translates a few dozen strings, all in the language the request started with. Here the catalog is looked
up once, when the request's templates get their context.

The catalog comes from `trans_real`, Django's implementation of its translation API: a test reads every string of
the catalog through this and through Django's `gettext`, so an upgrade that changes either shows at once.
"""

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import trans_real


def request_gettext():
    if not settings.USE_I18N:
        return translation.gettext
    catalog = trans_real.catalog()

    def gettext(message):
        # What Django's gettext does before asking the catalog: one kind of line end, and "" for "" (a catalog
        # answers "" with its header).
        eol_message = message.replace("\r\n", "\n").replace("\r", "\n")
        result = catalog.gettext(eol_message) if eol_message else type(message)("")
        return mark_safe(result) if isinstance(message, SafeData) else result

    return gettext
