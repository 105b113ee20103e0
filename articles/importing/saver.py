"""Saving parsed agency copy: the transactional half of `import_articles` (parsing is `parsing.py`).

What identifies a story
-----------------------
Agency dumps carry no stable id, so two keys are derived from the text (see `text.py`):

* the **fingerprint** hashes the normalised headline and body. Copy whose fingerprint is already
  stored is the same story re-sent, re-wrapped or received through another desk: it is *unchanged*,
  whatever its file name, line ends, spacing or keyword order. A database constraint makes a
  duplicate impossible even if two imports race.
* the **story key** hashes the normalised headline and dateline place. Copy with a stored story key
  but a new fingerprint is another version of that story (versions.py says which is newer). An older
  one is *outdated* and changes nothing. A newer one *updates* the stored article in place (it keeps its
  slug, URL, status and publication time), unless the desk has edited the article since: then it is
  *held* as a pending `AgencyUpdate` for an editor to apply or dismiss.

A kill notice *withdraws* the story it names. Anything else is *imported* as a new article; copy under
embargo is scheduled for the embargo's time.

Why batches
-----------
One article is a dozen rows (article, photos, tags, tag links, related links). Writing them one
ORM call at a time costs a round trip each, so articles are written in batches with bulk inserts:
a batch of any size takes a fixed number of queries. A batch is one transaction; if it fails,
`import_batch_safely` retries its articles one transaction each, so a bad article leaves no trace
and the good ones of the same batch are still stored.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from .. import workflow
from ..models import Article, Credit, PhotoUse, RelatedLink, Section, Source, authors_named, credits_for, unique_slug
from ..public.invalidation import stories_added
from ..revisions import record_revision
from ..richtext import paragraphs_to_html
from ..tagging import normalise_tag_names
from ..text import content_fingerprint, normalise_key, story_key, visible_text
from .library import library_photos
from .parsing import ParsedArticle
from .rows import add_corrections, add_to_revision, assign_slugs, create_related_links, related_url, tag_articles
from .versions import VersionMark, desk_edited, hold, incoming_from, mark_of, newest_known_mark


class Outcome(enum.StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    HELD = "held"  # kept as a pending agency update: the desk has edited the article
    OUTDATED = "outdated"  # older than the version stored or held
    WITHDRAWN = "withdrawn"  # a kill notice took the story off the site


@dataclass(frozen=True)
class IncomingArticle:
    """Parsed copy plus what its container knows beyond the dump format (a ninjs export does)."""

    parsed: ParsedArticle
    origin: str  # file name, "<stdin>" or "file.jsonl:12", for messages
    slug: str = ""
    status: str = ""
    published_at: datetime | None = None
    section: str = ""
    summary: str = ""
    uid: uuid.UUID | None = None  # the article's permanent id, when the copy carries one (ninjs `uri`)
    related_urls: tuple[str, ...] = ()  # external URL per related title ("" for none), when known
    version: int | None = None  # the story's version number, when the copy carries one (ninjs `version`)
    file_time: datetime | None = None  # the file's modification time: orders versions that state none
    # (kind, time, text) of the corrections readers were shown, when the copy carries them (a ninjs export)
    corrections: tuple[tuple[str, datetime, str], ...] = ()


@dataclass(frozen=True)
class ImportOptions:
    """What the desk decides for a whole run; copy only overrides what it states itself."""

    status: str = Article.Status.DRAFT
    # The desk's status wins over the copy's (nothing reaches readers before an editor says so), unless the
    # operator restores the site's own export and asks to keep each article's status.
    keep_document_status: bool = False
    published_at: datetime | None = None
    section: Section | None = None
    source: str = ""  # used when the copy names no source
    language: str = "id"  # used when the copy has no language line
    # Off only for a one-off migration of an archive, where a revision per article costs half the time.
    keep_revisions: bool = True


@dataclass
class ImportResult:
    item: IncomingArticle
    outcome: Outcome | None = None
    article: Article | None = None
    error: str = ""


@dataclass
class _Plan:
    """Per-batch lookups, each made with one query."""

    sources: dict[str, Source] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)


def import_batch_safely(items: Sequence[IncomingArticle], *, options: ImportOptions) -> list[ImportResult]:
    """Import `items` in one transaction; if that fails, retry them one transaction each."""
    if len(items) > 1:
        try:
            with _transaction(items, options):
                return import_batch(items, options=options)
        except (DatabaseError, ValidationError):
            pass  # find out which article it was, below
    results = []
    for item in items:
        try:
            with _transaction([item], options):
                results.extend(import_batch([item], options=options))
        except (DatabaseError, ValidationError) as error:
            results.append(ImportResult(item, error=_describe(error)))
    return results


def _transaction(items: Sequence[IncomingArticle], options: ImportOptions):
    if options.keep_revisions:
        return record_revision(comment=_revision_comment(items))
    return transaction.atomic()


def _revision_comment(items: Sequence[IncomingArticle]) -> str:
    if len(items) == 1:
        return f"import_articles: {items[0].origin}"
    return f"import_articles: {items[0].origin} and {len(items) - 1} more"


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "message_dict"):
            return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        return " ".join(error.messages)
    return str(error).strip().splitlines()[0] if str(error).strip() else error.__class__.__name__


def import_batch(items: Sequence[IncomingArticle], *, options: ImportOptions) -> list[ImportResult]:
    """Store `items`; the caller owns the transaction. Takes a fixed number of queries for new copy."""
    results: list[ImportResult] = []
    arrived = timezone.now()
    # A story twice in one batch (re-sent, or an update right behind the original) is handled in a
    # second pass, so that it meets the first one in the database like any later copy would. Oldest
    # version first, whatever order the files came in.
    pending = sorted(items, key=lambda item: mark_of(item, arrived=arrived).time)
    while pending:
        seen_fingerprints, seen_stories, seen_uids, now, later = set(), set(), set(), [], []
        for item in pending:
            keys = (item.parsed.fingerprint, item.parsed.story_key, item.uid)
            if keys[0] in seen_fingerprints or keys[1] in seen_stories or (keys[2] and keys[2] in seen_uids):
                later.append(item)
            else:
                seen_fingerprints.add(keys[0])
                seen_stories.add(keys[1])
                seen_uids.add(keys[2])
                now.append(item)
        results.extend(_import_distinct(now, options=options, arrived=arrived))
        pending = later
    order = {id(item): n for n, item in enumerate(items)}
    return sorted(results, key=lambda result: order[id(result.item)])


def _stored_copies(fingerprints):
    """The stored articles with these fingerprints, by fingerprint."""
    # The unique index on fingerprints is partial (no empty ones). For a batch's 200 values the planner uses it
    # only when the query states that condition too; without it each batch read the whole archive (~170 ms at a
    # million articles).
    stored = Article.objects.filter(fingerprint__in=fingerprints).exclude(fingerprint="")
    return {article.fingerprint: article for article in stored.only("id", "slug", "headline", "fingerprint")}


def _import_distinct(items: list[IncomingArticle], *, options: ImportOptions, arrived) -> list[ImportResult]:
    fingerprints = {item.parsed.fingerprint for item in items}
    stored = _stored_copies(fingerprints)
    results = [
        ImportResult(item, Outcome.UNCHANGED, stored[item.parsed.fingerprint])
        for item in items
        if item.parsed.fingerprint in stored and not item.parsed.killed
    ]
    kills = [item for item in items if item.parsed.killed]
    fresh = [item for item in items if item.parsed.fingerprint not in stored and not item.parsed.killed]

    stories = {}
    for article in Article.objects.filter(story_key__in={item.parsed.story_key for item in fresh}).order_by("id"):
        stories.setdefault(article.story_key, article)
    # Copy that names its article (a ninjs export does) updates that article, even if edited since.
    uids = {item.uid for item in fresh if item.uid}
    by_uid = {article.uid: article for article in Article.objects.filter(uid__in=uids)} if uids else {}
    plan = _plan(fresh, options=options)
    updates, creations = [], []
    for item in fresh:
        article = by_uid.get(item.uid) or stories.get(item.parsed.story_key)
        if (
            article is not None
            and item.uid
            and content_fingerprint(article.headline, article.paragraphs) == (item.parsed.fingerprint)
        ):
            # Its own export read back: same wording, though written in the admin (no stored fingerprint).
            results.append(ImportResult(item, Outcome.UNCHANGED, article))
        elif article is None:
            creations.append(item)
        else:
            updates.append((item, article))
    for item, article in updates:
        results.append(_update_or_hold(article, item, plan=plan, options=options, arrived=arrived))
    created = _create_articles(creations, plan=plan, options=options, arrived=arrived)
    for item, article in zip(creations, created, strict=True):
        results.append(ImportResult(item, Outcome.IMPORTED, article))
    # After the creations: a kill may follow its story in the same batch.
    results += [_kill(item) for item in kills]
    return results


def _update_or_hold(article: Article, item: IncomingArticle, *, plan, options, arrived) -> ImportResult:
    if item.uid:  # this site's own export: its article, as exported
        _update_article(article, item, plan=plan, options=options, mark=None)
        return ImportResult(item, Outcome.UPDATED, article)
    mark = mark_of(item, arrived=arrived)
    if mark.is_older_than(newest_known_mark(article)):
        return ImportResult(item, Outcome.OUTDATED, article)
    if desk_edited(article):
        held = hold(article, item, mark)
        return ImportResult(item, Outcome.HELD if held else Outcome.UNCHANGED, article)
    _update_article(article, item, plan=plan, options=options, mark=mark)
    return ImportResult(item, Outcome.UPDATED, article)


def _kill(item: IncomingArticle) -> ImportResult:
    parsed = item.parsed
    found = Article.objects.exclude(story_key="").filter(story_key=parsed.story_key).order_by("id").first()
    if found is None and not parsed.dateline_place:  # a notice without dateline names the story by headline
        found = Article.objects.exclude(story_key="").filter(headline_key=normalise_key(parsed.headline)).first()
    if found is None:
        return ImportResult(
            item,
            error=f"kill notice for {parsed.headline!r}, but no imported story has that headline"
            + (f" and dateline {parsed.dateline_place!r}" if parsed.dateline_place else "")
            + "; if the desk renamed it, withdraw it in the admin",
        )
    changed = workflow.withdraw_on_agency_notice(found, origin=item.origin)
    return ImportResult(item, Outcome.WITHDRAWN if changed else Outcome.UNCHANGED, found)


def _plan(items: Iterable[IncomingArticle], *, options: ImportOptions) -> _Plan:
    plan = _Plan()
    names = {(item.parsed.source or options.source).strip() for item in items} - {""}
    if names:
        lowered = {name.casefold(): name for name in names}
        for source in Source.objects.annotate(key=Lower("name")).filter(key__in=[n.lower() for n in names]):
            plan.sources[source.name.casefold()] = source
        for key, name in lowered.items():
            if key not in plan.sources:
                source = Source(name=name, slug=unique_slug(Source, name, max_length=100))
                source.full_clean(validate_unique=False, validate_constraints=False)
                source.save()
                plan.sources[key] = source
    section_names = {item.section for item in items} - {""}
    if section_names:
        plan.sections = {section.name: section for section in Section.objects.filter(name__in=section_names)}
        for name in section_names - plan.sections.keys():
            plan.sections[name] = Section.objects.create(name=name)
    return plan


def _fields(item: IncomingArticle, *, plan: _Plan, options: ImportOptions) -> dict:
    parsed = item.parsed
    source_name = (parsed.source or options.source).strip()
    # Bulk inserts skip Article.save(): the same clean-up as there (the keys below already see through it).
    return {
        "headline": visible_text(parsed.headline),
        "headline_key": normalise_key(parsed.headline)[:255],
        "language": parsed.language or options.language,
        "dateline_place": visible_text(parsed.dateline_place),
        "dateline_agency": visible_text(parsed.dateline_agency),
        # The paragraphs as the body's HTML, whether they came from a dump or a ninjs document: escaped text in
        # <p>, already what Article.save() would store (bulk inserts skip it).
        "body": paragraphs_to_html(parsed.paragraphs),
        "source": plan.sources.get(source_name.casefold()) if source_name else None,
        "fingerprint": parsed.fingerprint,
        "story_key": parsed.story_key,
    }


def _mark_fields(mark: VersionMark | None) -> dict:
    if mark is None:
        return {}
    return {"agency_version": mark.number, "agency_time": mark.time}


def _publication(item: IncomingArticle, *, options: ImportOptions) -> dict:
    if workflow.embargo_applies(item.parsed.embargo_until):
        return workflow.embargoed_publication(item.parsed.embargo_until)
    status = (options.keep_document_status and item.status) or options.status
    published_at = item.published_at or options.published_at
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now()
    return {"status": status, "published_at": published_at}


def _check(article: Article) -> None:
    # Field rules only: uniqueness is the database's job, and asking it per article would cost a
    # query each (the constraints still hold; a violation sends the batch to the one-by-one retry).
    article.full_clean(exclude=["slug", "source", "section"], validate_unique=False, validate_constraints=False)


def _create_articles(items: list[IncomingArticle], *, plan: _Plan, options: ImportOptions, arrived) -> list[Article]:
    if not items:
        return []
    articles = []
    for item in items:
        article = Article(
            **_fields(item, plan=plan, options=options),
            **_publication(item, options=options),
            **_mark_fields(None if item.uid else mark_of(item, arrived=arrived)),
            summary=item.summary,
            section=plan.sections.get(item.section) or options.section,
        )
        if item.uid:
            article.uid = item.uid
        if item.version:
            # A restored backup goes on counting from the version partners have already seen.
            article.version = item.version
        _check(article)
        articles.append(article)
    assign_slugs(articles, [item.slug for item in items])
    Article.objects.bulk_create(articles)

    photos = iter(library_photos([parsed for item in items for parsed in item.parsed.photos]))
    PhotoUse.objects.bulk_create(
        PhotoUse(article=article, photo=next(photos), order=n)
        for article, item in zip(articles, items, strict=True)
        for n in range(len(item.parsed.photos))
    )
    create_related_links(articles, items)
    credits = credit_authors(articles, [item.parsed.byline for item in items])
    add_corrections(articles, items)
    tagged_items = tag_articles(articles, [item.parsed.keywords for item in items])
    # Titles written before these articles existed (cf. Article.save).
    RelatedLink.objects.link_waiting({article.headline_key for article in articles})
    # bulk_create sends no signals: the new stories' pages and lists are reported here.
    stories_added(articles, tagged_items, credits)
    workflow.audit_embargoes(
        [(article, item.origin) for article, item in zip(articles, items, strict=True) if item.parsed.embargo_until]
    )
    add_to_revision(articles)
    return articles


def credit_authors(articles, bylines):
    """The bylines' people as the articles' authors (new names become authors): the credits, saved."""
    authors = authors_named(name for byline in bylines for _, name in byline)
    credits = [
        credit
        for article, byline in zip(articles, bylines, strict=True)
        for credit in credits_for(article, byline, authors)
    ]
    return Credit.objects.bulk_create(credits)


def apply_held_update(update, merged) -> None:
    """Write a held agency update (`merged` with the desk's edits, see versions.merge) over its article.

    The caller (`workflow.apply_agency_update`) owns the transaction, the revision and the audit entry.
    """
    item = incoming_from(update, headline=merged.headline, paragraphs=merged.paragraphs)
    options = ImportOptions()
    # The stored keys are the agency version's, not the merged text's: that file read again changes nothing,
    # the desk's edits kept in the merge still count as edits, and the agency's next version finds its story.
    keys = {
        "fingerprint": update.fingerprint,
        "story_key": story_key(update.headline, item.parsed.dateline_place),
    }
    mark = VersionMark(update.version_number, update.version_time)
    _update_article(update.article, item, plan=_plan([item], options=options), options=options, mark=mark, keys=keys)


def _update_photos(article: Article, parsed_photos) -> None:
    """The story's photos after a newer copy: a picture an editor has uploaded stays in its place (with the new
    caption for this story where it differs); every other place shows the library photo of the new caption."""
    uses = list(article.photos.select_related("photo"))
    for n, photo in enumerate(library_photos(parsed_photos)):
        use = uses[n] if n < len(uses) else PhotoUse(article=article, order=n)
        if use.photo_id and use.photo.image and use.photo_id != photo.pk:
            caption = parsed_photos[n].caption
            use.story_caption = "" if caption == use.photo.caption else caption
        else:
            use.photo, use.story_caption = photo, ""
        use.save()
    for use in uses[len(parsed_photos) :]:
        if not use.photo.image:
            use.delete()


def _update_article(
    article: Article,
    item: IncomingArticle,
    *,
    plan: _Plan,
    options: ImportOptions,
    mark: VersionMark | None,
    keys: dict | None = None,
) -> None:
    """A newer version of a stored story: new wording, same slug, URL, status and publication time."""
    for name, value in {**_fields(item, plan=plan, options=options), **_mark_fields(mark), **(keys or {})}.items():
        setattr(article, name, value)
    if item.summary:
        article.summary = item.summary
    _check(article)
    article.save()
    workflow.embargo_update(article, item.parsed.embargo_until, origin=item.origin)

    _update_photos(article, item.parsed.photos)

    article.related_links.all().delete()
    for n, title in enumerate(item.parsed.related_titles):
        RelatedLink.objects.create(article=article, order=n, title=title, url=related_url(item, n))
    article.tags.set(normalise_tag_names(item.parsed.keywords), clear=True)
    # One by one, unlike a new story's: each credit's signals purge the author pages it joins.
    article.credits.all().delete()
    for credit in credits_for(article, item.parsed.byline, authors_named(name for _, name in item.parsed.byline)):
        credit.save()
    add_corrections([article], [item])
