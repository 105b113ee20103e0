"""Tags as the desk types them: "Rusia", "rusia ", "Rusia  " and "Rus\u200bia" are one tag.

Wired in through taggit's TAGGIT_TAGS_FROM_STRING and TAGGIT_STRING_FROM_TAGS settings, so every tag field (the
admin form, anything built on taggit's form field) reads and writes names this way; TAGGIT_CASE_INSENSITIVE makes
"rusia" find "Rusia".

Names are comma-separated, as the field says, and never split at spaces: taggit's own parser reads a field with
no comma as names separated by spaces, so "Berita hari ini" typed alone became three tags, and most of the desk's
tags are several words. A name that holds a comma is written in double quotes, as CSV quotes a field, and read
back by the csv module.
"""

import csv

from django.db import transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Value, When
from taggit.models import Tag

from .models import ArticleTag
from .public.purging import pages_changed
from .public.surrogate_keys import ARCHIVE, list_key, name_key
from .text import visible_text


def normalise_tag_name(name):
    # "Rus\u200bia" is "Rusia": an invisible character must not make a second tag.
    return " ".join(visible_text(name).split())


def _spelling_preference(name):
    # "Rusia" over "RUSIA" over "rusia": the way a headline would write it.
    return (not name[:1].isupper(), name.isupper(), name)


def normalise_tag_names(names):
    """Collapse spacing and drop repeats that differ only in case (the existing tag is found case-insensitively)."""
    variants = {}
    for name in names:
        clean = normalise_tag_name(name)
        if clean:
            variants.setdefault(clean.casefold(), []).append(clean)
    return sorted(min(spellings, key=_spelling_preference) for spellings in variants.values())


def parse_tags(tagstring):
    """The names typed in a tag field: comma-separated, "Pekanbaru, Riau" in quotes one name."""
    if not tagstring:
        return []
    # The csv module refuses a line break outside quotes; a tag name has none anyway.
    one_line = " ".join(tagstring.splitlines())
    return normalise_tag_names(next(csv.reader([one_line], skipinitialspace=True)))


def suggested_tags(typed, limit=10, *, articles=None):
    """The desk's tags for what an editor has typed so far: names that begin with it first, then names that
    contain it; within each, the most used first. Names only, as the tag field takes them.

    `articles`, when given, are the stories the asker may see: a tag that only other stories carry (a colleague's
    draft, an embargoed story) is not offered, so its name does not give that story away."""
    typed = normalise_tag_name(typed)
    if not typed:
        return []
    begins = Case(When(name__istartswith=typed, then=Value(0)), default=Value(1), output_field=IntegerField())
    tags = Tag.objects.filter(name__icontains=typed)
    if articles is not None:
        tags = tags.filter(Exists(articles.filter(tags=OuterRef("pk"))))
    return list(
        tags.annotate(begins=begins, uses=Count("articles_articletag_items"))
        .order_by("begins", "-uses", "name")
        .values_list("name", flat=True)[:limit]
    )


def edit_string_for_tags(tags):
    """The tags as their field shows them, by name: what parse_tags() reads back as the same names."""
    return ", ".join(_quoted_if_needed(name) for name in sorted(tag.name for tag in tags))


def _quoted_if_needed(name):
    # As the csv module quotes a field (QUOTE_MINIMAL): in quotes, quotes doubled, where the name has either.
    if "," in name or '"' in name:
        return '"{}"'.format(name.replace('"', '""'))
    return name


@transaction.atomic
def merge_tags(target, tags):
    """Move everything tagged with `tags` to `target` (never tagging one object twice), then delete `tags`."""
    others = [tag for tag in tags if tag.pk != target.pk]
    for tag in others:
        items = ArticleTag.objects.filter(tag=tag)
        items.filter(Exists(ArticleTag.objects.filter(tag=target, content_object=OuterRef("content_object")))).delete()
        items.update(tag=target)
        tag.delete()  # its own pages and the stories that showed it are purged by the delete's signals
    if others:
        # The queryset update sends no signal: the target's list gained the merged tags' stories.
        pages_changed({name_key(target), list_key(target), ARCHIVE})
    return len(others)
