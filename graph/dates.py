"""Dates as the input gives them: parse ISO 8601 dates and datetimes leniently, never raising."""
from __future__ import annotations

from datetime import date, datetime


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
