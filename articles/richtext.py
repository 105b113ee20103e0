"""The article body as HTML: one allowlist for everything stored, and the plain text every other output reads.

The editor (django-prose-editor) writes HTML; the importer, the ninjs reader and bodies typed before the editor
existed bring plain text, paragraphs separated by blank lines. Both end up here as the same sanitised HTML, so a
story reads alike whichever way it came in. Pure functions, no database.
"""

import html
import re

import nh3

from .text import single_spaced

# What a story's body may contain: paragraphs, two levels of subheading, bold and italic, links, lists,
# quotes and line breaks. Anything else (scripts, styles, event handlers, iframes, images, classes) is dropped,
# its text kept; the content of <script> and <style> goes as well.
TAGS = {"p", "h2", "h3", "strong", "b", "em", "i", "a", "ul", "ol", "li", "blockquote", "br"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# As news sites do: a linked page learns nothing of this one (no opener, no referrer) and gets no endorsement.
LINK_REL = "noopener noreferrer nofollow"

# The editor's settings, made to match the allowlist: it offers nothing the sanitiser would take away.
EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": sorted(URL_SCHEMES)},
        "History": True,
    }
}

_CLEANER = nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=LINK_REL)
# Text with none of these is a plain-text body (see as_html).
_MARKUP = re.compile(r"<(?:p|h[1-6]|ul|ol|li|blockquote|br|div)\b[^>]*>", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "ul", "ol"}
# An empty editor sends one empty paragraph.
_EMPTY = re.compile(r"^(?:\s|<p>\s*(?:<br>)?\s*</p>)*$")


def paragraphs_to_html(paragraphs):
    """Plain-text paragraphs as the body's HTML: each one a <p>, its text escaped."""
    return "".join(f"<p>{html.escape(p.strip(), quote=False)}</p>" for p in paragraphs if p.strip())


def text_to_paragraphs(text):
    """A plain-text body's paragraphs: separated by a blank line, line ends inside one kept as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(p.split()) for p in _BLANK_LINE.split(text) if p.strip()]


def as_html(body):
    """`body` as HTML: kept as it is if it has block markup, else read as plain-text paragraphs."""
    if _MARKUP.search(body):
        return body
    return paragraphs_to_html(text_to_paragraphs(body))


def clean(body):
    """The body as stored: HTML through the allowlist, with `rel` on every link; "" for an empty editor."""
    cleaned = _CLEANER.clean(as_html(body or ""))
    return "" if _EMPTY.match(cleaned) else cleaned


# A tag of the stored HTML, its attribute values quoted (nh3 writes them so): "<a href=\"x>y\">" is one tag.
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*/?>""")


def text_blocks(body):
    """The text of each block of the body (paragraph, subheading, list item), markup removed, entities read."""
    return list(_iter_text_blocks(body))


def first_text_block(body):
    """The text of the body's first block that has any: a card's lede, read without scanning the rest."""
    return next(_iter_text_blocks(body), "")


def _iter_text_blocks(body):
    """`text_blocks()` one block at a time.

    A scan of the tags rather than an HTML parser: every list page reads a lede this way, and the stored HTML is
    nh3's output (no comments, scripts or unquoted attributes), which this reads as a parser would."""
    markup = as_html(body)
    pieces, position = [], 0
    for tag in _TAG.finditer(markup):
        pieces.append(markup[position : tag.start()])
        position = tag.end()
        name = tag.group(2).lower()
        if name in _BLOCKS:
            if text := _block_text(pieces):
                yield text
            pieces.clear()
        elif name == "br":
            pieces.append(" ")
    pieces.append(markup[position:])
    if text := _block_text(pieces):
        yield text


def _block_text(pieces):
    return single_spaced(html.unescape("".join(pieces)))


def html_blocks(body):
    """The top-level blocks of the body (a paragraph, a subheading, a whole list, a quote), each as its own HTML,
    in order; loose text between blocks becomes a paragraph. The same scan of nh3's output as `text_blocks`."""
    markup = as_html(body)
    blocks, depth, start, loose = [], 0, 0, []

    def keep_loose():
        text = "".join(loose)
        if text.strip():
            blocks.append(f"<p>{text.strip()}</p>")
        loose.clear()

    for tag in _TAG.finditer(markup):
        closing, name = tag.group(1), tag.group(2).lower()
        if name not in _BLOCKS:
            continue
        if not closing:
            if depth == 0:
                loose.append(markup[start : tag.start()])
                keep_loose()
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                blocks.append(markup[start : tag.end()])
                start = tag.end()
    loose.append(markup[start:])
    keep_loose()
    return blocks


def plain_text(body):
    """The body as plain text, one blank line between blocks: for search, JSON-LD and ninjs `body_text`."""
    return "\n\n".join(text_blocks(body))


def with_dateline(body_html, dateline_html):
    """The body's HTML with `dateline_html` (already safe) opening its first paragraph, as printed copy does."""
    head, found, tail = body_html.partition("<p>")
    if not found:
        return f"<p>{dateline_html}</p>{body_html}"
    return f"{head}<p>{dateline_html}{tail}"
