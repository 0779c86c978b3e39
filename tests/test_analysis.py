"""Graph analysis: paths with evidence, timelines, neighbourhoods, storylines, centrality, and cache consistency."""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analysis.centrality import central_entities, pagerank
from graph.analysis.paths import shortest_paths
from graph.analysis.projections import Projections, ProjectionService, neighbourhood
from graph.analysis.related.index import RelatedIndex
from graph.analysis.related.service import RelatedService
from graph.analysis.storylines import storylines
from graph.analysis.timeline import entity_timeline
from graph.rdf.mapping import map_doc
from graph.settings import Settings
from graph.store import Store
from tests.test_related import make_doc, store_of

ANN, BO, CY = ("person-ann-lee", "Person"), ("person-bo-berg", "Person"), ("org-cyan-corp", "Company")
OSLO = ("place-oslo", "Place")


@pytest.fixture(scope="module")
def chain() -> tuple[Store, Projections]:
    """Ann Lee and Bo Berg never meet; Bo Berg and Cyan Corp meet in another article: Ann - Bo - Cyan."""
    docs = [
        make_doc(
            "d1",
            "Ann Lee met Bo Berg in Oslo.\nThe weather was fine.",
            {"Ann Lee": ANN, "Bo Berg": BO, "Oslo": OSLO},
            published="2026-01-05",
        ),
        make_doc(
            "d2",
            "Cyan Corp hired a new chief.\nBo Berg joined Cyan Corp on Monday.",
            {"Cyan Corp": CY, "Bo Berg": BO},
            published="2026-01-20",
        ),
        make_doc(
            "d3",
            "Ann Lee spoke in Oslo.\nShe praised the city.",
            {"Ann Lee": ANN, "Oslo": OSLO},
            published="2026-02-02",
        ),
    ]
    store = store_of(docs)
    return store, Projections(RelatedIndex.build(store))


def test_path_with_articles_and_sentences_for_every_edge(chain):
    store, proj = chain
    answer = shortest_paths(store, proj, "person-ann-lee", "org-cyan-corp")
    assert answer["from"]["label"] == "Ann Lee" and answer["to"]["type"] == "Company"
    path = answer["paths"][0]
    assert [n["id"] for n in path["nodes"]] == ["person-ann-lee", "person-bo-berg", "org-cyan-corp"]
    first, second = path["edges"]
    assert [a["id"] for a in first["articles"]] == ["d1"]
    assert first["sentences"] == [{"article": "d1", "start": 0, "end": 28, "text": "Ann Lee met Bo Berg in Oslo."}]
    assert [a["id"] for a in second["articles"]] == ["d2"]
    assert second["sentences"][0]["text"] == "Bo Berg joined Cyan Corp on Monday."
    # Oslo and Ann Lee share two articles: both are evidence, newest first, each with its sentence.
    direct = shortest_paths(store, proj, "place-oslo", "person-ann-lee")["paths"][0]
    assert direct["length"] == 1 and direct["edges"][0]["weight"] == 2
    assert [a["id"] for a in direct["edges"][0]["articles"]] == ["d3", "d1"]
    assert [s["article"] for s in direct["edges"][0]["sentences"]] == ["d3", "d1"]


def test_no_path_and_unknown_entity(chain):
    store, proj = chain
    assert shortest_paths(store, proj, "person-ann-lee", "person-ann-lee")["paths"] == []
    assert shortest_paths(store, proj, "person-ann-lee", "org-cyan-corp", max_hops=1)["paths"] == []
    with pytest.raises(KeyError):
        shortest_paths(store, proj, "person-ann-lee", "person-nobody")


def test_timeline_orders_articles_by_day_and_filters_by_window(chain):
    store, proj = chain
    timeline = entity_timeline(store, proj, "person-ann-lee")
    assert [d["date"] for d in timeline["days"]] == ["2026-01-05", "2026-02-02"]
    assert [a["id"] for a in timeline["days"][0]["articles"]] == ["d1"]
    assert timeline["days"][1]["articles"][0]["mentions"] == 1
    feb = entity_timeline(store, proj, "person-ann-lee", since="2026-02")
    assert [d["date"] for d in feb["days"]] == ["2026-02-02"]
    with pytest.raises(KeyError):
        entity_timeline(store, proj, "person-nobody")


def test_sample_timeline_has_the_arrest_event_before_the_reports(sample_store: Store):
    proj = Projections(RelatedIndex.build(sample_store))
    timeline = entity_timeline(sample_store, proj, "person-anders-kjaer-mortensen")
    dates = [d["date"] for d in timeline["days"] if d["date"]]
    assert dates == sorted(dates)
    reports = [a["id"] for d in timeline["days"] for a in d["articles"]]
    assert {"da-tele-01", "en-tele-01", "da-tele-04", "en-tele-04"} <= set(reports)
    arrests = [
        e
        for d in timeline["days"]
        for e in d["events"]
        if e["event_type"] == "arrest" and "da-tele-01" in e["articles"]
    ]
    assert arrests and arrests[0]["date"] <= "2026-02-06"


