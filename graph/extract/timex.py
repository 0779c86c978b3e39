"""Time expressions in Danish and English news, resolved to absolute dates against the article's publication date.

`find_timexes(text, lang, anchor)` returns every time expression with its character span and an ISO 8601 value at
the granularity the text gives:

- day    "2026-11-24"  ("i går", "yesterday", "tirsdag", "i mandags", "24. november", "November 24", "3 days ago")
- week   "2026-W47"    ("i sidste uge", "last week", "this week")
- month  "2026-10"     ("sidste måned", "last month", "i marts", "in March")
- year   "2025"        ("sidste år", "i fjor", "last year", "i 2019")

Relative expressions need the anchor (the publication date); without it only expressions that carry a year resolve.
News convention decides the direction of a bare weekday: "tirsdag" / "on Tuesday" is the most recent Tuesday on or
before the publication day; "i mandags" / "last Monday" is strictly before it; "på mandag" / "next Monday" after it.
A day and month without a year ("24. november") take the year that puts the date nearest the publication date.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from graph.dates import date_part


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    value: str  # ISO 8601: YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY
    granularity: str  # "day", "week", "month" or "year"


def anchor_date(published: str | None) -> date | None:
    """The publication day as a date, or None when the article gives none (or not in ISO 8601)."""
    part = date_part(published)
    return date.fromisoformat(part) if part else None


def interval(value: str) -> tuple[date, date] | None:
    """First and last day covered by a timex value: '2026-W47' -> (Mon 2026-11-16, Sun 2026-11-22)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            d = date.fromisoformat(value)
            return d, d
        m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
        if m:
            first = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return first, first + timedelta(days=6)
        m = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if m:
            first = date(int(m.group(1)), int(m.group(2)), 1)
            nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def week_of(value: str) -> str | None:
    """The ISO week ('2026-W47') a day or week value falls in; None for coarser values."""
    span = interval(value)
    if span is None or span[1] - span[0] > timedelta(days=6):
        return None
    year, week, _ = span[0].isocalendar()
    return f"{year}-W{week:02d}"


# ---------------------------------------------------------------------------------------------------------------
# Word tables

MONTHS_DA = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4, "maj": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
MONTHS_EN = {
    "January": 1, "Jan": 1, "February": 2, "Feb": 2, "March": 3, "Mar": 3, "April": 4, "Apr": 4, "May": 5,
    "June": 6, "Jun": 6, "July": 7, "Jul": 7, "August": 8, "Aug": 8, "September": 9, "Sep": 9, "Sept": 9,
    "October": 10, "Oct": 10, "November": 11, "Nov": 11, "December": 12, "Dec": 12,
}
WEEKDAYS_DA = {"mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5, "søndag": 6}
WEEKDAYS_EN = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBERS = {
    "en": 1, "et": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9,
    "ti": 10, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "par": 2, "couple": 2,
}
# Day offsets of fixed relative words.
DAY_WORDS_DA = {
    "i dag": 0, "i morges": 0, "i formiddags": 0, "i eftermiddags": 0, "i aften": 0, "i nat": 0,
    "i går": -1, "i aftes": -1, "i forgårs": -2, "i morgen": 1, "i overmorgen": 2,
}
DAY_WORDS_EN = {
    "today": 0, "this morning": 0, "this afternoon": 0, "tonight": 0, "earlier today": 0,
    "yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1,
}
UNIT_WORDS = {
    "dag": "day", "dage": "day", "day": "day", "days": "day", "uge": "week", "uger": "week", "week": "week",
    "weeks": "week", "måned": "month", "måneder": "month", "month": "month", "months": "month", "år": "year",
    "year": "year", "years": "year",
}
# Relative periods: the word before the period ("last", "sidste") -> offset in periods.
PERIOD_SHIFT = {
    "sidste": -1, "forrige": -1, "i sidste": -1, "i forrige": -1, "denne": 0, "i denne": 0, "næste": 1,
    "i næste": 1, "last": -1, "this": 0, "earlier this": 0, "next": 1, "tidligere på": 0, "senere på": 0,
}
PERIODS = {"uge": "week", "ugen": "week", "week": "week", "måned": "month", "måneden": "month", "month": "month",
           "år": "year", "året": "year", "year": "year"}


# ---------------------------------------------------------------------------------------------------------------
# Resolution helpers


def _day(d: date) -> tuple[str, str]:
    return d.isoformat(), "day"


def _week(d: date) -> tuple[str, str]:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}", "week"


def _month(year: int, month: int) -> tuple[str, str]:
    return f"{year:04d}-{month:02d}", "month"


