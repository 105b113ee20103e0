"""Text normalisation shared by the parser and the models (pure functions, no database)."""

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalise_key(text: str) -> str:
    """Headline form used to match a "Baca juga" title to a stored article, ignoring case and spacing."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    return _WHITESPACE.sub(" ", text.casefold()).strip()
