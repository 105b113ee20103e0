"""Articles as IPTC ninjs 3.1 documents, and back: the export format, the partners' feed, the backup.

`article_to_ninjs` is pure given an article fetched with `Article.objects.for_ninjs()`;
`incoming_from_ninjs` is pure and returns what `importing.import_batch_safely` stores. ninjs 3.1
allows no properties of its own (`unevaluatedProperties: false`), so every part of an article is
kept in a property the schema defines:

==========================  =====================================================================
Article                     ninjs 3.1
==========================  =====================================================================
uid                         ``uri`` = ``urn:uuid:<uid>``. Stable: not the slug, not the database id,
                            so it survives edits, a renamed slug and a move to another database.
version                     ``version`` (counts every save; restored on import)
headline                    ``headlines[{role: "main"}]``
slug                        ``slugline``
language                    ``language`` (BCP 47; ISO 639-1 codes are valid BCP 47 tags)
summary (when written)      ``descriptions[{role: "summary"}]``
body                        ``bodies[{role: "main", contentType: "text/plain"}]``, paragraphs
                            separated by one blank line (read back exactly); a ``text/html``
                            body follows for partners who publish it as it is
tags                        ``subjects[{rel: "keyword", name}]``, sorted by name
section                     ``subjects[{rel: "section", name, literal: slug, uri: section page}]``
dateline place              ``located``
dateline agency (ANTARA)    ``infoSources[{role: "distributor", name}]``
source (Sumber: Anadolu)    ``infoSources[{role: "originator", name, uri: website}]``
reporter                    ``by``, and ``people[{rel: "reporter", name}]``
editor                      ``people[{rel: "editor", name}]``
status                      ``pubStatus``: published → usable, withdrawn → canceled, draft and in
                            review → withheld (read back as draft: nothing comes back published
                            that was not). Importing keeps it only for ``--status from-document``
                            (a restore); otherwise the desk's ``--status`` (default draft) wins
published_at                ``firstCreated`` (the first release to readers; absent when unset)
updated_at / created_at     ``versionCreated`` / ``contentCreated`` (informational: a database
                            sets its own on import)
reader's page               ``renditions[{name: "web", contentType: "text/html", href}]`` when
                            published
photos                      ``associations[{type: "picture", rel: "picture", name: "photo-N"}]``
                            with ``descriptions`` roles "caption" and "alternativeText", the
                            credit as ``by``, an archive photo as genre IPTC "Archive material",
                            the file as rendition "original"
"Baca juga" links           ``associations[{type: "text", rel: "related", name: "related-N"}]``
                            with the title in ``headlines``; ``uri`` is the linked article's
                            ``uri``; rendition "web" is its page, rendition "external" the
                            external URL
==========================  =====================================================================

Reading back, related links find their article by title (as when a dump is imported), and photo
files are not fetched: the caption, credit and archive flag come back, the file is uploaded again.
Documents from other providers are read too; their ``uri`` is turned into a stable UUID (UUID 5),
so re-importing the same document updates the same article.
"""

from __future__ import annotations

import html
import mimetypes
import re
import uuid
from datetime import datetime
from urllib.parse import urljoin

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .importing.parsing import DEFAULT_LIMITS, ISO_639_1, ArticleParseError, ParsedArticle, ParsedPhoto, ParseLimits
from .importing.saver import IncomingArticle
from .models import SLUG_MAX_LENGTH, Article
from .text import normalise_key

SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
STANDARD = {"name": "ninjs", "version": "3.1", "schema": SCHEMA_URI}
ARCHIVE_GENRE = {"name": "Archive material", "uri": "http://cv.iptc.org/newscodes/genre/Archive_material"}
ORIGINATOR, DISTRIBUTOR = "originator", "distributor"

PUB_STATUS = {
    Article.Status.PUBLISHED: "usable",
    Article.Status.WITHDRAWN: "canceled",
    Article.Status.DRAFT: "withheld",
    Article.Status.REVIEW: "withheld",
}
STATUS_FROM_PUB_STATUS = {
    "usable": Article.Status.PUBLISHED,
    "canceled": Article.Status.WITHDRAWN,
    "withheld": Article.Status.DRAFT,
}

