"""Readers turn files and records into Articles: one module per format.

`read_paths` walks files and folders and yields, for each record, either an Article or a ReadError naming the
file (and line) and what is wrong. One bad record never stops the others.
"""
from __future__ import annotations

from graph.readers.base import MAX_ARTICLE_CHARS, MAX_FILE_BYTES, ReadError, Record, Skipped
from graph.readers.dispatch import (
    FORMATS,
    count_records,
    detect_format,
    file_article_id,
    iter_files,
    read_file,
    read_paths,
)

__all__ = [
    "FORMATS",
    "count_records",
    "MAX_ARTICLE_CHARS",
    "MAX_FILE_BYTES",
    "ReadError",
    "Skipped",
    "file_article_id",
    "Record",
    "detect_format",
    "iter_files",
    "read_file",
    "read_paths",
]
