"""The rows around bulk-created articles: slugs, "Baca juga" links, tags, corrections.

Bulk inserts send no signals and save no relations, so the saver (saver.py) writes these itself, each in a fixed
number of queries for the whole batch.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models.functions import Lower
from django.utils.text import slugify
from taggit.models import Tag

from ..models import SLUG_MAX_LENGTH, Article, ArticleTag, Correction, RelatedLink, reserved_slugs, unique_slug
from ..tagging import normalise_tag_name
from ..text import normalise_key
from .incoming import IncomingArticle


def refresh_targets(links: list[RelatedLink]) -> None:
    """The articles `links` point at now, read back in one query (`link_waiting()` updates rows, not objects)."""
    targets = dict(RelatedLink.objects.filter(pk__in=[link.pk for link in links]).values_list("pk", "target_id"))
    for link in links:
        link.target_id = targets[link.pk]


def reserve_ids(articles: list[Article]) -> bool:
    """Give `articles` their ids before they are inserted, from the table's own sequence, so that rows naming them
    can be written first (foreign keys are checked at commit). PostgreSQL only: elsewhere nothing is reserved and
    the answer is False."""
    if connection.vendor != "postgresql" or not articles:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Article._meta.db_table, len(articles)],
        )
        for article, (pk,) in zip(articles, cursor.fetchall(), strict=True):
            article.pk = pk
    return True


def assign_slugs(articles: list[Article], wanted: list[str]) -> None:
    bases = [
        slug or slugify(article.headline)[:SLUG_MAX_LENGTH].strip("-") or "artikel"
        for article, slug in zip(articles, wanted, strict=True)
    ]
    taken = set(Article.objects.filter(slug__in=bases).values_list("slug", flat=True))
    taken |= set(reserved_slugs().filter(old_slug__in=bases).values_list("old_slug", flat=True))
    for article, base in zip(articles, bases, strict=True):
        # A clash is rare (same headline twice); then the one-query-per-slug path is fine.
        slug = base if base not in taken else unique_slug(Article, base)
        while slug in taken:
            slug = unique_slug(Article, f"{base}-{len(taken)}")
        article.slug = slug
        taken.add(slug)


def create_related_links(articles: list[Article], items: list[IncomingArticle]) -> list[RelatedLink]:
    wanted = [
        (article, n, title, normalise_key(title)[:255], related_url(item, n))
        for article, item in zip(articles, items, strict=True)
        for n, title in enumerate(item.parsed.related_titles)
    ]
    if not wanted:
        return []
    targets = {}
    for pk, key in (
        Article.objects.filter(headline_key__in={key for _, _, _, key, _ in wanted})
        .order_by("-id")
        .values_list("id", "headline_key")
    ):
        targets.setdefault(key, []).append(pk)
    links = []
    for article, n, title, key, url in wanted:
        candidates = [pk for pk in targets.get(key, []) if pk != article.pk]
        links.append(
            RelatedLink(
                article=article,
                order=n,
                title=title,
                title_key=key,
                target_id=min(candidates) if candidates else None,
                url=url,
            )
        )
    for link in links:
        link.full_clean(exclude=["article", "target"], validate_unique=False, validate_constraints=False)
    return RelatedLink.objects.bulk_create(links)


def add_corrections(articles: list[Article], items: list[IncomingArticle]) -> list[Correction]:
    """The corrections the copy carries (a ninjs export) that the articles do not have yet, in one query or two,
    and one more for the time of each story's latest correction (Article.corrected_at)."""
    wanted = [
        (article, kind, when, text)
        for article, item in zip(articles, items, strict=True)
        for kind, when, text in item.corrections
    ]
    if not wanted:
        return []
    stored = set(
        Correction.objects.filter(article__in={article.pk for article, *_ in wanted}).values_list(
            "article_id", "kind", "published_at", "text"
        )
    )
    added = Correction.objects.bulk_create(
        Correction(article=article, kind=kind, published_at=when, text=text)
        for article, kind, when, text in wanted
        if (article.pk, kind, when, text) not in stored
    )
    for correction in added:
        correction.article.mark_corrected(correction.published_at)  # the batch's own article objects
    Article.objects.bulk_update({correction.article for correction in added}, ["corrected_at"])
    return added


def related_url(item: IncomingArticle, n: int) -> str:
    return item.related_urls[n] if n < len(item.related_urls) else ""


def tag_articles(articles: list[Article], keyword_lists: list[Sequence[str]]) -> list[ArticleTag]:
    # The same clean-up as tags typed in the admin: "Rusia" and "rusia " are one tag.
    keyword_lists = [[normalise_tag_name(k) for k in keywords if normalise_tag_name(k)] for keywords in keyword_lists]
    names = {}
    for keywords in keyword_lists:
        for keyword in keywords:
            names.setdefault(keyword.casefold(), keyword)
    if not names:
        return []
    tags = {
        tag.name.casefold(): tag
        for tag in Tag.objects.annotate(key=Lower("name")).filter(key__in=[n.lower() for n in names.values()])
    }
    missing = [name for key, name in names.items() if key not in tags]
    if missing:
        new_tags = [Tag(name=name) for name in missing]
        bases = {tag.name: tag.slugify(tag.name) or "tag" for tag in new_tags}
        taken = set(Tag.objects.filter(slug__in=bases.values()).values_list("slug", flat=True))
        for tag in new_tags:
            slug, n = bases[tag.name], 1
            while slug in taken:
                n += 1
                slug = f"{bases[tag.name]}_{n}"
            tag.slug = slug
            taken.add(slug)
        # Another import may be creating the same tags right now: skip those rows rather than fail the
        # batch, in one order so two batches never wait on each other's rows.
        Tag.objects.bulk_create(sorted(new_tags, key=lambda tag: tag.name), ignore_conflicts=True)
        tags.update({tag.name.casefold(): tag for tag in Tag.objects.filter(name__in=missing)})
        for name in missing:
            if name.casefold() not in tags:  # its slug was taken by another name meanwhile
                tag = Tag(name=name)
                tag.save()  # taggit finds a free slug
                tags[name.casefold()] = tag
    return ArticleTag.objects.bulk_create(
        # content_object, not just its id: a revision names each tagging by its article, from this cache.
        ArticleTag(tag=tags[keyword.casefold()], content_object=article)
        for article, keywords in zip(articles, keyword_lists, strict=True)
        for keyword in dict.fromkeys(keywords)
    )
