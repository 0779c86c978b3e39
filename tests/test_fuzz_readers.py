"""Property tests for the RSS/Atom reader, and for how ingest cuts JSON Lines files into slices for its workers.

(The text, HTML and JSON Lines readers have their own property tests in tests/test_readers.py.)
"""
from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph.ingest import _Lines, _path_tasks
from graph.model import Article
from graph.readers import MAX_ARTICLE_CHARS, ReadError, read_file
from graph.readers.feeds import read_feed
from graph.readers.jsonl import read_jsonl

FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)

# Words with Danish letters, digits and the characters XML must escape (but no angle brackets: a body with
# those is read as HTML, which the HTML-body property below covers).
word = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzæøåÆØÅKLM0123456789&'\".,:;!?-")), min_size=1, max_size=12
)
words = st.lists(word, min_size=1, max_size=40).map(" ".join)
when = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC)
)


@st.composite
def entries(draw):
    return {
        "id": draw(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)),
        "title": draw(words),
        "body": draw(st.one_of(words, st.just(""))),
        "when": draw(when),
        "link": draw(st.one_of(st.none(), st.from_regex(r"https://example\.org/[a-z0-9/]{1,20}", fullmatch=True))),
    }


def as_html(body: str) -> str:
    # An RSS description is HTML: plain text goes in with its & < > escaped (tags are kept: see the HTML test).
    return body if "<p>" in body else html.escape(body, quote=False)


def rss(items: list[dict], lang: str | None = "da-DK") -> str:
    parts = []
    for e in items:
        link = f"<link>{escape(e['link'])}</link>" if e["link"] else ""
        parts.append(
            f"<item><title>{escape(e['title'])}</title>{link}<guid isPermaLink=\"false\">{e['id']}</guid>"
            f"<pubDate>{format_datetime(e['when'])}</pubDate><description>{escape(as_html(e['body']))}</description></item>"
        )
    language = f"<language>{lang}</language>" if lang else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f'<title>Test Nyt</title>{language}{"".join(parts)}</channel></rss>'
    )


def atom(items: list[dict]) -> str:
    parts = []
    for e in items:
        link = f'<link href="{escape(e["link"])}"/>' if e["link"] else ""
        parts.append(
            f"<entry><title>{escape(e['title'])}</title><id>urn:test:{e['id']}</id>{link}"
            f'<updated>{e["when"].strftime("%Y-%m-%dT%H:%M:%SZ")}</updated>'
            f'<content type="text">{escape(e["body"])}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>Test News</title>{"".join(parts)}</feed>'
    )


def squash(text: str) -> str:
    return " ".join(text.split())


def check_records(records: list) -> None:
    for r in records:
        assert isinstance(r, (Article, ReadError))
        if isinstance(r, Article):
            assert r.text.strip() and len(r.text) <= MAX_ARTICLE_CHARS
        else:
            assert r.origin and r.message


@FUZZ
@given(st.lists(entries(), min_size=1, max_size=6, unique_by=lambda e: e["id"]), st.sampled_from(["rss", "atom"]))
def test_every_entry_becomes_one_article_or_one_error(items, kind):
    content = rss(items) if kind == "rss" else atom(items)
    records = list(read_feed(content, "feed.xml"))
    assert len(records) == len(items)
    for i, (entry, record) in enumerate(zip(items, records, strict=True), start=1):
        if not entry["body"].strip():
            assert isinstance(record, ReadError)
            assert record.origin == f"feed.xml#entry{i}"
            continue
        assert isinstance(record, Article), record
        assert squash(record.text) == squash(entry["body"])
        assert squash(record.title) == squash(entry["title"])
        assert record.id == (entry["id"] if kind == "rss" else f"urn:test:{entry['id']}")
        assert record.url == entry["link"]  # a guid or urn is never taken for the URL
        assert record.published == entry["when"].strftime("%Y-%m-%dT%H:%M:%SZ")
        assert record.source == ("Test Nyt" if kind == "rss" else "Test News")
        if kind == "rss":
            assert record.lang == "da"


