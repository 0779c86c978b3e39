"""What a new user meets first (issue 19): help text, what commands say they did, ids, folders, SERVICE refused by
the CLI, counts and labels that agree between pages, plurals, and API docs that work offline."""
from __future__ import annotations

import json
import re
import socket
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.analysis.labels import count_noun, preferred_label, times
from graph.readers import file_article_id, iter_files
from graph.readers.dispatch import file_article_ids

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "graph" / "samples"
runner = CliRunner()

DANISH = "Karen Holm Lindqvist fra Vestkyst Vind besøgte Esbjerg tirsdag, hvor hun talte om vindmøller i Danmark."
ENGLISH = "Karen Holm Lindqvist of Vestkyst Vind visited Esbjerg on Tuesday to talk about wind farms in Denmark."


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("newcomer") / "kg")
    result = run("ingest", str(SAMPLES / "articles.jsonl"), "--store", path, "--quiet")
    assert result.exit_code == 0, result.output
    return path


# --- point 10: help renders as click does, export says what it wrote ---------------------------------------------


def test_ingest_help_names_the_argument_and_no_python_types():
    result = run("ingest", "--help")
    assert result.exit_code == 0
    assert "PATHS..." in result.output
    assert "{paths}" not in result.output
    assert not re.search(r"<(str|bool|int|list\[str\])>", result.output), result.output
    assert "--markdown" in result.output


def test_export_says_what_it_wrote(store, tmp_path):
    out = tmp_path / "backup.nq"
    result = run("export", str(out), "--store", store)
    assert result.exit_code == 0
    quads = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.strip())
    match = re.search(rf"wrote {re.escape(str(out))}: (\d+) quads, (\d+) article\(s\)", result.output)
    assert match, result.output
    assert int(match.group(1)) == quads and int(match.group(2)) == 36


# --- point 2: SERVICE is refused before the store is asked, so nothing is fetched --------------------------------


def test_query_with_service_is_refused_without_fetching(store):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        result = run("query", query, "--store", store)
        with pytest.raises(BlockingIOError):
            listener.accept()  # no connection was attempted
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "SERVICE" in lines[0] and lines[0].startswith("error:")


# --- point 12: viz of an article id points to the article view ----------------------------------------------------


def test_viz_of_an_article_id_points_to_the_article_view(store, tmp_path):
    result = run("viz", "da-vind-01", "--out", str(tmp_path / "x.html"), "--store", store)
    assert result.exit_code == 1
    assert "is an article" in result.output and "/viz/article/da-vind-01" in result.output


# --- point 6: ids are shown, and a file's name gives one ----------------------------------------------------------


def test_ingest_of_a_page_prints_the_id_from_its_name(tmp_path):
    page = tmp_path / "Vindmøller på Vestkysten.txt"
    page.write_text(DANISH, encoding="utf-8")
    result = run("ingest", str(page), "--store", str(tmp_path / "kg"), "-q")
    assert result.exit_code == 0, result.output
    assert "stored: vindmoeller-paa-vestkysten" in result.output
    again = run("ingest", str(page), "--store", str(tmp_path / "kg"), "-q")  # stable: the same id, replaced
    assert "stored: vindmoeller-paa-vestkysten" in again.output


