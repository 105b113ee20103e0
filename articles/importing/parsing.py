"""Parser for plain-text agency dumps: text in, `ParsedArticle` out. No database, no Django.

A dump is a series of blocks separated by blank lines:

    Headline
    id keyword, keyword, ...             optional: ISO 639-1 language code, then keywords
    Headline                             optional repeat of the headline
    Arsip foto - Caption. (ANTARA/X.)    zero or more photo captions
    Istanbul (ANTARA) - First paragraph  the dateline opens the body
    More paragraphs ...
    Baca juga: Another headline          anywhere in the body
    Sumber: Anadolu                      also Pewarta: / Editor: lines
    COPYRIGHT © ANTARA 2023              dropped

Anything the parser cannot make sense of raises `ArticleParseError` (a `ValueError`), never another
exception, so an import can report a bad file and carry on with the next one.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..text import normalise_key, single_spaced
from .notices import is_kill_paragraph, read_notice_lines, split_headline
from .parsed import DEFAULT_LIMITS, ISO_639_1, ArticleParseError, ParsedArticle, ParsedPhoto, ParseLimits

# C0 controls other than whitespace, DEL, and lone surrogates (which cannot be stored as UTF-8).
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")
_KEYWORD_LINE = re.compile(r"(?P<code>[a-z]{2})(?: (?P<keywords>.*))?")
_MARKER = re.compile(
    r"(?P<label>baca juga|read also|also read|sumber|source|pewarta|reporter|editor) ?: ?(?P<value>.*)",
    re.IGNORECASE,
)
_MARKER_FIELD = {
    "baca juga": "related",
    "read also": "related",
    "also read": "related",
    "sumber": "source",
    "source": "source",
    "pewarta": "reporter",
    "reporter": "reporter",
    "editor": "editor",
}
# The dash must be followed by a space or the end, so "Foto-foto kegiatan ..." is not a prefix.
_PHOTO_PREFIX = re.compile(r"(?P<label>arsip foto|archive photo|foto|photo) ?[-–—:](?: |$)", re.IGNORECASE)
_DATELINE = re.compile(
    r"(?P<place>[^\W\d_][\w.'’ -]{0,60}?)"
    r"(?:,[^()]{0,40}?)?"  # older dumps put a date after the place ("Jakarta, 5/1"); it is dropped
    r" ?\( ?(?P<agency>[^()\s][^()]{0,39}?) ?\) ?[-–—]{1,2} ?(?P<rest>.*)"
)
# Short, so a last paragraph that merely starts with the word is not mistaken for the notice.
_COPYRIGHT = re.compile(r"(?:copyright\b|©|\(c\) ?(?:19|20)\d\d).{0,120}", re.IGNORECASE)


def _photo(block: str) -> ParsedPhoto | None:
    """The block as a photo caption, or None when it has neither a photo prefix nor a credit."""
    prefix = _PHOTO_PREFIX.match(block)
    caption = block[prefix.end() :] if prefix else block
    credit = ""
    if caption.endswith(")"):
        opening = caption.rfind("(")
        inner = caption[opening + 1 : -1]
        if opening != -1 and ")" not in inner:
            credit = inner.strip().rstrip(".").strip()  # "(ANTARA/REUTERS.)" -> "ANTARA/REUTERS"
            if credit:
                caption = caption[:opening].rstrip()
    if not prefix and not credit:
        return None
    is_archive = bool(prefix) and prefix["label"].lower() in ("arsip foto", "archive photo")
    return ParsedPhoto(caption=caption, credit=credit, is_archive=is_archive)


@dataclass(frozen=True)
class _Checks:
    """How one dump's errors are labelled and which limits apply to it."""

    filename: str | None
    limits: ParseLimits

    def fail(self, message: str, line: int | None = None) -> ArticleParseError:
        return ArticleParseError(message, filename=self.filename, line=line)

    def length(self, what: str, value: str, limit: int, line: int) -> None:
        if len(value) > limit:
            raise self.fail(f"{what} is {len(value)} characters; the limit is {limit}", line)


@dataclass(frozen=True)
class _Header:
    headline: str
    line: int  # the headline's line number
    language: str | None
    keywords: tuple[str, ...]
    body_start: int  # index of the first line after the header


@dataclass(frozen=True)
class _Body:
    blocks: list[tuple[int, str]]  # (line number, paragraph text), marker lines pulled out
    related: list[str]
    fields: dict[str, str]  # source, reporter, editor
    warnings: list[str]


