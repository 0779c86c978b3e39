"""The `newskg` command line, run in-process with typer's runner against a store in a temporary folder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "graph" / "samples"
runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    """A store on disk with the sample articles ingested through `newskg ingest`."""
    path = str(tmp_path_factory.mktemp("cli") / "kg")
    result = run("ingest", str(SAMPLES / "articles.jsonl"), "--store", path, "--quiet")
    assert result.exit_code == 0, result.output
    return path


def test_ingest_reports_bad_records_and_keeps_the_good(tmp_path, store):
    bad = tmp_path / "mixed.jsonl"
    bad.write_text('{"id": "good-1", "text": "Karen Holm Lindqvist besøgte Esbjerg."}\n{oops\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_text("")
    path = str(tmp_path / "kg")
    result = run("ingest", str(bad), str(tmp_path / "empty.txt"), str(tmp_path / "missing.html"), "--store", path, "-q")
    assert result.exit_code == 1
    assert f"{bad}:2: invalid JSON" in result.output
    assert "empty.txt: empty file" in result.output
    assert "missing.html: no such file" in result.output
    listed = run(
        "query",
        "SELECT ?id WHERE { ?a a <https://schema.org/NewsArticle> ; <https://schema.org/identifier> ?id }",
        "--store",
        path,
        "--format",
        "csv",
    )
    assert listed.stdout.split() == ["id", "good-1"]


def test_reingest_adds_no_duplicates(store):
    count = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'
    before = run("query", count, "--store", store, "--format", "csv").stdout
    assert run("ingest", str(SAMPLES / "articles.jsonl"), "--store", store, "-q").exit_code == 0
    assert run("query", count, "--store", store, "--format", "csv").stdout == before


def test_extract_prints_entities_with_offsets_into_the_input():
    page = SAMPLES / "pages" / "da-side-med-stoej.txt"
    result = run("extract", str(page))
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    text = page.read_text(encoding="utf-8")
    assert set(out) >= {"id", "lang", "entities", "events", "quotes"}
    assert out["lang"] == "da"
    assert out["entities"]
    for ent in out["entities"]:
        assert set(ent) >= {"start", "end", "text", "type", "id", "label"}
        assert text[ent["start"]:ent["end"]] == ent["text"]
        assert ent["type"] in {"Person", "Organization", "Company", "Country", "Place", "Event"}


def test_extract_jsonl_prints_one_line_per_article(tmp_path):
    src = tmp_path / "two.jsonl"
    src.write_text(
        '{"id": "x1", "lang": "en", "text": "Sarah Whitlock visited Odense."}\n'
        '{"id": "x2", "text": "Mette Holm bor i Aarhus."}\n'
    )
    result = run("extract", str(src))
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["x1", "x2"]


def test_extract_refuses_unknown_format(tmp_path):
    src = tmp_path / "a.docx"
    src.write_bytes(b"PK\x03\x04")
    result = run("extract", str(src))
    assert result.exit_code == 1
    assert "a.docx" in result.output


def test_query_formats_and_syntax_error(store):
    q = (
        "SELECT ?id WHERE { ?a a <https://schema.org/NewsArticle> ; <https://schema.org/identifier> ?id }"
        " ORDER BY ?id LIMIT 2"
    )
    as_json = json.loads(run("query", q, "--store", store, "--format", "json").stdout)
    assert [b["id"]["value"] for b in as_json["results"]["bindings"]] == ["da-aarhus-01", "da-aarhus-02"]
    assert "da-aarhus-01" in run("query", q, "--store", store).stdout
    bad = run("query", "SELEC ?x", "--store", store)
    assert bad.exit_code == 1 and "syntax error" in bad.output.lower()


def test_related_prints_results_with_reasons(store):
    result = run("related", "da-vind-01", "--store", store, "-k", "3")
    related = json.loads(result.stdout)
    assert len(related) == 3 and all(r["shared"] for r in related)
    missing = run("related", "nope", "--store", store)
    assert missing.exit_code == 1 and "no article" in missing.output


def test_viz_writes_an_offline_page(store, tmp_path):
    out = tmp_path / "karen.html"
    result = run("viz", "person-karen-holm-lindqvist", "--out", str(out), "--store", store)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Karen Holm Lindqvist" in html and "cdn.jsdelivr" not in html
    assert run("viz", "person-nobody", "--out", str(out), "--store", store).exit_code == 1


def test_export_import_round_trip(store, tmp_path):
    backup = tmp_path / "backup.nq"
    assert run("export", str(backup), "--store", store).exit_code == 0
    copy = str(tmp_path / "copy")
    assert run("import", str(backup), "--store", copy).exit_code == 0
    again = tmp_path / "again.nq"
    run("export", str(again), "--store", copy)
    assert sorted(backup.read_text().splitlines()) == sorted(again.read_text().splitlines())


def test_demo_ingests_the_bundled_samples(tmp_path):
    path = str(tmp_path / "demo")
    result = run("demo", "--store", path, "--no-serve")
    assert result.exit_code == 0, result.output
    assert "ingested 36 article(s), 0 failed" in result.output


def test_train_ner_trains_and_reports_dev_scores(tmp_path):
    pytest.importorskip("spacy")
    fixtures = ROOT / "tests" / "fixtures" / "ner"
    out = tmp_path / "model"
    result = run("train-ner", "--train", str(fixtures / "train_da.iob"), "--dev", str(fixtures / "dev_da.iob"),
                 "--lang", "da", "--out", str(out), "--epochs", "2")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert 0.0 <= scores["f"] <= 1.0 and len(scores["epochs"]) == 2
    assert (out / "meta.json").exists()


def test_train_ner_bad_file_is_one_clear_line(tmp_path):
    bad = tmp_path / "bad.iob"
    bad.write_text("Karen\tB-PER\nHolm\tX-PER\n", encoding="utf-8")
    result = run("train-ner", "--train", str(bad), "--dev", str(bad), "--lang", "da", "--out", str(tmp_path / "m"))
    assert result.exit_code == 1
    assert "bad.iob:2" in result.output


def test_reader_limits_come_from_the_settings(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Anna Berg met the board in Aarhus on Monday.", encoding="utf-8")
    monkeypatch.setenv("NEWSKG_MAX_ARTICLE_CHARS", "10")
    r = run("extract", str(path))
    assert r.exit_code != 0 and "over the limit of 10" in r.stderr
    monkeypatch.setenv("NEWSKG_MAX_ARTICLE_CHARS", "abc")
    r = run("extract", str(path))
    assert r.exit_code != 0 and "NEWSKG_MAX_ARTICLE_CHARS must be a whole number" in r.stderr