def test_neighbourhood_hops_types_and_weights(chain):
    _, proj = chain
    one = neighbourhood(proj, "person-ann-lee", hops=1)
    assert {n["id"] for n in one["nodes"]} == {"person-ann-lee", "person-bo-berg", "place-oslo"}
    oslo = next(n for n in one["nodes"] if n["id"] == "place-oslo")
    assert oslo["strength"] == 2.0  # co-mentioned in two articles
    two = neighbourhood(proj, "person-ann-lee", hops=2, type_="Company")
    assert [n["id"] for n in two["nodes"]] == ["person-ann-lee", "org-cyan-corp"]
    assert two["nodes"][1]["hops"] == 2
    with pytest.raises(KeyError):
        neighbourhood(proj, "person-nobody")


def test_storylines_follow_the_sample_stories_and_are_deterministic(sample_store: Store):
    proj = Projections(RelatedIndex.build(sample_store))
    lines = storylines(proj)
    assert lines == storylines(proj)
    assert sum(s["size"] for s in lines) >= 30
    for line in lines:
        stories = Counter(a["id"].split("-")[1] for a in line["articles"])
        story, count = stories.most_common(1)[0]
        assert count / line["size"] >= 0.75, (line["label"], stories)
        assert line["first"] <= line["last"]
    assert {Counter(a["id"].split("-")[1] for a in s["articles"]).most_common(1)[0][0] for s in lines} >= {
        "tele",
        "vind",
        "opkob",
        "skib",
    }
    march = storylines(proj, since="2026-03")
    assert all(a["date"] >= "2026-03-01" for s in march for a in s["articles"])


def test_central_entities_by_window_and_type(sample_store: Store):
    proj = Projections(RelatedIndex.build(sample_store))
    people = central_entities(proj, type_="Person", limit=5)
    assert len(people) == 5 and all(p["type"] == "Person" for p in people)
    assert [p["score"] for p in people] == sorted((p["score"] for p in people), reverse=True)
    assert "person-anders-kjaer-mortensen" in [p["id"] for p in people]
    early = central_entities(proj, until="2026-02-06", type_="Person", limit=50)
    assert "person-sofie-damgaard" not in [p["id"] for p in early]  # elected on 02-26
    with pytest.raises(ValueError):
        central_entities(proj, measure="fame")


def test_pagerank_matches_networkx():
    g = nx.karate_club_graph()
    for a, b in g.edges:
        g[a][b]["weight"] = 1 + (a * b) % 3
    ours = pagerank(g)
    reference = nx.algorithms.link_analysis.pagerank_alg._pagerank_python(g, weight="weight")
    assert max(abs(ours[n] - reference[n]) for n in g) < 1e-4


def test_projections_follow_new_ingests():
    store = store_of([make_doc("d1", "Ann Lee met Bo Berg.", {"Ann Lee": ANN, "Bo Berg": BO})])
    service = ProjectionService(RelatedService(store))
    assert set(service.current.entity_graph) == {"person-ann-lee", "person-bo-berg"}
    store.replace_articles([map_doc(make_doc("d2", "Bo Berg joined Cyan Corp.", {"Bo Berg": BO, "Cyan Corp": CY}))])
    assert service.current.entity_graph.has_edge("person-bo-berg", "org-cyan-corp")


@pytest.fixture(scope="module")
def client(sample_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store="memory:"), sample_store)) as c:  # the lifespan builds the services
        yield c


def test_api_analysis_routes(client: TestClient):
    paths = client.get("/paths", params={"from": "person-niels-broendum", "to": "person-thomas-gravgaard"}).json()
    edge = paths["paths"][0]["edges"][0]
    assert edge["articles"] and edge["sentences"]
    assert all("Brøndum" in s["text"] or "Gravgaard" in s["text"] for s in edge["sentences"])
    timeline = client.get("/entities/person-anders-kjaer-mortensen/timeline", params={"until": "2026-02-10"}).json()
    assert timeline["days"] and all(d["date"] is None or d["date"] <= "2026-02-10" for d in timeline["days"])
    hood = client.get(
        "/entities/person-anders-kjaer-mortensen/neighbourhood", params={"hops": 2, "type": "place"}
    ).json()
    assert all(n["type"] == "Place" for n in hood["nodes"][1:])
    assert client.get("/storylines", params={"since": "2026-02", "until": "2026-02"}).json()
    central = client.get("/central", params={"type": "Company", "limit": 3}).json()
    assert central and all(c["type"] == "Company" for c in central)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/paths?from=person-nobody&to=person-niels-broendum", 404),
        ("/paths?from=person-niels-broendum", 422),
        ("/entities/person-nobody/timeline", 404),
        ("/entities/person-nobody/neighbourhood", 404),
        ("/entities/person-niels-broendum/neighbourhood?hops=9", 422),
        ("/entities/person-niels-broendum/neighbourhood?type=Planet", 400),
        ("/central?measure=fame", 400),
        ("/storylines?since=soon", 422),
    ],
)
def test_api_analysis_bad_input(client: TestClient, url: str, status: int):
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_storylines_read_the_index_under_its_lock(sample_store: Store):
    """A write holding the index (ingest putting an article in) is waited for, not read halfway through."""
    proj = Projections(RelatedIndex.build(sample_store))
    expected = storylines(proj)
    result: list[list[dict]] = []
    with proj.index.writing():
        reader = threading.Thread(target=lambda: result.append(storylines(proj)))
        reader.start()
        reader.join(timeout=0.5)
        assert reader.is_alive() and not result  # waiting for the write
    reader.join(timeout=30)
    assert result == [expected]
