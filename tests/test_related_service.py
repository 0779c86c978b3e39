"""The related-stories service follows the store write by write (every API write path), saves its index beside the
store and loads it at start-up, rebuilding (and saying why) when the saved index is stale or damaged."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analysis.related.persist import ARRAYS, META
from graph.analysis.related.service import Journal, RelatedService
from graph.rdf.iris import graph_iri
from graph.rdf.mapping import map_doc
from graph.rdf.namespaces import ENTITIES_GRAPH
from graph.services import related_index_dir
from graph.settings import Settings
from graph.sparql.update_guard import update_targets
from graph.store.oxigraph import OxigraphStore
from tests.test_related import REHAB_EN, SAME_PERSON_DA, make_doc, store_of

TOKEN = "related-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
ANN = ("person-ann-lee", "Person")


def ann_doc(aid: str, name: str = "Ann Lee"):
    return make_doc(aid, REHAB_EN.format(name=name), {name: ANN if name == "Ann Lee" else ("person-x", "Person")})


def related_ids(client: TestClient, aid: str) -> list[str]:
    r = client.get(f"/articles/{aid}/related")
    assert r.status_code == 200, r.text
    return [x["id"] for x in r.json()]


def article_turtle(doc) -> str:
    """An article's own graph as N-Triples, as a client would PUT it."""
    mapped = map_doc(doc)
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in mapped.quads if q.graph_name == mapped.graph)


def test_every_api_write_path_reaches_related_results_without_a_rebuild():
    store = store_of([ann_doc("a1")])
    with TestClient(create_app(Settings(store="memory:", write_token=TOKEN), store)) as client:
        service = client.app.state.services.related
        assert related_ids(client, "a1") == []
        first = service.index
        # Graph Store Protocol: PUT creates, DELETE drops.
        body = article_turtle(make_doc("a2", SAME_PERSON_DA, {"Ann Lee": ANN}, lang="da"))
        r = client.put("/rdf-graphs", params={"graph": graph_iri("a2")}, content=body,
                       headers=AUTH | {"content-type": "application/n-triples"})  # fmt: skip
        assert r.status_code == 201
        assert related_ids(client, "a1") == ["a2"]
        assert client.delete("/rdf-graphs", params={"graph": graph_iri("a2")}, headers=AUTH).status_code == 204
        assert related_ids(client, "a1") == []
        # SPARQL Update naming the article graph.
        update = f"INSERT DATA {{ GRAPH <{graph_iri('a3')}> {{ {article_turtle(ann_doc('a3'))} }} }}"
        r = client.post("/sparql", content=update, headers=AUTH | {"content-type": "application/sparql-update"})
        assert r.status_code in (200, 204), r.text
        assert related_ids(client, "a1") == ["a3"]
        # POST /articles (ingest over HTTP, with extraction).
        r = client.post("/articles", json={"id": "a4", "title": "Rehab", "text": REHAB_EN.format(name="Ann Lee")},
                        headers=AUTH)  # fmt: skip
        assert r.status_code == 201, r.text
        assert "a4" in related_ids(client, "a1")
        assert service.index is first  # all of it without a rebuild
        # An update naming its graphs by a variable cannot say which articles it changed: a rebuild.
        r = client.post(
            "/sparql",
            content="DELETE WHERE { GRAPH ?g { ?s <http://schema.org/alternativeHeadline> ?o } }",
            headers=AUTH | {"content-type": "application/sparql-update"},
        )
        assert r.status_code in (200, 204), r.text
        assert service.index is not first
        assert sorted(related_ids(client, "a1")) == ["a3", "a4"]


def test_update_targets_names_the_articles_an_update_can_change():
    g1, g2 = graph_iri("x1"), graph_iri("x2")
    assert update_targets(f"INSERT DATA {{ GRAPH <{g1}> {{ <s> <p> 1 }} }}") == {"x1"}
    assert update_targets(f"DROP GRAPH <{g1}> ; MOVE <{g1}> TO <{g2}>") == {"x1", "x2"}
    assert update_targets(f"WITH <{g2}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}") == {"x2"}
    assert update_targets("DELETE DATA { <s> <p> <o> }") == set()  # the default graph holds no article
    # A remote store's article write: the article graph with descriptions for the shared graph.
    shared = f"GRAPH <{ENTITIES_GRAPH}> {{ <s> <p> 1 }}"
    write = f"DROP SILENT GRAPH <{g1}> ; INSERT DATA {{ GRAPH <{g1}> {{ <s> <p> 1 }} {shared} }}"
    assert update_targets(write) == {"x1"}
    assert update_targets(f"INSERT DATA {{ {shared} }}") is None
    assert update_targets(f"DELETE DATA {{ {shared} }}") is None
    assert update_targets("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }") is None
    assert update_targets("DROP ALL") is None
    assert update_targets("not sparql") is None


