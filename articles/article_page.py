"""Everything the article page shows, in one query: the story, its section and source, photos and their renditions,
tags, "Baca juga" links with their targets, corrections, and the section menu.

`for_detail()` plus the menu load the same in seven queries, and building those querysets costs more than running
them. Here one statement, compiled once (`articles.prepared`), returns a single row of JSON documents. They become
model instances in the caches `select_related` and `prefetch_related` fill, so the template, the structured data
and the provenance line read them exactly as they read a `for_detail()` article.
"""

import inspect
from dataclasses import dataclass
from datetime import UTC
from functools import cache
from operator import itemgetter

from django.contrib.contenttypes.models import ContentType
from django.db import models, router
from django.db.models import F, IntegerField, OuterRef, Subquery, Value
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from .models import (
    SEARCH_COLUMNS,
    Article,
    Correction,
    Photo,
    PhotoRendition,
    RelatedLink,
    Section,
    Source,
    in_menu_order,
)
from .prepared import JSONRows, JSONValues, Parameter, PreparedQuery, json_column

# What a "Baca juga" link needs of the article it points to: its address and whether readers may see it.
LINK_TARGET_COLUMNS = ("id", "slug", "status", "published_at")


@dataclass(frozen=True)
class ArticlePage:
    article: Article
    section_menu: list


def article_page(slug, *, readers_only=True, now=None):
    """The page of the article at `slug`, or None. `readers_only`: only what `published()` lets readers see (at
    `now`, default the current time); otherwise an article in any state, for staff previews."""
    if readers_only:
        row = READERS_PAGE.fetchone(slug=slug, now=now or timezone.now(), article_type=_article_type())
    else:
        row = ANY_STATE_PAGE.fetchone(slug=slug, article_type=_article_type())
    if row is None:
        return None
    return _page_from_row(dict(zip(COLUMNS, (json_column(value) for value in row), strict=True)))


def _article_type():
    # Bound at each run rather than joined: one index lookup and a join less for the database, and Django's cache
    # answers it (as it does for taggit's own queries) without a query.
    return ContentType.objects.get_for_model(Article).pk


def _columns(model, exclude=()):
    return tuple(field.attname for field in model._meta.concrete_fields if field.attname not in exclude)


def _values(columns, prefix=""):
    return JSONValues(*(F(f"{prefix}{column}") for column in columns))


def _rows(queryset, link, columns):
    """The rows of `queryset` that belong to the outer article, as one JSON array of arrays of `columns` (NULL when
    there are none)."""
    return Subquery(
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(rows=JSONRows(_values(columns)))
        .values("rows")
    )


def _all_rows(queryset, columns):
    # Grouped by a constant, which Django leaves out of GROUP BY: one array of the whole table.
    return Subquery(
        queryset.order_by()
        .annotate(everything=Value(1, IntegerField()))
        .values("everything")
        .annotate(rows=JSONRows(_values(columns)))
        .values("rows")
    )


def _in_field_order(model, columns):
    """`columns` as `model` orders its fields (from_db() takes them so), its primary key first."""
    ordered = tuple(field.attname for field in model._meta.concrete_fields if field.attname in columns)
    if set(ordered) != set(columns) or ordered[0] != model._meta.pk.attname:
        raise ValueError(f"{model.__name__} has no columns {columns}, or they leave out its primary key.")
    return ordered


ARTICLE_COLUMNS = _columns(Article, exclude=SEARCH_COLUMNS)
SECTION_COLUMNS = _columns(Section)
SOURCE_COLUMNS = _columns(Source)
PHOTO_COLUMNS = _columns(Photo)
RENDITION_COLUMNS = _columns(PhotoRendition)
LINK_COLUMNS = _columns(RelatedLink)
CORRECTION_COLUMNS = _columns(Correction)
MENU_COLUMNS = _in_field_order(Section, ("id", "name", "slug"))
TARGET_COLUMNS = _in_field_order(Article, LINK_TARGET_COLUMNS)
TAG_COLUMNS = _in_field_order(Tag, ("id", "name", "slug"))
# The through row's id first: it keeps tags in the order the desk attached them; then the tag's columns.
TAGGED_COLUMNS = ("id", "tag_id", *(f"tag__{column}" for column in TAG_COLUMNS[1:]))


