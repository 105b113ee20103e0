"""What the importer reads: one reader per input format, behind one registry (`FORMATS`).

A reader turns one input (a file, or `-` for standard input) into `IncomingArticle`s; whatever cannot be
read or parsed comes back as a failed `Reported`, never as an exception, so a run carries on with the next
input. A new agency format is a reader function and one line in `FORMATS`.
"""

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .parsing import ArticleParseError, ParseLimits, decode_dump, parse_article, parse_dump_file
from .saver import IncomingArticle

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
    if path == STDIN:
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
        text = decode_dump(data, filename=origin, limits=limits)
        yield IncomingArticle(parse_article(text, filename=origin, limits=limits), origin)
    else:
        yield IncomingArticle(parse_dump_file(path, limits=limits), origin)


def read_ninjs_lines(path, origin, limits):
    """IPTC ninjs documents, one JSON document a line (this site's export): an article a line."""
    from ..ninjs import incoming_from_ninjs

    stream = sys.stdin.buffer if path == STDIN else open(path, "rb")
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            where = f"{origin}:{number}"
            try:
                yield incoming_from_ninjs(json.loads(line), origin=where, limits=limits)
            except (ValueError, TypeError) as error:
                yield Reported(where, error=f"{where}: {error}")


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
