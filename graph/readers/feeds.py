"""RSS and Atom feeds (feedparser): one article per entry, from its full content or its summary."""
from __future__ import annotations

import html
import io
import re
import time
from collections.abc import Iterator

import feedparser

from graph.readers.base import DEFAULT_LIMITS, ReadError, ReadLimits, Record
from graph.readers.html import read_html
from graph.readers.text import read_text

_TAG = re.compile(r"<[A-Za-z!/]")


def _published(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return None


def _web_link(link: str | None) -> str | None:
    # feedparser falls back to the entry's guid/id for `link` ("urn:uuid:…", "123"): only a web address is a URL.
    if link and link.strip().lower().startswith(("http://", "https://")):
        return link.strip()
    return None


def read_feed(content: str, origin: str, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Record]:
    # A stream, never the string itself: feedparser takes a string that looks like a URL or a file name as one,
    # and would fetch or open it. The text is already decoded, so its XML encoding declaration no longer holds.
    feed = feedparser.parse(
        io.BytesIO(content.encode("utf-8")), response_headers={"content-type": "application/xml; charset=utf-8"}
    )
    if feed.bozo and not feed.entries:
        yield ReadError(origin, f"not a readable RSS/Atom feed: {feed.get('bozo_exception', 'parse error')}")
        return
    if not feed.entries:
        yield ReadError(origin, "feed has no entries")
        return
    source = feed.feed.get("title")
    lang = (feed.feed.get("language") or "").split("-")[0] or None
    for i, entry in enumerate(feed.entries, start=1):
        where = f"{origin}#entry{i}"
        meta = {
            "id": entry.get("id") or entry.get("link"),
            "title": entry.get("title"),
            "url": _web_link(entry.get("link")),
            "published": _published(entry),
            "source": source,
            "lang": lang,
        }
        meta = {k: v for k, v in meta.items() if v}
        body, is_html = _body(entry)
        if not body.strip():
            yield ReadError(where, "feed entry has no content or summary")
        elif is_html and _TAG.search(body):
            yield read_html(f"<html><body><article><p>{body}</p></article></body></html>", where, limits, **meta)
        else:
            # HTML without tags is text with entities ("Smith &amp; Co"); plain text is taken as it is.
            yield read_text(html.unescape(body) if is_html else body, where, limits, **meta)


def _body(entry) -> tuple[str, bool]:
    """The entry's full content, else its summary, and whether feedparser says it is HTML."""
    for detail in [*(entry.get("content") or []), entry.get("summary_detail") or {}]:
        value = detail.get("value") or ""
        if value.strip():
            return value, "html" in (detail.get("type") or "")
    return entry.get("summary") or "", False
