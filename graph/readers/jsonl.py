"""JSON Lines: one article per line with id, title, url, published, source, lang and either text or html."""
from __future__ import annotations

import bz2
import gzip
import json
import zlib
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

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


def read_line(line: str, where: str, limits: ReadLimits = DEFAULT_LIMITS) -> Record | None:
    """One line of JSON Lines -> Article or ReadError; None for a blank line."""
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return ReadError(where, f"invalid JSON: {e.msg} at column {e.colno}")
    record = read_record(obj, where, limits)
    return record if isinstance(record, ReadError) else check_article(record, limits)


def read_jsonl(
    content: str, origin: str, first_line: int = 1, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[Record]:
    """Records of JSON Lines text; `first_line` numbers lines when `content` is a slice of a file."""
    # Split on "\n" only: str.splitlines() also splits on U+2028 and friends, which JSON allows raw inside strings.
    for lineno, line in enumerate(content.split("\n"), start=first_line):
        record = read_line(line, f"{origin}:{lineno}", limits)
        if record is not None:
            yield record


# Compressed JSON Lines, read as a stream: one unit per line, so a cluster task can take lines first..first+n.

COMPRESSED: dict[str, Callable[..., Any]] = {".gz": gzip.open, ".bz2": bz2.open}
Unit = Callable[[], Record | None]  # one line or WARC record of a stream file; calling it reads it
_STREAM_ERRORS = (OSError, EOFError, zlib.error, ValueError)  # truncated or corrupt gzip/bz2 data


def decode_line(data: bytes, origin: str) -> str | ReadError:
    """One line's bytes -> text: UTF-8 (a BOM on the first line dropped), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        return ReadError(origin, "binary data (contains NUL bytes), not text")
    return text


def line_units(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Generator[Unit, None, None]:
    """The lines of a gzip/bz2-compressed JSON Lines file, decompressed as a stream, one unit per line.

    A unit is read by calling it (blank lines give None). Corrupt or truncated data ends the stream with one
    unit giving a ReadError that names the file, the problem and the last line read; earlier lines stand.
    """
    origin = str(path)
    opener = COMPRESSED[path.suffix.lower()]
    lineno = 0
    try:
        with opener(path, "rb") as f:
            for lineno, raw in enumerate(f, start=1):
                yield _line_unit(raw, f"{origin}:{lineno}", limits)
    except _STREAM_ERRORS as e:
        problem = f"corrupt or truncated {path.suffix.lower()[1:]} data after line {lineno}: {e}"
        yield lambda: ReadError(origin, problem)


def _line_unit(raw: bytes, where: str, limits: ReadLimits) -> Unit:
    def read() -> Record | None:
        text = decode_line(raw, where)
        return text if isinstance(text, ReadError) else read_line(text, where, limits)

    return read
