"""RSS and Atom feeds (feedparser): one article per entry, from its full content or its summary."""
from __future__ import annotations

import time
from collections.abc import Iterator

import feedparser

from graph.readers.base import ReadError, Record
from graph.readers.html import read_html
from graph.readers.text import read_text


def _published(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return None


def read_feed(content: str, origin: str) -> Iterator[Record]:
    feed = feedparser.parse(content)
    if feed.bozo and not feed.entries:
        yield ReadError(origin, f"not a readable RSS/Atom feed: {feed.get('bozo_exception', 'parse error')}")
        return
    source = feed.feed.get("title")
    lang = (feed.feed.get("language") or "").split("-")[0] or None
    for i, entry in enumerate(feed.entries, start=1):
        where = f"{origin}#entry{i}"
        meta = {
            "id": entry.get("id") or entry.get("link"),
            "title": entry.get("title"),
            "url": entry.get("link"),
            "published": _published(entry),
            "source": source,
            "lang": lang,
        }
        meta = {k: v for k, v in meta.items() if v}
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value", "")
        body = body or entry.get("summary", "")
        if not body.strip():
            yield ReadError(where, "feed entry has no content or summary")
        elif "<" in body and ">" in body:
            yield read_html(f"<html><body><article><p>{body}</p></article></body></html>", where, **meta)
        else:
            yield read_text(body, where, **meta)