def test_extract_never_prints_a_null_id(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(DANISH, encoding="utf-8")
    out = json.loads(run("extract", str(page)).stdout)
    assert out["id"] == "page"
    lines = tmp_path / "two.jsonl"
    lines.write_text(json.dumps({"text": DANISH}) + "\n" + json.dumps({"id": "given", "text": ENGLISH}) + "\n")
    ids = [json.loads(line)["id"] for line in run("extract", str(lines)).stdout.splitlines()]
    assert ids[0] and ids[0].startswith("a") and ids[1] == "given"
    stdin = runner.invoke(app, ["extract", "-"], input=ENGLISH)
    assert json.loads(stdin.stdout)["id"]


def test_file_ids_are_readable_stable_and_distinct(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = [tmp_path / "a" / "page.txt", tmp_path / "b" / "page.html", tmp_path / "notes 2026.txt"]
    assert file_article_id(files[2]) == "notes-2026"
    ids = file_article_ids(files)
    assert ids == {files[0]: "a-page", files[1]: "b-page", files[2]: "notes-2026"}
    assert file_article_ids(list(reversed(files))) == ids
    # Same folder name too: a digest of the path keeps them apart.
    deep = [tmp_path / "x" / "a" / "page.txt", tmp_path / "y" / "a" / "page.txt"]
    deep_ids = file_article_ids(deep)
    assert len(set(deep_ids.values())) == 2 and all(i.startswith("a-page-") for i in deep_ids.values())


# --- point 7: folders say what they skip; .json is read; Markdown only when asked ---------------------------------


def test_a_folder_of_json_files_is_ingested(tmp_path):
    folder = tmp_path / "json"
    folder.mkdir()
    (folder / "one.json").write_text(json.dumps({"id": "j1", "text": DANISH}), encoding="utf-8")
    (folder / "list.json").write_text(
        json.dumps([{"id": "j2", "text": ENGLISH}, {"id": "j3", "text": DANISH + " Igen."}]), encoding="utf-8"
    )
    result = run("ingest", str(folder), "--store", str(tmp_path / "kg"), "-q")
    assert result.exit_code == 0, result.output
    assert "ingested 3 article(s), 0 failed" in result.output
    assert "j1" in result.output and "j2" in result.output and "j3" in result.output


def test_a_mixed_folder_says_per_file_what_was_skipped(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "article.txt").write_text(DANISH, encoding="utf-8")
    (folder / "notes.md").write_text("# Notes\n\nRing til Karen Holm Lindqvist.", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "data.bin.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "story.json").write_text(json.dumps({"id": "from-json", "text": ENGLISH}), encoding="utf-8")
    result = run("ingest", str(folder), "--store", str(tmp_path / "kg"), "-q")
    out = result.output
    assert f"{folder / 'notes.md'}: skipped: Markdown" in out and "--markdown" in out
    assert f"{folder / 'photo.png'}: skipped: unknown extension '.png'" in out
    assert f"{folder / 'data.bin.txt'}: binary file" in out
    assert "ingested 2 article(s), 1 failed, 2 file(s) skipped" in out
    assert "article" in out and "from-json" in out
    assert result.exit_code == 1  # the binary .txt file failed
    with_md = run("ingest", str(folder), "--store", str(tmp_path / "kg2"), "-q", "--markdown")
    assert "ingested 3 article(s)" in with_md.output and "notes" in with_md.output.split("stored:")[1]


def test_nothing_ingested_from_a_non_empty_folder_is_an_error(tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "readme.md").write_text("# not news", encoding="utf-8")
    (folder / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("ingest", str(folder), "--store", str(tmp_path / "kg"), "-q")
    assert result.exit_code == 1
    assert "skipped" in result.output and "nothing ingested from" in result.output


def test_iter_files_reports_hidden_and_unknown_files(tmp_path):
    (tmp_path / ".draft.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    items = {str(i) for i in iter_files([tmp_path])}
    assert str(tmp_path / "a.txt") in items
    assert f"{tmp_path / '.draft.txt'}: skipped: hidden file" in items


# --- points 3, 4, 12: counts, labels and wording that agree -------------------------------------------------------


def test_preferred_label_order():
    labels = [("Danmark", "da"), ("Denmark", "en")]
    assert preferred_label(labels, "da") == "Danmark"
    assert preferred_label(labels, "en") == "Denmark"
    assert preferred_label(labels, "de") == "Denmark" == preferred_label(labels)
    assert preferred_label([("Lindqvist", ""), ("Karen Holm Lindqvist", "")], "da") == "Karen Holm Lindqvist"
    assert preferred_label([]) == ""


def test_counts_in_words():
    assert times(1) == "1 time" and times(3) == "3 times"
    assert count_noun(2, "company", "companies") == "2 companies" and count_noun(1, "article") == "1 article"


def test_search_counts_equal_the_entity_page(http: httpx.Client):
    for q in ("lindqvist", "danmark", "kina"):
        found = http.get("/entities", params={"q": q}).json()
        assert found, q
        for hit in [h for h in found if h["type"] != "Event"][:5]:  # events have their own page, /events/{id}
            page = http.get(f"/entities/{hit['id']}").json()
            assert hit["articles"] == len({a["id"] for a in page["articles"]}), (q, hit)


def test_one_label_per_language_on_the_page_in_listings_and_in_reasons(http: httpx.Client):
    da = http.get("/entities/country-dk", params={"lang": "da"}).json()["label"]
    en = http.get("/entities/country-dk", params={"lang": "en"}).json()["label"]
    assert (da, en) == ("Danmark", "Denmark")
    assert http.get("/entities/country-dk").json()["label"] == en  # the fixed fallback: English
    listed = {e["id"]: e["label"] for e in http.get("/entities", params={"q": "danmark", "lang": "da"}).json()}
    assert listed["country-dk"] == da
    seen = {"da": 0, "en": 0}
    for article in http.get("/articles", params={"limit": 100}).json():
        want = {"da": da, "en": en}.get(article["lang"])
        for result in http.get(f"/articles/{article['id']}/related", params={"limit": 10}).json():
            for shared in result["shared"]:
                if shared["id"] == "country-dk":
                    assert shared["label"] == want, (article["id"], result["id"])
                    seen[article["lang"]] += 1
            for reason in result["reasons"]:
                assert "(s)" not in reason and "companys" not in reason and "countrys" not in reason, reason
                if reason.startswith("shared countr") and "country-dk" in {s["id"] for s in result["shared"]}:
                    assert want in reason and ({da, en} - {want}).pop() not in reason, reason
    assert seen["da"] > 0 and seen["en"] > 0


def test_shared_reasons_use_the_plural_only_for_several(http: httpx.Client):
    nouns = {"event", "person", "company", "organisation", "place", "country"}
    plurals = {"events", "persons", "companies", "organisations", "places", "countries"}
    checked = 0
    for article in http.get("/articles", params={"limit": 100}).json()[:12]:
        for result in http.get(f"/articles/{article['id']}/related", params={"limit": 5}).json():
            for reason in result["reasons"]:
                match = re.match(r"shared (\w+): (.*)", reason)
                if match:
                    checked += 1
                    several = "," in match.group(2)
                    assert match.group(1) in (plurals if several else nouns), reason
    assert checked


# --- point 8: API docs served from here, no other host ------------------------------------------------------------


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_docs_name_no_other_host(http: httpx.Client, page: str):
    response = http.get(page)
    assert response.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", response.text)
    assets = [u for u in urls if not u.endswith("openapi.json")]
    assert assets, response.text
    for url in urls:
        assert not urlsplit(url).netloc, f"{page} names another host: {url}"
    for url in assets:
        asset = http.get(url)
        assert asset.status_code == 200 and len(asset.content) > 1000, url
    assert "fonts.googleapis" not in response.text and "cdn." not in response.text
    assert http.get("/docs/assets/../app.py").status_code == 404


def test_demo_prints_the_three_addresses(tmp_path):
    result = run("demo", "--store", str(tmp_path / "demo"), "--no-serve", "--port", "8123")
    assert result.exit_code == 0, result.output
    for line in ("explorer:   http://127.0.0.1:8123/viz", "query page: http://127.0.0.1:8123/query",
                 "API docs:   http://127.0.0.1:8123/docs"):
        assert line in result.output
