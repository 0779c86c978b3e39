"""The visual explorer without a browser: JSON shapes, caps and filters, HTML pages, offline pages, errors, the CLI."""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli_app
from graph.settings import Settings
from graph.store import Store
from graph.store.oxigraph import OxigraphStore
from graph.viz.render import VENDOR_JS, asset_bytes, render_html
from graph.viz.views import MAX_LIMIT, entity_subgraph
from tests.support.viz_data import RESIGNATION, build_store

URL = re.compile(r"""(?:https?:)?//([A-Za-z0-9.\-\[\]:]+)""")
LOCAL = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def store() -> Store:
    return build_store()


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store="memory:"), store)) as c:
        yield c


def view(client: TestClient, path: str, **params) -> dict:
    r = client.get(path, params={**params, "format": "json"})
    assert r.status_code == 200, r.text
    return r.json()


def config_of(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="viz-config">(.*?)</script>', page, re.S)
    assert m, "page carries no view data"
    return json.loads(m.group(1))


def check_consistent(v: dict) -> None:
    ids = [n["id"] for n in v["nodes"]]
    assert len(ids) == len(set(ids)), "duplicate nodes"
    for e in v["edges"]:
        assert e["from"] in ids and e["to"] in ids, e
    for n in v["nodes"]:
        assert n["group"] in ("person", "organisation", "place", "event", "article", "quote")
        assert n["title"] and n["value"] > 0
        for ev in n["evidence"]:
            assert ev["article"] in v["articles"]


def external_hosts(page: str) -> set[str]:
    """Hosts of every http(s) or protocol-relative URL in a page, other than this machine."""
    hosts = {h.split(":")[0].strip("[]") for h in URL.findall(page)}
    return {h for h in hosts if h not in LOCAL}


# --- JSON views ----------------------------------------------------------------------------------------------------


def test_entity_view_json(client: TestClient) -> None:
    v = view(client, "/viz/entity/person-ida-vester")
    check_consistent(v)
    assert v["kind"] == "entity" and v["center"] == "person-ida-vester"
    nodes = {n["id"]: n for n in v["nodes"]}
    # Ida Vester is named in a1, a3 and a5; a3 and a5 are about her.
    assert {i for i in nodes if i.startswith("article:")} == {"article:a1", "article:a3", "article:a5"}
    assert nodes["article:a3"]["date"] == "2026-02-02"
    assert nodes["org-havnekraft"]["group"] == "organisation" and nodes["place-aarhus"]["group"] == "place"
    assert nodes[RESIGNATION]["group"] == "event"
    # Havnekraft is named with her in three articles, Denmark in one: salience shows as size.
    assert nodes["org-havnekraft"]["value"] > nodes["country-dk"]["value"]
    relations = {(e["from"], e["relation"], e["to"]) for e in v["edges"]}
    assert ("article:a3", "about", "person-ida-vester") in relations
    assert ("article:a1", "mentions", "person-ida-vester") in relations
    assert ("article:a3", "reports", RESIGNATION) in relations
    assert ("person-ida-vester", "participant", RESIGNATION) in relations
    assert ("person-ida-vester", "role", "org-havnekraft") in relations
    # Evidence: the articles naming Havnekraft with their sentences, those naming her too first.
    evidence = nodes["org-havnekraft"]["evidence"]
    assert {e["article"] for e in evidence} == {"a1", "a3", "a5"}
    a1 = next(e for e in evidence if e["article"] == "a1")
    assert a1["sentences"][0].startswith("Ida Vester, chief executive of Havnekraft")
    assert v["articles"]["a1"]["title"] == "Havnekraft plans a wind farm off Aarhus"
    assert not v["truncated"] and v["total_nodes"] == len(v["nodes"])


def test_entity_view_is_capped(client: TestClient) -> None:
    v = view(client, "/viz/entity/org-havnekraft", limit=4)
    check_consistent(v)
    assert len(v["nodes"]) == 4 and v["truncated"] and v["total_nodes"] > 4
    more = view(client, "/viz/entity/org-havnekraft", limit=8)
    assert {n["id"] for n in v["nodes"]} <= {n["id"] for n in more["nodes"]}, "show more drops nodes it had"
    assert client.get("/viz/entity/org-havnekraft", params={"limit": MAX_LIMIT + 1}).status_code == 422


def test_entity_view_filters(client: TestClient) -> None:
    v = view(client, "/viz/entity/person-ida-vester", since="2026-02", until="2026-02-28")
    assert [n["id"] for n in v["nodes"] if n["group"] == "article"] == ["article:a3"]
    v = view(client, "/viz/entity/person-ida-vester", types="person")
    assert {n["group"] for n in v["nodes"]} == {"person", "article"}
    r = client.get("/viz/entity/person-ida-vester", params={"since": "last week", "format": "json"})
    assert r.status_code == 400 and "since" in r.json()["detail"]
    r = client.get("/viz/entity/person-ida-vester", params={"types": "person,planet", "format": "json"})
    assert r.status_code == 400 and "planet" in r.json()["detail"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ident=st.text(min_size=1, max_size=40),
    date=st.one_of(st.none(), st.text(max_size=12)),
    as_json=st.booleans(),
)
def test_any_input_gets_an_answer_not_a_crash(client: TestClient, ident: str, date: str | None, as_json: bool) -> None:
    headers = {"Accept": "application/json"} if as_json else {}
    params = {"since": date} if date is not None else {}
    quoted = quote(ident, safe="")
    for path, extra in (
        (f"/viz/entity/{quoted}", params),
        (f"/viz/article/{quoted}", {}),
        (f"/viz/storyline/{quoted}", params),
        ("/viz/path", {"from": ident, "to": "person-ida-vester"}),
        ("/viz/search", {"q": ident}),
    ):
        r = client.get(path, params=extra, headers=headers)
        assert r.status_code in (200, 400, 404, 422), (path, ident, r.status_code, r.text[:200])
        if r.status_code >= 400 and as_json:
            assert r.json()["detail"]


def test_event_view(client: TestClient) -> None:
    v = view(client, f"/viz/entity/{RESIGNATION}")
    check_consistent(v)
    nodes = {n["id"]: n for n in v["nodes"]}
    assert nodes[RESIGNATION]["group"] == "event" and "article:a3" in nodes
    # The canvas shows the event's kind; the panel gets its name, when and where.
    ev = nodes[RESIGNATION]
    assert ev["label"] == "resignation" and ev["name"] == "Resignation: Ida Vester"
    assert (ev["event_type"], ev["time"], ev["place"]) == ("resignation", "2026-02-02", "Aarhus")
    relations = {(e["from"], e["relation"], e["to"]) for e in v["edges"]}
    assert ("place-aarhus", "place", RESIGNATION) in relations
    assert ("place-aarhus", "participant", RESIGNATION) not in relations
    assert ("article:a3", "reports", RESIGNATION) in {(e["from"], e["relation"], e["to"]) for e in v["edges"]}


def test_article_view_json(client: TestClient) -> None:
    v = view(client, "/viz/article/a3")
    check_consistent(v)
    nodes = {n["id"]: n for n in v["nodes"]}
    assert v["center"] == "article:a3"
    quote = next(n for n in v["nodes"] if n["group"] == "quote")
    assert quote["name"] == "It is time for new energy,"
    relations = {(e["from"], e["relation"], e["to"]) for e in v["edges"]}
    assert ("person-ida-vester", "said", quote["id"]) in relations
    assert ("person-ida-vester", "role", "org-havnekraft") in relations
    assert ("article:a3", "reports", RESIGNATION) in relations
    assert nodes["person-ida-vester"]["evidence"][0]["sentences"][0].startswith("Ida Vester resigned")
    role = next(e for e in v["edges"] if e["relation"] == "role")
    assert role["label"] == "chief executive"


def test_path_view(client: TestClient) -> None:
    v = view(client, "/viz/path", **{"from": "person-ida-vester", "to": "person-lone-ravn"})
    check_consistent(v)
    assert v["found"] and v["hops"] == 2
    assert v["paths"] == [["person-ida-vester", "place-aarhus", "person-lone-ravn"]]
    assert {n["id"] for n in v["nodes"] if n["group"] == "article"} <= {"article:a1", "article:a3", "article:a4"}
    assert "article:a4" in {n["id"] for n in v["nodes"]}
    none = view(client, "/viz/path", **{"from": "person-ida-vester", "to": "person-otto-krag"})
    assert not none["found"] and none["paths"] == []
    same = client.get("/viz/path", params={"from": "place-aarhus", "to": "place-aarhus", "format": "json"})
    assert same.status_code == 400
    missing = client.get("/viz/path", params={"from": "place-aarhus", "to": "person-nobody", "format": "json"})
    assert missing.status_code == 404 and "person-nobody" in missing.json()["detail"]


def test_storyline_views_draw_the_storylines(client: TestClient) -> None:
    v = view(client, "/viz/storyline")
    check_consistent(v)
    stories = client.get("/storylines").json()
    assert [s["id"] for s in v["storylines"]] == [s["id"] for s in stories] and stories
    drawn = {n["id"] for n in v["nodes"]}
    for story in stories:
        arts = [f"article:{a['id']}" for a in story["articles"]]
        assert set(arts) <= drawn
        # Each storyline is a chain of its articles, oldest first.
        chain = [(e["from"], e["to"]) for e in v["edges"] if e["relation"] == "next" and e["from"] in arts]
        assert chain == list(itertools.pairwise(arts))
    dates = {n["id"]: n["date"] for n in v["nodes"] if n["group"] == "article"}
    assert all(dates[e["from"]] <= dates[e["to"]] for e in v["edges"] if e["relation"] == "next")
    assert "article:a6" not in drawn  # Otto Krag's bakery is a story of one article

    one = view(client, "/viz/storyline/1")
    assert one["title"].startswith("Storyline 1: ") and {n["id"] for n in one["nodes"]} <= drawn
    assert {f"article:{a['id']}" for a in stories[0]["articles"]} <= {n["id"] for n in one["nodes"]}
    hers = view(client, "/viz/storyline/person-ida-vester")
    assert hers["title"] == "Storylines of Ida Vester" and "person-ida-vester" in {n["id"] for n in hers["nodes"]}
    assert client.get("/viz/storyline/99", params={"format": "json"}).status_code == 404
    assert client.get("/viz/storyline/person-nobody", params={"format": "json"}).status_code == 404
    # "¹" and "٣" are digits to str.isdigit(), but not a storyline's number: an unknown id, not a crash.
    for odd in ("¹", "٣"):
        r = client.get(f"/viz/storyline/{quote(odd)}", params={"format": "json"})
        assert r.status_code == 404 and "No entity" in r.json()["detail"]
    capped = view(client, "/viz/storyline", limit=3)
    check_consistent(capped)
    assert len(capped["nodes"]) <= 3 and capped["truncated"] and capped["total_nodes"] == len(v["nodes"])
    ranged = view(client, "/viz/storyline", since="2026-02-01", until="2026-03-31")
    assert all("2026-02-01" <= n["date"] <= "2026-03-31" for n in ranged["nodes"] if n["group"] == "article")


def test_search(client: TestClient) -> None:
    r = view(client, "/viz/search", q="vester")
    assert r["entities"][0]["id"] == "person-ida-vester"
    assert {e["id"] for e in r["entities"]} <= {"person-ida-vester", RESIGNATION}
    assert [a["id"] for a in r["articles"]] == ["a3"]
    page = client.get("/viz/search", params={"q": "havnekraft"}).text
    assert 'href="/viz/entity/org-havnekraft"' in page and 'href="/viz/article/a1"' in page
    assert client.get("/viz").status_code == 200 and 'name="q"' in client.get("/viz").text


# --- pages ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/viz/entity/person-ida-vester",
        "/viz/article/a3",
        "/viz/path?from=person-ida-vester&to=person-lone-ravn",
        "/viz/storyline/org-havnekraft",
        "/viz/storyline/1",
        "/viz/storyline?since=2026-01",
    ],
)
def test_pages_carry_their_json_and_nothing_external(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    data = client.get(path, headers={"Accept": "application/json"}).json()
    cfg = config_of(page)
    assert cfg["data"] == data and cfg["api"] == ""
    # pyvis's vis-network and our script are inline: the page asks no one, not even this API, for code.
    assert "<script src=" not in page and "vis.Network" in page
    # vis-network's own licence comment names its authors' sites; nothing else in the page names another host.
    ours = page.replace(asset_bytes(VENDOR_JS).decode("utf-8").replace("</script", "<\\/script"), "")
    assert external_hosts(ours) == set(), "the page names another host"
    assert "cdn" not in page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), "the page loads something from a host"