@pytest.fixture
def on_disk(tmp_path: Path) -> tuple[Path, Settings]:
    folder = tmp_path / "store"
    return folder, Settings(store=str(folder))


def open_service(folder: Path, settings: Settings) -> tuple[OxigraphStore, RelatedService]:
    store = OxigraphStore(folder)
    return store, RelatedService(store, directory=related_index_dir(settings, store))


def test_index_is_saved_beside_the_store_and_loaded_at_start_up(on_disk: tuple[Path, Settings]):
    folder, settings = on_disk
    store, service = open_service(folder, settings)
    assert service.directory == folder.with_name("store.indexes") / "related"
    store.replace_articles([map_doc(ann_doc("a1"))])
    assert service.index.related_to_article("a1") == []
    assert "built from the store" in service.status and (service.directory / META).exists()
    store.replace_articles([map_doc(ann_doc("a2"))])
    assert [r["id"] for r in service.index.related_to_article("a1")] == ["a2"]
    service.close()
    store.close()
    # Start-up: loaded, not rebuilt, and the same answers.
    store, service = open_service(folder, settings)
    assert [r["id"] for r in service.index.related_to_article("a1")] == ["a2"]
    assert "loaded from" in service.status
    # A write while the service runs, then a crash (no close): the journal brings the saved index up to date.
    store.replace_articles([map_doc(ann_doc("a3"))])
    store.close()
    store, service = open_service(folder, settings)
    assert sorted(r["id"] for r in service.index.related_to_article("a1")) == ["a2", "a3"]
    assert "1 brought up to date from the journal" in service.status
    service.close()
    store.close()


def test_writes_of_other_commands_reach_the_saved_index_through_the_journal(on_disk: tuple[Path, Settings]):
    folder, settings = on_disk
    store, service = open_service(folder, settings)
    store.replace_articles([map_doc(ann_doc("a1"))])
    assert service.index.live >= 1
    service.close()
    # `newskg ingest` in another process: no index, only the journal (api/cli.py _journal_writes).
    assert service.directory is not None
    store.add_write_listener(Journal(service.directory).record)
    store.replace_articles([map_doc(ann_doc("a2"))])
    store.close()
    store, service = open_service(folder, settings)
    assert [r["id"] for r in service.index.related_to_article("a1")] == ["a2"]
    assert "loaded from" in service.status
    service.close()
    store.close()


def test_stale_or_damaged_index_is_rebuilt_and_says_why(on_disk: tuple[Path, Settings]):
    folder, settings = on_disk
    store, service = open_service(folder, settings)
    store.replace_articles([map_doc(ann_doc("a1"))])
    assert service.index.live >= 1
    service.close()
    # A write nobody journaled (the index folder was away): the ids differ from the store's.
    store.remove_write_listener(service._on_write)
    store.replace_articles([map_doc(ann_doc("a2"))])
    store.close()
    store, service = open_service(folder, settings)
    assert [r["id"] for r in service.index.related_to_article("a1")] == ["a2"]
    assert "it holds 1 articles and the store 2" in service.status and "rebuilt" in service.status
    service.close()
    store.close()
    # A damaged file: the checksum says so.
    assert service.directory is not None
    arrays = service.directory / ARRAYS
    arrays.write_bytes(arrays.read_bytes()[:-10] + b"0123456789")
    store, service = open_service(folder, settings)
    assert [r["id"] for r in service.index.related_to_article("a1")] == ["a2"]
    assert "damaged" in service.status and "rebuilt" in service.status
    service.close()
    store.close()
    # Another format version: rebuilt too.
    meta = json.loads((service.directory / META).read_text())
    (service.directory / META).write_text(json.dumps(meta | {"version": 0}))
    store, service = open_service(folder, settings)
    assert service.index.live >= 1
    assert "format version 0" in service.status
    service.close()
    store.close()


