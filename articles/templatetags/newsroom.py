"""Template tags and filters of the readers' pages (and the sitemaps): dates as the desk writes them, language and
text-direction marks for readers' text, the story's metadata and its photos."""

import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import format_html

from articles.crops import ORIGINAL
from articles.public.structured_data import json_ld_script, wib_iso
from articles.renditions import picture_for

register = template.Library()


# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they can reverse the text that follows them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def desk_time(value):
    # No reader's page switches zones per reader: every time is shown in the newsroom's own (settings.TIME_ZONE).
    return timezone.localtime(value, timezone.get_default_timezone())


@register.filter(expects_localtime=False)
def wib(value):
    """ "Selasa, 28 November 2023 19:05 WIB": the newsroom's date line, in the site's time zone.

    What `date_format(value, "l, j F Y H:i T")` writes, with the same translated day and month names, in a quarter
    of its time (8 µs instead of 30; a list page shows twenty of these lines)."""
    if not value:
        return ""
    local = desk_time(value)
    weekday, month = WEEKDAYS[local.weekday()], MONTHS[local.month]
    return f"{weekday}, {local.day} {month} {local.year} {local:%H:%M} {local.tzname()}"


@register.filter(expects_localtime=False)
def iso(value):
    """ISO 8601 in the site's time zone, for <time datetime>: 2023-11-28T19:05:00+07:00."""
    return desk_time(value).isoformat() if value else ""


@register.filter(expects_localtime=False)
def w3c(value):
    """W3C datetime with the WIB offset, for sitemaps: 2023-11-28T19:05:00+07:00."""
    return wib_iso(value) if value else ""


@register.filter
def lang_attribute(language):
    """` lang="xx"` for words in `language` on a page that speaks another (the reader's interface language);
    nothing where they are in the page's own: screen readers switch voice only where the words do."""
    if language and language != translation.get_language():
        return format_html(' lang="{}"', language)
    return ""


@register.filter(is_safe=True)
def isolate_bidi(value):
    """`value` without bidirectional controls, for text that cannot hold a <bdi> (<title>, attributes): an RLO in
    a headline would otherwise reverse the site name after it."""
    return BIDI_CONTROLS.sub("", str(value))


@register.filter
def bdi(value):
    """`value` in a <bdi> element: readers' text whose direction is its own, inside a sentence of the page's."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def json_ld(data):
    return json_ld_script(data)


@register.simple_tag
def site_name():
    # From settings: the 500 page and the sitemaps render without the readers' context processor.
    return settings.SITE_NAME


@register.inclusion_tag("articles/includes/picture.html")
def picture(photo, sizes, max_width=None, css_class="", lazy=False, crop=ORIGINAL):
    """A <picture>: WebP renditions in a <source>, JPEG renditions in the <img> with width, height and alt.

    `sizes` says how wide the picture is laid out (CSS), so the browser picks the smallest rendition that is sharp
    enough; `max_width` leaves out renditions the layout never needs (list cards); `crop` is the shape, cut around
    the photo's focal point ("16:9", "4:3", "1:1"; the original's own by default)."""
    return {
        "photo": photo,
        "picture": picture_for(photo, crop=crop, max_width=max_width),
        "sizes": sizes,
        "css_class": css_class,
        "lazy": lazy,
    }


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