def test_assets_are_served_here(client: TestClient) -> None:
    js = client.get(f"/viz/assets/{VENDOR_JS}")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert b"vis-network" in js.content[:2000]
    for name in ("viz.js", "viz.css"):
        asset = client.get(f"/viz/assets/{name}")
        assert asset.status_code == 200
        # Our own script and style fetch nothing from elsewhere.
        assert external_hosts(asset.text) == set()
    assert client.get("/viz/assets/secrets.txt").status_code == 404
    assert client.get("/viz/assets/..%2Fviews.py").status_code == 404


def test_unknown_ids_give_a_404_page_with_a_search_box(client: TestClient) -> None:
    r = client.get("/viz/entity/person-ida-vestergaard")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert '<form class="big-search" action="/viz/search"' in r.text and 'name="q"' in r.text
    assert "person-ida-vestergaard" in r.text
    r = client.get("/viz/entity/person-nobody", headers={"Accept": "application/json"})
    assert r.status_code == 404 and r.json() == {"detail": "No entity with id 'person-nobody'."}
    for path in ("/viz/article/zz", "/viz/storyline/person-nobody", "/viz/entity/%3Cscript%3E"):
        r = client.get(path)
        assert r.status_code == 404 and 'name="q"' in r.text and "<script>" not in r.text