def parse_article(text: str, *, filename: str | None = None, limits: ParseLimits = DEFAULT_LIMITS) -> ParsedArticle:
    """Parse one dump's text. `filename` only labels errors; every failure is an ArticleParseError.

    The steps: clean the lines, read the header (headline, language and keywords, the headline's repeat),
    read the body (paragraphs, with "Baca juga:"/"Sumber:"-style marker lines pulled out), find the
    dateline (photo captions may come before it), drop the copyright trailer, check what is left.
    """
    checks = _Checks(filename, limits)
    lines, notices, problems = read_notice_lines(_clean_lines(text, checks))
    if problems:
        raise checks.fail(problems[0][1], problems[0][0])
    if not any(lines):
        raise checks.fail("no text: the file holds only service lines (embargo, version)")
    header = _read_header(lines, checks)
    headline, killed, headline_version = split_headline(header.headline)
    body = _read_body(lines, header.body_start, checks)
    photos, place, agency, paragraphs = _split_at_dateline(body.blocks, checks)
    killed = killed or any(is_kill_paragraph(text) for _, text in paragraphs)
    # A kill notice may be a bare headline: it names the story, it has no copy of its own.
    paragraphs = _checked_paragraphs(paragraphs, header.line, checks, allow_empty=killed)
    return ParsedArticle(
        headline=headline,
        language=header.language,
        keywords=header.keywords,
        photos=tuple(photos),
        dateline_place=place,
        dateline_agency=agency,
        paragraphs=tuple(text for _, text in paragraphs),
        related_titles=tuple(body.related),
        source=body.fields["source"],
        reporter=body.fields["reporter"],
        editor=body.fields["editor"],
        warnings=tuple(body.warnings),
        version=notices.version if notices.version is not None else headline_version,
        updated_at=notices.updated_at,
        embargo_until=notices.embargo_until,
        killed=killed,
    )


