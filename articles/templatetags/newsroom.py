from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def wib(value):
    """ "Selasa, 28 November 2023 19:05 WIB": the newsroom's date line, in the site's time zone."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), "l, j F Y H:i T")
