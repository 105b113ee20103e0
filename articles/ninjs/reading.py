"""A ninjs document (this site's export, or another provider's) as an article to import."""

from __future__ import annotations

import html
import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..importing.incoming import IncomingArticle
from ..importing.parsed import DEFAULT_LIMITS, ISO_639_1, ArticleParseError, ParsedArticle, ParsedPhoto, ParseLimits
from ..models import SLUG_MAX_LENGTH, Correction
from ..text import normalise_key
from .vocabulary import (
    ARCHIVE_GENRE,
    DISTRIBUTOR,
    HTML_PARAGRAPH,
    HTML_TAG,
    NOT_TEXT,
    ORIGINATOR,
    STATUS_FROM_PUB_STATUS,
    URN_UUID,
)


class _Reader:
    """Checked access to one document; every complaint names the property it is about."""

    def __init__(self, limits: ParseLimits):
        self.limits = limits

    def fail(self, message: str) -> ArticleParseError:
        return ArticleParseError(message)

    def text(self, value, where: str, *, limit: int | None = None, required: bool = False) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self.fail(f"{where} must be a string, not {type(value).__name__}")
        if bad := NOT_TEXT.search(value):
            raise self.fail(f"{where} contains character U+{ord(bad.group()):04X}, which is not text")
        value = value.strip()
        if required and not value:
            raise self.fail(f"{where} is missing or empty")
        if limit is not None and len(value) > limit:
            raise self.fail(f"{where} is {len(value)} characters; the limit is {limit}")
        return value

    def objects(self, document: dict, name: str) -> list[dict]:
        value = document.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(f"{name} must be a list of objects")
        return value

    def time(self, document: dict, name: str) -> datetime | None:
        raw = document.get(name)
        if raw is None:
            return None
        value = parse_datetime(raw) if isinstance(raw, str) else None
        if value is None:
            raise self.fail(f"{name} {raw!r} is not an ISO 8601 date and time")
        if timezone.is_naive(value):
            raise self.fail(f"{name} {raw!r} has no UTC offset")
        return value


def incoming_from_ninjs(document: dict, *, origin: str, limits: ParseLimits = DEFAULT_LIMITS) -> IncomingArticle:
    """Read one ninjs text document; a document that cannot be an article raises ArticleParseError."""
    read = _Reader(limits)
    if not isinstance(document, dict):
        raise read.fail(f"expected a ninjs object, got {type(document).__name__}")
    kind = document.get("type", "text")
    if kind != "text":
        raise read.fail(f"type is {kind!r}; only text items can become articles")

    uri = read.text(document.get("uri"), "uri", required=True)
    uid = _uid_from_uri(uri, read)
    headlines = read.objects(document, "headlines")
    main = next((h for h in headlines if h.get("role") == "main"), headlines[0] if headlines else {})
    headline = read.text(main.get("value"), "headline", limit=limits.max_headline_chars, required=True)
    paragraphs = _paragraphs(read.objects(document, "bodies"), read)

    language = None
    if raw_language := read.text(document.get("language"), "language"):
        language = raw_language.split("-")[0].lower()
        if language not in ISO_639_1:
            raise read.fail(f"language {raw_language!r} is not an ISO 639-1 based language tag such as id or en")

    keywords: list[str] = []
    seen: set[str] = set()
    section = ""
    for subject in read.objects(document, "subjects"):
        if subject.get("rel") == "section":
            section = read.text(subject.get("name"), "section name", limit=100)
        elif subject.get("rel") == "keyword":
            keyword = read.text(subject.get("name"), "keyword", limit=limits.max_keyword_chars)
            if keyword and normalise_key(keyword) not in seen:
                seen.add(normalise_key(keyword))
                keywords.append(keyword)
    if len(keywords) > limits.max_keywords:
        raise read.fail(f"{len(keywords)} keywords; the limit is {limits.max_keywords}")

    field_limit = limits.max_field_chars
    sources = {ORIGINATOR: "", DISTRIBUTOR: ""}
    for info in read.objects(document, "infoSources"):
        role = info.get("role")
        if role in sources and not sources[role]:
            sources[role] = read.text(info.get("name"), f"infoSources {role} name", limit=field_limit)
    # Everyone credited, in order: the byline's reporters (and photographers, contributors) and its editors.
    people = {"reporter": [], "editor": []}
    for person in read.objects(document, "people"):
        rel = person.get("rel")
        if rel in {"reporter", "editor", "photographer", "contributor"}:
            name = read.text(person.get("name"), f"people {rel} name", limit=field_limit)
            people["editor" if rel == "editor" else "reporter"].append(name)
    reporter = ", ".join(people["reporter"]) or read.text(document.get("by"), "by", limit=field_limit)

    photos, related_titles, related_urls = [], [], []
    for association in read.objects(document, "associations"):
        if association.get("type") == "picture":
            photos.append(_photo(association, read))
        elif association.get("type") == "text" and association.get("rel", "related") == "related":
            title, url = _related_title(association, read)
            related_titles.append(title)
            related_urls.append(url)
    if len(photos) > limits.max_photos:
        raise read.fail(f"{len(photos)} photos; the limit is {limits.max_photos}")
    if len(related_titles) > limits.max_related_titles:
        raise read.fail(f"more than {limits.max_related_titles} related titles")

    summary, corrections = "", []
    for description in read.objects(document, "descriptions"):
        role = description.get("role")
        if role == "summary" and not summary:
            summary = read.text(description.get("value"), "summary")
        elif role in Correction.Kind.values:
            corrections.append(_correction(role, read.text(description.get("value"), role), read))

    slug = read.text(document.get("slugline"), "slugline", limit=SLUG_MAX_LENGTH)
    if slug:
        try:
            validate_slug(slug)
        except ValidationError:
            raise read.fail(f"slugline {slug!r} is not a slug (letters, digits, hyphens, underscores)") from None

    pub_status = document.get("pubStatus")
    if pub_status is not None and pub_status not in STATUS_FROM_PUB_STATUS:
        raise read.fail(f"pubStatus {pub_status!r} is not one of usable, withheld, canceled")

    parsed = ParsedArticle(
        headline=headline,
        language=language,
        keywords=tuple(keywords),
        photos=tuple(photos),
        dateline_place=read.text(document.get("located"), "located", limit=field_limit),
        dateline_agency=sources[DISTRIBUTOR],
        paragraphs=tuple(paragraphs),
        related_titles=tuple(related_titles),
        source=sources[ORIGINATOR],
        reporter=reporter,
        editor=", ".join(people["editor"]),
        embargo_until=read.time(document, "embargoedUntil"),
    )
    return IncomingArticle(
        parsed,
        origin,
        slug=slug,
        # Kept only when the operator asks (import_articles --status from-document); "" when the document states none.
        status=STATUS_FROM_PUB_STATUS.get(pub_status, ""),
        published_at=read.time(document, "firstCreated"),
        section=section,
        summary=summary,
        uid=uid,
        related_urls=tuple(related_urls),
        version=_version(document.get("version")),
        corrections=tuple(corrections),
    )


