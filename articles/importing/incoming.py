"""What the importer handles: copy coming in with what its container knows, the desk's options for a run, and
what became of each story."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from ..models import Article, Section
from .parsed import ParsedArticle


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