@FUZZ
@given(st.lists(st.lists(words, min_size=1, max_size=4), min_size=1, max_size=4))
def test_html_bodies_give_their_own_words_only(paragraph_lists):
    items = [
        {
            "id": f"h{i}",
            "title": "Overskrift",
            "body": "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paras),
            "words": set(" ".join(paras).split()),
            "when": datetime(2026, 2, 3, tzinfo=UTC),
            "link": None,
        }
        for i, paras in enumerate(paragraph_lists)
    ]
    records = list(read_feed(rss(items), "feed.rss"))
    assert len(records) == len(items)
    check_records(records)
    for item, record in zip(items, records, strict=True):
        if isinstance(record, Article):
            allowed = item["words"]
            # Markup is gone and nothing is invented (trafilatura may drop a boilerplate-looking line).
            assert "<p>" not in record.text
            assert set(record.text.split()) <= allowed


@FUZZ
@given(st.text(max_size=3000))
def test_any_text_gives_records_or_errors(content):
    check_records(list(read_feed(content, "x.rss")))


@FUZZ
@given(st.lists(entries(), min_size=1, max_size=4, unique_by=lambda e: e["id"]), st.data())
def test_damaged_feeds_never_crash(items, data):
    content = data.draw(st.sampled_from([rss(items), atom(items)]))
    cut = data.draw(st.integers(0, len(content)))
    junk = data.draw(st.text(alphabet=st.sampled_from(list("<>&;/\"'=!?[]x \n\x00\x0b\ufffe")), max_size=30))
    damaged = content[:cut] + junk + content[cut + data.draw(st.integers(0, 40)) :]
    check_records(list(read_feed(damaged, "x.atom")))


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_in_a_feed_file_give_records_or_errors(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("feeds") / "any.rss"
    path.write_bytes(data)
    records = list(read_file(path))
    assert records
    check_records(records)


def test_a_feed_without_entries_is_one_clear_error():
    records = list(read_feed(rss([]), "empty.rss"))
    assert [str(r) for r in records] == ["empty.rss: feed has no entries"]


def test_a_feed_file_naming_a_file_or_url_is_read_as_text_never_opened(tmp_path):
    # feedparser opens a string that looks like a path or a URL; the reader must only ever parse the text.
    other = tmp_path / "other.rss"
    other.write_text(
        rss(
            [
                {
                    "id": "x1",
                    "title": "Elsewhere",
                    "body": "Not in this file",
                    "when": datetime(2020, 1, 1, tzinfo=UTC),
                    "link": None,
                }
            ]
        )
    )
    for content in (str(other), other.as_uri(), "http://127.0.0.1:9/feed.rss", "?xml version='1.0'?><rss>//[</rss>"):
        records = list(read_feed(content, "named.rss"))
        assert len(records) == 1 and isinstance(records[0], ReadError), (content, records)


def test_a_feed_keeps_its_letters_whatever_encoding_it_declares():
    # read_feed gets decoded text: the declaration of the file's original encoding must not decode it again.
    declared = rss(
        [
            {
                "id": "a1",
                "title": "Søren Ærø i Århus",
                "body": "Blåbær og æbler",
                "when": datetime(2020, 1, 1, tzinfo=UTC),
                "link": None,
            }
        ]
    )
    declared = declared.replace('encoding="utf-8"', 'encoding="iso-8859-1"')
    assert 'encoding="iso-8859-1"' in declared
    (record,) = read_feed(declared, "latin.rss")
    assert isinstance(record, Article) and record.title == "Søren Ærø i Århus" and "Blåbær" in record.text


# How ingest cuts a JSON Lines file for its workers must read exactly what the reader reads from the whole file.

jsonl_line = st.one_of(
    st.builds(
        lambda i, t: json.dumps({"id": f"r{i}", "text": t}, ensure_ascii=False),
        st.integers(0, 99),
        st.text(min_size=1, max_size=40),
    ),
    st.text(max_size=30).filter(lambda s: "\n" not in s),  # junk, blank, or JSON with raw U+2028 inside
    st.just(""),
    st.just("  \r"),
)


@FUZZ
@given(st.lists(jsonl_line, min_size=1, max_size=40), st.sampled_from(["\n", "\r\n"]))
def test_jsonl_slices_read_like_the_whole_file(tmp_path_factory, lines, newline):
    content = newline.join(lines)
    assume(content.strip())
    path = tmp_path_factory.mktemp("jsonl") / "in.jsonl"
    path.write_bytes(content.encode("utf-8"))
    whole = list(read_file(path))
    sliced = []
    for task in _path_tasks([path]):
        if isinstance(task, ReadError):  # the whole file is refused (binary, say): once, as read_file does
            sliced.append(task)
        else:
            assert isinstance(task, _Lines)
            sliced.extend(read_jsonl(task.text, task.origin, first_line=task.first_line))
    assert sliced == whole
