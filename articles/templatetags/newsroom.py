from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS

from articles.renditions import picture_for
from articles.structured_data import json_ld_script, wib_iso

register = template.Library()


@register.filter
def wib(value):
    """ "Selasa, 28 November 2023 19:05 WIB": the newsroom's date line, in the site's time zone.

    What `date_format(value, "l, j F Y H:i T")` gives, built directly: every page shows several.
    """
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{WEEKDAYS[local.weekday()]}, {local.day} {MONTHS[local.month]} {local:%Y %H:%M} {local.tzname()}"


@register.inclusion_tag("articles/includes/picture.html")
def photo_picture(photo, sizes, *, max_width=None, css_class="", lazy=False):
    """A <picture>: WebP renditions in a <source>, JPEG renditions in the <img> with width, height and alt.

    `sizes` says how wide the picture is laid out (CSS), so the browser picks the smallest rendition
    that is sharp enough; `max_width` leaves out renditions the layout never needs (list cards).
    """
    return {
        "photo": photo,
        "picture": picture_for(photo, max_width=max_width),
        "sizes": sizes,
        "css_class": css_class,
        "lazy": lazy,
    }


@register.filter
def w3c(value):
    """W3C datetime with the WIB offset, for sitemaps: 2023-11-28T19:05:00+07:00."""
    return wib_iso(value) if value else ""


@register.filter
def json_ld(value):
    """A dict as a JSON-LD <script> element that no string inside it can break out of."""
    return json_ld_script(value)


@register.simple_tag
def site_name():
    # From settings rather than the context processor: the 500 page renders without context processors.
    return settings.SITE_NAME
