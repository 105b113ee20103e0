from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
