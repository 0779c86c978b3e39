"""Copies: near-duplicate bodies found with MinHash/LSH; the earliest published is the original."""
from __future__ import annotations

import pytest

from graph.analysis.copies import CopyIndex, find_copies

WIRE = (
    "The central bank raised its main interest rate by a quarter point on Thursday, the third rise this year, "
    "saying inflation had stayed above its target for longer than expected. Economists had forecast the move. "
    "The governor told reporters that further rises could not be ruled out if wages kept growing at this pace, "
    "and that the bank would watch the housing market closely over the coming months."
)
OTHER = (
    "A new bridge across the harbour opened to cyclists and pedestrians on Saturday after three years of work. "
    "The city council said about twelve thousand people crossed it on the first day, far more than expected, "
    "and that the ferry service it replaces will stop at the end of the month."
)


def test_reprint_with_new_byline_and_a_dropped_sentence_is_a_copy_of_the_earliest():
    reprint = "By Staff Reporter. " + WIRE.replace(" Economists had forecast the move.", "")
    correction = WIRE + " Correction: an earlier version gave the wrong date."
    copies = find_copies(
        [("late", "2026-02-03", reprint), ("first", "2026-02-01", WIRE), ("fix", "2026-02-02", correction),
         ("other", "2026-02-01", OTHER)]
    )
    assert copies == {"late": "first", "fix": "first"}


def test_same_event_in_other_words_is_not_a_copy():
    retold = (
        "Interest rates went up again on Thursday as the central bank acted for a third time this year. "
        "Its governor warned of more to come while wage growth stays strong, and pointed to house prices as a risk."
    )
    assert find_copies([("a", "2026-02-01", WIRE), ("b", "2026-02-01", retold)]) == {}


def test_short_or_missing_bodies_are_never_copies_and_ties_go_to_the_smaller_id():
    index = CopyIndex()
    index.add("x", None, "Short note.")
    index.add("y", None, None)
    index.add("b", "2026-01-01", WIRE)
    index.add("a", "2026-01-01", WIRE)
    assert index.copy_of() == {"b": "a"}


def test_threshold_out_of_range_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        CopyIndex(threshold=1.5)
