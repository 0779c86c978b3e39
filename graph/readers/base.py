"""What every reader shares: size limits, decoding, and the error record."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph.model import Article

# Limits keep one huge or hostile input from exhausting memory; both can be raised through the environment.
MAX_FILE_BYTES = int(os.environ.get("NEWSKG_MAX_FILE_BYTES", 200 * 1024 * 1024))
MAX_ARTICLE_CHARS = int(os.environ.get("NEWSKG_MAX_ARTICLE_CHARS", 1_000_000))


@dataclass
class ReadError:
    """A record that could not be read: `origin` is "file" or "file:line"."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


Record = Article | ReadError


def decode(data: bytes, origin: str) -> str | ReadError:
    """Bytes -> text. UTF-8 (with or without BOM), falling back to cp1252 for old Western pages; binary is refused."""
    if b"\x00" in data[:8192]:
        return ReadError(origin, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return ReadError(origin, "not UTF-8 or Windows-1252 text")
    # cp1252 decodes almost anything: refuse what is mostly control characters.
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\r\n\t\f")
    if controls > len(text[:8192]) * 0.05:
        return ReadError(origin, "binary file, not text")
    return text


def read_bytes(path: Path) -> bytes | ReadError:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ReadError(origin, f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
        return path.read_bytes()
    except OSError as e:
        return ReadError(origin, f"cannot read file: {e.strerror or e}")


def check_article(article: Article) -> Article | ReadError:
    """The checks every reader applies to what it built."""
    origin = article.origin or "input"
    if len(article.text) > MAX_ARTICLE_CHARS:
        return ReadError(origin, f"article text is {len(article.text):,} characters, over the limit of {MAX_ARTICLE_CHARS:,}")
    if not article.text.strip():
        return ReadError(origin, "empty article: no text")
    return article
