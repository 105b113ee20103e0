"""The agencies' service lines around a story: embargo, version, update time and kill notices (pure, no Django).

Supported forms (a line of its own, anywhere in the dump, any case unless said otherwise):

    EMBARGO: 5 Desember 2026 10:00 WIB        also "Embargo hingga/sampai ...", "Embargoed until ..."
    Versi: 3                                  also "Version: 3", "Versi ke-3"
    Diperbarui: 5 Desember 2026 09:30 WIB     also "Updated: ..."; the copy's own time of this version

and at the start of the headline, removed from it (so the story is still recognised):

    UPDATE 2 - Polisi kerahkan ...            also "UPDATE 2:"; version 2
    KILL: Polisi kerahkan ...                 also "KILLED:", "BATAL:", "DIBATALKAN:", "WITHDRAWN:"; a kill

A kill is also a paragraph that starts "Berita ini dibatalkan", "Berita ini ditarik", "Berita ini dicabut",
"This story has been withdrawn" or "This story is killed".

Times: "[Sabtu,] 5 Desember 2026 [pukul] 10:00 WIB" (Indonesian or English month, "10.00" too; WIB, WITA,
WIT, UTC or GMT; no zone means WIB) or ISO 8601 ("2026-12-05T10:00+07:00").
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

ZONES = {"wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "agt", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov", "nop"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}

_WRITTEN_TIME = re.compile(
    r"(?:[^\W\d_]+, ?)?(?P<day>\d{1,2}) (?P<month>[^\W\d_]+)\.? (?P<year>\d{4}),?"
    r"(?: (?:pukul|jam|at))? (?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?: (?P<zone>[a-z]{3,4}))?\.?",
    re.IGNORECASE,
)
_EMBARGO = re.compile(
    r"(?P<label>embargo(?:ed)?)(?P<sep>(?: (?:until|hingga|sampai))? ?:|(?: (?:until|hingga|sampai)))? ?(?P<when>.*)",
    re.IGNORECASE,
)
_VERSION = re.compile(r"(?:versi|version)(?: ke)? ?[:\-]? ?(?P<number>\d{1,6})", re.IGNORECASE)
_UPDATED = re.compile(r"(?:diperbarui|updated) ?: ?(?P<when>.+)", re.IGNORECASE)
_KILL_PREFIX = re.compile(r"(?:kill|killed|batal|dibatalkan|withdrawn) ?: ?(?P<rest>.+)", re.IGNORECASE)
_UPDATE_PREFIX = re.compile(r"UPDATE (?P<number>\d{1,6}) ?[-–—:] ?(?P<rest>.+)")
_KILL_PARAGRAPH = re.compile(
    r"(?:berita ini (?:dibatalkan|ditarik|dicabut)|this story (?:has been|is) (?:withdrawn|killed))\b",
    re.IGNORECASE,
)


class NoticeError(ValueError):
    """A service line the parser recognises but cannot read (an embargo whose time makes no sense)."""


@dataclass(frozen=True)
class Notices:
    version: int | None = None
    updated_at: datetime | None = None
    embargo_until: datetime | None = None


def parse_time(text: str) -> datetime | None:
    """An agency's written time as an aware datetime, or None when `text` is no time this module reads."""
    text = " ".join(text.split()).rstrip(".")
    if m := _WRITTEN_TIME.fullmatch(text):
        month = MONTHS.get(m["month"].lower())
        zone = ZONES.get((m["zone"] or "wib").lower())
        if month is None or zone is None:
            return None
        try:
            return datetime(
                int(m["year"]),
                month,
                int(m["day"]),
                int(m["hour"]),
                int(m["minute"]),
                tzinfo=timezone(timedelta(hours=zone)),
            )
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    # An ISO time without offset is the desk's own (WIB); stored times are compared in UTC.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone(timedelta(hours=7)))


def read_notice_lines(lines: list[str]) -> tuple[list[str], Notices, list[tuple[int, str]]]:
    """The lines with service lines blanked out, what they said, and (line number, problem) for unreadable ones."""
    found: dict = {}
    problems = []
    kept = list(lines)
    for n, line in enumerate(lines):
        if not line:
            continue
        if (m := _VERSION.fullmatch(line)) and "version" not in found:
            found["version"] = int(m["number"])
        elif (m := _UPDATED.fullmatch(line)) and (when := parse_time(m["when"])) and "updated_at" not in found:
            found["updated_at"] = when
        elif m := _EMBARGO.fullmatch(line):
            when = parse_time(m["when"])
            if when is None:
                # "EMBARGO ..." in capitals is always the service line: publishing it by mistake is the worst case.
                if m["label"].isupper() and m["sep"]:
                    problem = f"embargo time {m['when']!r} not understood; write it like 5 Desember 2026 10:00 WIB"
                    problems.append((n + 1, problem))
                continue
            found.setdefault("embargo_until", when)
        else:
            continue
        kept[n] = ""
    return kept, Notices(**found), problems


def split_headline(headline: str) -> tuple[str, bool, int | None]:
    """(headline without its service prefix, whether it is a kill, the version it names)."""
    if m := _KILL_PREFIX.fullmatch(headline):
        return m["rest"].strip(), True, None
    if m := _UPDATE_PREFIX.fullmatch(headline):
        return m["rest"].strip(), False, int(m["number"])
    return headline, False, None


def is_kill_paragraph(paragraph: str) -> bool:
    return bool(_KILL_PARAGRAPH.match(paragraph))
