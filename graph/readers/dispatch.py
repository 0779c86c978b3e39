"""Pick the reader for a file by its extension (or content), and walk files and folders."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.readers.base import DEFAULT_LIMITS, ReadError, ReadLimits, Record, decode, read_bytes
from graph.readers.html import read_html
from graph.readers.jsonl import read_jsonl
from graph.readers.text import read_text

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}


def detect_format(path: Path, content: str | None = None) -> str | None:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is not None or content is None:
        return fmt
    head = content.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("<?xml") and ("<rss" in head or "<feed" in head):
        return "feed"
    return None


def read_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Record]:
    """Every record of one file. Errors name the file (and line)."""
    origin = str(path)
    data = read_bytes(path, limits)
    if isinstance(data, ReadError):
        yield data
        return
    if not data.strip():
        yield ReadError(origin, "empty file")
        return
    content = decode(data, origin)
    if isinstance(content, ReadError):
        yield content
        return
    fmt = detect_format(path, content)
    if fmt == "text":
        yield read_text(content, origin, limits)
    elif fmt == "html":
        yield read_html(content, origin, limits)
    elif fmt == "jsonl":
        yield from read_jsonl(content, origin, limits=limits)
    elif fmt == "feed":
        from graph.readers.feeds import read_feed

        yield from read_feed(content, origin, limits)
    else:
        known = ", ".join(sorted(FORMATS))
        yield ReadError(origin, f"unknown format {path.suffix or '(no extension)'!r}; known: {known}")


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Files named directly, and files with a known extension inside folders (recursively, sorted)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in FORMATS and not child.name.startswith("."):
                    yield child
        elif path.is_file():
            yield path
        elif path.exists():
            yield ReadError(str(path), "not a regular file")
        else:
            yield ReadError(str(path), "no such file or directory")


def read_paths(paths: Iterable[str | Path], limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Record]:
    for item in iter_files(paths):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_file(item, limits)


def count_records(paths: Iterable[str | Path]) -> int:
    """A quick count of the records `read_paths` will yield, for progress bars (JSON Lines: non-empty lines)."""
    total = 0
    for item in iter_files(paths):
        if isinstance(item, ReadError) or FORMATS.get(item.suffix.lower()) != "jsonl":
            total += 1
            continue
        try:
            with item.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        except OSError:
            total += 1
    return total