def _page_statement(articles):
    tagged = TaggedItem.objects.filter(content_type=Parameter("article_type", models.IntegerField()))
    return PreparedQuery(
        articles.filter(slug=Parameter("slug", models.SlugField()))
        .annotate(
            article_row=_values(ARTICLE_COLUMNS),
            section_row=_values(SECTION_COLUMNS, "section__"),
            source_row=_values(SOURCE_COLUMNS, "source__"),
            photo_rows=_rows(Photo.objects.all(), "article", PHOTO_COLUMNS),
            rendition_rows=_rows(PhotoRendition.objects.all(), "photo__article", RENDITION_COLUMNS),
            tag_rows=_rows(tagged, "object_id", TAGGED_COLUMNS),
            link_rows=_rows(
                RelatedLink.objects.all(),
                "article",
                LINK_COLUMNS + tuple(f"target__{column}" for column in TARGET_COLUMNS),
            ),
            correction_rows=_rows(Correction.objects.all(), "article", CORRECTION_COLUMNS),
            menu_rows=_all_rows(Section.objects.all(), MENU_COLUMNS),
        )
        .order_by()
        .values(*COLUMNS)
    )


COLUMNS = (
    "article_row",
    "section_row",
    "source_row",
    "photo_rows",
    "rendition_rows",
    "tag_rows",
    "link_rows",
    "correction_rows",
    "menu_rows",
)
READERS_PAGE = _page_statement(Article.objects.published(at=Parameter("now", models.DateTimeField())))
ANY_STATE_PAGE = _page_statement(Article.objects.all())


def _page_from_row(row):
    build = _Builder(router.db_for_read(Article))
    article = build.one(Article, ARTICLE_COLUMNS, row["article_row"])
    _set_related(article, "section", build.one(Section, SECTION_COLUMNS, row["section_row"]))
    _set_related(article, "source", build.one(Source, SOURCE_COLUMNS, row["source_row"]))

    renditions = {}
    for rendition in build.many(PhotoRendition, RENDITION_COLUMNS, row["rendition_rows"]):
        renditions.setdefault(rendition.photo_id, []).append(rendition)
    photos = build.many(Photo, PHOTO_COLUMNS, row["photo_rows"], back_to=article)
    for photo in photos:
        _set_prefetched(photo, "renditions", sorted(renditions.get(photo.pk, []), key=lambda r: (r.format, r.width)))
    _set_prefetched(article, "photos", sorted(photos, key=lambda p: (p.order, p.pk)))

    tag_rows = sorted(row["tag_rows"] or [], key=itemgetter(0))
    _set_prefetched(article, "tags", [build.one(Tag, TAG_COLUMNS, tag[1:]) for tag in tag_rows])

    links = []
    split = len(LINK_COLUMNS)
    for link_row in row["link_rows"] or []:
        link = build.one(RelatedLink, LINK_COLUMNS, link_row[:split], back_to=article)
        _set_related(link, "target", build.one(Article, TARGET_COLUMNS, link_row[split:]))
        links.append(link)
    _set_prefetched(article, "related_links", sorted(links, key=lambda link: (link.order, link.pk)))

    corrections = build.many(Correction, CORRECTION_COLUMNS, row["correction_rows"], back_to=article)
    _set_prefetched(article, "corrections", sorted(corrections, key=lambda c: (c.published_at, c.pk)))

    return ArticlePage(article, in_menu_order(build.many(Section, MENU_COLUMNS, row["menu_rows"])))


def _from_json(field):
    """How a column's JSON value becomes the field's Python value; None where JSON already has the right type."""
    if isinstance(field, models.DateTimeField):
        return _aware_datetime(field)
    if isinstance(field, (models.CharField, models.TextField, models.IntegerField, models.AutoField)):
        return None
    if isinstance(field, models.ForeignKey) and isinstance(field.target_field, (models.IntegerField, models.AutoField)):
        return None
    return field.to_python  # booleans (SQLite says 0/1), UUIDs, files...


