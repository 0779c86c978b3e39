"""Readers: each format, and bad input that must give one clear error naming the file (and line)."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import Article
from graph.readers import ReadError, read_paths
from graph.readers.base import MAX_ARTICLE_CHARS
from graph.readers.html import read_html
from graph.readers.jsonl import read_jsonl
from graph.readers.text import read_text

PAGE = """<!doctype html><html><head><title>Havnen får ny kran</title></head><body>
<nav><a href="/">Forside</a> <a href="/sport">Sport</a> <a href="/job">Job</a></nav>
<article><h1>Havnen får ny kran</h1>
<p>Aarhus Havn har købt en ny containerkran, der skal gøre det hurtigere at losse skibe fra Asien.
Kranen bliver leveret i foråret og koster omkring 90 millioner kroner, oplyser havnen.</p>
<p>Havnedirektøren forventer, at den nye kran kan løfte dobbelt så mange containere i timen som den gamle.
Det skal give færre ventetimer for rederierne, der i år har klaget over lange køer ved kajen.</p>
</article>
<aside><h2>Læs også</h2><ul><li><a href="/a">Ny bro i Vejle åbner</a></li></ul></aside>
<footer>Job: Kranfører søges til Esbjerg Havn. Ansøgningsfrist 1. maj.</footer>
</body></html>"""


def records(tmp_path: Path, name: str, content: str | bytes) -> list:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return list(read_paths([path]))


def test_plain_text_keeps_text_and_takes_first_line_as_title(tmp_path):
    [article] = records(tmp_path, "a.txt", "Overskrift\n\nBrødtekst om Aarhus.\n")
    assert isinstance(article, Article)
    assert article.text == "Overskrift\n\nBrødtekst om Aarhus.\n"
    assert article.title == "Overskrift"


def test_html_keeps_main_content_only():
    article = read_html(PAGE, "page.html")
    assert isinstance(article, Article)
    assert "containerkran" in article.text
    assert "Kranfører søges" not in article.text
    assert "Forside" not in article.text
    assert article.title == "Havnen får ny kran"


def test_jsonl_keeps_given_fields_and_reads_html_records():
    lines = [
        json.dumps({"id": "x-1", "title": "T", "url": "https://example.org/x", "published": "2026-03-01",
                    "source": "Nordposten", "lang": "da", "text": "Tekst om Odense."}),
        json.dumps({"id": "x-2", "html": PAGE}),
    ]
    a, b = list(read_jsonl("\n".join(lines), "in.jsonl"))
    assert (a.id, a.title, a.url, a.published, a.source, a.lang) == (
        "x-1",
        "T",
        "https://example.org/x",
        "2026-03-01",
        "Nordposten",
        "da",
    )
    assert b.id == "x-2" and "containerkran" in b.text


def test_bad_jsonl_lines_name_the_line_and_do_not_stop_the_rest():
    content = (
        '{"id": "ok1", "text": "Godt."}\n{not json\n["a list"]\n{"id": "no-text"}\n'
        '{"id": 5, "title": 3, "text": "x"}\n{"id": "ok2", "text": "Også godt."}\n'
    )
    out = list(read_jsonl(content, "in.jsonl"))
    assert [r.id for r in out if isinstance(r, Article)] == ["ok1", "ok2"]
    errors = [r for r in out if isinstance(r, ReadError)]
    assert [e.origin for e in errors] == ["in.jsonl:2", "in.jsonl:3", "in.jsonl:4", "in.jsonl:5"]
    assert "invalid JSON" in errors[0].message
    assert "neither 'text' nor 'html'" in errors[2].message
    assert "'title' must be a string" in errors[3].message


def test_bad_files_each_give_one_clear_error(tmp_path):
    assert "empty file" in str(records(tmp_path, "empty.txt", "")[0])
    assert "binary" in str(records(tmp_path, "bin.txt", b"\x00\x01\x02PNG\x00")[0])
    assert "unknown format" in str(records(tmp_path, "a.pdf", "%PDF-1.4")[0])
    [missing] = list(read_paths([tmp_path / "nope.txt"]))
    assert isinstance(missing, ReadError) and "no such file" in missing.message
    [huge] = records(tmp_path, "huge.txt", "a" * (MAX_ARTICLE_CHARS + 1))
    assert isinstance(huge, ReadError) and "over the limit" in huge.message


def test_folders_are_walked_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B-tekst.")
    (tmp_path / "a.txt").write_text("A-tekst.")
    (tmp_path / "ignored.bin").write_bytes(b"\x00")
    texts = sorted(r.text for r in read_paths([tmp_path]))
    assert texts == ["A-tekst.", "B-tekst."]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=2000))
def test_text_reader_never_crashes(text):
    result = read_text(text, "fuzz.txt")
    assert isinstance(result, (Article, ReadError))
    if isinstance(result, Article):
        assert result.text == text


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=3000))
def test_jsonl_reader_never_crashes(content):
    for record in read_jsonl(content, "fuzz.jsonl"):
        assert isinstance(record, (Article, ReadError))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdefghpq\n&;!-")), max_size=1500))
def test_html_reader_never_crashes_on_broken_markup(html):
    assert isinstance(read_html(html, "fuzz.html"), (Article, ReadError))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_records_or_errors(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "x.txt"
    path.write_bytes(data)
    for record in read_paths([path]):
        assert isinstance(record, (Article, ReadError))


def test_html_text_that_looks_like_markup_stays_as_written() -> None:
    # trafilatura unescapes twice on its own: "&amp;gt" (the text "&gt") must not come out as ">".
    from graph.readers.html import read_html

    page = (
        "<html><head><title>Tom &amp;amp; Jerry</title></head><body><article>"
        "<p>Skriv &amp;gt; og &amp;lt; i stedet for pile, sagde Anna Berg fra Aarhus.</p>"
        "<p>Forlaget A &amp; B og C &#38; D udgiver bogen.</p></article></body></html>"
    )
    article = read_html(page, "page.html", url="https://example.org/?a=1&b=2")
    assert "Skriv &gt; og &lt; i stedet" in article.text
    assert "A & B og C & D" in article.text
    assert article.title == "Tom &amp; Jerry"
    assert article.url == "https://example.org/?a=1&b=2"


def test_limits_come_from_the_caller(tmp_path):
    from graph.readers import read_file
    from graph.readers.base import ReadLimits

    path = tmp_path / "short.txt"
    path.write_text("Anna Berg met the board in Aarhus on Monday.", encoding="utf-8")
    [ok] = read_file(path)
    assert not isinstance(ok, ReadError)
    [long] = read_file(path, ReadLimits(max_article_chars=10))
    assert isinstance(long, ReadError) and "over the limit of 10" in long.message
    [big] = read_file(path, ReadLimits(max_file_bytes=5))
    assert isinstance(big, ReadError) and "over the limit of 5" in big.message
