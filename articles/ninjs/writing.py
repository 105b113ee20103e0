"""An article as a ninjs 3.1 document (the export, the partners' API)."""

from __future__ import annotations

import mimetypes
import uuid
from datetime import datetime
from urllib.parse import urljoin

from django.utils import timezone

from ..models import Article, Role
from ..text import normalise_key
from .vocabulary import (
    ARCHIVE_GENRE,
    DISTRIBUTOR,
    ORIGINATOR,
    PHOTO_NAMESPACE,
    PUB_STATUS,
    STANDARD,
    TITLE_NAMESPACE,
    URN_UUID,
)


def article_uri(article: Article) -> str:
    return f"{URN_UUID}{article.uid}"


def _time(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


def _absolute(base_url: str, path: str) -> str:
    return urljoin(base_url.rstrip("/") + "/", path)


def article_to_ninjs(article: Article, *, base_url: str) -> dict:
    """The ninjs document of `article` (fetched with `for_ninjs()`, so this runs no query)."""
    body_text = article.body_text
    document: dict = {
        "uri": article_uri(article),
        "standard": STANDARD,
        "type": "text",
        "representationType": "full",
        "version": str(article.version),
        "pubStatus": PUB_STATUS[article.status],
        "versionCreated": _time(article.updated_at),
        "contentCreated": _time(article.created_at),
        "language": article.language,
        "slugline": article.slug,
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/plain",
                "value": body_text,
                "charCount": len(body_text),
                "wordCount": len(body_text.split()),
            },
            {
                "role": "main",
                "contentType": "text/html",
                "value": article.body_html,
            },
        ],
    }
    if article.published_at:
        document["firstCreated"] = _time(article.published_at)
    if article.is_visible:
        document["renditions"] = [
            {"name": "web", "contentType": "text/html", "href": _absolute(base_url, article.get_absolute_url())}
        ]
    descriptions = []
    if article.summary:
        descriptions.append({"role": "summary", "contentType": "text/plain", "value": article.summary})
    # What readers were told since (corrections, clarifications, updates), each dated, oldest first.
    descriptions += [
        {
            "role": correction.kind,
            "contentType": "text/plain",
            "value": f"{_time(correction.published_at)} {correction.text}",
        }
        for correction in article.corrections.all()
    ]
    if descriptions:
        document["descriptions"] = descriptions
    if article.state == Article.State.SCHEDULED:
        document["embargoedUntil"] = _time(article.published_at)
    if article.dateline_place:
        document["located"] = article.dateline_place

    info_sources = []
    if article.dateline_agency:
        info_sources.append({"role": DISTRIBUTOR, "name": article.dateline_agency})
    if article.source:
        originator = {"role": ORIGINATOR, "name": article.source.name}
        if article.source.website:
            originator["uri"] = article.source.website
        info_sources.append(originator)
    if info_sources:
        document["infoSources"] = info_sources

    # ninjs 3.1 has no `authors`: the byline is `by` (as a sentence) and each author a person with their page.
    credits = list(article.byline)
    if writers := [credit.author.name for credit in credits if credit.role != Role.EDITOR]:
        document["by"] = ", ".join(writers)
    if credits:
        document["people"] = [
            {
                "rel": credit.role,
                "name": credit.author.name,
                "literal": credit.author.slug,
                "uri": _absolute(base_url, credit.author.get_absolute_url()),
            }
            for credit in credits
        ]

    subjects = [
        {"rel": "keyword", "name": name} for name in sorted((tag.name for tag in article.tag_list), key=_sort_key)
    ]
    if article.section:
        subjects.append(
            {
                "rel": "section",
                "name": article.section.name,
                "literal": article.section.slug,
                "uri": _absolute(base_url, article.section.get_absolute_url()),
            }
        )
    if subjects:
        document["subjects"] = subjects

    associations = [_picture(article, n, photo, base_url) for n, photo in enumerate(article.photo_uses, start=1)]
    associations += [_related(n, link, base_url) for n, link in enumerate(article.read_also, start=1)]
    if associations:
        document["associations"] = associations
    return document


def _sort_key(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def _picture(article: Article, n: int, photo, base_url: str) -> dict:
    item = {
        "name": f"photo-{n}",
        "rel": "picture",
        "type": "picture",
        "uri": f"{URN_UUID}{uuid.uuid5(PHOTO_NAMESPACE, f'{article.uid}/{n}')}",
    }
    descriptions = [
        {"role": role, "contentType": "text/plain", "value": value}
        for role, value in (("caption", photo.caption), ("alternativeText", photo.alt_text))
        if value
    ]
    if descriptions:
        item["descriptions"] = descriptions
    if photo.credit:
        item["by"] = photo.credit
    if photo.is_archive:
        item["genres"] = [ARCHIVE_GENRE]
    terms = usage_terms(photo.photo)
    if terms:
        item["usageTerms"] = terms
    if photo.image:
        rendition = {"name": "original", "href": _absolute(base_url, photo.image.url)}
        content_type = mimetypes.guess_type(photo.image.name)[0]
        if content_type:
            rendition["contentType"] = content_type
        if photo.width and photo.height:
            rendition["width"], rendition["height"] = photo.width, photo.height
        item["renditions"] = [rendition]
    return item


def usage_terms(photo) -> str:
    """The library photo's usage terms as partners read them (IPTC "Usage Terms"), with its licence's last day."""
    parts = [photo.usage_terms.strip()] if photo.usage_terms.strip() else []
    if photo.licence_expires:
        parts.append(f"Licence expires {photo.licence_expires.isoformat()}.")
    return " ".join(parts)


def _related(n: int, link, base_url: str) -> dict:
    target = link.target
    if target is not None:
        uri = article_uri(target)
    else:
        uri = f"{URN_UUID}{uuid.uuid5(TITLE_NAMESPACE, normalise_key(link.title))}"
    item = {
        "name": f"related-{n}",
        "rel": "related",
        "type": "text",
        "representationType": "partial",
        "uri": uri,
        "headlines": [{"role": "main", "value": link.title}],
    }
    renditions = []
    # Readers' rule, not the stored status: a scheduled story's address (its headline) is embargoed too.
    if target is not None and target.is_visible:
        renditions.append(
            {"name": "web", "contentType": "text/html", "href": _absolute(base_url, target.get_absolute_url())}
        )
    if link.url:
        renditions.append({"name": "external", "href": link.url})
    if renditions:
        item["renditions"] = renditions
    return item


# Reading ------------------------------------------------------------------------------------------
