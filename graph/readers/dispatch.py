"""Pick the reader for a file by its extension (or content), and walk files and folders."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path

from graph.rdf.iris import slugify
from graph.readers.base import DEFAULT_LIMITS, ReadError, ReadLimits, Record, Skipped, decode, read_bytes
from graph.readers.html import read_html
from graph.readers.jsonl import Unit, line_units, read_jsonl, read_record
from graph.readers.text import read_text

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".markdown": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
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

# Markdown is read as text, but in a folder only when asked (`markdown=True`, `newskg ingest --markdown`): notes and
# READMEs beside the articles are not news.
MARKDOWN = frozenset({".md", ".markdown"})
# Formats that hold one article per file: the file's name gives its id when the file gives none.
SINGLE_ARTICLE = frozenset({"text", "html"})


def file_article_id(path: Path) -> str:
    """A readable, stable id from a file's name: 'Ny vindmøllepark.txt' -> 'ny-vindmoellepark'."""
    return slugify(path.stem)


def file_article_ids(files: Iterable[Path]) -> dict[Path, str]:
    """Ids for text and HTML files read in one run: the name's slug, and where two files share a name ("a/page.txt",
    "b/page.txt") the folder's name in front ("a-page", "b-page"), then a digest of the path, so none replaces another.
    """
    single = [f for f in files if FORMATS.get(f.suffix.lower()) in SINGLE_ARTICLE]
    ids = {f: file_article_id(f) for f in single}
    taken = Counter(ids.values())
    ids = {f: (f"{slugify(f.parent.name)}-{i}" if taken[i] > 1 else i) for f, i in ids.items()}
    taken = Counter(ids.values())
    return {f: (f"{i}-{_digest(f)}" if taken[i] > 1 else i) for f, i in ids.items()}


def _digest(path: Path) -> str:
    return hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]


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


def read_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS, article_id: str | None = None) -> Iterator[Record]:
    """Every record of one file. Errors name the file (and line). A text or HTML file that gives no id is stored
    under `article_id`, by default the slug of its name (`file_article_id`)."""
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
    if fmt in SINGLE_ARTICLE:
        record = read_text(content, origin, limits) if fmt == "text" else read_html(content, origin, limits)
        if not isinstance(record, ReadError) and not record.id:
            record.id = article_id or file_article_id(path)
        yield record
    elif fmt == "json":
        yield from read_json(content, origin, limits)
    elif fmt == "jsonl":
        yield from read_jsonl(content, origin, limits=limits)
    elif fmt == "feed":
        from graph.readers.feeds import read_feed

        yield from read_feed(content, origin, limits)
    else:
        known = ", ".join(sorted(FORMATS))
        yield ReadError(origin, f"unknown format {path.suffix or '(no extension)'!r}; known: {known}")


def read_json(content: str, origin: str, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Record]:
    """A .json file: one article (an object with the JSON Lines fields) or a list of them."""
    try:
        value = json.loads(content)
    except json.JSONDecodeError as e:
        yield ReadError(origin, f"invalid JSON at line {e.lineno} column {e.colno}: {e.msg}")
        return
    if isinstance(value, list):
        if not value:
            yield ReadError(origin, "an empty JSON list: no articles")
        for n, item in enumerate(value, 1):
            yield read_record(item, f"{origin}[{n}]", limits)
    else:
        yield read_record(value, origin, limits)


def iter_files(paths: Iterable[str | Path], markdown: bool = False) -> Iterator[Path | ReadError | Skipped]:
    """Files named directly, and the readable files inside folders (recursively, sorted); every other file in a
    folder comes back as `Skipped` with the reason. Markdown files in folders are read only when `markdown`."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or any(part.startswith(".") for part in child.relative_to(path).parts[:-1]):
                    continue  # folders, and files inside hidden folders (.git)
                reason = _skip_reason(child, markdown)
                if reason:
                    yield Skipped(str(child), reason)
                else:
                    yield child
        elif path.is_file():
            yield path
        elif path.exists():
            yield ReadError(str(path), "not a regular file")
        else:
            yield ReadError(str(path), "no such file or directory")


def _skip_reason(path: Path, markdown: bool) -> str | None:
    suffix = path.suffix.lower()
    if path.name.startswith("."):
        return "hidden file"
    if suffix in MARKDOWN and not markdown:
        return "Markdown, read only when asked (newskg ingest --markdown)"
    if not known_file(path):
        known = ", ".join(sorted(FORMATS) + sorted(STREAMS))
        return f"unknown extension {suffix or '(none)'!r}; read: {known}"
    return None


def read_paths(
    paths: Iterable[str | Path], limits: ReadLimits = DEFAULT_LIMITS, markdown: bool = False
) -> Iterator[Record]:
    """Every record under `paths` (files skipped in folders are left out)."""
    for item in iter_files(paths, markdown):
        if isinstance(item, Skipped):
            continue
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_file(item, limits)


def count_records(paths: Iterable[str | Path], markdown: bool = False) -> int:
    """A quick count of the records `read_paths` will yield, for progress bars (JSON Lines: non-empty lines)."""
    total = 0
    for item in iter_files(paths, markdown):
        if isinstance(item, Skipped):
            continue
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
