"""JSON Lines: one article per line with id, title, url, published, source, lang and either text or html."""
from __future__ import annotations

import json
from collections.abc import Iterator

from graph.readers.base import DEFAULT_LIMITS, ReadError, ReadLimits, Record, check_article
from graph.readers.html import read_html
from graph.readers.text import read_text

META_FIELDS = ("id", "title", "url", "published", "source", "lang")


def read_record(obj: object, origin: str, limits: ReadLimits = DEFAULT_LIMITS) -> Record:
    """One decoded JSON value -> Article or ReadError."""
    if not isinstance(obj, dict):
        return ReadError(origin, f"expected a JSON object, got {type(obj).__name__}")
    meta: dict[str, str | None] = {}
    for key in META_FIELDS:
        value = obj.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
            value = str(value)
        if not isinstance(value, str):
            return ReadError(origin, f"field {key!r} must be a string, got {type(value).__name__}")
        meta[key] = value
    text, html = obj.get("text"), obj.get("html")
    if isinstance(text, str) and text.strip():
        article = read_text(text, origin, limits, **meta)
        # In JSON the title is a field; do not take the first line of the text for it.
        if not isinstance(article, ReadError) and "title" not in meta:
            article.title = None
        return article
    if isinstance(html, str) and html.strip():
        return read_html(html, origin, limits, **meta)
    if text is not None and not isinstance(text, str):
        return ReadError(origin, f"field 'text' must be a string, got {type(text).__name__}")
    return ReadError(origin, "record has neither 'text' nor 'html'")


def read_jsonl(
    content: str, origin: str, first_line: int = 1, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[Record]:
    """Records of JSON Lines text; `first_line` numbers lines when `content` is a slice of a file."""
    # Split on "\n" only: str.splitlines() also splits on U+2028 and friends, which JSON allows raw inside strings.
    for lineno, line in enumerate(content.split("\n"), start=first_line):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadError(where, f"invalid JSON: {e.msg} at column {e.colno}")
            continue
        record = read_record(obj, where, limits)
        if not isinstance(record, ReadError):
            record = check_article(record, limits)
        yield record
