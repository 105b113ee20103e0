"""Text normalisation shared by the parser and the models (pure functions, no database)."""

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from django.utils import translation
from django.utils.text import Truncator

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# Characters that change how a text looks or reads without being visible in it: zero-width spaces and
# joiners, the word joiner, the BOM, and the bidirectional controls (embeddings, overrides, isolates, marks).
# "Rus\u200bia" must not be a second tag, nor an RLO in a headline turn the rest of the page title around.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def visible_text(text: str) -> str:
    """`text` in NFC with the invisible and direction-changing characters above removed.

    Everything that decides whether two texts are the same (fingerprints, story and headline keys, slugs,
    tag names) goes through here, and so do the headline, dateline and tag names stored.
    """
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


def single_spaced(text: str) -> str:
    """`text` with every run of whitespace as one space, and none at either end.

    `str.split()` splits on exactly the characters that `\\s` matches (Unicode whitespace), five times faster than
    a regular expression: the importer runs this over every line of every dump."""
    return " ".join(text.split())


def normalise_text(text: str) -> str:
    """NFKC with every run of whitespace (line ends, tabs, non-breaking spaces) as one space."""
    text = unicodedata.normalize("NFKC", visible_text(text)).replace("\u00a0", " ")
    return single_spaced(text)


def normalise_key(text: str) -> str:
    """Headline form used to match a "Baca juga" title to a stored article, ignoring case and spacing."""
    text = unicodedata.normalize("NFKC", visible_text(text)).replace("\u00a0", " ")
    return single_spaced(text.casefold())


def _sha256(text: str) -> str:
    # surrogatepass: a stray surrogate must change the hash, not crash the save.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def content_fingerprint(headline: str, paragraphs: str | Iterable[str]) -> str:
    """Hash of the wording of a story, blind to line ends, spacing and blank paragraphs.

    `paragraphs` may also be a whole body with blank lines between paragraphs, so a stored body and
    the parsed paragraphs give the same hash. Case is kept on purpose: a corrected capital is a real
    edit and must produce a new version.
    """
    if isinstance(paragraphs, str):
        body = paragraphs.replace("\r\n", "\n").replace("\r", "\n")
        paragraphs = _BLANK_LINE.split(body)
    parts = [normalise_text(headline), *(p for p in map(normalise_text, paragraphs) if p)]
    return _sha256("\n\n".join(parts))


def story_key(headline: str, dateline_place: str) -> str:
    """Identity of a story across versions: same headline and place, whatever the case or spacing."""
    return _sha256(normalise_key(headline) + "\n" + normalise_key(dateline_place))


def first_words(text: str, count: int) -> str:
    """Django's `Truncator(text).words(count)`, quicker for a text that is short enough already (most ledes are):
    Truncator sets up a lazy object, and a translation for its ellipsis, on every call."""
    words = text.split()
    if 0 < count and len(words) <= count:
        return " ".join(words)
    return Truncator(text).words(count)


def label(text: str, limit: int) -> str:
    """`text` shortened to at most `limit` characters for a list or heading: cut between words, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # the cut fell inside a word: leave the whole word out
    return cut.rstrip(" ,;:–-") + "…"


def language_name(code: str) -> str:
    """A language's name in the interface's language ("Bahasa Indonesia", "Inggris"), or the code itself when
    Django does not know it (an import may store any two letters)."""
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code
