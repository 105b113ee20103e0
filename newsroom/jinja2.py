"""The Jinja2 environment of the readers' pages.

Readers' pages are Jinja2 templates because Jinja2 compiles a template to Python once, where Django's template
language walks its node tree on every render: the article page renders several times faster. The admin keeps
Django's templates. Autoescaping is on (Django's backend sets it), so readers' text is always escaped; Django's
SafeString values (forms, `linebreaks`, JSON-LD) pass through as the markup they are.

Translatable text is written `_("...")`, with values put in by the `format` filter, so that `makemessages`
finds it in these templates as it does in Django's.
"""

from django.conf import settings
from django.template.defaultfilters import linebreaks_filter, truncatewords
from django.utils import translation
from django.utils.functional import lazy
from jinja2 import Environment

from articles.addresses import address, asset
from articles.clock import desk_time
from articles.renditions import picture_for
from articles.structured_data import json_ld_script
from articles.templatetags.newsroom import wib


def querystring(request, **changes):
    """The current query string with `changes` applied, as Django's {% querystring %} tag makes it."""
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return f"?{query.urlencode()}"


def languages():
    """The languages readers can switch to, each named in its own language."""
    return [
        {"code": code, "name_local": translation.get_language_info(code)["name_local"]}
        for code, _name in settings.LANGUAGES
    ]


def iso(value):
    """ISO 8601 in the site's time zone, for <time datetime>: 2023-11-28T19:05:00+07:00."""
    return desk_time(value).isoformat() if value else ""


class NewsroomEnvironment(Environment):
    def make_globals(self, d):
        # A plain dict where Jinja keeps a ChainMap over the environment's globals: each render copies the globals
        # into its context and each {% from ... import %} compares them, and a ChainMap is several times slower to
        # read. All globals are set before the first template loads (as Jinja asks), so the copy holds the same.
        return {**self.globals, **(d or {})}


def environment(**options):
    env = NewsroomEnvironment(extensions=["jinja2.ext.i18n"], keep_trailing_newline=True, **options)
    env.install_gettext_translations(translation, newstyle=False)
    env.globals.update(
        # Django's gettext itself: the extension's `_` looks `gettext` up in the context and calls it, twice the
        # work for each of the dozens of strings on a page. ({% trans %} blocks still use the extension's.)
        _=translation.gettext,
        url=address,
        static=asset,
        # Read when shown (tests and deployments change it); requests get it from the context processor too.
        site_name=lazy(lambda: settings.SITE_NAME, str)(),
        get_language=translation.get_language,
        languages=languages,
        querystring=querystring,
        picture_for=picture_for,
        localtime=desk_time,
    )
    env.filters.update(
        wib=wib,
        iso=iso,
        json_ld=json_ld_script,
        linebreaks=lambda value: linebreaks_filter(value, autoescape=True),
        truncatewords=truncatewords,
    )
    return env
