"""Pick the reader for a file by its extension (or content), and walk files and folders."""
from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from pathlib import Path

from graph.readers.base import DEFAULT_LIMITS, ReadError, ReadLimits, Record, decode, read_bytes
from graph.readers.html import read_html
from graph.readers.jsonl import Unit, line_units, read_jsonl
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
    ".warc": "warc",
}
# Formats read as a stream of units (lines, WARC records), never whole into memory; a cluster task takes a range.
STREAMS = {
    ".jsonl.gz": "jsonl",
    ".jsonl.bz2": "jsonl",
    ".ndjson.gz": "jsonl",
    ".ndjson.bz2": "jsonl",
    ".json.gz": "jsonl",
    ".json.bz2": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
}


def stream_format(path: Path) -> str | None:
    """'jsonl' or 'warc' for a file read as a stream (compressed JSON Lines, WARC), else None."""
    name = path.name.lower()
    return next((fmt for ext, fmt in STREAMS.items() if name.endswith(ext)), None)


def known_file(path: Path) -> bool:
    return path.suffix.lower() in FORMATS or stream_format(path) is not None


def stream_units(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Generator[Unit, None, None]:
    """The units of a stream file: call each (before taking the next) for its Record, or None when it holds none."""
    if stream_format(path) == "warc":
        from graph.readers.warc import record_units

        return record_units(path, limits)
    return line_units(path, limits)


def read_stream(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Record]:
    try:
        units = stream_units(path, limits)
        for unit in units:
            record = unit()
            if record is not None:
                yield record
    except OSError as e:
        yield ReadError(str(path), f"cannot read file: {e.strerror or e}")


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
    if stream_format(path):
        yield from read_stream(path, limits)
        return
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
                if child.is_file() and known_file(child) and not child.name.startswith("."):
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
        if not isinstance(item, ReadError) and stream_format(item) == "jsonl":
            total += _count_lines(item)
            continue
        if isinstance(item, ReadError) or FORMATS.get(item.suffix.lower()) != "jsonl":
            total += 1  # a WARC file counts as one: counting its pages would mean reading it all
            continue
        try:
            with item.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        except OSError:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    try:
        return sum(1 for unit in line_units(path))
    except OSError:
        return 1
