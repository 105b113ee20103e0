"""Revisions of articles, kept by django-reversion: what is recorded, how to record it, how two differ.

Every save of an article (admin, workflow actions, the importer) happens inside `record_revision()`,
which stores the article together with its photos, "Baca juga" links and tags, so restoring a
revision brings all of them back.
"""

import difflib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from . import richtext
from .dates import wib
from .models import Article, ArticleTag, Author, Credit, Photo, PhotoUse, RelatedLink, Role, Section, Source
from .text import language_name

# JSON written by the C encoder (articles/serializers.py, named in settings.SERIALIZATION_MODULES).
REVISION_FORMAT = "revision_json"


# What a revision keeps of each versioned model, as given to reversion.register(): `exclude`d fields, and the
# related objects it `follow`s. The importer's bulk revisions (importing/revision_rows.py) read the same table.
# The version counter is excluded: restoring an old revision must count up, never take an old number back. The
# search document is derived by the database from the text, and can be as large as the text. Who the story is
# assigned to is the desk's current work, not the story's: restoring a revision leaves it. Corrections are public
# records that no restore takes back, and so is the time of the latest.
KEPT = {
    Article: {
        "exclude": ("version", "search_document", "assignee", "corrected_at"),
        "follow": ("photos", "related_links", "credits", "tagged_items"),
    },
    # A story's revision keeps its photo uses and the library photos they show (caption, credit as they were then).
    PhotoUse: {"follow": ("photo",)},
    Photo: {},
    RelatedLink: {},
    # A credit names its author by id; the author (bio, photo) is not the article's to bring back.
    Credit: {},
    ArticleTag: {"follow": ("tag",)},
    # Revisions kept before the tags had a table of their own (migration 0011) name taggit's generic rows.
    TaggedItem: {"follow": ("tag",)},
    Tag: {},
}


def register_models():
    """Called once from the app config: which models are versioned, and what an article revision carries."""
    if reversion.is_registered(Article):
        return
    for model, options in KEPT.items():
        reversion.register(model, format=REVISION_FORMAT, **options)


def kept_fields(model):
    """The fields a revision stores of `model`: as reversion.register() works them out from `exclude`."""
    excluded = KEPT[model].get("exclude", ())
    opts = model._meta
    return [field.name for field in opts.local_fields + opts.local_many_to_many if field.name not in excluded]


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


def text_lines(old, new):
    # Empty text is no lines, not one empty line: a list emptied (the last "Baca juga" removed) shows its lines as
    # removed, with no blank line added beside them.
    old_lines = old.replace("\r\n", "\n").split("\n") if old else []
    new_lines = new.replace("\r\n", "\n").split("\n") if new else []
    return [(line[0], line[2:]) for line in difflib.ndiff(old_lines, new_lines) if line[:1] in {" ", "-", "+"}]


def body_lines(old, new):
    """The body's change paragraph by paragraph, as readers read it: the stored HTML's markup would bury the words.
    When the words are the same, the change was to their formatting (a bold word, a link, a subheading): then the
    paragraphs that changed are compared with their markup, which the history shows as text."""
    old_text, new_text = ("\n".join(richtext.text_blocks(value or "")) for value in (old, new))
    if old_text != new_text:
        return text_lines(old_text, new_text)
    old_html, new_html = ("\n".join(richtext.html_blocks(value or "")) for value in (old, new))
    return text_lines(old_html, new_html)


def _display(name, value):
    if value in (None, ""):
        return "—"
    if name == "status":
        return str(Article.Status(value).label)
    if name in {"section", "source"}:
        model = Section if name == "section" else Source
        found = model.objects.filter(pk=value).first()
        return str(found) if found else f"#{value}"
    if name == "language":
        return f"{language_name(value)} ({value})"  # as the form offers it: "Bahasa Indonesia (id)"
    if isinstance(value, datetime):
        return wib(value)  # the desk's date line, as readers read it: "Sabtu, 5 Desember 2026 07:32 WIB"
    return str(value)