def test_in_memory_store_keeps_no_file():
    store = OxigraphStore(None)
    assert related_index_dir(Settings(store="memory:"), store) is None
    assert related_index_dir(Settings(index_dir="off"), OxigraphStore(None)) is None


def test_write_listeners_hear_which_articles_each_write_changed():
    store = OxigraphStore(None)
    seen: list[frozenset[str] | None] = []
    store.add_write_listener(seen.append)
    store.replace_articles([map_doc(ann_doc("a1"))])
    store.remove_article("a1")
    store.update(f"INSERT DATA {{ GRAPH <{graph_iri('z')}> {{ <https://example.org/s> <https://example.org/p> 1 }} }}")
    store.update("DELETE WHERE { GRAPH ?g { <https://example.org/s> ?p ?o } }")
    assert seen == [frozenset({"a1"}), frozenset({"a1"}), frozenset({"z"}), None]
    store.remove_write_listener(seen.append)
    store.remove_article("z")
    assert len(seen) == 4


def test_saved_again_in_the_background_once_a_share_has_changed(on_disk: tuple[Path, Settings]):
    folder, settings = on_disk
    store, service = open_service(folder, settings)
    store.replace_articles([map_doc(ann_doc("a1"))])
    assert service.index.live == 1
    service.SAVE_SHARE = 0.5
    store.replace_articles([map_doc(ann_doc("a1", "Bo Ek"))])  # replaced: a dead position until compacted
    assert service.index.dead == 1
    service.wait(30)
    assert service.index.dead == 0  # the compacted copy, saved, now serves
    assert service.directory is not None
    assert json.loads((service.directory / META).read_text())["articles"] == 1
    assert service.index.articles["a1"].entities == {"person-x": 2}
    service.close()
    store.close()


def test_newskg_ingest_reaches_the_saved_index_of_newskg_related(tmp_path: Path):
    from typer.testing import CliRunner

    from api.cli import app

    runner = CliRunner()
    store = str(tmp_path / "data")
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps({"id": "r1", "title": "Rehab", "text": REHAB_EN.format(name="Ann Lee")}) + "\n")
    second.write_text(json.dumps({"id": "r2", "title": "Rehab", "text": REHAB_EN.format(name="Ann Lee")}) + "\n")
    assert runner.invoke(app, ["ingest", str(first), "--store", store, "-q", "-w", "1"]).exit_code == 0
    shown = runner.invoke(app, ["related", "r1", "--store", store])  # builds the index and saves it
    assert shown.exit_code == 0 and json.loads(shown.stdout) == []
    folder = tmp_path / "data.indexes" / "related"
    assert (folder / META).exists()
    assert runner.invoke(app, ["ingest", str(second), "--store", store, "-q", "-w", "1"]).exit_code == 0
    assert json.loads((folder / "journal.jsonl").read_text().splitlines()[0]) == {"ids": ["r2"]}
    shown = runner.invoke(app, ["related", "r1", "--store", store])  # loads it, puts r2 from the journal
    assert shown.exit_code == 0 and [r["id"] for r in json.loads(shown.stdout)] == ["r2"]
    assert not (folder / "journal.jsonl").exists()  # saved again, the journal started afresh


def test_queries_while_articles_are_put_see_one_state_of_the_index(sample_store):
    """Readers and a writer on one index in threads: every answer is whole, no error, none from a half-put
    article."""
    import threading

    from graph.analysis.related.index import RelatedIndex

    ids = sample_store.article_ids()
    index = RelatedIndex.build(sample_store)
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        try:
            while not done.is_set():
                for aid in ids[:6]:
                    for r in index.related_to_article(aid, limit=5):
                        assert r["id"] in index.articles or r["id"] in ids
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    try:
        for _ in range(3):
            index.put_from_store(sample_store, ids)  # every article replaced, one at a time
            index.remove(ids[-1])
            index.put_from_store(sample_store, ids[-1:])
    finally:
        done.set()
        for t in readers:
            t.join(30)
    assert not errors, errors[0]
    assert index.live_ids() == ids and index.dead == 3 * (len(ids) + 1)  # each round: 36 replaced, 1 removed
