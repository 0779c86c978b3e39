"""Direct and reported quotes with their speakers (graph/extract/quotes.py), measured on our gold sentences."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract.quotes import QuoteExtractor
from graph.extract.roles import RoleExtractor
from tests.support.gold import evaluate, make_doc, mismatches

roles, quotes = RoleExtractor(), QuoteExtractor()
MF = ["Mette Frederiksen", "Person", "person-mette-frederiksen"]


def run(doc):
    return quotes(roles(doc))


def found(text: str, lang: str, mentions: list[list[str]]) -> list[tuple[str | None, str, str]]:
    return [(q.speaker, q.kind, q.text) for q in run(make_doc(text, lang, mentions, "2026-11-25")).quotes]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_gold_precision_and_recall(lang: str) -> None:
    p, r, f = evaluate(lang, run)["quotes"]
    print(f"{lang} quotes P={p:.2f} R={r:.2f} F1={f:.2f}")
    assert p >= 0.9 and r >= 0.85, "\n".join(mismatches(lang, run))


def test_direct_quote_with_cue_after() -> None:
    assert found("“Vi handler nu,” siger Mette Frederiksen.", "da", [MF]) == [
        ("person-mette-frederiksen", "direct", "Vi handler nu")]
    assert found('"We act now," Mette Frederiksen said.', "en", [MF]) == [
        ("person-mette-frederiksen", "direct", "We act now")]


def test_danish_dash_quote() -> None:
    assert found("- Vi handler nu og hurtigt, siger Mette Frederiksen til TV 2.", "da", [MF]) == [
        ("person-mette-frederiksen", "direct", "Vi handler nu og hurtigt")]


def test_cue_before_quote() -> None:
    assert found('Mette Frederiksen said on Tuesday: "We will act now."', "en", [MF]) == [
        ("person-mette-frederiksen", "direct", "We will act now.")]


def test_reported_speech() -> None:
    assert found("Mette Frederiksen siger, at regeringen vil handle.", "da", [MF]) == [
        ("person-mette-frederiksen", "reported", "regeringen vil handle")]
    assert found("Regeringen vil handle hurtigt, ifølge Mette Frederiksen.", "da", [MF]) == [
        ("person-mette-frederiksen", "reported", "Regeringen vil handle hurtigt")]
    assert found("According to Mette Frederiksen, the government will act.", "en", [MF]) == [
        ("person-mette-frederiksen", "reported", "the government will act")]


def test_pronoun_speaker_is_the_last_person_named() -> None:
    text = "Mette Frederiksen besøgte Kyiv. “Vi står sammen med Ukraine,” sagde hun."
    assert found(text, "da", [MF, ["Kyiv", "Place", "place-kyiv"], ["Ukraine", "Country", "country-ua"]]) == [
        ("person-mette-frederiksen", "direct", "Vi står sammen med Ukraine")]


def test_role_noun_speaker_is_the_role_holder() -> None:
    text = 'Prime minister Mette Frederiksen arrived late. "We stand with Ukraine," the minister said.'
    assert found(text, "en", [MF]) == [("person-mette-frederiksen", "direct", "We stand with Ukraine")]


def test_role_phrase_gives_the_person_not_the_organisation() -> None:
    text = "“Det er uacceptabelt og farligt,” siger NATO's generalsekretær Mark Rutte."
    got = found(text, "da", [["NATO", "Organization", "org-nato"], ["Mark Rutte", "Person", "person-mark-rutte"]])
    assert got == [("person-mark-rutte", "direct", "Det er uacceptabelt og farligt")]


def test_no_speaker_no_quote_and_scare_quotes_are_not_quotes() -> None:
    assert found("“Vi handler nu,” siger en kilde.", "da", []) == []
    assert found('The so-called "reform" failed, Mette Frederiksen wrote.', "en", [MF]) == [
        ("person-mette-frederiksen", "reported", 'The so-called "reform" failed')]


def test_only_the_article_body_is_read() -> None:
    text = "Mette Frederiksen siger, at regeringen vil handle.\nMette Frederiksen siger, at reklamen er slut."
    doc = make_doc(text, "da", [MF], "2026-11-25")
    doc.body = (0, text.index("\n"))
    assert [q.text for q in run(doc).quotes] == ["regeringen vil handle"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('“”"«»-–, .siger said Mette Frederiksen at that ifølge\n')), max_size=120))
def test_never_raises_and_spans_match(text: str) -> None:
    doc = make_doc(text, "da", [MF] if "Mette Frederiksen" in text else [], "2026-11-25")
    for q in run(doc).quotes:
        assert text[q.start:q.end] == q.text and q.start < q.end