def _parts(version):
    """The tags, photos and links stored in the same revision as this article version."""
    article_id = str(version.object_id)
    tag_names, tag_ids, uses, library, links, credits = {}, [], [], {}, [], []
    for other in version.revision.version_set.select_related("content_type"):
        model = other.content_type.model_class()
        if model is Tag:
            tag_names[str(other.object_id)] = other.field_dict["name"]
        elif model in (ArticleTag, TaggedItem) and _tagged_article(other) == article_id:
            tag_ids.append(str(other.field_dict["tag_id"]))
        elif model is Photo:
            library[str(other.object_id)] = other.field_dict
        elif model is PhotoUse and str(other.field_dict["article_id"]) == article_id:
            uses.append(other.field_dict)
        elif model is RelatedLink and str(other.field_dict["article_id"]) == article_id:
            links.append((other.field_dict["order"], other.field_dict["title"]))
        elif model is Credit and str(other.field_dict["article_id"]) == article_id:
            credits.append((other.field_dict["order"], other.field_dict["author_id"], other.field_dict["role"]))
    photos = []
    for use in uses:
        photo = library.get(str(use["photo_id"]), {})
        caption, credit = use["story_caption"] or photo.get("caption", ""), photo.get("credit", "")
        photos.append((use["order"], f"{caption} ({credit})" if credit else caption))
    return {
        "tags": sorted(tag_names.get(tag_id, f"#{tag_id}") for tag_id in tag_ids),
        "photos": [text for _, text in sorted(photos)],
        "related_links": [text for _, text in sorted(links)],
        "credits": _byline_lines(sorted(credits)),
    }


def _byline_lines(credits):
    names = dict(Author.objects.filter(pk__in=[author for _, author, _ in credits]).values_list("pk", "name"))
    return [f"{Role(role).label}: {names.get(author, f'#{author}')}" for _, author, role in credits]


def diff_versions(older, newer):
    """The changes from one stored article version to a later one; `older` may be None (the first version)."""
    old_fields = older.field_dict if older else {}
    new_fields = newer.field_dict
    changes = []
    for name in TEXT_FIELDS + OTHER_FIELDS:
        attname = Article._meta.get_field(name).attname
        old, new = old_fields.get(attname), new_fields.get(attname)
        if old == new or (old in (None, "") and new in (None, "")):
            continue  # a field first stored empty, then as "" (or the other way round), did not change
        label = str(Article._meta.get_field(name).verbose_name).capitalize()
        if name == "body":
            changes.append(Change(label, lines=body_lines(old, new)))
        elif name == "summary":
            changes.append(Change(label, lines=text_lines(old, new)))
        else:
            changes.append(Change(label, _display(name, old), _display(name, new)))
    old_parts = _parts(older) if older else {"tags": [], "photos": [], "related_links": [], "credits": []}
    new_parts = _parts(newer)
    labels = {"credits": _("Byline"), "tags": _("Tags"), "photos": _("Photos"), "related_links": _("Read also")}
    for key, label in labels.items():
        if old_parts[key] != new_parts[key]:
            changes.append(Change(str(label), lines=text_lines("\n".join(old_parts[key]), "\n".join(new_parts[key]))))
    return changes


# Restoring -----------------------------------------------------------------------------------------
# An article's revision may share its Revision row with other articles (an import of 200 files is one
# revision). Restoring one article reads and writes only that article's own rows: never `Revision.revert()`.

# Set by every save, or derived from the text: a difference there is no change an editor made.
DERIVED_FIELDS = {"updated_at", "headline_key"}


