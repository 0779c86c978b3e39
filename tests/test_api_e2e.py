"""End to end over real HTTP: the sample articles ingested, a live uvicorn server on 127.0.0.1, real requests."""
from __future__ import annotations

import re

import httpx

CO_MENTIONS = """
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?other (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?company a schema:Corporation ; skos:prefLabel ?name . FILTER(CONTAINS(?name, "Vestkyst"))
  ?article schema:mentions ?company , ?other .
  ?other skos:prefLabel ?l . FILTER(?other != ?company && LANG(?l) IN ("", "en"))
} GROUP BY ?other ORDER BY DESC(?articles)
"""


def test_health_counts_the_samples(http: httpx.Client):
    body = http.get("/health").json()
    assert body["status"] == "ok"
    assert body["articles"] == 36


def test_articles_list_and_filters(http: httpx.Client):
    everything = http.get("/articles", params={"limit": 100}).json()
    assert len(everything) == 36
    english = http.get("/articles", params={"lang": "en", "limit": 100}).json()
    assert english and all(a["lang"] == "en" for a in english)
    march = http.get("/articles", params={"since": "2026-03-01", "limit": 100}).json()
    assert march and all(a["date"] >= "2026-03-01" for a in march)


def test_one_article_with_its_entities(http: httpx.Client):
    article = http.get("/articles/da-vind-01").json()
    assert article["title"] and article["lang"] == "da"
    labels = {e["label"] for e in article["entities"]}
    assert any("Vestkyst Vind" in label for label in labels)
    assert "Karen Holm Lindqvist" in labels
    types = {e["label"]: e["type"] for e in article["entities"]}
    assert types["Karen Holm Lindqvist"] == "Person"
    assert article["events"] and all({"id", "type", "trigger", "sentence"} <= set(e) for e in article["events"])
    assert article["quotes"] and all(q["article"] == "da-vind-01" for q in article["quotes"])


def test_sparql_answers_who_is_co_mentioned_with_a_company(http: httpx.Client):
    response = http.get("/sparql", params={"query": CO_MENTIONS}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    rows = response.json()["results"]["bindings"]
    labels = {r["label"]["value"] for r in rows}
    assert "Karen Holm Lindqvist" in labels
    assert int(rows[0]["articles"]["value"]) >= 2


def test_sparql_post_form_gives_the_same_answer(http: httpx.Client):
    get = http.get(
        "/sparql", params={"query": CO_MENTIONS}, headers={"Accept": "application/sparql-results+json"}
    ).json()
    post = http.post(
        "/sparql", data={"query": CO_MENTIONS}, headers={"Accept": "application/sparql-results+json"}
    ).json()
    assert get == post


def test_related_stories_come_with_reasons(http: httpx.Client):
    related = http.get("/articles/da-tele-01/related", params={"limit": 5}).json()
    assert len(related) == 5
    assert [r["score"] for r in related] == sorted((r["score"] for r in related), reverse=True)
    for r in related:
        assert set(r) >= {"id", "title", "score", "shared"}
        assert r["shared"], f"{r['id']} has no reasons"
        assert all({"id", "label", "type"} <= set(s) for s in r["shared"])
    # The other reports of the same arrest story rank first.
    assert sum(r["id"].split("-")[1] == "tele" for r in related[:3]) == 3
    assert any(s["label"].endswith("Mortensen") for s in related[0]["shared"])


def test_entity_search_and_detail(http: httpx.Client):
    found = http.get("/entities", params={"q": "lindqvist", "type": "Person"}).json()
    assert found[0]["id"] == "person-karen-holm-lindqvist"
    assert found[0]["articles"] >= 4
    person = http.get("/entities/person-karen-holm-lindqvist").json()
    assert person["type"] == "Person"
    assert {a["lang"] for a in person["articles"]} == {"da", "en"}
    assert any(q["speaker"] == "person-karen-holm-lindqvist" for q in person["quotes"])
    assert person["roles"] and person["events"] is not None
    denmark = http.get("/entities/country-dk").json()
    assert denmark["iso3166"] == "DK"
    assert "http://www.wikidata.org/entity/Q35" in denmark["same_as"]


def test_entity_page_draws_offline(http: httpx.Client):
    page = http.get("/viz/entity/person-karen-holm-lindqvist")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<script src=" not in page.text  # pyvis's vis-network is inline: no CDN, no second request
    external = [
        u for u in re.findall(r"""(?:src|href)\s*=\s*["'](https?://[^"']+)""", page.text) if "127.0.0.1" not in u
    ]
    assert external == []
    data = http.get("/viz/entity/person-karen-holm-lindqvist", params={"format": "json"}).json()
    assert len(data["nodes"]) > 3 and data["edges"]


def test_bad_requests_get_4xx_with_a_message(http: httpx.Client):
    cases = [
        (http.get("/articles/no-such-article"), 404),
        (http.get("/articles/no-such-article/related"), 404),
        (http.get("/entities/person-nobody-at-all"), 404),
        (http.get("/entities", params={"type": "Planet"}), 400),
        (http.get("/articles", params={"limit": 0}), 422),
        (http.get("/articles", params={"since": "last week"}), 422),
        (http.get("/sparql", params={"query": "SELEC ?x WHERE { ?x ?y ?z }"}), 400),
        (http.get("/sparql"), None),
        (http.get("/viz/entity/person-nobody-at-all"), 404),
    ]
    for response, status in cases:
        if status is None:
            assert response.status_code < 500
            continue
        assert response.status_code == status, (response.request.url, response.text[:200])
        if "json" in response.headers.get("content-type", ""):
            assert response.json()["detail"]


def test_vocabulary_files_are_served(http: httpx.Client):
    import rdflib

    onto = http.get("/ontology")
    assert onto.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=onto.text, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/newskg/ontology"), rdflib.RDF.type, rdflib.OWL.Ontology) in graph
    assert "sh:NodeShape" in http.get("/ontology/shapes").text
    assert "@context" in http.get("/context.jsonld").json()
