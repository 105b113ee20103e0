"""The article columns the importer writes, for a new story and a newer version alike, and the per-batch lookups
(sources, sections) they need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from .. import workflow
from ..models import Article, Section, Source, unique_slug
from ..richtext import paragraphs_to_html
from ..text import normalise_key, visible_text
from .incoming import ImportOptions, IncomingArticle
from .versions import VersionMark


@dataclass
class Plan:
    """Per-batch lookups, each made with one query."""

    sources: dict[str, Source] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)


def plan_for(items: Iterable[IncomingArticle], *, options: ImportOptions) -> Plan:
    plan = Plan()
    names = {(item.parsed.source or options.source).strip() for item in items} - {""}
    if names:
        lowered = {name.casefold(): name for name in names}
        for source in Source.objects.annotate(key=Lower("name")).filter(key__in=[n.lower() for n in names]):
            plan.sources[source.name.casefold()] = source
        for key, name in lowered.items():
            if key not in plan.sources:
                source = Source(name=name, slug=unique_slug(Source, name, max_length=100))
                source.full_clean(validate_unique=False, validate_constraints=False)
                plan.sources[key] = stored_or_saved(source)
    section_names = {item.section for item in items} - {""}
    if section_names:
        plan.sections = {section.name: section for section in Section.objects.filter(name__in=section_names)}
        for name in section_names - plan.sections.keys():
            plan.sections[name] = stored_or_saved(Section(name=name))
    return plan


def stored_or_saved(listing: Source | Section) -> Source | Section:
    """`listing` saved, or the one of the same name that another import stored meanwhile.

    Two workers meeting a new agency in their first batches both try to store it: without this, one of the two
    batches failed on the unique name and went on one article per transaction (200 revisions instead of one)."""
    try:
        with transaction.atomic():
            listing.save()
        return listing
    except IntegrityError:
        stored = type(listing).objects.filter(name=listing.name).first()
        if stored is None:  # another clash (a slug): the batch's retry deals with it
            raise
        return stored


def article_fields(item: IncomingArticle, *, plan: Plan, options: ImportOptions) -> dict:
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


def mark_fields(mark: VersionMark | None) -> dict:
    if mark is None:
        return {}
    return {"agency_version": mark.number, "agency_time": mark.time}


def publication(item: IncomingArticle, *, options: ImportOptions) -> dict:
    if workflow.embargo_applies(item.parsed.embargo_until):
        return workflow.embargoed_publication(item.parsed.embargo_until)
    status = (options.keep_document_status and item.status) or options.status
    published_at = item.published_at or options.published_at
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now()
    return {"status": status, "published_at": published_at}


def check(article: Article) -> None:
    # Field rules only: uniqueness is the database's job, and asking it per article would cost a
    # query each (the constraints still hold; a violation sends the batch to the one-by-one retry).
    article.full_clean(exclude=["slug", "source", "section"], validate_unique=False, validate_constraints=False)
