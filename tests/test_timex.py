"""Time expressions resolved against the publication date (graph/extract/timex.py)."""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract.timex import anchor_date, find_timexes, interval, week_of

WED = date(2026, 11, 25)  # a Wednesday


def values(text: str, lang: str, anchor: date | None = WED) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_timexes(text, lang, anchor)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Han blev anholdt i går.", [("i går", "2026-11-24")]),
        ("Det skete i forgårs.", [("i forgårs", "2026-11-23")]),
        ("De mødtes tirsdag.", [("tirsdag", "2026-11-24")]),
        ("De mødtes onsdag.", [("onsdag", "2026-11-25")]),  # the day of publication itself
        ("De mødtes i mandags.", [("i mandags", "2026-11-23")]),
        ("De mødtes i onsdags.", [("i onsdags", "2026-11-18")]),  # strictly before publication
        ("De mødes på fredag.", [("på fredag", "2026-11-27")]),
        ("Det skete i sidste uge.", [("i sidste uge", "2026-W47")]),
        ("Aftalen kom den 24. november.", [("24. november", "2026-11-24")]),
        ("Valget var 3. marts 2019.", [("3. marts 2019", "2019-03-03")]),
        ("Det skete i fjor.", [("i fjor", "2025")]),
        ("Det skete for to dage siden.", [("for to dage siden", "2026-11-23")]),
        ("Han blev fyret 2026-10-01.", [("2026-10-01", "2026-10-01")]),
    ],
)
def test_danish(text: str, expected: list[tuple[str, str]]) -> None:
    assert values(text, "da") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He was arrested yesterday.", [("yesterday", "2026-11-24")]),
        ("They met on Monday.", [("on Monday", "2026-11-23")]),
        ("They met last Wednesday.", [("last Wednesday", "2026-11-18")]),
        ("They meet next Friday.", [("next Friday", "2026-11-27")]),
        ("It happened last week.", [("last week", "2026-W47")]),
        ("It happened earlier this week.", [("earlier this week", "2026-W48")]),
        ("The deal was signed on November 24.", [("November 24", "2026-11-24")]),
        ("The deal was signed on 24 November 2025.", [("24 November 2025", "2025-11-24")]),
        ("It happened 3 days ago.", [("3 days ago", "2026-11-22")]),
        ("It happened last month.", [("last month", "2026-10")]),
        ("It happened in 2019.", [("in 2019", "2019")]),
    ],
)
def test_english(text: str, expected: list[tuple[str, str]]) -> None:
    assert values(text, "en") == expected


def test_year_nearest_publication() -> None:
    # A date without a year in early January points back to last December.
    assert values("Det skete den 28. december.", "da", date(2027, 1, 3)) == [("28. december", "2026-12-28")]
    assert values("It happens on January 2.", "en", date(2026, 12, 30)) == [("January 2", "2027-01-02")]


def test_relative_needs_anchor() -> None:
    assert values("Han blev anholdt i går, den 3. marts 2019.", "da", None) == [("3. marts 2019", "2019-03-03")]
    assert anchor_date(None) is None
    assert anchor_date("not a date") is None
    assert anchor_date("2026-11-25T08:00:00Z") == WED


def test_may_is_not_a_month_in_lower_case() -> None:
    assert values("Prices may 3 times rise.", "en") == []


def test_interval_and_week() -> None:
    assert interval("2026-W47") == (date(2026, 11, 16), date(2026, 11, 22))
    assert interval("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert interval("2026") == (date(2026, 1, 1), date(2026, 12, 31))
    assert interval("2026-13") is None
    assert week_of("2026-11-24") == "2026-W48"
    assert week_of("2026-11") is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ai gårtsdmnlsuey0123456789.-,WNovember ")), max_size=80),
       st.sampled_from(["da", "en", None]))
def test_never_raises_and_values_are_iso(text: str, lang: str | None) -> None:
    for t in find_timexes(text, lang, WED):
        assert text[t.start:t.end] == t.text
        assert re.fullmatch(r"\d{4}(-W\d{2}|-\d{2}(-\d{2})?)?", t.value), t
        assert interval(t.value) is not None
