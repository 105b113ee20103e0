"""Revisions of articles, kept by django-reversion: what is recorded, how to record it, how two differ.

Every save of an article (admin, workflow actions, the importer) happens inside `record_revision()`,
which stores the article together with its photos, "Baca juga" links and tags, so restoring a
revision brings all of them back.
"""

import difflib
from contextlib import contextmanager
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from .models import Article, Photo, RelatedLink, Section, Source

# JSON written by the C encoder (articles/serializers.py, named in settings.SERIALIZATION_MODULES).
REVISION_FORMAT = "revision_json"


def register_models():
    """Called once from the app config: which models are versioned, and what an article revision carries."""
    if reversion.is_registered(Article):
        return
    # The version counter is excluded: restoring an old revision must count up, never take an old number back.
    # The search document is derived by the database from the text, and can be as large as the text.
    reversion.register(
        Article,
        exclude=["version", "search_document", "search_text"],
        follow=["photos", "related_links", "tagged_items"],
        format=REVISION_FORMAT,
    )
    reversion.register(Photo, format=REVISION_FORMAT)
    reversion.register(RelatedLink, format=REVISION_FORMAT)
    reversion.register(TaggedItem, follow=["tag"], format=REVISION_FORMAT)
    reversion.register(Tag, format=REVISION_FORMAT)


@contextmanager
def record_revision(user=None, comment=""):
    """Run the block in a transaction and keep one revision of everything it saves.

    Usage (the importer wraps each file like this)::

        with record_revision(comment="Imported from anadolu-2023-11-28.txt"):
            article.save()
    """
    with transaction.atomic(), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(str(comment))
        yield


def versions_of(article):
    return Version.objects.get_for_object(article).select_related("revision", "revision__user")


# What the history compares, in the order an editor reads an article.
TEXT_FIELDS = ["headline", "slug", "summary", "body"]
OTHER_FIELDS = [
    "status",
    "published_at",
    "dateline_place",
    "dateline_agency",
    "reporter",
    "editor",
    "section",
    "source",
    "language",
]


@dataclass
class Change:
    label: str
    old: str = ""
    new: str = ""
    # For long text: (" " | "-" | "+", line) pairs; the template escapes them like any other text.
    lines: list = field(default_factory=list)


def _text_lines(old, new):
    old_lines = (old or "").replace("\r\n", "\n").split("\n")
    new_lines = (new or "").replace("\r\n", "\n").split("\n")
    return [(line[0], line[2:]) for line in difflib.ndiff(old_lines, new_lines) if line[:1] in {" ", "-", "+"}]


def _display(name, value):
    if value in (None, ""):
        return "—"
    if name == "status":
        return str(Article.Status(value).label)
    if name in {"section", "source"}:
        model = Section if name == "section" else Source
        found = model.objects.filter(pk=value).first()
        return str(found) if found else f"#{value}"
    return str(value)


def _parts(version):
    """The tags, photos and links stored in the same revision as this article version."""
    article_id = str(version.object_id)
    tag_names, tag_ids, photos, links = {}, [], [], []
    for other in version.revision.version_set.select_related("content_type"):
        model = other.content_type.model_class()
        if model is Tag:
            tag_names[str(other.object_id)] = other.field_dict["name"]
        elif model is TaggedItem and str(other.field_dict["object_id"]) == article_id:
            tag_ids.append(str(other.field_dict["tag_id"]))
        elif model is Photo and str(other.field_dict["article_id"]) == article_id:
            data = other.field_dict
            photos.append(
                (data["order"], f"{data['caption']} ({data['credit']})" if data["credit"] else data["caption"])
            )
        elif model is RelatedLink and str(other.field_dict["article_id"]) == article_id:
            links.append((other.field_dict["order"], other.field_dict["title"]))
    return {
        "tags": sorted(tag_names.get(tag_id, f"#{tag_id}") for tag_id in tag_ids),
        "photos": [text for _, text in sorted(photos)],
        "related_links": [text for _, text in sorted(links)],
    }


def diff_versions(older, newer):
    """The changes from one stored article version to a later one; `older` may be None (the first version)."""
    old_fields = older.field_dict if older else {}
    new_fields = newer.field_dict
    changes = []
    for name in TEXT_FIELDS + OTHER_FIELDS:
        attname = Article._meta.get_field(name).attname
        old, new = old_fields.get(attname), new_fields.get(attname)
        if old == new:
            continue
        label = str(Article._meta.get_field(name).verbose_name).capitalize()
        if name in {"summary", "body"}:
            changes.append(Change(label, lines=_text_lines(old, new)))
        else:
            changes.append(Change(label, _display(name, old), _display(name, new)))
    old_parts = _parts(older) if older else {"tags": [], "photos": [], "related_links": []}
    new_parts = _parts(newer)
    labels = {"tags": _("Tags"), "photos": _("Photos"), "related_links": _("Read also")}
    for key, label in labels.items():
        if old_parts[key] != new_parts[key]:
            changes.append(Change(str(label), lines=_text_lines("\n".join(old_parts[key]), "\n".join(new_parts[key]))))
    return changes
