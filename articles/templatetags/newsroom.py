from django import template
from django.utils import timezone
from django.utils.formats import date_format

from articles.renditions import picture_for

register = template.Library()


@register.filter
def wib(value):
    """ "Selasa, 28 November 2023 19:05 WIB": the newsroom's date line, in the site's time zone."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), "l, j F Y H:i T")


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
