"""Template filters of the desk's admin pages."""

from django import template

from articles import dates
from articles.revision_comments import shown_comment

register = template.Library()


@register.filter
def revision_comment(revision):
    """What the revision says it was, in the language of whoever reads the history."""
    return shown_comment(revision)


@register.filter(expects_localtime=False)
def wib(value):
    """ "Selasa, 28 November 2023 19:05 WIB": the desk's date line, as readers' pages write it."""
    return dates.wib(value)