def _correction(kind: str, value: str, read: _Reader) -> tuple[str, datetime, str]:
    """(kind, time, text) of a dated description: "2026-12-05T10:00:00+07:00 What was wrong and what is right"."""
    raw_time, _, text = value.partition(" ")
    published_at = parse_datetime(raw_time)
    if published_at is None or timezone.is_naive(published_at) or not text.strip():
        raise read.fail(f"{kind} description {value[:60]!r} does not start with an ISO 8601 time with offset")
    return kind, published_at, text.strip()


def _version(value) -> int | None:
    # ninjs carries the version as a string; anything but a positive whole number is not ours to keep.
    if isinstance(value, str) and value.isdigit() and int(value) > 0:
        return int(value)
    return None


def _uid_from_uri(uri: str, read: _Reader) -> uuid.UUID:
    if uri.lower().startswith(URN_UUID):
        try:
            return uuid.UUID(uri[len(URN_UUID) :])
        except ValueError:
            raise read.fail(f"uri {uri!r} is not a valid urn:uuid") from None
    # Another provider's identifier: the same uri always gives the same article id.
    return uuid.uuid5(uuid.NAMESPACE_URL, uri)


def _paragraphs(bodies: list[dict], read: _Reader) -> list[str]:
    plain = next((b for b in bodies if b.get("contentType", "text/plain") == "text/plain"), None)
    if plain is not None:
        text = read.text(plain.get("value"), "body")
        # The same split as Article.paragraphs, so the stored body reads back paragraph for paragraph.
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    else:
        marked_up = next((b for b in bodies if b.get("contentType") == "text/html"), None)
        text = read.text(marked_up.get("value") if marked_up else "", "body")
        found = HTML_PARAGRAPH.findall(text) or [text]
        paragraphs = [p for p in (html.unescape(HTML_TAG.sub("", chunk)).strip() for chunk in found) if p]
    if not paragraphs:
        raise read.fail("no body: expected a bodies entry with contentType text/plain (or text/html)")
    if len(paragraphs) > read.limits.max_paragraphs:
        raise read.fail(f"{len(paragraphs)} paragraphs; the limit is {read.limits.max_paragraphs}")
    size = sum(len(p.encode("utf-8")) for p in paragraphs)
    if size > read.limits.max_bytes:
        raise read.fail(f"body is {size} bytes; the limit is {read.limits.max_bytes}")
    return paragraphs


def _photo(association: dict, read: _Reader) -> ParsedPhoto:
    caption = alt_text = ""
    for description in read.objects(association, "descriptions"):
        role = description.get("role", "caption")
        if role == "caption" and not caption:
            caption = read.text(description.get("value"), "photo caption")
        elif role == "alternativeText" and not alt_text:
            alt_text = read.text(description.get("value"), "photo alternative text", limit=300)
    genres = read.objects(association, "genres")
    return ParsedPhoto(
        caption=caption,
        credit=read.text(association.get("by"), "photo credit", limit=read.limits.max_field_chars),
        is_archive=any(genre.get("uri") == ARCHIVE_GENRE["uri"] for genre in genres),
        alt_text=alt_text,
    )


def _related_title(association: dict, read: _Reader) -> tuple[str, str]:
    headlines = read.objects(association, "headlines")
    title = read.text(
        headlines[0].get("value") if headlines else None,
        "related title",
        limit=read.limits.max_related_title_chars,
        required=True,
    )
    url = ""
    for rendition in read.objects(association, "renditions"):
        if rendition.get("name") == "external":
            url = read.text(rendition.get("href"), "related external URL", limit=200)
            try:
                URLValidator()(url)
            except ValidationError:
                raise read.fail(f"related external URL {url!r} is not a URL") from None
    return title, url
