"""Newer copy of a stored story: updated in place, held for the desk, ignored as outdated, or killed."""

from __future__ import annotations

from .. import workflow
from ..models import Article, PhotoUse, RelatedLink, authors_named, credits_for
from ..tagging import normalise_tag_names
from ..text import normalise_key, story_key
from .article_fields import Plan, article_fields, check, mark_fields, plan_for
from .incoming import ImportOptions, ImportResult, IncomingArticle, Outcome
from .library import library_photos
from .rows import add_corrections, related_url
from .versions import VersionMark, desk_edited, hold, incoming_from, mark_of, newest_known_mark


def update_or_hold(article: Article, item: IncomingArticle, *, plan, options, arrived) -> ImportResult:
    if item.uid:  # this site's own export: its article, as exported
        update_article(article, item, plan=plan, options=options, mark=None)
        return ImportResult(item, Outcome.UPDATED, article)
    mark = mark_of(item, arrived=arrived)
    if mark.is_older_than(newest_known_mark(article)):
        return ImportResult(item, Outcome.OUTDATED, article)
    if desk_edited(article):
        held = hold(article, item, mark)
        return ImportResult(item, Outcome.HELD if held else Outcome.UNCHANGED, article)
    update_article(article, item, plan=plan, options=options, mark=mark)
    return ImportResult(item, Outcome.UPDATED, article)


def kill(item: IncomingArticle) -> ImportResult:
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
    plan = plan_for([item], options=options)
    # The merged blocks as HTML: the desk's subheadings, lists, links and bold words stay as they were.
    update_article(update.article, item, plan=plan, options=options, mark=mark, keys=keys, body=merged.body)


def update_photos(article: Article, parsed_photos) -> None:
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


def update_article(
    article: Article,
    item: IncomingArticle,
    *,
    plan: Plan,
    options: ImportOptions,
    mark: VersionMark | None,
    keys: dict | None = None,
    body: str | None = None,
) -> None:
    """A newer version of a stored story: new wording, same slug, URL, status and publication time."""
    fields = {**article_fields(item, plan=plan, options=options), **mark_fields(mark), **(keys or {})}
    if body is not None:
        fields["body"] = body
    for name, value in fields.items():
        setattr(article, name, value)
    if item.summary:
        article.summary = item.summary
    check(article)
    article.save()
    workflow.embargo_update(article, item.parsed.embargo_until, origin=item.origin)

    update_photos(article, item.parsed.photos)

    article.related_links.all().delete()
    for n, title in enumerate(item.parsed.related_titles):
        RelatedLink.objects.create(article=article, order=n, title=title, url=related_url(item, n))
    article.tags.set(normalise_tag_names(item.parsed.keywords), clear=True)
    # One by one, unlike a new story's: each credit's signals purge the author pages it joins.
    article.credits.all().delete()
    for credit in credits_for(article, item.parsed.byline, authors_named(name for _, name in item.parsed.byline)):
        credit.save()
    add_corrections([article], [item])
