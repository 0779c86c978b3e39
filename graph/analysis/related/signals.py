"""Date and calendar signals of the related-stories ranking: the years, calendar days and weekdays a text names,
as sets and bit sets, and the multipliers they give a pair of articles (see graph/analysis/related/index.py)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import numpy as np

from graph.dates import bound_date

# Four-digit years a news text names as dates (not counts or prices such as "2,000" or "1999.5"): the pattern
# starts with a digit, so the search skips ahead in C; what comes before and after is checked by hand (as fast as
# a look-behind that would make the engine try every position).
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
FIRST_YEAR, YEAR_WORDS = 1800, 5  # bit sets of years 1800..2119, in five 64-bit words


def _digit_or_mark(c: str) -> bool:
    return c.isdecimal() or c in ".,"


def years_named(*texts: str | None) -> set[int]:
    """The years (1800-2119) written in any of the texts: not after a digit, point or comma, nor followed by a
    digit, or by a point or comma and a digit."""
    found = set()
    for t in texts:
        text = t or ""
        for m in _YEAR.finditer(text):
            start, end = m.span()
            if start and _digit_or_mark(text[start - 1]):
                continue
            if _digit_or_mark(text[end : end + 1]) and text[end + 1 : end + 2].isdecimal():
                continue
            found.add(int(m.group()))
    return found


# Month names and their usual abbreviations in the project's languages (English and Danish), by first letters.
MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "maj": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
          "oct": 10, "okt": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch|ts)?|apr(?:il)?|ma[yj]|jun[ei]?|jul[yi]?|aug(?:ust)?"
          r"|sept?(?:ember)?|o[ck]t(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# English writes the month first and capitalised ("December 14", "Dec.14"; "may 5" is no date); English and Danish
# write the day first ("14 December", "14. december").
_MONTH_FIRST = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY_OF_MONTH = re.compile(
    rf"\b(?P<m1>{_MONTH_FIRST})\.?\s?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\b"
    rf"|\b(?P<d2>[0-3]?\d)(?:st|nd|rd|th|\.)?\s(?:of\s)?(?P<m2>(?i:{_MONTH}))\b"
    r"|\b(?:1[89]|20)\d\d\s?-\s?(?P<m3>[01]\d)\s?-\s?(?P<d3>[0-3]\d)\b"  # 2013-12-14
)
_WEEKDAY = re.compile(
    r"\b(?:(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag))(?:s|en)?\b",
    re.IGNORECASE,
)
WEEKDAYS = {
    name: k
    for names in (
        "monday tuesday wednesday thursday friday saturday sunday",
        "mandag tirsdag onsdag torsdag fredag lørdag søndag",
    )
    for k, name in enumerate(names.split())
}


def weekdays_named(*texts: str | None) -> int:
    """The weekdays written in any of the texts, as a bit set (Monday = bit 0)."""
    return sum({1 << WEEKDAYS[(m.group(1) or m.group(2)).lower()] for t in texts for m in _WEEKDAY.finditer(t or "")})


DAY_WORDS = 6  # bit sets of (month, day) as (month - 1) * 31 + day - 1, in six 64-bit words


_DIGITS = re.compile(r"\d+")
# A day written out has a digit at most this many characters after its start ("September. 14") and ends at most
# this many after its last digit ("14th of September").
_BEFORE_DIGIT, _AFTER_DIGIT = 11, 15


def _digit_windows(text: str) -> list[list[int]]:
    """The stretches of a text where a calendar day can be: around its digits, overlapping ones joined. Searching
    only these (a few per article) is about twice as fast as trying the three forms at every position."""
    spans: list[list[int]] = []
    for m in _DIGITS.finditer(text):
        start, end = m.start() - _BEFORE_DIGIT, m.end() + _AFTER_DIGIT
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([max(start, 0), end])
    return spans


def days_named(*texts: str | None) -> set[tuple[int, int]]:
    """The calendar days (month, day) written in any of the texts, without their year."""
    found = set()
    for t in texts:
        text = t or ""
        for start, end in _digit_windows(text):
            for m in _DAY_OF_MONTH.finditer(text, start, end + 1):
                if m.end() > end:
                    continue  # cut short by the window: a whole match never ends past it
                if m.group("m3"):
                    month, day = int(m.group("m3")), int(m.group("d3"))
                else:
                    month = MONTHS[(m.group("m1") or m.group("m2"))[:3].lower()]
                    day = int(m.group("d1") or m.group("d2"))
                if 1 <= month <= 12 and 1 <= day <= 31:
                    found.add((month, day))
    return found


def bit_set(positions: Iterable[int], words: int) -> np.ndarray:
    bits = np.zeros(words, dtype=np.uint64)
    for k in positions:
        if 0 <= k < 64 * words:
            bits[k // 64] |= np.uint64(1) << np.uint64(k % 64)
    return bits


def year_bit_set(years: Iterable[int]) -> np.ndarray:
    return bit_set((y - FIRST_YEAR for y in years), YEAR_WORDS)


def valid_day(month: int, day: int) -> bool:
    try:
        date(2000, month, day)  # a leap year: 29 February is a day
    except ValueError:
        return False
    return True


def day_number(value: str | None) -> int | None:
    try:
        return date.fromisoformat(value).toordinal() if value else None
    except ValueError:
        return None


def bound_day_number(value: str | None, name: str, *, upper: bool) -> int | None:
    """A since/until bound as a day number (inclusive: 'until 2026-02' ends on Feb 28), or None when not given.
    Raises ValueError naming the parameter for a bound that is not a date."""
    return bound_date(value, name, end=upper).toordinal() if value else None


def weekday_factor(a: np.ndarray, b: np.ndarray, match: float, mismatch: float) -> np.ndarray:
    """1 + match where two weekday bit sets share a day, 1 - mismatch where both name days and share none, else 1."""
    return np.where((a & b) != 0, 1.0 + match, np.where((a != 0) & (b != 0), 1.0 - mismatch, 1.0))


def year_factor(
    a: np.ndarray,
    b: np.ndarray,
    latest_a: np.ndarray,
    latest_b: np.ndarray,
    match: float,
    overlap: float,
    mismatch: float,
) -> np.ndarray:
    """1 + match where both name the same latest year, 1 + overlap where they share another year, 1 - mismatch
    where both name years and share none, else 1 (broadcasting over rows of year bits)."""
    both = a.any(axis=-1) & b.any(axis=-1)
    shared = (a & b).any(axis=-1)
    same_latest = (latest_a == latest_b) & (latest_a >= 0)
    return np.where(same_latest, 1.0 + match, np.where(shared, 1.0 + overlap, np.where(both, 1.0 - mismatch, 1.0)))
