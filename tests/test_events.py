"""Typed events with participants, place and time (graph/extract/events.py), measured on our gold sentences."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract.events import EVENT_TYPES, EventExtractor, clauses, event_id, trigger_words
from graph.extract.lexicons import read_table
from graph.extract.roles import RoleExtractor
from graph.extract.text import Lexicon
from graph.model import Participant
from tests.support.gold import evaluate, make_doc, mismatches

roles, events = RoleExtractor(), EventExtractor()


def run(doc):
    return events(roles(doc))


# Floors on the gold of tests/gold/events_{da,en}.jsonl (37 texts per language, written and annotated by us).
FLOORS = {"events": (0.9, 0.9), "participants": (0.85, 0.85), "places": (0.85, 0.85), "times": (0.9, 0.9)}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_gold_precision_and_recall(lang: str) -> None:
    scores = evaluate(lang, run)
    for part in FLOORS:
        p, r, f = scores[part]
        print(f"{lang} {part:12s} P={p:.2f} R={r:.2f} F1={f:.2f}")
    failing = {part: scores[part][:2] for part, (pmin, rmin) in FLOORS.items()
               if scores[part][0] < pmin or scores[part][1] < rmin}
    assert not failing, (failing, "\n".join(mismatches(lang, run)))


def test_gold_files_are_big_enough() -> None:
    from tests.support.gold import load_gold

    for lang in ("da", "en"):
        items = load_gold(lang)
        assert len(items) >= 20
        assert sum(len(i["events"]) for i in items) >= 20
        assert {e["type"] for i in items for e in i["events"]} <= set(EVENT_TYPES)


def test_every_lexicon_type_is_in_the_typology() -> None:
    for lang in ("da", "en"):
        for row in read_table(f"events_{lang}.tsv"):
            assert row[1] in EVENT_TYPES, row
        assert trigger_words(lang).match(["arrested" if lang == "en" else "anholdt"], 0).value[0] == "arrest"


def test_lexicon_forms() -> None:
    lex = Lexicon(
        [("anhold*", "arrest"), ("*angreb", "attack"), ("taken into custody", "arrest"), ("valg", "election")]
    )
    assert lex.match(["anholdelsen"], 0).kind == "stem"
    assert lex.match(["droneangreb"], 0).kind == "head"
    assert lex.match(["angreb"], 0).kind == "exact"  # a head is also a word of its own
    assert lex.match(["kina-valg"], 0).value == "election"
    assert lex.match(["was", "taken", "into", "custody"], 1).length == 3
    assert lex.match(["reb"], 0) is None


def test_passive_voice_makes_the_subject_the_patient() -> None:
    doc = make_doc(
        "Meng Wanzhou blev anholdt af Vancouver-politiet.",
        "da",
        [["Meng Wanzhou", "Person", "person-meng-wanzhou"], ["Vancouver-politiet", "Organization", "org-vp"]],
    )
    (event,) = run(doc).events
    assert {(p.entity_id, p.role) for p in event.participants} == {
        ("person-meng-wanzhou", "patient"),
        ("org-vp", "agent"),
    }


def test_negated_trigger_is_no_event() -> None:
    doc = make_doc("Police did not arrest Meng Wanzhou.", "en", [["Meng Wanzhou", "Person", "person-meng"]])
    assert run(doc).events == []


def test_participants_only_from_the_triggers_clause() -> None:
    text = "Politiet anholdt Meng Wanzhou i Vancouver, men Huawei har ikke kommenteret sagen."
    doc = make_doc(text, "da", [["Meng Wanzhou", "Person", "person-meng"], ["Huawei", "Company", "org-huawei"],
                                ["Vancouver", "Place", "place-vancouver"]], "2026-11-25")
    (event,) = run(doc).events
    assert [p.entity_id for p in event.participants] == ["person-meng"]
    assert event.place == "place-vancouver"
    assert clauses(text, "da", 0, len(text))[1][0] == text.index("men Huawei")


def test_trigger_inside_a_name_is_no_event() -> None:
    doc = make_doc("Valgkommissionen i Kenya holdt pressemøde.", "da",
                   [["Valgkommissionen", "Organization", "org-valgkommissionen"], ["Kenya", "Country", "country-ke"]])
    assert [e.type for e in run(doc).events] == []


def test_only_the_article_body_is_read() -> None:
    text = "Politiet anholdt Meng Wanzhou i går.\nLæs også: Politiet anholdt Ren Zhengfei."
    doc = make_doc(text, "da", [["Meng Wanzhou", "Person", "person-meng"], ["Ren Zhengfei", "Person", "person-ren"]],
                   "2026-11-25")
    doc.body = (0, text.index("\n"))
    assert [p.entity_id for e in run(doc).events for p in e.participants] == ["person-meng"]


def test_relative_time_is_resolved_against_publication() -> None:
    doc = make_doc("Israel angreb i mandags mål i Libanon.", "da",
                   [["Israel", "Country", "country-il"], ["Libanon", "Country", "country-lb"]], "2026-11-25")
    (event,) = run(doc).events
    assert (event.type, event.time, event.place) == ("attack", "2026-11-23", "country-lb")
    assert event.participants == [Participant("country-il", "agent")]


def test_event_id_key() -> None:
    meng = [Participant("person-meng", "patient"), Participant("country-ca", "agent")]
    police = [Participant("person-meng", "patient"), Participant("org-rcmp", "agent")]
    # the arresting side does not change an arrest's identity; the week does, and so does the arrested person
    assert event_id("arrest", meng, "place-vancouver", "2026-W48")[0] == event_id("arrest", police, None, "2026-W48")[0]
    assert event_id("arrest", meng, None, "2026-W48")[0] != event_id("arrest", meng, None, "2026-W49")[0]
    other = [Participant("person-ren", "patient")]
    assert event_id("arrest", meng, None, "2026-W48")[0] != event_id("arrest", other, None, "2026-W48")[0]
    # without participants the place keys it; without either it is local to the article
    assert event_id("protest", [], "place-tbilisi", "2026-W48")[1] == "place"
    assert event_id("attack", [], None, "2026-W48", "a:1:0")[1] == "local"
    assert event_id("arrest", meng, None, "2026-W48")[0].startswith("event-arrest-")


def test_headline_report_takes_the_articles_event() -> None:
    text = "Huawei-topchef anholdt i Canada\n\nPolitiet anholdt i går Huaweis finanschef Meng Wanzhou i Vancouver."
    doc = make_doc(text, "da", [["Huawei", "Company", "org-huawei"], ["Canada", "Country", "country-ca"],
                                ["Huaweis", "Company", "org-huawei"], ["Meng Wanzhou", "Person", "person-meng"],
                                ["Vancouver", "Place", "place-vancouver"]], "2026-11-25")
    found = run(doc).events
    assert len(found) == 2 and found[0].id == found[1].id
    assert found[0].participants == []  # "Huawei" describes the unnamed "topchef", it is not arrested itself


def test_typology_concepts_cover_every_type_and_role() -> None:
    from pathlib import Path

    import pyoxigraph as ox

    from graph.rdf.assertions import event_type_iri, role_type_iri
    from graph.rdf.namespaces import SKOS

    store = ox.Store()
    store.load(path=str(Path(__file__).resolve().parents[1] / "ontology" / "event-types.ttl"),
               format=ox.RdfFormat.TURTLE)
    in_scheme = ox.NamedNode(SKOS + "inScheme")
    concepts = {q.subject.value for q in store.quads_for_pattern(None, in_scheme, None)}
    assert {event_type_iri(code) for code in EVENT_TYPES} | {role_type_iri(r) for r in ("agent", "patient", "other")} \
        == concepts
    labels = {
        (q.subject.value, q.object.language)
        for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "prefLabel"), None)
    }
    assert all((event_type_iri(code), lang) in labels for code in EVENT_TYPES for lang in ("da", "en"))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(list("abc XYZ æøå.,;:-–\"“”'sI\n") + ["anholdt", " arrested ", " i går ", " siger ",
                                                                   " said ", " minister ", " of ", " af "]),
             max_size=60).map("".join),
    st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30), st.sampled_from(
        ["Person", "Organization", "Company", "Country", "Place", "Event"])), max_size=6),
    st.sampled_from(["da", "en", None, "de"]),
    st.sampled_from(["2026-11-25", None, "garbage", "2026-11-25T23:59:59+02:00"]),
)
def test_components_never_raise_on_odd_documents(text, spans, lang, published) -> None:
    from graph.extract.quotes import QuoteExtractor
    from graph.model import Article, Doc, Mention
    from tests.support.gold import split_sentences

    doc = Doc(article=Article(text=text, id="x", published=published), text=text, lang=lang)
    doc.sentences = split_sentences(text)
    for i, (start, length, type_) in enumerate(spans):
        start = min(start, len(text))
        end = min(len(text), start + length)
        if end > start:  # entity ids without an entity record, and mentions without a sentence index
            doc.mentions.append(Mention(start, end, text[start:end], type_, f"{type_.lower()}-{i}" if i % 3 else None))
    doc = QuoteExtractor()(events(roles(doc)))
    for e in doc.events:
        assert e.type in EVENT_TYPES and e.id.startswith(f"event-{e.type}-")
        assert text[e.trigger_start:e.trigger_end] == e.trigger
    for q in doc.quotes:
        assert text[q.start:q.end] == q.text
    for r in doc.roles:
        assert 0 <= r.start < r.end <= len(text)
