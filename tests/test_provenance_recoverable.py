"""Nothing lost by stating shared facts once: from the store, every assertion of the sample articles gives back its
article, its span's text, its sentence's text, its extractor (name and version) and its confidence, as the
annotated article (graph.model.Doc) had them; and the project's queries that read provenance answer from them.

Texts are no longer stored on spans (they are articleBody between the offsets) and the article is named through
the sentence, so these are the answers the old per-mention quads gave.
"""
from __future__ import annotations

import pytest

import graph
from graph.analysis.events import events_of_article, quotes_of, roles_of
from graph.analysis.paths import co_mention_sentences
from graph.extract.pipeline import Pipeline
from graph.model import Doc
from graph.rdf.iris import article_iri
from graph.rdf.mapping import article_id_of, map_doc
from graph.readers import read_paths
from graph.sparql.prefixes import PREFIXES
from graph.sparql.provenance import ARTICLE_PATH, CONFIDENCE_PATH, EXTRACTOR_PATH, span_text
from graph.store.oxigraph import OxigraphStore
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def docs(pipeline: Pipeline) -> dict[str, Doc]:
    out = {}
    for record in read_paths([SAMPLES]):
        doc = pipeline(record)
        out[article_id_of(doc)] = doc
    return out


@pytest.fixture(scope="module")
def store(docs: dict[str, Doc]) -> OxigraphStore:
    store = OxigraphStore(None)
    store.replace_articles([map_doc(doc) for doc in docs.values()])
    return store


# One query for every kind of assertion: its article, span text, sentence text, extractor and confidence.
EVIDENCE = PREFIXES + f"""
SELECT ?x ?a ?begin ?end ?text ?sentence ?label ?version ?confidence WHERE {{
  ?x {ARTICLE_PATH} ?a ; {EXTRACTOR_PATH} ?agent ; {CONFIDENCE_PATH} ?confidence .
  ?agent rdfs:label ?label ; schema:softwareVersion ?version .
  ?a schema:articleBody ?body .
  OPTIONAL {{ ?x nif:beginIndex ?begin ; nif:endIndex ?end }}
  OPTIONAL {{ ?x nkg:sentence ?s . ?s nif:beginIndex ?sb ; nif:endIndex ?se }}
  BIND({span_text("?body", "?begin", "?end")} AS ?text)
  BIND({span_text("?body", "?sb", "?se")} AS ?sentence)
}}"""


def _sentence_text(doc: Doc, index: int | None) -> str | None:
    return doc.sentences[index].text if index is not None and 0 <= index < len(doc.sentences) else None


def test_every_mention_gives_back_its_evidence(docs: dict[str, Doc], store: OxigraphStore) -> None:
    rows = {(r["a"], r["begin"], r["end"]): r for r in store.select(EVIDENCE) if r.get("begin") is not None}
    checked = 0
    for aid, doc in docs.items():
        for m in doc.mentions:
            if not m.entity_id or m.entity_id not in doc.entities:
                continue
            row = rows[(article_iri(aid), m.start, m.end)]
            assert row["text"] == m.text
            sentence = m.sentence if m.sentence is not None else doc.sentence_at(m.start)
            assert row["sentence"] == _sentence_text(doc, sentence)
            assert row["label"] == f"newskg {m.source or 'mentions'}" and row["version"] == graph.__version__
            assert row["confidence"] == pytest.approx(m.confidence, abs=1e-4)
            checked += 1
    assert checked > 100  # the samples name hundreds of entities


def test_events_quotes_and_roles_give_back_their_evidence(docs: dict[str, Doc], store: OxigraphStore) -> None:
    rows = {(r["a"], r["begin"], r["end"], r["label"]): r for r in store.select(EVIDENCE) if r.get("begin") is not None}
    kinds = {"events": 0, "quotes": 0, "roles": 0}
    for aid, doc in docs.items():
        spans = [("events", e.trigger_start, e.trigger_end, e.trigger, e.sentence, e.confidence) for e in doc.events]
        spans += [("quotes", q.start, q.end, q.text, q.sentence, q.confidence) for q in doc.quotes]
        spans += [("roles", r.start, r.end, doc.text[r.start:r.end], r.sentence, r.confidence)
                  for r in doc.roles if r.person in doc.entities]
        for component, start, end, text, sentence, confidence in spans:
            row = rows[(article_iri(aid), start, end, f"newskg {component}")]
            assert row["text"] == text
            assert row["sentence"] == _sentence_text(doc, sentence)
            assert row["confidence"] == pytest.approx(confidence, abs=1e-4)
            kinds[component] += 1
    assert all(n > 0 for n in kinds.values()), kinds


def test_the_project_queries_read_the_same_evidence(docs: dict[str, Doc], store: OxigraphStore) -> None:
    """events_of_article, quotes_of, roles_of and co_mention_sentences answer from the derived texts."""
    reported = [(aid, doc) for aid, doc in docs.items() if doc.events and doc.quotes]
    assert reported
    aid, doc = reported[0]
    got = events_of_article(store, aid)
    expected = {(e.trigger_start, e.trigger_end, e.trigger, _sentence_text(doc, e.sentence)) for e in doc.events}
    assert {(r["start"], r["end"], r["trigger"], r["sentence"]) for r in got} == expected
    quotes = quotes_of(store, article_id=aid)
    assert {(q["start"], q["end"], q["text"]) for q in quotes} == {(q.start, q.end, q.text) for q in doc.quotes}
    with_roles = next(a for a, d in docs.items() if any(r.person in d.entities for r in d.roles))
    assert {r["article"] for r in roles_of(store, article_id=with_roles)} == {with_roles}
    # Two entities named in one sentence: the sentence comes back whole, from the article body.
    for aid, doc in docs.items():
        by_sentence: dict[int, list[str]] = {}
        for m in doc.mentions:
            if m.entity_id in doc.entities and m.sentence is not None:
                by_sentence.setdefault(m.sentence, []).append(m.entity_id)
        pair = next(((i, ids) for i, ids in by_sentence.items() if len(set(ids)) > 1), None)
        if pair is None:
            continue
        index, ids = pair
        a, b = sorted(set(ids))[:2]
        rows = co_mention_sentences(store, a, b, [aid])
        assert doc.sentences[index].text in {r["text"] for r in rows}
        return
    pytest.fail("no sample sentence names two entities")
