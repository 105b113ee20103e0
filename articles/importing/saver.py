"""Saving parsed agency copy: the transactional half of `import_articles` (parsing is `parsing.py`, newer
versions of a stored story `updating.py`).

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

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from .. import workflow
from ..models import Article, Credit, PhotoUse, RelatedLink, authors_named, credits_for
from ..public.invalidation import stories_added
from ..revision_comments import comment
from ..revisions import record_revision
from ..text import content_fingerprint
from .article_fields import Plan, article_fields, check, mark_fields, plan_for, publication
from .incoming import ImportOptions, ImportResult, IncomingArticle, Outcome
from .library import library_photos
from .revision_rows import keep_revision
from .rows import (
    add_corrections,
    assign_slugs,
    create_related_links,
    refresh_targets,
    reserve_ids,
    tag_articles,
)
from .updating import kill, update_or_hold
from .versions import mark_of


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
    more = len(items) - 1
    # Shown in the language of whoever reads the history (revision_comments.py); "1 more" reads well enough.
    return comment(gettext_noop("import_articles: %(file)s and %(count)d more"), file=items[0].origin, count=more)


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
    plan = plan_for(fresh, options=options)
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
        results.append(update_or_hold(article, item, plan=plan, options=options, arrived=arrived))
    created = _create_articles(creations, plan=plan, options=options, arrived=arrived)
    for item, article in zip(creations, created, strict=True):
        results.append(ImportResult(item, Outcome.IMPORTED, article))
    # After the creations: a kill may follow its story in the same batch.
    results += [kill(item) for item in kills]
    return results


def _create_articles(items: list[IncomingArticle], *, plan: Plan, options: ImportOptions, arrived) -> list[Article]:
    if not items:
        return []
    articles = []
    for item in items:
        article = Article(
            **article_fields(item, plan=plan, options=options),
            **publication(item, options=options),
            **mark_fields(None if item.uid else mark_of(item, arrived=arrived)),
            summary=item.summary,
            section=plan.sections.get(item.section) or options.section,
        )
        if item.uid:
            article.uid = item.uid
        if item.version:
            # A restored backup goes on counting from the version partners have already seen.
            article.version = item.version
        check(article)
        articles.append(article)
    assign_slugs(articles, [item.slug for item in items])
    keyword_lists = [item.parsed.keywords for item in items]
    if reserve_ids(articles):
        # Tagged before they are stored: the search document, which the database builds from the article and its
        # tags, is then written once with the article row. Tagged afterwards, every new row was written twice
        # (the tags' trigger rewrites the document), with all of its index entries (measured: 7% of an import).
        tagged_items = tag_articles(articles, keyword_lists)
        Article.objects.bulk_create(articles)
    else:
        Article.objects.bulk_create(articles)
        tagged_items = tag_articles(articles, keyword_lists)

    photos = library_photos([parsed for item in items for parsed in item.parsed.photos])
    next_photo = iter(photos)
    uses = PhotoUse.objects.bulk_create(
        PhotoUse(article=article, photo=next(next_photo), order=n)
        for article, item in zip(articles, items, strict=True)
        for n in range(len(item.parsed.photos))
    )
    links = create_related_links(articles, items)
    credits = credit_authors(articles, [item.parsed.byline for item in items])
    add_corrections(articles, items)
    # Titles written before these articles existed (cf. Article.save).
    relinked = RelatedLink.objects.link_waiting({article.headline_key for article in articles})
    # bulk_create sends no signals: the new stories' pages and lists are reported here.
    stories_added(articles, tagged_items, credits)
    workflow.audit_embargoes(
        [(article, item.origin) for article, item in zip(articles, items, strict=True) if item.parsed.embargo_until]
    )
    if relinked:  # possibly this batch's own links, if another import stored a story they name meanwhile
        refresh_targets(links)
    keep_revision([*articles, *uses, *photos, *links, *credits, *tagged_items, *(item.tag for item in tagged_items)])
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
