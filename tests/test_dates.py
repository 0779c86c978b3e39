"""graph/dates.py: since/until bounds, and the SPARQL filter and the Python window check keeping the same dates."""
from __future__ import annotations

import doctest
from datetime import date

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

import graph.dates
from graph.dates import bound_date, check_bound, in_window, sparql_date_filters


def test_doctests() -> None:
    assert doctest.testmod(graph.dates).failed == 0


@pytest.mark.parametrize("value", ["2026", "2026-02", "2026-02-03"])
def test_check_bound_keeps_a_date_as_given(value: str) -> None:
    assert check_bound(value, "since") == value


@pytest.mark.parametrize("value", ["26", "2026-2", "2026/02/03", "2026-02-03T10:00", "yesterday"])
def test_check_bound_names_the_parameter(value: str) -> None:
    with pytest.raises(ValueError, match="^until must be a date"):
        check_bound(value, "until")


def test_check_bound_empty_is_no_bound() -> None:
    assert check_bound(None, "since") is None and check_bound("", "since") is None


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2026", False, date(2026, 1, 1)),
        ("2026", True, date(2026, 12, 31)),
        ("2026-02", True, date(2026, 2, 28)),
        ("2024-02", True, date(2024, 2, 29)),
        ("2026-12", True, date(2026, 12, 31)),
        ("2026-03-04", True, date(2026, 3, 4)),
    ],
)
def test_bound_date(value: str, end: bool, expected: date) -> None:
    assert bound_date(value, "until", end=end) == expected


@pytest.mark.parametrize("value", ["0000", "2026-13", "2026-00", "2026-02-30", "2026-2-3", "x"])
def test_bound_date_rejects_with_the_parameter_name(value: str) -> None:
    with pytest.raises(ValueError, match="^since: "):
        bound_date(value, "since", end=False)


XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat)
BOUNDS = st.none() | DAYS.flatmap(lambda d: st.sampled_from([d[:4], d[:7], d]))


@given(days=st.lists(DAYS, max_size=8, unique=True), since=BOUNDS, until=BOUNDS)
def test_sparql_filter_and_in_window_keep_the_same_dates(days: list[str], since: str | None, until: str | None) -> None:
    store = ox.Store()
    pred = ox.NamedNode("http://example.org/date")
    for k, d in enumerate(days):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/a{k}"), pred, ox.Literal(d, datatype=XSD_DATE)))
    undated = ox.NamedNode("http://example.org/undated")
    store.add(ox.Quad(undated, ox.NamedNode("http://example.org/p"), ox.Literal("x")))
    query = (
        "SELECT ?a ?d WHERE { ?a ?p ?o OPTIONAL { ?a <http://example.org/date> ?d } "
        + sparql_date_filters("?d", since, until) + " }"
    )
    kept = {str(s["d"].value) if s["d"] is not None else None for s in store.query(query)}
    expected = {d for d in [*days, None] if in_window(d, since, until)}
    assert kept == expected