# Namespaces for UUID 5: ids derived from something stable where the article has no id to give.
_PHOTO_NAMESPACE = uuid.UUID("6f1c7a52-3c1e-4f3e-9a57-2d0c8e1b9a10")
_TITLE_NAMESPACE = uuid.UUID("0b9d3f7e-8a4c-4b52-8e61-5c2f9d7a4e23")
_URN_UUID = "urn:uuid:"
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def article_uri(article: Article) -> str:
    return f"{_URN_UUID}{article.uid}"


def _time(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


def _absolute(base_url: str, path: str) -> str:
    return urljoin(base_url.rstrip("/") + "/", path)


def article_to_ninjs(article: Article, *, base_url: str) -> dict:
    """The ninjs document of `article` (fetched with `for_ninjs()`, so this runs no query)."""
    paragraphs = article.paragraphs
    body_text = "\n\n".join(paragraphs)
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
                "value": "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs),
            },
        ],
    }
    if article.published_at:
        document["firstCreated"] = _time(article.published_at)
    if article.is_visible:
        document["renditions"] = [
            {"name": "web", "contentType": "text/html", "href": _absolute(base_url, article.get_absolute_url())}
        ]
    if article.summary:
        document["descriptions"] = [{"role": "summary", "contentType": "text/plain", "value": article.summary}]
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

    if article.reporter:
        document["by"] = article.reporter
    people = [{"rel": rel, "name": name} for rel, name in (("reporter", article.reporter), ("editor", article.editor))]
    if people := [person for person in people if person["name"]]:
        document["people"] = people

    subjects = [
        {"rel": "keyword", "name": name} for name in sorted((tag.name for tag in article.tags.all()), key=_sort_key)
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

    associations = [_picture(article, n, photo, base_url) for n, photo in enumerate(article.photos.all(), start=1)]
    associations += [_related(n, link, base_url) for n, link in enumerate(article.related_links.all(), start=1)]
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
        "uri": f"{_URN_UUID}{uuid.uuid5(_PHOTO_NAMESPACE, f'{article.uid}/{n}')}",
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
    if photo.image:
        rendition = {"name": "original", "href": _absolute(base_url, photo.image.url)}
        content_type = mimetypes.guess_type(photo.image.name)[0]
        if content_type:
            rendition["contentType"] = content_type
        if photo.width and photo.height:
            rendition["width"], rendition["height"] = photo.width, photo.height
        item["renditions"] = [rendition]
    return item


def _related(n: int, link, base_url: str) -> dict:
    target = link.target
    if target is not None:
        uri = article_uri(target)
    else:
        uri = f"{_URN_UUID}{uuid.uuid5(_TITLE_NAMESPACE, normalise_key(link.title))}"
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
        if bad := _NOT_TEXT.search(value):
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
    people = {"reporter": "", "editor": ""}
    for person in read.objects(document, "people"):
        rel = person.get("rel")
        if rel in people and not people[rel]:
            people[rel] = read.text(person.get("name"), f"people {rel} name", limit=field_limit)
    reporter = people["reporter"] or read.text(document.get("by"), "by", limit=field_limit)

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

    summary = ""
    for description in read.objects(document, "descriptions"):
        if description.get("role") == "summary":
            summary = read.text(description.get("value"), "summary")
            break

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
        editor=people["editor"],
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
    )


def _version(value) -> int | None:
    # ninjs carries the version as a string; anything but a positive whole number is not ours to keep.
    if isinstance(value, str) and value.isdigit() and int(value) > 0:
        return int(value)
    return None


def _uid_from_uri(uri: str, read: _Reader) -> uuid.UUID:
    if uri.lower().startswith(_URN_UUID):
        try:
            return uuid.UUID(uri[len(_URN_UUID) :])
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
        found = _HTML_PARAGRAPH.findall(text) or [text]
        paragraphs = [p for p in (html.unescape(_TAG.sub("", chunk)).strip() for chunk in found) if p]
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
