"""Stories and copies end to end: articles written here go in over HTTP and the CLI; stories and copies come out."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from graph.analysis.stories import StoryArticle, StoryIndex, Weights, story_id
from graph.settings import Settings
from graph.store.oxigraph import OxigraphStore

EN = {
    "id": "en-fire", "source": "Wire Daily", "lang": "en", "published": "2026-03-14T08:00:00Z",
    "title": "Fire destroys Odense warehouse of Lindqvist Logistik",
    "text": "Fire destroys Odense warehouse of Lindqvist Logistik\n"
    "A fire destroyed a warehouse of Lindqvist Logistik in Odense on 13 March 2026, the company said. "
    "About 120 firefighters fought the blaze for 14 hours. Chief executive Karen Holm Lindqvist said "
    "no one was hurt and that the damage was estimated at 45 million kroner. Police in Funen are investigating "
    "the cause of the fire, which started shortly after 22:00 in the northern part of the building.",
}
DA = {
    "id": "da-brand", "source": "Fyens Avis", "lang": "da", "published": "2026-03-14T10:00:00Z",
    "title": "Brand ødelægger Lindqvist Logistiks lager i Odense",
    "text": "Brand ødelægger Lindqvist Logistiks lager i Odense\n"
    "En brand ødelagde den 13. marts 2026 et lager tilhørende Lindqvist Logistik i Odense. "
    "Omkring 120 brandfolk bekæmpede branden i 14 timer. Administrerende direktør Karen Holm Lindqvist siger, "
    "at ingen kom til skade, og at skaden anslås til 45 millioner kroner. Fyns Politi efterforsker årsagen "
    "til branden, som begyndte kort efter klokken 22:00 i den nordlige del af bygningen.",
}
# The wire text reprinted later by another outlet, with its own headline and byline.
COPY = {
    "id": "en-fire-reprint", "source": "Morning Post", "lang": "en", "published": "2026-03-14T12:00:00Z",
    "title": "Huge blaze in Odense",
    "text": "Huge blaze in Odense\nBy Morning Post staff\n" + EN["text"].split("\n", 1)[1],
}
OTHER = {
    "id": "en-budget", "source": "Wire Daily", "lang": "en", "published": "2026-03-15T08:00:00Z",
    "title": "Parliament passes the 2027 budget after late-night talks",
    "text": "Parliament passes the 2027 budget after late-night talks\n"
    "The Folketing passed next year's budget on Sunday after negotiations that lasted into the night. "
    "Finance minister Jens Aagaard said the deal funds more teachers and lowers taxes on pensions. "
    "Opposition parties voted against it, calling the spending plans unrealistic for a slowing economy.",
}


@pytest.fixture()
def client():
    store = OxigraphStore(None)
    app = create_app(Settings(store="memory:", write_token="t"), store)
    with TestClient(app, headers={"Authorization": "Bearer t"}) as c:
        yield c
    store.close()


def test_danish_english_and_copy_share_a_story_and_unrelated_stands_alone(client):
    resp = client.post("/articles", json=[EN, DA, COPY, OTHER])
    assert resp.status_code == 201, resp.text
    en, da, cp, other = (client.get(f"/articles/{a['id']}").json() for a in (EN, DA, COPY, OTHER))
    assert en["story"] == da["story"] == cp["story"] == story_id("en-fire")
    assert other["story"] != en["story"]
    assert cp["copy_of"] == "en-fire" and en["copies"] == ["en-fire-reprint"]
    assert en["copy_of"] is None and da["copy_of"] is None and other["copies"] == []

    cards = client.get("/stories").json()
    assert len(cards) == 2
    fire = client.get(f"/stories/{en['story']}").json()
    assert fire["articles"] == ["en-fire", "da-brand", "en-fire-reprint"]
    assert fire["first_source"] == "Wire Daily" and fire["languages"] == ["da", "en"]
    assert fire["sources"] == ["Fyens Avis", "Morning Post", "Wire Daily"]
    # One item per text: the reprint is folded into the wire text's item.
    texts = {t["id"]: t for t in fire["texts"]}
    assert set(texts) == {"en-fire", "da-brand"}
    assert texts["en-fire"]["also_published_by"] == [{"id": "en-fire-reprint", "source": "Morning Post"}]
    why = {t["id"]: t["why"] for t in fire["timeline"]}
    assert why["en-fire"]["reason"] == "first report" and why["da-brand"]["closest"] in ("en-fire", "en-fire-reprint")

    assert [c["id"] for c in client.get("/stories", params={"lang": "da"}).json()] == [en["story"]]
    assert client.get("/stories", params={"since": "2026-03-15"}).json()[0]["id"] == other["story"]
    assert client.get("/stories/story-nothing").status_code == 404
    assert client.get("/stories", params={"since": "March"}).status_code == 422

    # The story node is in the graph, queryable in SPARQL.
    q = ("PREFIX schema: <https://schema.org/> PREFIX nkg: <https://w3id.org/newskg/ontology#> "
         "SELECT (COUNT(?a) AS ?n) WHERE { ?s a nkg:Story ; schema:hasPart ?a }")
    rows = client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"}).json()
    assert int(rows["results"]["bindings"][0]["n"]["value"]) == 4


def test_a_later_article_joins_without_moving_the_others(client):
    assert client.post("/articles", json=[EN, OTHER]).status_code == 201
    before = {a: client.get(f"/articles/{a}").json()["story"] for a in ("en-fire", "en-budget")}
    assert client.post("/articles", json=DA).status_code == 201
    after = {a: client.get(f"/articles/{a}").json()["story"] for a in ("en-fire", "en-budget")}
    assert after == before
    assert client.get("/articles/da-brand").json()["story"] == before["en-fire"]


def test_cli_stories_json_and_table(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in (EN, DA, COPY, OTHER)), encoding="utf-8")
    store = str(tmp_path / "kg")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(path), "--store", store, "--quiet", "-w", "1"]).exit_code == 0
    out = runner.invoke(cli, ["stories", "--store", store, "--format", "json"])
    assert out.exit_code == 0, out.output
    cards = [json.loads(line) for line in out.output.splitlines()]
    assert [len(c["articles"]) for c in cards] == [1, 3]
    assert set(cards[1]) >= {"id", "title", "articles", "first_published", "first_source", "sources", "languages",
                             "entities", "events"}
    table = runner.invoke(cli, ["stories", "--store", store, "--format", "table"])
    assert table.exit_code == 0 and "Wire Daily" in table.output
    bad = runner.invoke(cli, ["stories", "--store", store, "--since", "soon"])
    assert bad.exit_code != 0 and "--since" in bad.output


def test_index_threshold_decides_between_joining_and_starting():
    a = StoryArticle("a", "2026-01-01", "en", "X", "Storm floods Aarhus harbour", "Storm floods Aarhus harbour " * 5)
    b = StoryArticle("b", "2026-01-02", "en", "Y", "Aarhus harbour flooded by storm", "Storm floods Aarhus harbour")
    strict = StoryIndex()
    strict.weights.threshold = 0.99
    assert strict.add_all([a, b]) == {"a": story_id("a"), "b": story_id("b")}
    assert StoryIndex().add_all([b, a]) == {"a": story_id("a"), "b": story_id("a")}


def test_related_stories_fold_copies_into_one_item(client):
    reprint2 = {**COPY, "id": "en-fire-reprint-2", "source": "Evening Star", "published": "2026-03-14T15:00:00Z",
                "title": "Warehouse blaze", "text": "Warehouse blaze\nBy Evening Star\n" + EN["text"].split("\n", 1)[1]}
    assert client.post("/articles", json=[EN, DA, COPY, reprint2, OTHER]).status_code == 201
    related = client.get("/articles/da-brand/related", params={"limit": 10}).json()
    ids = [r["id"] for r in related]
    # The wire text and its two reprints are one item; which of them ranks first stands for the text.
    fire = [r for r in related if r["id"] in ("en-fire", "en-fire-reprint", "en-fire-reprint-2")]
    assert len(fire) == 1
    assert {c["id"] for c in fire[0]["also_published_by"]} | {fire[0]["id"]} == {
        "en-fire", "en-fire-reprint", "en-fire-reprint-2"}
    assert len(ids) == len(set(ids))
    # Asked from the wire text itself, its own reprints are not related stories.
    own = client.get("/articles/en-fire/related").json()
    assert not {r["id"] for r in own} & {"en-fire-reprint", "en-fire-reprint-2"}


def test_stories_and_copies_conform_to_the_shapes_and_a_broken_story_does_not():
    import io
    from pathlib import Path

    import pyshacl
    import rdflib

    from graph.analysis.story_store import update_stories
    from graph.extract.pipeline import Pipeline
    from graph.ingest import ingest_records
    from graph.readers.jsonl import read_record

    shapes = str(Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl")
    store = OxigraphStore(None)
    ingest_records([read_record(a, f"test:{i}") for i, a in enumerate((EN, DA, COPY, OTHER))], store,
                   Pipeline.default())
    assert update_stories(store)["copies"] == 1
    buf = io.BytesIO()
    store.dump(buf)
    union = rdflib.Graph()
    for t in rdflib.Dataset().parse(data=buf.getvalue(), format="nquads").triples((None, None, None)):
        union.add(t)
    assert pyshacl.validate(union, shacl_graph=shapes, inference="rdfs")[0]
    union.add((rdflib.URIRef("https://w3id.org/newskg/id/story/broken"), rdflib.RDF.type,
               rdflib.URIRef("https://w3id.org/newskg/ontology#Story")))
    ok, _, text = pyshacl.validate(union, shacl_graph=shapes, inference="rdfs")
    assert not ok and "A story has at least one article" in text


def _ents(aid: str, day: int, *entities: str) -> StoryArticle:
    return StoryArticle(aid, f"2026-01-{day:02d}", "en", "X", None, None, frozenset(entities))


def _by_entities() -> Weights:
    """Similarity = the share of entities two articles have in common, nothing else."""
    return Weights(text=0.0, entities=1.0, events=0.0, numbers=0.0, year_match=0.0, year_mismatch=0.0,
                   day_match=0.0, threshold=0.3)


def test_an_article_resembling_two_stories_merges_them_and_the_larger_keeps_its_id():
    index = StoryIndex(_by_entities())
    assert index.add(_ents("a1", 1, "p", "q", "r")) == story_id("a1")
    assert index.add(_ents("b1", 2, "r", "s", "t")) == story_id("b1")  # a fifth in common: a story of its own
    # c resembles both, a1 more; it joins a1's story, which then resembles b1's as a whole (average link 0.3).
    assert index.add(_ents("c", 3, "p", "q", "r", "s")) == story_id("a1")
    assert index.members == {story_id("a1"): ["a1", "b1", "c"]}
    assert {a: i.story for a, i in index.items.items()} == dict.fromkeys(("a1", "b1", "c"), story_id("a1"))
    assert index.revisions == [{"kind": "merge", "story": story_id("a1"), "other": story_id("b1"), "link": 0.3}]
    assert index.take_changed() == {story_id("a1"), story_id("b1")} and index.take_changed() == set()


def test_asking_for_a_merged_story_names_the_one_it_joined():
    from graph.analysis.story_store import merged_into

    class Keeper:  # what merged_into needs of a StoryKeeper
        lock = __import__("threading").RLock()

        def __init__(self, index):
            self.index = index

        def current(self):
            return self.index, {}

    index = StoryIndex(_by_entities())
    for aid, day, ents in (("a1", 1, "pqr"), ("b1", 2, "rst"), ("c", 3, "pqrs")):
        index.add(_ents(aid, day, *ents))
    keeper = Keeper(index)
    assert merged_into(keeper, story_id("b1")) == story_id("a1")
    assert merged_into(keeper, story_id("a1")) == story_id("a1")
    assert merged_into(keeper, "story-nothing") is None


def test_a_story_shown_wrong_by_later_articles_splits_and_the_larger_part_keeps_its_id():
    index = StoryIndex(_by_entities())
    wrong = story_id("h1")
    # As read back from a store: h1 (the founder) was put with g1 and g2, which have nothing in common with it.
    index.add(_ents("h1", 1, "x", "y", "z"), wrong)
    index.add(_ents("g1", 2, "p", "q", "r"), wrong)
    index.add(_ents("g2", 3, "p", "q", "r"), wrong)
    index.add(_ents("h2", 4, "x", "y", "z", "w"), story_id("h2"))
    # g3 joins (average 2/3); the story, now twice its checked size, is clustered again: h1 leaves for h2's story.
    assert index.add(_ents("g3", 5, "p", "q", "r", "s")) == wrong
    assert index.members == {wrong: ["g1", "g2", "g3"], story_id("h2"): ["h1", "h2"]}
    assert index.revisions == [{"kind": "split", "story": wrong, "other": story_id("h2"), "articles": ["h1"]}]


def test_a_part_split_off_with_nowhere_to_go_starts_a_story_with_an_id_not_taken():
    index = StoryIndex(_by_entities())
    wrong = story_id("h1")
    for aid, day, ents in (("h1", 1, "xyz"), ("g1", 2, "pqr"), ("g2", 3, "pqr")):
        index.add(_ents(aid, day, *ents), wrong)
    index.add(_ents("g3", 4, *"pqrs"))
    assert index.items["h1"].story not in (wrong, story_id("h1"))
    assert index.members[wrong] == ["g1", "g2", "g3"] and index.members[index.items["h1"].story] == ["h1"]


def test_new_articles_are_placed_without_reading_the_store_again(client, monkeypatch):
    import graph.analysis.story_store as story_store

    assert client.post("/articles", json=[EN, OTHER]).status_code == 201
    keeper = client.app.state.services.stories
    index = keeper.current()[0]

    def no_reread(store):
        raise AssertionError("the whole store was read again")

    monkeypatch.setattr(story_store, "load_articles", no_reread)
    assert client.post("/articles", json=[DA, COPY]).status_code == 201
    assert keeper.current()[0] is index
    assert client.get("/articles/da-brand").json()["story"] == story_id("en-fire")
    assert client.get("/articles/en-fire-reprint").json()["copy_of"] == "en-fire"


def test_a_wrong_stored_story_is_split_in_the_store_too(client):
    from graph.analysis.story_store import STORIES_GRAPH, story_iri
    from graph.rdf.iris import article_iri

    assert client.post("/articles", json=[EN, OTHER]).status_code == 201
    services = client.app.state.services
    wrong = story_id("en-fire")
    # An older assignment put the budget article in the fire story.
    services.store.update(
        f"DELETE WHERE {{ GRAPH <{STORIES_GRAPH}> {{ ?s ?p ?o }} }} ; INSERT DATA {{ GRAPH <{STORIES_GRAPH}> {{ "
        + " ".join(f"<{story_iri(wrong)}> <https://schema.org/hasPart> <{article_iri(a)}> . "
                   f"<{article_iri(a)}> <https://schema.org/isPartOf> <{story_iri(wrong)}> ."
                   for a in ("en-fire", "en-budget"))
        + f' <{story_iri(wrong)}> <https://schema.org/identifier> "{wrong}" . }} }}'
    )
    from graph.analysis.story_store import StoryKeeper

    services.stories = StoryKeeper(services.store)  # as a server started on that store
    assert client.post("/articles", json=COPY).status_code == 201
    assert client.get("/articles/en-budget").json()["story"] == story_id("en-budget")
    fire = client.get(f"/stories/{wrong}").json()
    assert fire["articles"] == ["en-fire", "en-fire-reprint"]
    assert fire["revisions"][0]["kind"] == "split"
    q = f"SELECT ?a ?s WHERE {{ GRAPH <{STORIES_GRAPH}> {{ ?a <https://schema.org/isPartOf> ?s }} }}"
    rows = client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"}).json()
    part_of = {(b["a"]["value"], b["s"]["value"]) for b in rows["results"]["bindings"]}
    assert len(part_of) == 3 and (article_iri("en-budget"), story_iri(story_id("en-budget"))) in part_of


def test_a_merge_is_kept_in_the_store_and_a_merged_story_leads_on_after_a_restart(client):
    import io
    from pathlib import Path

    import pyshacl
    import rdflib

    from graph.analysis.story_store import STORIES_GRAPH, StoryKeeper, story_iri
    from graph.rdf.iris import article_iri

    assert client.post("/articles", json=[EN, DA]).status_code == 201
    services = client.app.state.services
    fire, brand = story_id("en-fire"), story_id("da-brand")
    # An older assignment kept the Danish report apart: two stories of one event.
    services.store.update(
        f"DELETE WHERE {{ GRAPH <{STORIES_GRAPH}> {{ ?s ?p ?o }} }} ; INSERT DATA {{ GRAPH <{STORIES_GRAPH}> {{ "
        + " ".join(f"<{story_iri(s)}> <https://schema.org/hasPart> <{article_iri(a)}> . "
                   f"<{article_iri(a)}> <https://schema.org/isPartOf> <{story_iri(s)}> . "
                   f'<{story_iri(s)}> <https://schema.org/identifier> "{s}" .'
                   for a, s in (("en-fire", fire), ("da-brand", brand)))
        + " } }"
    )
    services.stories = StoryKeeper(services.store)  # a server started on that store
    # A report in both languages is found by both stories' words and could join either: the two become one.
    both = {"id": "both-fire", "source": "Nordic Wire", "lang": "en", "published": "2026-03-14T12:00:00Z",
            "title": EN["title"], "text": EN["text"] + "\n" + DA["text"].split("\n", 1)[1]}
    assert client.post("/articles", json=both).status_code == 201
    assert client.get("/articles/da-brand").json()["story"] == fire
    services.stories = StoryKeeper(services.store)  # restarted again: what it knows of the merge is in the store
    moved = client.get(f"/stories/{brand}", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"].endswith(f"/stories/{fire}")
    story = client.get(f"/stories/{brand}").json()
    assert story["id"] == fire and story["articles"] == ["en-fire", "da-brand", "both-fire"]
    assert [(r["kind"], r["story"], r["other"]) for r in story["revisions"]] == [("merge", fire, brand)]
    assert story["revisions"][0]["at"].endswith("Z")
    assert client.get(f"/viz/story/{brand}?limit=5", follow_redirects=False).headers["location"].endswith(
        f"/viz/story/{fire}?limit=5")
    assert client.get("/stories/story-nothing").status_code == 404
    # The merged id is never given to a new story, even one its first article's id would name.
    assert brand in services.stories.current()[0].retired
    buf = io.BytesIO()
    services.store.dump(buf)
    union = rdflib.Graph()
    for t in rdflib.Dataset().parse(data=buf.getvalue(), format="nquads").triples((None, None, None)):
        union.add(t)
    shapes = str(Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl")
    ok, _, text = pyshacl.validate(union, shacl_graph=shapes, inference="rdfs")
    assert ok, text


def test_an_id_merged_away_is_not_given_to_a_new_story():
    index = StoryIndex(_by_entities())
    index.retired.add(story_id("x"))
    assert index.add(_ents("x", 1, "p", "q")) not in (story_id("x"), "")
    assert story_id("x") not in index.members
