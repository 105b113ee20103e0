"""Versions of one agency story over time: which is newer, whether the desk has edited the stored one, and
what to keep when a held agency update is applied over the desk's edits.

What orders versions
--------------------
1. the version number the copy states ("Versi: 3", "UPDATE 3 - ...", ninjs `version`), when both versions
   being compared state one and they differ;
2. otherwise the copy's own time ("Diperbarui: ..."), else the file's modification time, else the time it
   arrived. An equal time counts as newer: copy re-sent later with the same stamp still applies in order.

A version older than the stored one, or than an agency update already held or decided for the article, is
*outdated*: it changes nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from .. import richtext
from ..models import AgencyUpdate, Article
from ..text import content_fingerprint
from .incoming import IncomingArticle
from .parsed import ParsedArticle, ParsedPhoto


@dataclass(frozen=True)
class VersionMark:
    number: int | None
    time: datetime

    def is_older_than(self, other: VersionMark | None) -> bool:
        if other is None:
            return False
        if self.number is not None and other.number is not None and self.number != other.number:
            return self.number < other.number
        return self.time < other.time


def mark_of(item: IncomingArticle, *, arrived: datetime) -> VersionMark:
    number = item.parsed.version if item.parsed.version is not None else item.version
    return VersionMark(number, item.parsed.updated_at or item.file_time or arrived)


def stored_mark(article: Article) -> VersionMark | None:
    """Where the article's stored agency copy stands; None for copy stored before versions were marked."""
    if article.agency_time is None:
        return None
    return VersionMark(article.agency_version, article.agency_time)


def newest_known_mark(article: Article) -> VersionMark | None:
    """The newest of the stored copy and every agency update held for the article, whatever became of it."""
    held = article.agency_updates.only("version_number", "version_time")
    newest = None
    for mark in [stored_mark(article), *(VersionMark(u.version_number, u.version_time) for u in held)]:
        if mark is not None and (newest is None or newest.is_older_than(mark)):
            newest = mark
    return newest


def desk_edited(article: Article) -> bool:
    """Whether staff changed the headline or the body since the agency's copy was stored: its words (the stored
    fingerprint), or only its formatting. Agency copy is stored as plain paragraphs, so a body that reads differently
    from its own words as plain paragraphs has a bold word, a link or a subheading the desk added."""
    if not article.fingerprint:
        return False
    if content_fingerprint(article.headline, article.paragraphs) != article.fingerprint:
        return True
    return article.body != richtext.clean(richtext.paragraphs_to_html(article.paragraphs))


# Held updates: the parsed copy kept as data, read back when applied ----------------------------------


def held_copy(item: IncomingArticle) -> dict:
    parsed = item.parsed
    return {
        "language": parsed.language,
        "keywords": list(parsed.keywords),
        "photos": [
            {"caption": p.caption, "credit": p.credit, "is_archive": p.is_archive, "alt_text": p.alt_text}
            for p in parsed.photos
        ],
        "dateline_place": parsed.dateline_place,
        "dateline_agency": parsed.dateline_agency,
        "related_titles": list(parsed.related_titles),
        "related_urls": list(item.related_urls),
        "source": parsed.source,
        "reporter": parsed.reporter,
        "editor": parsed.editor,
        "summary": item.summary,
    }


def hold(article: Article, item: IncomingArticle, mark: VersionMark) -> AgencyUpdate | None:
    """Keep `item` as a pending update of `article`; None when this version is held (or was decided) already."""
    if article.agency_updates.filter(fingerprint=item.parsed.fingerprint).exists():
        return None
    # The desk decides on the newest version only; the older pending ones are history.
    article.agency_updates.pending().update(state=AgencyUpdate.State.SUPERSEDED, decided_at=mark.time)
    return AgencyUpdate.objects.create(
        article=article,
        origin=item.origin[:500],
        version_number=mark.number,
        version_time=mark.time,
        fingerprint=item.parsed.fingerprint,
        headline=item.parsed.headline,
        body=item.parsed.body,
        copy=held_copy(item),
    )


def incoming_from(update: AgencyUpdate, *, headline: str, paragraphs: list[str]) -> IncomingArticle:
    """The held copy as the importer's input again, with the text to write (the agency's, merged with the desk's)."""
    copy = update.copy
    parsed = ParsedArticle(
        headline=headline,
        language=copy.get("language"),
        keywords=tuple(copy.get("keywords", ())),
        photos=tuple(ParsedPhoto(**photo) for photo in copy.get("photos", ())),
        dateline_place=copy.get("dateline_place", ""),
        dateline_agency=copy.get("dateline_agency", ""),
        paragraphs=tuple(paragraphs),
        related_titles=tuple(copy.get("related_titles", ())),
        source=copy.get("source", ""),
        reporter=copy.get("reporter", ""),
        editor=copy.get("editor", ""),
    )
    return IncomingArticle(
        parsed, update.origin, summary=copy.get("summary", ""), related_urls=tuple(copy.get("related_urls", ()))
    )