@dataclass
class StoredArticle:
    """An article as one revision kept it, with its own photos, "Baca juga" lines and tags."""

    version: Version
    photos: list = field(default_factory=list)
    related_links: list = field(default_factory=list)
    credits: list = field(default_factory=list)
    tagged_items: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    @classmethod
    def of(cls, version):
        stored = cls(version)
        article_id = str(version.object_id)
        tags = {}
        for other in version.revision.version_set.exclude(pk=version.pk).select_related("content_type"):
            model, data = other.content_type.model_class(), other.field_dict
            if model is Tag:
                tags[str(other.object_id)] = other
            elif model in (ArticleTag, TaggedItem) and _tagged_article(other) == article_id:
                stored.tagged_items.append(other)
            elif model in (PhotoUse, RelatedLink, Credit) and str(data["article_id"]) == article_id:
                {PhotoUse: stored.photos, RelatedLink: stored.related_links, Credit: stored.credits}[model].append(
                    other
                )
        # A library photo deleted since cannot be placed in the story again: its use is left out.
        photo_ids = {other.field_dict["photo_id"] for other in stored.photos}
        existing = set(Photo.objects.filter(pk__in=photo_ids).values_list("pk", flat=True))
        stored.photos = [other for other in stored.photos if other.field_dict["photo_id"] in existing]
        used = {str(item.field_dict["tag_id"]) for item in stored.tagged_items}
        stored.tags = [tag for tag_id, tag in tags.items() if tag_id in used]
        return stored

    def fields(self):
        stored = self.version.field_dict
        fields = {f.attname: stored[f.attname] for f in Article._meta.concrete_fields if f.attname in stored}
        for relation in Article._meta.concrete_fields:
            # A section, source or account deleted since (all may be empty) is empty in the restored article.
            value = fields.get(relation.attname)
            if relation.is_relation and relation.null and value is not None:
                if not relation.related_model._default_manager.filter(pk=value).exists():
                    fields[relation.attname] = None
        return fields

    def article(self):
        """The article as it was (not saved): what the workflow checks before writing anything."""
        return Article(**self.fields())

    def photo_objects(self):
        return [PhotoUse(**version.field_dict) for version in self.photos]

    def changes_from(self, article):
        """What restoring would change in `article`: any of "text", "status" and "photos"."""
        changes = set()
        for name, value in self.fields().items():
            if name not in DERIVED_FIELDS and not _same(getattr(article, name), value):
                changes.add("status" if name in {"status", "published_at"} else "text")
        if (
            _rows_differ(self.related_links, article.related_links.all())
            or _taggings_differ(self.tagged_items, article.tagged_items.all())
            or _rows_differ(self.credits, article.credits.all())
        ):
            changes.add("text")
        if _rows_differ(self.photos, article.photos.all()):
            changes.add("photos")
        return changes

    def write_back(self, article):
        """Write this revision over `article` (or recreate it, deleted): its fields, photos, links and tags."""
        for name, value in self.fields().items():
            # A time equal to the stored one as far as the revision kept it stays exactly as stored.
            if name not in DERIVED_FIELDS and not _same(getattr(article, name, None), value):
                setattr(article, name, value)
        article.save()  # counts the version on and keeps a published old address, as every save does
        _replace_rows(article.photos.all(), self.photos, PhotoUse, article)
        _replace_rows(article.tagged_items.all(), self.tagged_items, ArticleTag, article, tags=self.tags)
        article.related_links.exclude(pk__in=[v.object_id for v in self.related_links]).delete()
        for version in self.related_links:
            link = RelatedLink(**version.field_dict)
            if link.target_id and not Article.objects.filter(pk=link.target_id).exists():
                link.target_id = None  # the linked story is gone: the title waits for its article again
            link.save()
        article.credits.exclude(pk__in=[v.object_id for v in self.credits]).delete()
        for version in self.credits:
            credit = Credit(**version.field_dict)
            # An author removed from the desk since (no longer credited anywhere) leaves the byline.
            if Author.objects.filter(pk=credit.author_id).exists():
                credit.save()
        return article


def _same(current, stored):
    """Equal as a revision keeps it: its JSON has times to the millisecond, the database to the microsecond."""
    if isinstance(current, datetime) and isinstance(stored, datetime):
        return abs(current - stored) < timedelta(milliseconds=1)
    return current == stored


def _rows_differ(versions, current):
    stored = {str(version.object_id): version.field_dict for version in versions}
    rows = {str(row.pk): row for row in current}
    if stored.keys() != rows.keys():
        return True
    return any(not _same(getattr(rows[pk], name), value) for pk, data in stored.items() for name, value in data.items())


def _taggings_differ(versions, current):
    # By id and tag only: a tagging kept before migration 0011 names its article the generic way.
    stored = {(str(version.object_id), str(version.field_dict["tag_id"])) for version in versions}
    return stored != {(str(row.pk), str(row.tag_id)) for row in current}


def _replace_rows(current, versions, model, article, tags=()):
    current.exclude(pk__in=[version.object_id for version in versions]).delete()
    for tag in tags:
        if not Tag.objects.filter(pk=tag.object_id).exists():
            tag.revert()  # a tag deleted since: it comes back with the article
    for version in versions:
        # A row of that id belonging to another article now is left alone: a restore touches only this one.
        if model.objects.filter(pk=version.object_id).exclude(**_owner(model, article)).exists():
            continue
        if version.content_type.model_class() is TaggedItem:
            # Kept before migration 0011: the tagging comes back in the article's own table, under the same id.
            ArticleTag(pk=version.object_id, content_object=article, tag_id=version.field_dict["tag_id"]).save()
        else:
            version.revert()


def _owner(model, article):
    if model is ArticleTag:
        return {"content_object": article}
    return {"article_id": article.pk}


def _tagged_article(version):
    """The id (as text) of the article a stored tagging names: ArticleTag's own, or taggit's generic row's."""
    data = version.field_dict
    if version.content_type.model_class() is TaggedItem:
        article_type = ContentType.objects.get_for_model(Article)
        return str(data["object_id"]) if data["content_type_id"] == article_type.pk else None
    return str(data["content_object_id"])