def test_offline_page_inlines_everything(store: Store, tmp_path: Path) -> None:
    page = render_html(entity_subgraph(store, "person-ida-vester"), "Ida Vester", inline=True)
    assert "<script src" not in page and "<link rel=\"stylesheet\"" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), "the page loads something from a host"
    assert not re.search(r"""url\(\s*["']?(?:https?:)?//""", page)
    assert config_of(page)["api"] is None
    assert "vis.Network" in page or "Network" in page


def test_cli_writes_the_offline_page(tmp_path: Path) -> None:
    location = tmp_path / "store"
    st = OxigraphStore(location)
    build_store(st)
    st.close()
    out = tmp_path / "ida.html"
    runner = CliRunner()
    result = runner.invoke(cli_app, ["viz", "person-ida-vester", "--out", str(out), "--store", str(location)])
    assert result.exit_code == 0, result.output
    cfg = config_of(out.read_text(encoding="utf-8"))
    assert cfg["offline"] and cfg["data"]["center"] == "person-ida-vester" and len(cfg["data"]["nodes"]) == 9
    bad = runner.invoke(cli_app, ["viz", "person-nobody", "--out", str(tmp_path / "x.html"), "--store", str(location)])
    assert bad.exit_code == 1 and "no entity with id 'person-nobody'" in bad.output
    assert not (tmp_path / "x.html").exists()


