"""Template filters of the desk's admin pages."""

from django import template

from articles.revision_comments import shown_comment

register = template.Library()


@register.filter
def revision_comment(revision):
    """What the revision says it was, in the language of whoever reads the history."""
    return shown_comment(revision)
