"""WARC files (.warc, .warc.gz; Common Crawl News), read as a stream with warcio: HTML responses become articles.

Each WARC record is one unit, so a cluster task can take records first..first+n of a file. A record that is not
an HTML page (requests, metadata, images, redirects) gives nothing; an HTML response goes through the HTML reader,
its id taken from the record's target URI (readable and stable: the same page always gets the same id).
"""
from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from graph.readers.base import DEFAULT_LIMITS, ReadError, ReadLimits, Record, decode
from graph.readers.html import read_html
from graph.readers.jsonl import Unit

HTML_TYPES = ("text/html", "application/xhtml+xml")
_MAX_ID = 200  # characters of URI kept in an id; longer ones end in a hash of the whole URI


def url_id(uri: str) -> str:
    """'https://www.bbc.co.uk/news/uk-123#top' -> 'www.bbc.co.uk/news/uk-123': host (lower case), path and query."""
    parts = urlsplit(uri.strip())
    rest = parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")
    ident = (parts.hostname or "") + rest if parts.hostname else uri.strip()
    if len(ident) > _MAX_ID:
        ident = ident[: _MAX_ID - 11] + "-" + hashlib.sha1(uri.encode("utf-8")).hexdigest()[:10]
    return ident


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _page(payload: bytes, content_type: str, origin: str, uri: str, limits: ReadLimits) -> Record:
    charset = _charset(content_type)
    html: str | ReadError | None = None
    if charset:
        try:
            html = payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            html = None  # a wrong or unknown charset label: guess as for a file
    if html is None:
        html = decode(payload, origin)
    if isinstance(html, ReadError):
        return html
    return read_html(html, origin, limits, url=uri, id=url_id(uri))


def record_units(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Generator[Unit, None, None]:
    """The records of a WARC file, one unit each; call a unit (before taking the next) to read it.

    A broken record or truncated file ends the stream with one unit giving a ReadError naming the file, the
    problem and the number of records read; the records before it stand.
    """
    origin = str(path)
    count = 0
    try:
        with path.open("rb") as f:
            records = ArchiveIterator(f, check_digests=False)
            for record in records:
                if records.err_count:  # warcio found bytes where the next record should begin
                    raise ArchiveLoadFailed("invalid data between records (a wrong Content-Length?)")
                count += 1
                yield _record_unit(record, f"{origin}#{count}", limits)
            if records.err_count:
                raise ArchiveLoadFailed("invalid data between records (a wrong Content-Length?)")
            # warcio ends quietly at a record whose headers are cut off: data left after the last whole record
            # means a cut or broken file.
            f.seek(records.offset)
            if f.read(4096).strip():
                raise ArchiveLoadFailed(f"unreadable data at byte {records.offset:,} (a record cut short or broken)")
    except Exception as e:  # warcio raises assorted errors on broken headers (AttributeError, ValueError...)
        problem = " ".join(str(e).split()) if isinstance(e, (ArchiveLoadFailed, OSError, EOFError)) else ""
        problem = problem or f"{e.__class__.__name__}: {' '.join(str(e).split())}"
        yield lambda: ReadError(origin, f"broken WARC data ({count} records read): {problem}")


def _record_unit(record: Any, origin: str, limits: ReadLimits) -> Unit:
    # Read what the unit needs now: warcio reuses the stream once the iterator moves on.
    unit: Unit = lambda: None  # noqa: E731
    http = record.http_headers
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    content_type = (http.get_header("Content-Type") or "") if http is not None else ""
    if (
        record.rec_type == "response"
        and http is not None
        and http.get_statuscode() == "200"
        and content_type.split(";")[0].strip().lower() in HTML_TYPES
        and uri
    ):
        payload = record.content_stream().read(limits.max_file_bytes + 1)
        where = f"{origin} {uri}"
        if len(payload) > limits.max_file_bytes:
            unit = lambda: ReadError(where, f"page is over the limit of {limits.max_file_bytes:,} bytes")  # noqa: E731
        else:
            unit = lambda: _page(payload, content_type, where, uri, limits)  # noqa: E731
    while record.raw_stream.read(1 << 16):
        pass
    if record.raw_stream.limit > 0:  # the file ended inside this record
        raise EOFError(f"record {uri or record.rec_type} is cut short ({record.raw_stream.limit:,} bytes missing)")
    return unit


def read_warc(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Record]:
    """Every article of a WARC file, in order."""
    for unit in record_units(path, limits):
        record = unit()
        if record is not None:
            yield record