def test_cli_points_an_article_id_to_the_article_view(tmp_path: Path) -> None:
    """`newskg viz a3` names an article, not an entity: the error says so and how to draw it; --article draws it."""
    location = tmp_path / "store"
    st = OxigraphStore(location)
    build_store(st)
    st.close()
    runner = CliRunner()
    out = tmp_path / "a3.html"
    wrong = runner.invoke(cli_app, ["viz", "a3", "--out", str(out), "--store", str(location)])
    assert wrong.exit_code == 1 and not out.exists()
    assert "'a3' is an article, not an entity" in wrong.output
    assert f"newskg viz a3 --article --out {out}" in wrong.output
    right = runner.invoke(cli_app, ["viz", "a3", "--article", "--out", str(out), "--store", str(location)])
    assert right.exit_code == 0, right.output
    cfg = config_of(out.read_text(encoding="utf-8"))
    assert cfg["offline"] and cfg["data"]["kind"] == "article" and cfg["data"]["center"] == "article:a3"
    none = runner.invoke(cli_app, ["viz", "zz", "--article", "--out", str(out), "--store", str(location)])
    assert none.exit_code == 1 and "no article with id 'zz'" in none.output
    neither = runner.invoke(cli_app, ["viz", "person-nobody", "--out", str(out), "--store", str(location)])
    assert neither.exit_code == 1 and "add --article" in neither.output


def test_pages_work_from_the_demo(sample_store: Store) -> None:
    """The bundled samples, ingested by the real pipeline: the most named entity and its articles have views."""
    with TestClient(create_app(Settings(store="memory:"), sample_store)) as c:
        top = c.get("/viz/search", params={"q": "a", "format": "json"}).json()["entities"][0]
        v = view(c, f"/viz/entity/{top['id']}")
        check_consistent(v)
        assert len([n for n in v["nodes"] if n["group"] == "article"]) >= 2
        article = next(n["id"] for n in v["nodes"] if n["group"] == "article")
        check_consistent(view(c, f"/viz/article/{article[len('article:'):]}"))
        assert c.get(f"/viz/entity/{top['id']}").status_code == 200
        assert c.get("/viz/storyline").status_code == 200
