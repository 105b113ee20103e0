from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.dates import MONTHS, WEEKDAYS

from articles.clock import desk_time
from articles.structured_data import wib_iso

register = template.Library()


@register.filter
def wib(value):
    """ "Selasa, 28 November 2023 19:05 WIB": the newsroom's date line, in the site's time zone.

    What `date_format(value, "l, j F Y H:i T")` gives, built directly: every page shows several.
    """
    if not value:
        return ""
    local = desk_time(value)
    return f"{WEEKDAYS[local.weekday()]}, {local.day} {MONTHS[local.month]} {local:%Y %H:%M} {local.tzname()}"


@register.filter
def w3c(value):
    """W3C datetime with the WIB offset, for sitemaps: 2023-11-28T19:05:00+07:00."""
    return wib_iso(value) if value else ""


@register.simple_tag
def site_name():
    # From settings: sitemaps render without the readers' context processors.
    return settings.SITE_NAME


@register.simple_tag
def language_links(path):
    """The page at `path` in each of the site's languages: the language switcher's plain links.

    The language is in readers' addresses (Indonesian unprefixed, /en/ English), so switching is following a link;
    an address that is no page of the site stays as it is. Each name is in its own language.
    """
    current = translation.get_language()
    return [
        {
            "code": code,
            "name_local": translation.get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
