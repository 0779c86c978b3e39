"""Compressed JSON Lines and WARC files, read as streams: same records as the plain files, and bad input (a
truncated gzip, a broken WARC record) gives one error line naming the file, without losing what came before."""
from __future__ import annotations

import bz2
import gzip
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from api.cli import app
from graph.ingest import ingest_paths
from graph.model import Article
from graph.readers import ReadError, iter_files, read_file
from graph.readers.warc import url_id
from graph.services import build_pipeline
from graph.settings import Settings
from graph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "graph" / "samples" / "articles.jsonl"
LINES = SAMPLES.read_bytes()


def _page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{body} {i}.</p>" for i in range(6))
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | News</nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>Contact</footer></body></html>"
    ).encode()


def write_warc(path: Path, pages: list[tuple[str, bytes, str]], gz: bool) -> None:
    """A WARC like Common Crawl News: a request and a response per page, and an image response between them."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for uri, payload, content_type in pages:
            request = writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)
            )
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.dk/logo.png", "response", payload=io.BytesIO(b"\x89PNG...."), http_headers=image
            )
        )


PAGES = [
    (
        "https://www.Example.dk/news/storm-i-aarhus/",
        _page("Storm i Aarhus", "Mette Frederiksen besøgte Aarhus"),
        "text/html; charset=utf-8",
    ),
    (
        "https://example.com/world/2026/talks?id=7#top",
        _page("Talks in Geneva", "Anna Berg met Novo Nordisk"),
        "text/html",
    ),
    (
        "https://example.dk/gammel-side",
        _page("Københavns havn", "Søren Kierkegaard gik på Strøget").decode("utf-8").encode("cp1252"),
        "text/html; charset=windows-1252",
    ),
]


def _articles(records: list) -> list[Article]:
    return [r for r in records if isinstance(r, Article)]


def test_compressed_json_lines_read_as_the_plain_file(tmp_path: Path) -> None:
    plain = list(read_file(SAMPLES))
    packed = {"a.jsonl.gz": gzip.compress(LINES), "a.jsonl.bz2": bz2.compress(LINES), "a.json.gz": gzip.compress(LINES)}
    for name, data in packed.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert [(r.id, r.text) for r in read_file(path)] == [(r.id, r.text) for r in plain]  # type: ignore[union-attr]
    # Folders: compressed files are found by their double extension.
    assert {p.name for p in iter_files([tmp_path]) if isinstance(p, Path)} == {"a.jsonl.gz", "a.jsonl.bz2", "a.json.gz"}


def test_warc_html_responses_become_articles_with_ids_from_the_uri(tmp_path: Path) -> None:
    for gz in (True, False):
        path = tmp_path / ("news.warc.gz" if gz else "news.warc")
        write_warc(path, PAGES, gz)
        records = list(read_file(path))
        assert not [r for r in records if isinstance(r, ReadError)], records
        articles = _articles(records)
        assert [a.id for a in articles] == [
            "www.example.dk/news/storm-i-aarhus",
            "example.com/world/2026/talks?id=7",
            "example.dk/gammel-side",
        ]
        assert articles[0].title == "Storm i Aarhus" and "Mette Frederiksen besøgte Aarhus" in articles[0].text
        assert "Søren Kierkegaard gik på Strøget" in articles[2].text  # decoded with the charset the response gave
        assert "Home | News" not in articles[1].text and articles[1].url == PAGES[1][0]
    assert url_id("https://example.dk/" + "x" * 500) == url_id("https://example.dk/" + "x" * 500)
    assert len(url_id("https://example.dk/" + "x" * 500)) == 200


def _one_line_errors_naming(records: list, path: Path) -> list[ReadError]:
    errors = [r for r in records if isinstance(r, ReadError)]
    for e in errors:
        assert "\n" not in str(e) and str(e).startswith(str(path)), str(e)
    return errors


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=len(gzip.compress(LINES)) - 1), kind=st.sampled_from(["gz", "bz2"]))
def test_truncated_compressed_stream_keeps_the_lines_before(tmp_path: Path, cut: int, kind: str) -> None:
    data = gzip.compress(LINES) if kind == "gz" else bz2.compress(LINES)
    path = tmp_path / f"cut.jsonl.{kind}"
    path.write_bytes(data[: min(cut, len(data) - 1)])
    records = list(read_file(path))
    errors = _one_line_errors_naming(records, path)
    assert errors and records[-1] is errors[-1]  # the stream ends with the error
    assert "corrupt or truncated" in str(errors[-1]) or "invalid JSON" in str(errors[-1])
    whole = [(r.id, r.text) for r in read_file(SAMPLES)]  # type: ignore[union-attr]
    got = [(a.id, a.text) for a in _articles(records)]
    assert got == whole[: len(got)]  # what was read is a prefix of the file, whole articles only


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    gz=st.booleans(),
    cut=st.floats(min_value=0.05, max_value=0.98),
    garbage=st.binary(min_size=0, max_size=64),
)
def test_broken_warc_gives_one_error_and_keeps_the_records_before(
    tmp_path: Path, gz: bool, cut: float, garbage: bytes
) -> None:
    path = tmp_path / ("broken.warc.gz" if gz else "broken.warc")
    write_warc(path, PAGES, gz)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * cut)] + garbage)
    records = list(read_file(path))
    errors = _one_line_errors_naming(records, path)
    good = [a.id for a in _articles(records)]
    expected = [url_id(uri) for uri, _, _ in PAGES]
    assert good == expected[: len(good)]
    # A cut that falls between records cannot be told from the end of a file; any other says so, once.
    assert len(errors) <= 1


def test_warc_cut_inside_a_record_says_so(tmp_path: Path) -> None:
    for gz in (True, False):
        path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
        write_warc(path, PAGES, gz)
        with path.open("rb") as f:  # where the second page's response record lies
            responses = ArchiveIterator(f)
            spans = [(responses.get_record_offset(), r.length) for r in responses if r.rec_type == "response"]
        offset, length = spans[1]
        data = path.read_bytes()
        path.write_bytes(data[: offset + length // 2])
        records = list(read_file(path))
        errors = _one_line_errors_naming(records, path)
        assert len(errors) == 1 and "broken WARC data" in str(errors[0]), records
        assert [a.id for a in _articles(records)] == [url_id(PAGES[0][0])]


def test_ingest_of_a_truncated_file_loses_nothing_stored(tmp_path: Path) -> None:
    store = open_store("memory:")
    pipeline = build_pipeline(Settings(cache_dir="off"))
    ingest_paths([SAMPLES], store, pipeline)
    before = set(store.article_ids())
    lines = [json.loads(line) for line in LINES.decode("utf-8").splitlines()][:6]
    fresh = "\n".join(json.dumps(dict(r, id=r["id"] + "-new")) for r in lines).encode("utf-8")
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(fresh)
    path.write_bytes(data[: len(data) - 40])
    report = ingest_paths([path], store, pipeline)
    assert report.failed == 1 and str(path) in report.errors[-1] and "truncated" in report.errors[-1]
    assert before <= set(store.article_ids())
    assert 0 < report.ingested < 6 and set(report.article_ids) <= set(store.article_ids())

    # The CLI says it in one line naming the file, and exits non-zero.
    result = CliRunner().invoke(app, ["ingest", str(path), "--store", str(tmp_path / "store"), "-q", "-w", "1"])
    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if "error" in line]
    assert len(error_lines) == 1 and str(path.name) in error_lines[0] and "truncated" in error_lines[0]
