"""Template filters of the desk's admin pages."""

from django import template

from articles import dates
from articles.revision_comments import shown_comment

register = template.Library()


@register.filter
def revision_comment(revision):
    """What the revision says it was, in the language of whoever reads the history."""
    return shown_comment(revision)


# "Selasa, 28 November 2023 19:05 WIB": the desk's date line, as readers' pages write it.
register.filter("wib", dates.wib, expects_localtime=False)
