"""Dates: parse ISO 8601 dates and datetimes as the input gives them (leniently, never raising), and since/until
filters (checking a bound, a SPARQL FILTER, an in-window test) written once for every view and query."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from graph.analysis.sparql import string_literal


def parse_iso(value: str | None) -> tuple[str, str] | None:
    """('date', '2026-03-04') or ('dateTime', '2026-03-04T10:00:00+00:00'), or None when not ISO 8601.

    >>> parse_iso("2026-03-04")
    ('date', '2026-03-04')
    >>> parse_iso("2026-03-04T10:00:00Z")
    ('dateTime', '2026-03-04T10:00:00+00:00')
    >>> parse_iso("last tuesday") is None
    True
    """
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if len(value) == 10:
            return "date", date.fromisoformat(value).isoformat()
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return "dateTime", parsed.isoformat()


def date_part(value: str | None) -> str | None:
    """The YYYY-MM-DD part of an ISO date or datetime, or None."""
    parsed = parse_iso(value)
    return parsed[1][:10] if parsed else None


# --- since/until filters ------------------------------------------------------------------------------------------
# A bound is YYYY, YYYY-MM or YYYY-MM-DD. `since` compares as a string from the start of the day; `until` compares
# by its own length, so until=2026-02 keeps all of February.

_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def check_bound(value: str | None, name: str) -> str | None:
    """A since/until value as given, or None when empty. Raises ValueError naming the parameter when it is not
    YYYY, YYYY-MM or YYYY-MM-DD.

    >>> check_bound("2026-02", "until")
    '2026-02'
    >>> check_bound("2/3/2026", "since")
    Traceback (most recent call last):
    ValueError: since must be a date like 2026-02-03, 2026-02 or 2026, not '2/3/2026'
    """
    if value is None or value == "":
        return None
    if not _BOUND.fullmatch(value):
        raise ValueError(f"{name} must be a date like 2026-02-03, 2026-02 or 2026, not {value!r}")
    return value


def bound_date(value: str, name: str, *, end: bool) -> date:
    """A bound as a day: the first day it covers, or with `end` the last ("2026-02" ends on 28 February).
    Raises ValueError naming the parameter for a malformed bound or a day that does not exist.

    >>> bound_date("2024-02", "until", end=True)
    datetime.date(2024, 2, 29)
    >>> bound_date("2026", "since", end=False)
    datetime.date(2026, 1, 1)
    """
    m = _BOUND.fullmatch(value.strip())
    if m is None:
        raise ValueError(f"{name}: give a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            return date(year, int(month), int(day))
        if month:
            first = date(year, int(month), 1)
            return date(year, first.month, calendar.monthrange(year, first.month)[1]) if end else first
        return date(year, 12, 31) if end else date(year, 1, 1)
    except ValueError:  # month 13, 30 February, year 0
        raise ValueError(f"{name}: no such date {value!r}") from None


def sparql_date_filters(var: str, since: str | None, until: str | None) -> str:
    """FILTERs keeping `var` (a date or dateTime) within [since, until]; rows where it is unbound are dropped
    when either bound is given."""
    parts = []
    if since:
        parts.append(f"FILTER(BOUND({var}) && STR({var}) >= {string_literal(since)})")
    if until:
        parts.append(f"FILTER(BOUND({var}) && SUBSTR(STR({var}), 1, {len(until)}) <= {string_literal(until)})")
    return "\n  ".join(parts)


def in_window(day: str | None, since: str | None, until: str | None) -> bool:
    """True when a date (YYYY-MM-DD) falls in [since, until], by the same rule as `sparql_date_filters`; an
    undated item is in no window but the unbounded one.

    >>> in_window("2026-02-28", None, "2026-02"), in_window("2026-03-01", None, "2026-02"), in_window(None, None, None)
    (True, False, True)
    """
    if since is None and until is None:
        return True
    if day is None:
        return False
    if since and day < since:
        return False
    return not (until and day[: len(until)] > until)