def _shift_month(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _nearest_year(anchor: date | None, month: int, day: int | None) -> int | None:
    """The year putting month/day nearest the anchor (half a year either way)."""
    if anchor is None:
        return None
    try:
        candidate = date(anchor.year, month, day or 15)
    except ValueError:
        return None
    if (candidate - anchor).days > 183:
        return anchor.year - 1
    if (anchor - candidate).days > 183:
        return anchor.year + 1
    return anchor.year


def _weekday(anchor: date, weekday: int, direction: str) -> date:
    """'past_or_today': latest such weekday <= anchor; 'past': < anchor; 'future': > anchor."""
    back = (anchor.weekday() - weekday) % 7
    if direction == "past_or_today":
        return anchor - timedelta(days=back)
    if direction == "past":
        return anchor - timedelta(days=back or 7)
    ahead = (weekday - anchor.weekday()) % 7
    return anchor + timedelta(days=ahead or 7)


def _period(anchor: date, period: str, shift: int) -> tuple[str, str]:
    if period == "week":
        return _week(anchor + timedelta(weeks=shift))
    if period == "month":
        return _month(*_shift_month(anchor, shift))
    return f"{anchor.year + shift:04d}", "year"


def _ago(anchor: date, count: int, unit: str) -> tuple[str, str]:
    if unit == "day":
        return _day(anchor - timedelta(days=count))
    if unit == "week":
        return _week(anchor - timedelta(weeks=count))
    if unit == "month":
        return _month(*_shift_month(anchor, -count))
    return f"{anchor.year - count:04d}", "year"


def _explicit(year: int | None, month: int, day: int | None) -> tuple[str, str] | None:
    if year is None:
        return None
    if day is None:
        return _month(year, month)
    try:
        return _day(date(year, month, day))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------------
# Patterns: (regex, handler(match, anchor) -> (value, granularity) | None). Compiled once at import.

Resolver = Callable[[re.Match, "date | None"], "tuple[str, str] | None"]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _iso(m: re.Match, anchor: date | None):
    try:
        return _day(date(int(m["y"]), int(m["m"]), int(m["d"])))
    except ValueError:
        return None


def _make_day_month(months: dict[str, int]) -> Resolver:
    lookup = {k.lower(): v for k, v in months.items()}

    def resolve(m: re.Match, anchor: date | None):
        month = lookup[m["mon"].lower()]
        day = int(m["d"])
        year = int(m["y"]) if m["y"] else _nearest_year(anchor, month, day)
        return _explicit(year, month, day)

    return resolve


def _make_month_only(months: dict[str, int]) -> Resolver:
    lookup = {k.lower(): v for k, v in months.items()}

    def resolve(m: re.Match, anchor: date | None):
        month = lookup[m["mon"].lower()]
        year = int(m["y"]) if m["y"] else _nearest_year(anchor, month, None)
        return _explicit(year, month, None)

    return resolve


def _year(m: re.Match, anchor: date | None):
    return m["y"], "year"


def _make_day_word(words: dict[str, int]) -> Resolver:
    def resolve(m: re.Match, anchor: date | None):
        if anchor is None:
            return None
        return _day(anchor + timedelta(days=words[m["w"].lower()]))

    return resolve


def _make_weekday(weekdays: dict[str, int], directions: dict[str, str], suffix_past: bool = False) -> Resolver:
    def resolve(m: re.Match, anchor: date | None):
        if anchor is None:
            return None
        name = m["wd"].lower()
        if suffix_past:  # Danish "i mandags": the stem plus "s"
            return _day(_weekday(anchor, weekdays[name], "past"))
        pre = (m["pre"] or "").lower().strip()
        return _day(_weekday(anchor, weekdays[name], directions.get(pre, "past_or_today")))

    return resolve


def _period_rel(m: re.Match, anchor: date | None):
    if anchor is None:
        return None
    shift = PERIOD_SHIFT[re.sub(r"\s+", " ", m["pre"].lower())]
    return _period(anchor, PERIODS[m["per"].lower()], shift)


def _ago_rel(m: re.Match, anchor: date | None):
    if anchor is None:
        return None
    raw = m["n"].lower()
    count = int(raw) if raw.isdigit() else NUMBERS[raw]
    return _ago(anchor, count, UNIT_WORDS[m["unit"].lower()])


def _fixed(period: str, shift: int) -> Resolver:
    def resolve(m: re.Match, anchor: date | None):
        return _period(anchor, period, shift) if anchor else None

    return resolve


_B = r"(?<![\w])"  # word start that also works before non-word characters
_E = r"(?![\w])"
_ISO = (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"), _iso)
_NUM = _alt(NUMBERS)

PATTERNS: dict[str, list[tuple[re.Pattern, Resolver]]] = {
    "da": [
        _ISO,
        (re.compile(rf"{_B}(?P<d>[0-3]?\d)\.\s?(?P<mon>{_alt(MONTHS_DA)})\.?(?:\s+(?P<y>(?:19|20)\d\d))?{_E}",
                    re.I), _make_day_month(MONTHS_DA)),
        (re.compile(rf"{_B}i\s+(?P<mon>januar|februar|marts|april|maj|juni|juli|august|september|oktober|november"
                    rf"|december)(?:\s+(?P<y>(?:19|20)\d\d))?{_E}", re.I), _make_month_only(MONTHS_DA)),
        (re.compile(rf"{_B}(?:i|i\s+år)\s+(?P<y>(?:19|20)\d\d){_E}", re.I), _year),
        (re.compile(rf"{_B}(?P<w>{_alt(DAY_WORDS_DA)}){_E}", re.I), _make_day_word(DAY_WORDS_DA)),
        (re.compile(rf"{_B}i\s+(?P<wd>{_alt(WEEKDAYS_DA)})s{_E}", re.I),
         _make_weekday(WEEKDAYS_DA, {}, suffix_past=True)),
        (re.compile(rf"{_B}(?:(?P<pre>sidste|forrige|næste|på|kommende)\s+)?(?P<wd>{_alt(WEEKDAYS_DA)})(?:en)?{_E}",
                    re.I),
         _make_weekday(WEEKDAYS_DA, {"sidste": "past", "forrige": "past", "næste": "future", "på": "future",
                                     "kommende": "future"})),
        (re.compile(rf"{_B}(?P<pre>i\s+sidste|i\s+forrige|i\s+denne|i\s+næste|sidste|forrige|denne|næste"
                    rf"|tidligere\s+på|senere\s+på)\s+(?P<per>uge|ugen|måned|måneden|år|året){_E}", re.I), _period_rel),
        (re.compile(rf"{_B}i\s+fjor{_E}", re.I), _fixed("year", -1)),
        (re.compile(rf"{_B}i\s+år{_E}", re.I), _fixed("year", 0)),
        (re.compile(rf"{_B}for\s+(?P<n>\d+|{_NUM})\s+(?P<unit>dage|dag|uger|uge|måneder|måned|år)\s+siden{_E}",
                    re.I), _ago_rel),
    ],
    "en": [
        _ISO,
        (re.compile(rf"{_B}(?P<mon>{_alt(MONTHS_EN)})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?"
                    rf"{_E}"), _make_day_month(MONTHS_EN)),
        (re.compile(rf"{_B}(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_alt(MONTHS_EN)})\.?"
                    rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?{_E}"), _make_day_month(MONTHS_EN)),
        (re.compile(rf"{_B}in\s+(?P<mon>January|February|March|April|May|June|July|August|September|October"
                    rf"|November|December)(?:\s+(?P<y>(?:19|20)\d\d))?{_E}"), _make_month_only(MONTHS_EN)),
        (re.compile(rf"{_B}in\s+(?P<y>(?:19|20)\d\d){_E}"), _year),
        (re.compile(rf"{_B}(?P<w>{_alt(DAY_WORDS_EN)}){_E}", re.I), _make_day_word(DAY_WORDS_EN)),
        (re.compile(rf"{_B}(?:(?P<pre>last|next|this|on|this\s+coming)\s+)?(?P<wd>{_alt(WEEKDAYS_EN)}){_E}", re.I),
         _make_weekday(WEEKDAYS_EN, {"last": "past", "next": "future", "this coming": "future"})),
        (re.compile(rf"{_B}(?P<pre>earlier\s+this|last|this|next)\s+(?P<per>week|month|year){_E}", re.I),
         _period_rel),
        (re.compile(rf"{_B}(?P<n>\d+|{_NUM})\s+(?P<unit>days|day|weeks|week|months|month|years|year)\s+ago{_E}",
                    re.I), _ago_rel),
    ],
}


def find_timexes(text: str, lang: str | None, anchor: date | None, start: int = 0, end: int | None = None
                 ) -> list[Timex]:
    """Time expressions in text[start:end], resolved against anchor; longest match wins where they overlap."""
    patterns = PATTERNS.get(lang or "", PATTERNS["en"])
    end = len(text) if end is None else end
    found: list[Timex] = []
    for regex, resolve in patterns:
        for m in regex.finditer(text, start, end):
            resolved = resolve(m, anchor)
            if resolved is None:
                continue
            stop = m.end()
            if text[stop - 1] == "." and "mon" in regex.groupindex and len(m["mon"] or "") > 4:
                stop -= 1  # a full month name ends the expression; the full stop ends the sentence
            found.append(Timex(m.start(), stop, text[m.start():stop], resolved[0], resolved[1]))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[Timex] = []
    for t in found:
        if kept and t.start < kept[-1].end:
            continue
        kept.append(t)
    return kept
