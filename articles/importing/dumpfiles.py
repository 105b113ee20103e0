"""Agency files as bytes: size limits, strict UTF-8, and what a file looks like when it is not a text dump.

`parse_dump_file()` reads, decodes and parses one dump; the readers (`readers.py`) use the steps one by one.
"""

import codecs
import json
import os

from .parsed import DEFAULT_LIMITS, ArticleParseError, ParsedArticle, ParseLimits
from .parsing import parse_article


def decode_dump(data: bytes, *, filename: str | None = None, limits: ParseLimits = DEFAULT_LIMITS) -> str:
    """Strict UTF-8 (a leading BOM is dropped); binary, oversized or mis-encoded data is rejected."""

    def fail(message: str, offset: int | None = None) -> ArticleParseError:
        line = None
        if offset is not None:
            head = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            line = head.count(b"\n") + 1
        return ArticleParseError(message, filename=filename, line=line)

    if len(data) > limits.max_bytes:
        raise fail(f"file is {len(data)} bytes; the limit is {limits.max_bytes}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise fail("file is UTF-16; expected UTF-8", 0)
    nul = data.find(b"\0")
    if nul != -1:
        raise fail(f"NUL byte at byte offset {nul}: binary data, not a text dump", nul)
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        raise fail(f"not valid UTF-8 at byte offset {offset}", offset) from None


_MARKUP_ROOTS = ("<nitf", "<newsmessage", "<newsitem", "<newsml", "<packageitem", "<knowledgeitem")


def looks_like(head: bytes) -> str | None:
    """What the first bytes of a file look like: "text", "ninjs" (JSON Lines), "html", "xml", or None (empty,
    binary): enough to tell an operator who gave the wrong file or --format what to do instead."""
    if b"\0" in head:
        return None
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if not text:
        return None
    start = text[:300].lower()
    if start.startswith(("<!doctype html", "<html")) or (start.startswith("<?xml") and "<html" in start):
        return "html"
    if start.startswith(("<?xml", *_MARKUP_ROOTS)):
        return "xml"
    if text.startswith("{"):
        first_line = text.split("\n", 1)[0]
        if first_line.startswith('{"') and len(first_line) == len(text):  # a long first line, cut off
            return "ninjs"
        try:
            return "ninjs" if isinstance(json.loads(first_line), dict) else "text"
        except ValueError:
            return "text"
    return "text"


def parse_dump_file(path: str | os.PathLike, *, limits: ParseLimits = DEFAULT_LIMITS) -> ParsedArticle:
    """Read, decode and parse one dump. OSError (missing file, ...) is left to the caller."""
    filename = os.fsdecode(path)
    data, _ = read_dump_file(path, limits=limits)
    return parse_dump_bytes(data, filename=filename, limits=limits)


def read_dump_file(path: str | os.PathLike, *, limits: ParseLimits = DEFAULT_LIMITS) -> tuple[bytes, os.stat_result]:
    """The bytes of one dump, read once, and the file's status (its size and time)."""
    status = os.stat(path)
    if status.st_size > limits.max_bytes:  # refuse before reading: a 20 MB file costs one stat
        message = f"file is {status.st_size} bytes; the limit is {limits.max_bytes}"
        raise ArticleParseError(message, filename=os.fsdecode(path))
    with open(path, "rb") as f:
        return f.read(limits.max_bytes + 1), status  # the file may have grown since the stat


def parse_dump_bytes(data: bytes, *, filename: str | None = None, limits: ParseLimits = DEFAULT_LIMITS):
    return parse_article(decode_dump(data, filename=filename, limits=limits), filename=filename, limits=limits)