# Merging: the agency's new version plus what the desk changed ----------------------------------------


def paragraphs_of(body: str) -> list[str]:
    """The paragraphs of a stored body (HTML) or of held agency copy (plain text): the text of each block."""
    return richtext.text_blocks(richtext.as_html(body))


def blocks_of(body: str) -> list[str]:
    """The blocks of a stored body (HTML) or of held agency copy (plain text), each as sanitised HTML with its
    formatting and links: what the merge compares, so a subheading, a list or a bold word the desk added is an
    edit the agency's next version does not flatten. Every side goes through the same sanitiser, so a paragraph
    nobody touched reads the same on all three."""
    return [block for block in map(richtext.clean, richtext.html_blocks(body)) if block]


def imported_text(article: Article) -> tuple[str, list[str]] | None:
    """(headline, blocks) of the agency copy the desk started from, found in the article's revisions."""
    from ..revisions import versions_of

    for version in versions_of(article)[:100]:
        data = version.field_dict
        body = data.get("body", "")
        if content_fingerprint(data.get("headline", ""), paragraphs_of(body)) == article.fingerprint:
            return data["headline"], blocks_of(body)
    return None


def merged_text(update: AgencyUpdate) -> Merge:
    article = update.article
    desk = (article.headline, blocks_of(article.body))
    return merge(imported_text(article), desk, (update.headline, blocks_of(update.body)))


@dataclass(frozen=True)
class Merge:
    headline: str
    blocks: list[str]  # the body's blocks as HTML
    # Blocks the desk changed where the agency changed the same place: the agency's text is taken, the desk's
    # stays in the article's history (shown before applying).
    conflicts: list[str]

    @property
    def body(self) -> str:
        return "".join(self.blocks)

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs_of(self.body)

    @property
    def conflicting_text(self) -> list[str]:
        return [" ".join(paragraphs_of(block)) for block in self.conflicts]


def merge(base: tuple[str, list[str]] | None, desk: tuple[str, list[str]], agency: tuple[str, list[str]]) -> Merge:
    """Three-way merge by block of (headline, blocks): `base` is the agency copy the desk started from.

    Without a base (no revision of the imported copy kept) the agency's text is taken whole.
    """
    if base is None:
        return Merge(agency[0], list(agency[1]), conflicts=[p for p in desk[1] if p not in agency[1]])
    headline = desk[0] if base[0] == agency[0] else agency[0]
    blocks, conflicts = _merge_blocks(base[1], desk[1], agency[1])
    return Merge(headline, blocks, conflicts)


def _merge_blocks(base: list[str], desk: list[str], agency: list[str]) -> tuple[list[str], list[str]]:
    # Where each base paragraph the agency kept now stands in the agency's copy.
    kept = {}
    for tag, i1, i2, j1, _j2 in difflib.SequenceMatcher(None, base, agency, autojunk=False).get_opcodes():
        if tag == "equal":
            kept.update({i1 + k: j1 + k for k in range(i2 - i1)})
    edits, conflicts = [], []
    for tag, i1, i2, j1, j2 in _desk_changes(base, desk):
        if tag == "equal":
            continue
        if i2 > i1:  # the desk replaced or deleted base paragraphs: only where the agency left them alone
            positions = [kept.get(i) for i in range(i1, i2)]
            if None in positions or positions != list(range(positions[0], positions[0] + len(positions))):
                conflicts += desk[j1:j2]
                continue
            edits.append((positions[0], i2 - i1, desk[j1:j2]))
        elif i1 == len(base):  # added at the end (a "Catatan redaksi"): stays at the end
            edits.append((len(agency), 0, desk[j1:j2]))
        elif i1 in kept:  # added before a paragraph the agency kept
            edits.append((kept[i1], 0, desk[j1:j2]))
        else:
            conflicts += desk[j1:j2]
    merged = list(agency)
    # From the end, so each edit's position still counts paragraphs of the agency's copy.
    for position, removed, inserted in sorted(edits, key=lambda edit: edit[0], reverse=True):
        merged[position : position + removed] = inserted
    return merged, conflicts


def _desk_changes(base: list[str], desk: list[str]):
    """The desk's changes to `base`; paragraphs rewritten one for one count one by one, so that a change of the
    first paragraph survives the agency's change of the second."""
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, desk, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            yield from (("replace", i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1))
        else:
            yield tag, i1, i2, j1, j2
