"""Cross-document event identity end to end: articles through Pipeline.default(), mapped to RDF, queried in SPARQL.

Two articles (one Danish, one English) report one arrest; a third reports a similar arrest of someone else in
another country. The first two must share one event node linked to both articles and their sentences; the third
must stay apart. The README's provenance queries then run against a pyoxigraph store of the three graphs.
"""
from __future__ import annotations

import pytest
from pyoxigraph import Store

from graph.extract.pipeline import Pipeline
from graph.model import Article
from graph.rdf.iris import entity_iri, event_iri
from graph.rdf.mapping import map_doc
from graph.rdf.vocabulary import validate
from graph.sparql.prefixes import sparql_prefixes

DANISH = """Huawei-topchef anholdt i Canada

Canadisk politi anholdt i går Huaweis finanschef Meng Wanzhou i Vancouver. Hun er datter af Huaweis stifter Ren Zhengfei.

- Vi har ikke fået nogen oplysninger om sagen, siger Kinas udenrigsminister Wang Yi.

Ifølge Reuters er anholdelsen sket på foranledning af USA."""

ENGLISH = """Huawei executive arrested in Canada

Canadian authorities arrested Huawei's chief financial officer Meng Wanzhou in Vancouver on Tuesday. She is the daughter of Huawei founder Ren Zhengfei.

"We have not received any information about the case," Chinese foreign minister Wang Yi told Reuters."""

OTHER = """Journalist anholdt i Tyrkiet

Tyrkisk politi anholdt tirsdag den svenske journalist Joakim Medin i Istanbul. Det oplyser Sveriges udenrigsministerium."""


@pytest.fixture(scope="module")
def docs():
    pipeline = Pipeline.default()
    return {
        "da": pipeline(Article(text=DANISH, id="da-huawei", published="2026-11-25", title="Huawei-topchef anholdt")),
        "en": pipeline(Article(text=ENGLISH, id="en-huawei", published="2026-11-25T10:00:00Z",
                               title="Huawei executive arrested")),
        "other": pipeline(Article(text=OTHER, id="da-turkey", published="2026-11-26")),
    }


@pytest.fixture(scope="module")
def store(docs) -> Store:
    store = Store()
    for doc in docs.values():
        store.extend(map_doc(doc).quads)
    return store