def _aware_datetime(field):
    def convert(value):
        value = field.to_python(value)
        # SQLite's JSON carries the stored UTC time without an offset; PostgreSQL's has one.
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    return convert


@cache
def _converters(model, columns):
    """For a JSON array of `model`'s `columns` (attnames): each position whose value needs converting, and how."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    return tuple(
        (position, convert)
        for position, column in enumerate(columns)
        if (convert := _from_json(fields[column])) is not None
    )


# The descriptors Django puts on plain, foreign-key and file columns: on a new instance, assigning through them
# only stores the value in the instance's __dict__.
_STORING_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute, FileDescriptor)


@cache
def _only_stores(model):
    return all(
        type(inspect.getattr_static(model, field.attname, None)) in _STORING_DESCRIPTORS
        for field in model._meta.concrete_fields
    )


class _Builder:
    """Makes one page's model instances from JSON arrays of their columns: with `from_db`, or with the same result
    without `Model.__init__`, whose per-field assignments and two signals cost more than the page's statement.

    The shortcut is taken only where it cannot differ: the model's columns only store what they are given, and
    no pre_init/post_init receiver listens (Photo's ImageField does, to fill in its dimensions). Receivers are
    looked up once per page, so one connected meanwhile still sees every instance after it."""

    def __init__(self, alias):
        self.alias = alias
        self.plain = {}

    def one(self, model, columns, values, back_to=None):
        """The instance whose `columns` (attnames, in field order) have these `values`; None when there is none
        (a left join's nulls). The columns the row lacks are deferred."""
        if not values or values[0] is None:  # every column list starts with the primary key
            return None
        converters = _converters(model, columns)
        if converters:
            values = list(values)
            for position, convert in converters:
                values[position] = convert(values[position])
        plain = self.plain.get(model)
        if plain is None:
            plain = self.plain[model] = _only_stores(model) and not (
                pre_init.has_listeners(model) or post_init.has_listeners(model)
            )
        if plain:
            instance = model.__new__(model)
            state = ModelState()
            state.adding = False
            state.db = self.alias
            attributes = instance.__dict__
            attributes["_state"] = state
            attributes.update(zip(columns, values, strict=True))
        else:
            instance = model.from_db(self.alias, columns, values)
        if back_to is not None:
            # What prefetching does too: photo.article, link.article... are the page's article, not another query.
            model._meta.get_field("article").set_cached_value(instance, back_to)
        return instance

    def many(self, model, columns, rows, back_to=None):
        return [self.one(model, columns, values, back_to) for values in rows or ()]


def _set_related(instance, name, related):
    instance._meta.get_field(name).set_cached_value(instance, related)


def _set_prefetched(instance, name, objects):
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = LoadedRelation.of(instance, name, objects)


class LoadedRelation(models.QuerySet):
    """A relation's rows as the page statement loaded them, where `prefetch_related` would leave a queryset.

    `instance.<name>.all()` returns it: iterating, `len()`, `bool()`, `count()` and `exists()` use the rows.
    Anything that builds a new query from it (`filter()`, `order_by()`...) starts from the relation's own
    queryset, as it would from a prefetched one, so it still sees only this instance's rows. Building that
    queryset up front for every relation would cost more than the page's statement.
    """

    _owner = _relation = None

    @classmethod
    def of(cls, instance, name, objects):
        loaded = cls(model=type(instance)._meta.get_field(name).related_model)
        loaded._result_cache = objects
        loaded._prefetch_done = True
        loaded._owner, loaded._relation = instance, name
        return loaded

    def _chain(self):
        if self._owner is None:
            return super()._chain()
        cache = self._owner._prefetched_objects_cache
        loaded = cache.pop(self._relation, None)
        try:
            return getattr(self._owner, self._relation).get_queryset()._chain()
        finally:
            if loaded is not None:
                cache[self._relation] = loaded
