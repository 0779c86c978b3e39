"""Sentence splitter: Danish and English abbreviations, dates, quotes, numbers, line breaks, and any input."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract.sentences import make_sentences, split_offsets, split_sentences
from graph.model import Article, Doc


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Aftalen er bl.a. indgået med hr. Jensen. Den træder i kraft 1. maj kl. 10. Prisen er ca. 12 mio. kr. "
            "Det er dyrt.",
            ["Aftalen er bl.a. indgået med hr. Jensen.", "Den træder i kraft 1. maj kl. 10.",
             "Prisen er ca. 12 mio. kr.", "Det er dyrt."],
        ),
        (
            "Skolen ligger f.eks. i nr. 5. Dvs. at den er tæt på. Den 24. november 2025 åbner den.",
            ["Skolen ligger f.eks. i nr. 5.", "Dvs. at den er tæt på.", "Den 24. november 2025 åbner den."],
        ),
        (
            "Budgettet mht. skolerne er 3 mia. kr. og ca. 40 pct. går til løn.",
            ["Budgettet mht. skolerne er 3 mia. kr. og ca. 40 pct. går til løn."],
        ),
        (
            "Mødet er den 24. November. Det blev aflyst.",
            ["Mødet er den 24. November.", "Det blev aflyst."],
        ),
        (
            "Kampen endte 2-1. Derefter gik alle hjem.",
            ["Kampen endte 2-1.", "Derefter gik alle hjem."],
        ),
        (
            "„Vi handler nu,“ siger han. Hun svarede: »Nej!« Det var slut.",
            ["„Vi handler nu,“ siger han.", "Hun svarede: »Nej!«", "Det var slut."],
        ),
        (
            "- Det hænger ikke sammen, siger hun. - Vi gør det igen.",
            ["- Det hænger ikke sammen, siger hun.", "- Vi gør det igen."],
        ),
    ],
)
def test_danish(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mr. Smith met Mrs. Jones and Dr. Patel. Growth was 3.5% in the year.",
            ["Mr. Smith met Mrs. Jones and Dr. Patel.", "Growth was 3.5% in the year."],
        ),
        (
            "Acme Inc. said sales rose. Acme Ltd. The firm disagreed.",
            ["Acme Inc. said sales rose.", "Acme Ltd.", "The firm disagreed."],
        ),
        (
            "The U.S. Army agreed. He lives in the U.S. The company said no.",
            ["The U.S. Army agreed.", "He lives in the U.S.", "The company said no."],
        ),
        (
            "It happened on Jan. 5 at No. 10 Downing Street. J. R. R. Tolkien was not there.",
            ["It happened on Jan. 5 at No. 10 Downing Street.", "J. R. R. Tolkien was not there."],
        ),
        (
            '"Stop it," he said. "Why?" she asked. "Because I said so." Then they left.',
            ['"Stop it," he said.', '"Why?" she asked.', '"Because I said so."', "Then they left."],
        ),
        (
            "Is this it? yes, it is. Wow! Great.",
            ["Is this it? yes, it is.", "Wow!", "Great."],
        ),
        (
            "The year ended... and then a new one began. The end.",
            ["The year ended... and then a new one began.", "The end."],
        ),
    ],
)
def test_english(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_paragraph_and_line_breaks() -> None:
    text = "Title without a period\nThe first paragraph. It goes on\n\nA second paragraph without end\n\nThird."
    assert texts(text) == ["Title without a period", "The first paragraph.", "It goes on",
                           "A second paragraph without end", "Third."]


def test_hard_wrapped_line_is_one_sentence() -> None:
    text = "This line is hard-wrapped and goes\non in lower case. Next one."
    assert texts(text) == ["This line is hard-wrapped and goes\non in lower case.", "Next one."]


def test_offsets_point_into_text_and_component_sets_doc() -> None:
    text = "  Første sætning. Anden sætning!\r\n\r\nTredje?  "
    doc = make_sentences()(Doc(article=Article(text=text), text=text))
    assert [s.text for s in doc.sentences] == ["Første sætning.", "Anden sætning!", "Tredje?"]
    for s in doc.sentences:
        assert text[s.start:s.end] == s.text
    assert doc.sentence_at(text.index("Anden")) == 1


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "...", "!!!", "1234", "\x00\x07", "中文。中文。", "a.b.c.d."])
def test_degenerate_input(text: str) -> None:
    for start, end in split_offsets(text):
        assert 0 <= start < end <= len(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=500)
       | st.lists(st.sampled_from(["bl.a.", "Mr.", "U.S.", "3.5", "1. maj", "kr.", "J.", "„", "“", "»", "«", '"',
                                   "?", "!", "...", "…", "\n", "\n\n", "\r\n", " ", "Det", "the", "中文", "مرحبا",
                                   "\t", "-", "(", ")", "Ltd."]), max_size=60).map("".join))
def test_spans_valid_sorted_non_overlapping(text: str) -> None:
    spans = split_offsets(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    # Every non-space character is in exactly one sentence.
    covered = sum(len(text[s:e]) - sum(c.isspace() for c in text[s:e]) for s, e in spans)
    assert covered == sum(not c.isspace() for c in text)


def test_huge_input() -> None:
    text = ("Det er en lang sætning uden ende " * 50_000) + "\n" + ("x. " * 100_000)
    spans = split_offsets(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
