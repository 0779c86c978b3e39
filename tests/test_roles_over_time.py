"""Roles over time end to end: two articles we wrote (a minister in March, stepped down in June) ingested through
the normal path, then asked as of days before, between and after, over the API and with the README's SPARQL."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.extract.pipeline import Pipeline
from graph.ingest import ingest_paths
from graph.model import Article
from graph.rdf.mapping import map_doc
from graph.rdf.vocabulary import validate
from graph.settings import Settings
from graph.sparql.prefixes import sparql_prefixes
from graph.store.oxigraph import OxigraphStore

README = Path(__file__).resolve().parents[1] / "README.md"
TROELS = "person-troels-lund-poulsen"
HENRIK = "person-henrik-andersen"
ARTICLES = [
    {"id": "roles-da-1", "published": "2026-03-02", "lang": "da", "title": "Forsvarsministeren på besøg",
     "text": "Den danske forsvarsminister Troels Lund Poulsen besøgte mandag Flyvestation Skrydstrup."},
    {"id": "roles-da-2", "published": "2026-06-10", "lang": "da", "title": "Forsvarsministeren går af",
     "text": "Troels Lund Poulsen fratrådte i går som dansk forsvarsminister. Han vil nu bruge mere tid på familien."},
    {"id": "roles-en-1", "published": "2026-03-02", "lang": "en", "title": "Vestas opens a factory",
     "text": "Vestas chief executive Henrik Andersen opened the factory on Monday."},
    {"id": "roles-en-2", "published": "2026-06-10", "lang": "en", "title": "Vestas chief leaves",
     "text": "Henrik Andersen stepped down as chief executive of Vestas yesterday."},
    {"id": "roles-en-3", "published": "2026-06-12", "lang": "en", "title": "Vestas chairman opens a plant",
     "text": "Vestas chairman Anders Runevad opened the new plant on Friday."},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("roles") / "articles.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    store = OxigraphStore(None)
    report = ingest_paths([path], store)
    assert report.ok and report.ingested == len(ARTICLES), report.errors
    with TestClient(create_app(Settings(store="memory:"), store)) as c:
        yield c


def held(client: TestClient, person: str, day: str) -> list[tuple[str, str | None]]:
    response = client.get(f"/entities/{person}/roles", params={"as_of": day})
    assert response.status_code == 200, response.text
    return [(r["role"], r["org"]) for r in response.json()]


@pytest.mark.parametrize("person, post", [(TROELS, ("forsvarsminister", "country-dk")),
                                          (HENRIK, ("chief executive", "org-vestas"))])
def test_as_of_before_between_and_after(client: TestClient, person: str, post) -> None:
    assert held(client, person, "2026-03-01") == []  # nothing said before the first article
    assert held(client, person, "2026-03-02") == [post]
    assert held(client, person, "2026-04-01") == [post]
    assert held(client, person, "2026-06-09") == [post]  # "i går" / "yesterday": the last day
    assert held(client, person, "2026-06-10") == []
    assert held(client, person, "2027-01-01") == []


def test_the_answer_carries_its_evidence_and_the_earlier_statement_is_kept(client: TestClient) -> None:
    (post,) = client.get(f"/entities/{TROELS}/roles", params={"as_of": "2026-04-01"}).json()
    assert post["valid_until"] == "2026-06-09"
    evidence = [(e["article"], e["status"], e["said_on"], e["valid_until"]) for e in post["evidence"]]
    assert evidence == [("roles-da-1", "current", "2026-03-02", None),
                        ("roles-da-2", "ended", "2026-06-10", "2026-06-09")]
    assert "forsvarsminister Troels Lund Poulsen besøgte" in post["evidence"][0]["sentence"]
    entity = client.get(f"/entities/{TROELS}").json()
    assert sorted((r["article"], r["status"]) for r in entity["roles"]) == [("roles-da-1", "current"),
                                                                           ("roles-da-2", "ended")]
    today = date.today().isoformat()
    apart = entity["roles_over_time"]
    if today >= "2026-06-10":
        assert [p["role"] for p in apart["former"]] == ["forsvarsminister"] and apart["current"] == []
    else:
        assert [p["role"] for p in apart["current"]] == ["forsvarsminister"]


def test_default_is_today(client: TestClient) -> None:
    today = client.get(f"/entities/{HENRIK}/roles").json()
    assert today == client.get(f"/entities/{HENRIK}/roles", params={"as_of": date.today().isoformat()}).json()


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "yesterday", "2026-4-1", "20260401", "1700000000"])
def test_a_bad_date_is_a_422_with_a_message(client: TestClient, bad: str) -> None:
    response = client.get(f"/entities/{TROELS}/roles", params={"as_of": bad})
    assert response.status_code == 422
    assert "as_of" in json.dumps(response.json())


def test_the_visual_explorer_draws_current_and_former_roles_apart(client: TestClient) -> None:
    view = client.get("/viz/entity/org-vestas", headers={"Accept": "application/json"}).json()
    roles = {(e["from"], e["relation"], e["label"]) for e in view["edges"] if e["relation"].endswith("role")}
    if date.today().isoformat() >= "2026-06-12":
        assert roles == {(HENRIK, "former_role", "chief executive (former)"),
                         ("person-anders-runevad", "role", "chairman")}
    person = client.get(f"/viz/entity/{TROELS}", headers={"Accept": "application/json"}).json()
    if date.today().isoformat() >= "2026-06-10":
        assert "Former roles: forsvarsminister at Denmark" in person["nodes"][0]["title"]
    page = client.get("/viz/entity/org-vestas").text
    assert "former_role" in page and "dashes" in page  # the legend entry and the dashed line reach the page


def readme_query() -> str:
    text = README.read_text(encoding="utf-8")
    after = text[text.index("Who held a post on a day"):]
    return re.search(r"```sparql\n(.*?)```", after, re.S).group(1)


@pytest.mark.parametrize("day, expected", [("2026-02-01", set()), ("2026-04-01", {"Troels Lund Poulsen"}),
                                           ("2026-06-09", {"Troels Lund Poulsen"}), ("2026-07-01", set())])
def test_readme_sparql_who_held_the_post_on_a_day(client: TestClient, day: str, expected: set[str]) -> None:
    query = readme_query()
    assert '"2026-04-01"' in query
    response = client.post("/sparql", data={"query": sparql_prefixes() + query.replace('"2026-04-01"', f'"{day}"')},
                           headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert {r["name"]["value"] for r in rows} == expected
    assert all(r["article"]["value"].endswith("/roles-da-1") for r in rows)


def test_role_dates_and_status_conform_to_the_shapes() -> None:
    pipeline = Pipeline.default()
    texts = [("Mette Skov, som var borgmester i Aarhus Kommune fra 2014 til 2022, stiller op igen.", "da"),
             ("Peter Lind has been chairman of Vestas since March 2019.", "en"),
             ("Fra 1. marts bliver Sara Holm ny direktør i Vestas.", "da")]
    for i, (text, lang) in enumerate(texts):
        doc = pipeline(Article(text=text, id=f"shape-{i}", published="2026-11-25", lang=lang))
        assert doc.roles and (doc.roles[0].valid_from or doc.roles[0].valid_until), text
        ok, report = validate(map_doc(doc).quads)
        assert ok, report
    doc = pipeline(Article(text=texts[0][0], id="shape-0", published="2026-11-25", lang="da"))
    written = {(q.predicate.value.rsplit("/", 1)[-1], q.object.value, q.object.datatype.value.rsplit("#")[-1])
               for q in map_doc(doc).quads if q.predicate.value.endswith(("startDate", "endDate"))}
    assert written == {("startDate", "2014", "gYear"), ("endDate", "2022", "gYear")}


def test_extract_output_gives_every_role_its_status_and_dates(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    src = tmp_path / "roles.jsonl"
    src.write_text(json.dumps({"id": "x1", "lang": "da", "published": "2026-11-25", "text": (
        "Den tidligere forsvarsminister Troels Lund Poulsen talte. "
        "Mette Skov, som var borgmester i Aarhus Kommune fra 2014 til 2022, stiller op igen.")},
        ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(src)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    roles = [r for r in json.loads(result.stdout)["relations"] if "role" in r]
    assert roles and all({"person", "role", "org", "status", "valid_from", "valid_until"} <= set(r) for r in roles)
    assert {(r["role"], r["status"], r["valid_from"], r["valid_until"]) for r in roles} >= {
        ("forsvarsminister", "former", None, None), ("borgmester", "former", "2014", "2022")}