def _clean_lines(text: str, checks: _Checks) -> list[str]:
    """The dump's lines with their spacing made plain; refuses oversized, binary or empty text."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > checks.limits.max_bytes:
        raise checks.fail(f"text is {size} bytes; the limit is {checks.limits.max_bytes}")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if bad := _NOT_TEXT.search(text):
        line = text.count("\n", 0, bad.start()) + 1
        raise checks.fail(f"character U+{ord(bad.group()):04X} is not text (binary data?)", line)
    # Tabs, non-breaking spaces and runs of spaces mean nothing in this format: one space each.
    lines = [single_spaced(line) for line in text.split("\n")]
    if not any(lines):
        raise checks.fail("no text: the file is empty or only whitespace")
    return lines


def _next_content(lines: list[str], start: int) -> int | None:
    return next((n for n in range(start, len(lines)) if lines[n]), None)


def _read_header(lines: list[str], checks: _Checks) -> _Header:
    """Headline, then perhaps the language-and-keywords line, then perhaps the headline again.

    Each header part is one line; the blank lines between them are optional. The repeat of the headline
    is skipped once, so a first paragraph that happens to equal the headline is only lost when the dump
    does not repeat the headline.
    """
    i = _next_content(lines, 0)
    headline, headline_line = lines[i], i + 1
    checks.length("headline", headline, checks.limits.max_headline_chars, headline_line)
    language, keywords = None, ()
    i += 1
    j = _next_content(lines, i)
    bare = normalise_key(split_headline(headline)[0])  # "UPDATE 2 - Judul" may be repeated as "Judul"
    is_repeat = j is not None and normalise_key(lines[j]) in {normalise_key(headline), bare}
    m = None if j is None or is_repeat else _KEYWORD_LINE.fullmatch(lines[j])
    if m and m["code"] in ISO_639_1:
        language = m["code"]
        keywords = _keywords(m["keywords"] or "", checks.limits, lambda message, j=j: checks.fail(message, j + 1))
        i = j + 1
        j = _next_content(lines, i)
    if j is not None and normalise_key(lines[j]) in {
        normalise_key(headline),
        normalise_key(split_headline(headline)[0]),
    }:
        i = j + 1
    return _Header(headline, headline_line, language, keywords, i)


def _read_body(lines: list[str], start: int, checks: _Checks) -> _Body:
    """Paragraphs, with marker lines ("Baca juga:", "Sumber:", ...) pulled out wherever they are.

    A marker line also ends the paragraph it sits in, like a blank line.
    """
    body = _Body(blocks=[], related=[], fields={"source": "", "reporter": "", "editor": ""}, warnings=[])
    pending: list[str] = []
    pending_line = 0
    for n in range(start, len(lines)):
        line = lines[n]
        marker = _MARKER.fullmatch(line)
        if pending and (marker or not line):
            body.blocks.append((pending_line, " ".join(pending)))
            pending = []
        if marker:
            _read_marker(marker, n + 1, body, checks)
        elif line:
            if not pending:
                pending_line = n + 1
            pending.append(line)
    if pending:
        body.blocks.append((pending_line, " ".join(pending)))
    return body


def _read_marker(marker: re.Match, line: int, body: _Body, checks: _Checks) -> None:
    label, value = marker["label"], marker["value"].strip()
    field = _MARKER_FIELD[label.lower()]
    if not value:
        body.warnings.append(f"line {line}: '{label}:' with nothing after it; ignored")
    elif field == "related":
        checks.length("related title", value, checks.limits.max_related_title_chars, line)
        body.related.append(value)
        if len(body.related) > checks.limits.max_related_titles:
            raise checks.fail(f"more than {checks.limits.max_related_titles} related titles", line)
    elif body.fields[field]:
        body.warnings.append(f"line {line}: second '{label}:' line ignored: {value}")
    else:
        checks.length(label, value, checks.limits.max_field_chars, line)
        body.fields[field] = value


def _split_at_dateline(blocks: list[tuple[int, str]], checks: _Checks):
    """(photos, place, agency, paragraphs): the dateline paragraph may only be preceded by photo captions.

    Without a dateline (or with other text before it), every block is body.
    """
    limits = checks.limits
    for k, (n, block) in enumerate(blocks):
        if dateline := _DATELINE.fullmatch(block):
            place, agency = dateline["place"].strip(), dateline["agency"].strip()
            checks.length("dateline place", place, limits.max_field_chars, n)
            checks.length("dateline agency", agency, limits.max_field_chars, n)
            photos = [_photo(caption) for _, caption in blocks[:k]]
            if len(photos) > limits.max_photos:
                raise checks.fail(f"{len(photos)} photos; the limit is {limits.max_photos}", blocks[k - 1][0])
            for (photo_line, _), photo in zip(blocks, photos, strict=False):
                checks.length("photo credit", photo.credit, limits.max_field_chars, photo_line)
            # A dateline alone on its line introduces the next paragraph.
            paragraphs = ([(n, dateline["rest"])] if dateline["rest"] else []) + blocks[k + 1 :]
            return photos, place, agency, paragraphs
        if _photo(block) is None:
            break
    return [], "", "", blocks


def _checked_paragraphs(paragraphs: list[tuple[int, str]], headline_line: int, checks: _Checks, *, allow_empty=False):
    """The paragraphs without the copyright trailer; there must be some (unless `allow_empty`), and not too many."""
    while paragraphs and _COPYRIGHT.fullmatch(paragraphs[-1][1]):
        paragraphs = paragraphs[:-1]
    if not paragraphs and not allow_empty:
        raise checks.fail("headline with no body", headline_line)
    limit = checks.limits.max_paragraphs
    if len(paragraphs) > limit:
        raise checks.fail(f"{len(paragraphs)} paragraphs; the limit is {limit}", paragraphs[limit][0])
    return paragraphs


def _keywords(raw: str, limits: ParseLimits, fail: Callable[[str], ArticleParseError]) -> tuple[str, ...]:
    """Comma-separated keywords: trimmed, empty ones dropped, first spelling of a duplicate kept."""
    seen: set[str] = set()
    keywords: list[str] = []
    for keyword in raw.split(","):
        keyword = keyword.strip()
        key = normalise_key(keyword)
        if not key or key in seen:
            continue
        if len(keyword) > limits.max_keyword_chars:
            raise fail(f"keyword is {len(keyword)} characters; the limit is {limits.max_keyword_chars}")
        seen.add(key)
        keywords.append(keyword)
    if len(keywords) > limits.max_keywords:
        raise fail(f"{len(keywords)} keywords; the limit is {limits.max_keywords}")
    return tuple(keywords)


def render_article(article: ParsedArticle) -> str:
    """The dump text for an article: parse_article(render_article(a)) == a for any parsed a.

    Warnings describe a dump's text, not the article, so they are not rendered.
    """
    if article.keywords and not article.language:
        raise ValueError("keywords can only be written after a language code")
    english = article.language == "en"
    blocks = []
    if article.embargo_until:
        blocks.append(f"EMBARGO: {article.embargo_until.isoformat()}")
    if article.version is not None:
        blocks.append(f"Versi: {article.version}")
    if article.updated_at:
        blocks.append(f"Diperbarui: {article.updated_at.isoformat()}")
    blocks.append(f"KILL: {article.headline}" if article.killed else article.headline)
    if article.language:
        blocks.append(f"{article.language} {', '.join(article.keywords)}".rstrip())
    blocks.append(article.headline)  # always repeated, so a body line never passes for the repeat
    for photo in article.photos:
        if photo.is_archive:
            prefix = "Archive photo -" if english else "Arsip foto -"
        else:
            prefix = "Photo -" if english else "Foto -"
        credit = f"({photo.credit})" if photo.credit else ""
        blocks.append(" ".join(part for part in (prefix, photo.caption, credit) if part))
    paragraphs = list(article.paragraphs)
    if article.dateline_place and paragraphs:
        paragraphs[0] = f"{article.dateline_place} ({article.dateline_agency}) - {paragraphs[0]}"
    blocks += paragraphs
    related = "Read also" if english else "Baca juga"
    blocks += [f"{related}: {title}" for title in article.related_titles]
    source, reporter = ("Source", "Reporter") if english else ("Sumber", "Pewarta")
    for label, value in ((source, article.source), (reporter, article.reporter), ("Editor", article.editor)):
        if value:
            blocks.append(f"{label}: {value}")
    return "\n\n".join(blocks) + "\n"
