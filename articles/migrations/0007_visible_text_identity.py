"""Stored rows brought in line with articles.text.visible_text: headlines, datelines and tag names lose their
invisible and direction-changing characters, and the keys derived from them are computed again, so copy
re-sent with or without such a character is still recognised as the story already stored.

The characters and the fingerprint as it was before are frozen here, as they were when this was written.
"""

import hashlib
import re
import unicodedata

from django.db import migrations
from django.db.models import Q

from articles.text import content_fingerprint, normalise_key, story_key, visible_text

INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"


def _containing_invisible(*fields):
    condition = Q()
    for field in fields:
        for character in INVISIBLE:
            condition |= Q(**{f"{field}__contains": character})
    return condition


def _fingerprint_before(headline, body):
    """content_fingerprint before visible_text: a stored fingerprint equal to this belongs to the text stored."""

    def normalise(text):
        text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
        return re.sub(r"\s+", " ", text).strip()

    paragraphs = re.split(r"\n[^\S\n]*\n", body.replace("\r\n", "\n").replace("\r", "\n"))
    parts = [normalise(headline), *(p for p in map(normalise, paragraphs) if p)]
    return hashlib.sha256("\n\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def clean_articles(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    RelatedLink = apps.get_model("articles", "RelatedLink")
    fields = ["id", "headline", "dateline_place", "dateline_agency", "body", "fingerprint", "story_key"]
    rows = Article.objects.filter(_containing_invisible("headline", "dateline_place", "dateline_agency", "body"))
    for row in rows.values(*fields).iterator():
        headline = visible_text(row["headline"])
        changes = {
            "headline": headline,
            "dateline_place": visible_text(row["dateline_place"]),
            "dateline_agency": visible_text(row["dateline_agency"]),
            "headline_key": normalise_key(headline)[:255],
        }
        if row["story_key"]:
            changes["story_key"] = story_key(headline, changes["dateline_place"])
        # An article edited since its import keeps the fingerprint of the copy it came from: only one computed
        # from the text stored can be computed again. A duplicate the old keys let in keeps its own.
        if row["fingerprint"] and row["fingerprint"] == _fingerprint_before(row["headline"], row["body"]):
            fingerprint = content_fingerprint(headline, row["body"])
            if not Article.objects.filter(fingerprint=fingerprint).exclude(pk=row["id"]).exists():
                changes["fingerprint"] = fingerprint
        Article.objects.filter(pk=row["id"]).update(**changes)
    for link in RelatedLink.objects.filter(_containing_invisible("title")).only("id", "title").iterator():
        RelatedLink.objects.filter(pk=link.pk).update(title_key=normalise_key(link.title)[:255])


def clean_tags(apps, schema_editor):
    """A tag spelt with an invisible character is renamed, or merged into the tag it was a copy of."""
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    for tag in Tag.objects.filter(_containing_invisible("name")).order_by("id"):
        name = " ".join(visible_text(tag.name).split())
        if not name:
            continue  # nothing visible: left for an editor to rename or delete
        same = Tag.objects.filter(name__iexact=name).exclude(pk=tag.pk).order_by("id").first()
        if same is None:
            tag.name = name
            tag.save(update_fields=["name"])
            continue
        for item in TaggedItem.objects.filter(tag=tag):
            if TaggedItem.objects.filter(tag=same, content_type=item.content_type, object_id=item.object_id).exists():
                item.delete()
            else:
                item.tag = same
                item.save(update_fields=["tag"])
        tag.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_newsroom_roles"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(clean_articles, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(clean_tags, migrations.RunPython.noop, elidable=True),
    ]