def select(store: Store, query: str) -> list[dict[str, str]]:
    result = store.query(sparql_prefixes() + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def arrest_of(doc, person: str) -> str:
    ids = {e.id for e in doc.events if e.type == "arrest" and any(p.entity_id == person for p in e.participants)}
    assert len(ids) == 1, doc.events
    return ids.pop()


def test_the_same_arrest_in_two_languages_is_one_event(docs) -> None:
    meng = "person-meng-wanzhou"
    assert arrest_of(docs["da"], meng) == arrest_of(docs["en"], meng)
    # every arrest report of each article (headline included) points at that one event
    for lang in ("da", "en"):
        assert {e.id for e in docs[lang].events if e.type == "arrest"} == {arrest_of(docs[lang], meng)}


def test_a_similar_arrest_elsewhere_stays_apart(docs) -> None:
    turkey = {e.id for e in docs["other"].events if e.type == "arrest"}
    assert turkey and arrest_of(docs["da"], "person-meng-wanzhou") not in turkey


def test_extract_output_has_events_quotes_and_relations(docs) -> None:
    out = docs["da"].to_json()
    assert any(e["type"] == "arrest" and e["time"] == "2026-11-24" for e in out["events"])
    assert any(q["speaker"] == "person-wang-yi" and q["kind"] == "direct" for q in out["quotes"])
    assert any(r.get("predicate") == "worksFor" and r["object"] == "org-huawei" for r in out["relations"])


def test_graphs_conform_to_the_shapes(docs) -> None:
    for doc in docs.values():
        conforms, report = validate(map_doc(doc).quads)
        assert conforms, report


def test_which_articles_support_the_event(docs, store) -> None:
    event = arrest_of(docs["da"], "person-meng-wanzhou")
    rows = select(store, f"""
SELECT ?article ?sentence ?extractor ?confidence WHERE {{
  ?report nkg:reports <{event_iri(event)}> ;
          prov:qualifiedAttribution [ prov:agent ?extractor ; nkg:confidence ?confidence ] ;
          nkg:sentence ?s .
  ?s nif:referenceContext ?article ; nif:beginIndex ?b ; nif:endIndex ?e .
  ?article schema:articleBody ?body .
  BIND(STR(SUBSTR(?body, ?b + 1, ?e - ?b)) AS ?sentence)
}} ORDER BY DESC(?confidence)""")
    assert {r["article"].rsplit("/", 1)[1] for r in rows} == {"da-huawei", "en-huawei"}
    assert any("Meng Wanzhou i Vancouver" in r["sentence"] for r in rows)
    assert all(r["extractor"].endswith("/events/" + __import__("graph").__version__) for r in rows)
    assert all(0 < float(r["confidence"]) <= 1 for r in rows)


def test_all_quotes_by_a_person(store) -> None:
    rows = select(store, f"""
SELECT ?text ?kind ?article ?begin ?end WHERE {{
  ?q schema:spokenByCharacter <{entity_iri("person-wang-yi")}> ;
     schema:text ?text ; nkg:quoteKind ?kind ; nkg:sentence/nif:referenceContext ?article ;
     nif:beginIndex ?begin ; nif:endIndex ?end .
}}""")
    texts = {r["text"] for r in rows}
    assert texts == {
        "Vi har ikke fået nogen oplysninger om sagen",
        "We have not received any information about the case",
    }
    for r in rows:
        body = DANISH if r["article"].endswith("da-huawei") else ENGLISH
        assert body[int(r["begin"]):int(r["end"])] == r["text"]


def test_events_in_a_country_in_a_date_range(docs, store) -> None:
    query = """
SELECT DISTINCT ?event ?label WHERE {{
  ?event a sem:Event ; skos:prefLabel ?label ;
         sem:hasEarliestBeginTimeStamp ?from ; sem:hasLatestEndTimeStamp ?to .
  {{ ?event sem:hasPlace <{c}> }} UNION {{ ?event sem:hasPlace/schema:containedInPlace <{c}> }}
  UNION {{ ?event sem:hasActor <{c}> }}
  FILTER(?from <= "{until}"^^xsd:date && ?to >= "{since}"^^xsd:date)
}}"""
    meng = event_iri(arrest_of(docs["da"], "person-meng-wanzhou"))
    canada = entity_iri("country-ca")
    found = {r["event"] for r in select(store, query.format(c=canada, since="2026-11-20", until="2026-11-30"))}
    assert found == {meng}
    assert select(store, query.format(c=canada, since="2026-12-01", until="2026-12-31")) == []


def test_roles_are_queryable_with_their_date(store) -> None:
    rows = select(store, f"""
SELECT ?role ?org ?on WHERE {{
  <{entity_iri("person-meng-wanzhou")}> nkg:holdsRole ?r .
  ?r schema:roleName ?role ; nkg:roleAt ?org ; nkg:observedOn ?on .
}}""")
    assert {(r["role"], r["org"], r["on"]) for r in rows} == {
        ("finanschef", entity_iri("org-huawei"), "2026-11-25"),
        ("chief financial officer", entity_iri("org-huawei"), "2026-11-25"),
    }


@pytest.fixture(scope="module")
def client(docs):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.settings import Settings
    from graph.store.oxigraph import OxigraphStore

    store = OxigraphStore(None)
    store.replace_articles([map_doc(doc) for doc in docs.values()])
    with TestClient(create_app(Settings(store="memory:"), store)) as client:
        yield client
    store.close()


def test_api_lists_and_shows_events(docs, client) -> None:
    meng = arrest_of(docs["da"], "person-meng-wanzhou")
    listed = client.get("/events", params={"type": "arrest"}).json()
    by_id = {e["id"]: e for e in listed}
    assert by_id[meng]["articles"] == 2 and by_id[meng]["reports"] >= 4
    assert len(by_id) >= 2  # the Turkish arrest is listed on its own
    in_canada = client.get("/events", params={"country": "CA", "since": "2026-11", "until": "2026-11-30"}).json()
    assert [e["id"] for e in in_canada] == [meng]
    assert client.get("/events", params={"entity": "person-meng-wanzhou"}).json()[0]["id"] == meng

    one = client.get(f"/events/{meng}").json()
    assert one["type"] == "arrest" and one["time"] == ["2026-11-24"]
    assert {a["id"] for a in one["articles"]} == {"da-huawei", "en-huawei"}
    assert any(p["id"] == "person-meng-wanzhou" and p["role"] == "patient" for p in one["participants"])
    assert all(r["sentence"] and 0 < r["confidence"] <= 1 for r in one["reports"])


def test_api_entity_and_article_views(client) -> None:
    quotes = client.get("/entities/person-wang-yi/quotes").json()
    assert {q["article"] for q in quotes} == {"da-huawei", "en-huawei"}
    roles = client.get("/entities/person-meng-wanzhou/roles").json()
    assert {(r["role"], r["org"], r["date"]) for r in roles} >= {("finanschef", "org-huawei", "2026-11-25")}
    article = client.get("/articles/da-huawei/events").json()
    assert {e["type"] for e in article["events"]} == {"arrest"} and article["quotes"] and article["roles"]


def test_api_bad_input_is_a_clear_4xx(client) -> None:
    assert client.get("/events/event-arrest-000000000000").status_code == 404
    bad = client.get("/events", params={"type": "picnic"})
    assert bad.status_code == 400 and "unknown event type" in bad.json()["detail"]
    assert client.get("/events", params={"country": "Canada!"}).status_code == 400
    assert client.get("/events", params={"since": "2026-13-45"}).status_code in (400, 422)
    assert client.get("/events", params={"limit": 0}).status_code == 422


def test_sample_articles_share_events_across_languages(sample_store) -> None:
    """The bundled samples report the same stories in Danish and English: some events must be shared."""
    from graph.analysis.events import get_event, list_events

    events = list_events(sample_store, limit=1000)
    assert len(events) >= 20
    shared = [e for e in events if e["articles"] >= 2]
    assert shared
    langs = set()
    for e in shared:
        for a in get_event(sample_store, e["id"])["articles"]:
            langs.add(a["id"].split("-", 1)[0])
    assert {"da", "en"} <= langs
