"""What the importer reads: one reader per input format, behind one registry (`FORMATS`).

A reader turns one input (a file, or `-` for standard input) into `IncomingArticle`s; whatever cannot be
read or parsed comes back as a failed `Reported`, never as an exception, so a run carries on with the next
input. A new agency format is a reader function and one line in `FORMATS`.
"""

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .dumpfiles import looks_like, parse_dump_bytes, read_dump_file
from .incoming import IncomingArticle
from .parsed import ArticleParseError, ParseLimits

STDIN = "-"


@dataclass(frozen=True)
class Reported:
    """What became of one input: an outcome and the article's slug, or an error message."""

    origin: str
    outcome: str = ""
    slug: str = ""
    error: str = ""


Reader = Callable[[Path | str, str, ParseLimits], Iterator[IncomingArticle | Reported]]


@dataclass(frozen=True)
class InputFormat:
    name: str
    pattern: str  # the files a folder is searched for
    read: Reader  # (path, origin, limits) -> articles and failed reports


def read_text_dump(path, origin, limits):
    """One agency text dump: one article."""
    file_time = None
    if path == STDIN:
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
    else:
        data, status = read_dump_file(path, limits=limits)
        # The file's own time orders versions of a story that state none (see versions.py).
        file_time = datetime.fromtimestamp(status.st_mtime, UTC)
    _check_kind(data[:_SNIFF_BYTES], origin, "text")
    yield IncomingArticle(parse_dump_bytes(data, filename=origin, limits=limits), origin, file_time=file_time)


def read_ninjs_lines(path, origin, limits):
    """IPTC ninjs documents, one JSON document a line (this site's export): an article a line."""
    from ..ninjs import incoming_from_ninjs

    stream = sys.stdin.buffer if path == STDIN else open(path, "rb")
    with stream:
        if path != STDIN:
            _check_kind(stream.read(_SNIFF_BYTES), origin, "ninjs")
            stream.seek(0)
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            where = f"{origin}:{number}"
            try:
                yield incoming_from_ninjs(json.loads(line), origin=where, limits=limits)
            except (ValueError, TypeError) as error:
                yield Reported(where, error=f"{where}: {error}")


# Enough of a file to tell a JSON document, an HTML page or an XML file from a text dump.
_SNIFF_BYTES = 4096

# What a file that is no input of the given format looks like, and what to do with it.
_ADVICE = {
    "ninjs": "looks like ninjs JSON Lines (one JSON document a line): import it with --format ninjs",
    "text": "looks like a plain-text agency dump, not ninjs JSON Lines: import it with --format text (the default)",
    "html": "looks like an HTML web page, not agency copy: save the story as a plain-text dump and import that",
    "xml": (
        "looks like a NewsML/NITF XML file, which this importer does not read: ask the agency for plain-text "
        "dumps or ninjs (--format ninjs)"
    ),
}


def _check_kind(head: bytes, origin: str, expected: str) -> None:
    """Refuse, in one sentence that names the right option, a file that is plainly of another kind."""
    kind = looks_like(head)
    if kind is not None and kind != expected:
        raise ArticleParseError(_ADVICE[kind], filename=origin)


FORMATS = {
    "text": InputFormat("text", "*.txt", read_text_dump),
    "ninjs": InputFormat("ninjs", "*.jsonl", read_ninjs_lines),
}


def read_input(path: Path | str, input_format: str, limits: ParseLimits) -> Iterator[IncomingArticle | Reported]:
    """The articles of one input in `input_format` (a key of `FORMATS`)."""
    origin = "<stdin>" if path == STDIN else str(path)
    try:
        yield from FORMATS[input_format].read(path, origin, limits)
    except ArticleParseError as error:
        yield Reported(origin, error=str(error) if error.filename else f"{origin}: {error}")
    except OSError as error:
        yield Reported(origin, error=f"{origin}: cannot read: {error.strerror or error}")
