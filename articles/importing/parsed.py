"""What the parsers make of agency copy: a `ParsedArticle`, the limits they keep, and the error they raise.

Plain data, shared by the text-dump parser (`parsing`), the ninjs reader and the saver. No database, no Django.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from ..text import content_fingerprint, single_spaced
from ..text import story_key as make_story_key

# ISO 639-1: a second line starting with one of these (lowercase) is the language-and-keywords line.
# The full list, rather than "any two letters", keeps a body line such as "di Jakarta ..." out of it.
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de
    dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie
    ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg
    mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro
    ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty
    ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)


@dataclass(frozen=True)
class ParseLimits:
    """Ceilings for one dump. A real article is a few KB; past these the file is broken or hostile.

    Exceeding any of them is an error, never a silent truncation.
    """

    max_bytes: int = 1_000_000
    max_headline_chars: int = 255  # the headline column
    max_keywords: int = 50
    max_keyword_chars: int = 100  # the tag name column
    max_related_titles: int = 50
    max_related_title_chars: int = 500  # the related link title column
    max_photos: int = 20
    max_paragraphs: int = 1000
    max_field_chars: int = 100  # source, dateline place and agency, reporter, editor, photo credit


DEFAULT_LIMITS = ParseLimits()


class ArticleParseError(ValueError):
    """Why a dump was rejected; str() reads like a compiler message: `file.txt:3: what went wrong`."""

    def __init__(self, message: str, *, filename: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.line = line

    def __str__(self) -> str:
        if self.filename and self.line:
            return f"{self.filename}:{self.line}: {self.message}"
        if self.filename:
            return f"{self.filename}: {self.message}"
        if self.line:
            return f"line {self.line}: {self.message}"
        return self.message


@dataclass(frozen=True)
class ParsedPhoto:
    caption: str
    credit: str
    is_archive: bool
    alt_text: str = ""  # dumps have none; a ninjs document may


@dataclass(frozen=True)
class ParsedArticle:
    headline: str
    language: str | None  # None: the dump does not say; the caller's default applies
    keywords: tuple[str, ...]
    photos: tuple[ParsedPhoto, ...]
    dateline_place: str
    dateline_agency: str
    paragraphs: tuple[str, ...]  # the dateline prefix is removed from the first one
    related_titles: tuple[str, ...]
    source: str
    reporter: str
    editor: str
    warnings: tuple[str, ...] = ()  # about the dump's text, so render_article() does not keep them
    # The agency's service lines (see notices.py): what orders versions of a story, and what it asks of the desk.
    version: int | None = None
    updated_at: datetime | None = None
    embargo_until: datetime | None = None
    killed: bool = False

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def byline(self) -> list[tuple[str, str]]:
        """[(role, name), ...]: every person the "Pewarta:"/"Reporter:" and "Editor:" lines name, in order."""
        return [("reporter", name) for name in byline_names(self.reporter)] + [
            ("editor", name) for name in byline_names(self.editor)
        ]

    @cached_property
    def fingerprint(self) -> str:
        return content_fingerprint(self.headline, self.paragraphs)

    @cached_property
    def story_key(self) -> str:
        return make_story_key(self.headline, self.dateline_place)


# "Pewarta: Andi, Budi dan Citra": one line may name several people.
_BYLINE_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\bdan\b|\band\b)\s*", re.IGNORECASE)


def byline_names(line: str) -> list[str]:
    """The people one byline line names, in order, each with its spacing made single."""
    names = (single_spaced(part) for part in _BYLINE_SEPARATORS.split(line or ""))
    return [name for name in names if name]
