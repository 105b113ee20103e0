import re

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import TO_FIELD_VAR
from django.http import Http404, HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.defaults import page_not_found


class SiteLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the language of a page decided by its address alone.

    Readers' pages are in `i18n_patterns` (Indonesian unprefixed, `/en/...` English): LocaleMiddleware already
    ignores the browser's Accept-Language for an unprefixed address there, so an Indonesian newsroom is not shown
    in English to everyone whose browser is set to English. Nothing about a reader's page depends on a cookie or
    on request headers, so one copy of it serves every reader from a shared cache.

    The admin is outside `i18n_patterns`: Indonesian, unless the staff member chose English with set_language
    (Django's language cookie). That cookie is read for the admin only; a reader's leftover cookie from the old
    switcher changes nothing.
    """

    def process_request(self, request):
        super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen and request.path.startswith(reverse("admin:index")):
            try:
                translation.activate(translation.get_supported_language_variant(chosen))
            except LookupError:
                return
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # Not LocaleMiddleware's: it would add `Vary: Accept-Language` to every unprefixed page, although that
        # header never picks the language here (and shared caches would keep a copy per browser language). Its
        # redirect of unprefixed 404s only serves `prefix_default_language=True`, which this site does not use.
        if request.path.startswith(reverse("admin:index")):
            patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


# NUL cannot be stored in (or compared with) PostgreSQL text, and a lone surrogate cannot be encoded as UTF-8:
# either one reaching a lookup ("/tag/%00/", "?q=%00") was an error page (500) rather than an answer.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Longer than any search, filter or "next" address the site makes. Django's admin searches make a condition
# of every word of `q`: thousands of them overflowed SQLite's expression tree (a 500 for Django's own admins).
MAX_PARAMETER_CHARS = 1000
ROW_ID = re.compile("[0-9]{1,18}")
# The admin's date filters and date hierarchy take a day from the address as it is: the first and last days a date
# holds (0001-01-01, 9999-12-31) overflowed once moved to UTC or a day on, in the database's answer (a 500).
DATE_VALUE = re.compile(r"(-?[0-9]+)-[0-9]{1,2}-[0-9]{1,2}")
YEARS = range(1000, 9999)


class RefuseBadInputMiddleware:
    """Answer 400 when the path, a query parameter or a cookie holds a character no database column can, a
    query parameter is longer than MAX_PARAMETER_CHARS, an admin filter names a year no date holds, the admin's
    `_to_field` is empty or a row chosen for an admin action is not an id.

    One check before any view, so no lookup, search or session load has to defend itself. POSTed forms need
    none: Django's form fields already refuse NUL with a form error, and their own lengths.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if refused(request):
            # Before SiteLanguageMiddleware (and WhiteNoise): in the site's language, whatever the thread last used.
            with translation.override(settings.LANGUAGE_CODE):
                message = gettext("The address is too long or contains characters that are not allowed.")
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def refused(request):
    # Django's admin change and delete views take an empty `_to_field` for a field named "" (FieldDoesNotExist),
    # and the changelist looks up the rows chosen for an action as ids, whatever was posted (ValueError). The
    # POST is parsed here no earlier than CsrfViewMiddleware would parse it anyway.
    posted = request.POST if request.method == "POST" else {}
    if posted.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR)) == "":
        return True
    if posted and not all(map(ROW_ID.fullmatch, posted.getlist(ACTION_CHECKBOX_NAME))):
        return True
    texts = [request.path, *request.COOKIES.keys(), *request.COOKIES.values()]
    admin = request.path.startswith(reverse("admin:index"))
    for key, values in request.GET.lists():
        if len(key) > MAX_PARAMETER_CHARS or any(len(value) > MAX_PARAMETER_CHARS for value in values):
            return True
        if admin and any(not within_the_calendar(key, value) for value in values):
            return True
        texts += [key, *values]
    return any(UNSTORABLE.search(text) for text in texts)


def within_the_calendar(key, value):
    """False for a year (a date's, or a `__year` lookup's) that a database date cannot hold once moved to UTC."""
    if key.endswith("__year"):
        year = value
    else:
        date = DATE_VALUE.match(value.strip())
        if date is None:
            return True
        year = date[1]
    try:
        return int(year) in YEARS
    except ValueError:
        return True  # not a number: Django's own lookup refuses it


class DesignedNotFoundMiddleware:
    """In development (DEBUG) too, an unknown address answers with the site's own 404 page (templates/404.html),
    as in production, instead of Django's debug list of URL patterns: what a developer sees is what readers get.
    Does nothing when DEBUG is off, where Django renders the same template itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and response.get("Content-Type", "").startswith("text/html"):
            return page_not_found(request, Http404())
        return response
