"""What every reader shares: size limits, decoding, and the error record."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.model import Article
from graph.settings import DEFAULT_MAX_ARTICLE_CHARS, DEFAULT_MAX_FILE_BYTES, Settings

# Limits keep one huge or hostile input from exhausting memory; the CLI takes them from Settings (NEWSKG_MAX_*).
MAX_FILE_BYTES = DEFAULT_MAX_FILE_BYTES
MAX_ARTICLE_CHARS = DEFAULT_MAX_ARTICLE_CHARS


@dataclass(frozen=True)
class ReadLimits:
    """How big a file and an article text may be; every reader takes one (the defaults when not given)."""

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadLimits:
        return cls(settings.max_file_bytes, settings.max_article_chars)


DEFAULT_LIMITS = ReadLimits()


@dataclass
class ReadError:
    """A record that could not be read: `origin` is "file" or "file:line"."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


Record = Article | ReadError


@dataclass(frozen=True)
class Skipped:
    """A file in a folder that was left out on purpose (not an error), and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: skipped: {self.reason}"


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


def read_bytes(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> bytes | ReadError:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return ReadError(origin, f"file is {size:,} bytes, over the limit of {limits.max_file_bytes:,}")
        return path.read_bytes()
    except OSError as e:
        return ReadError(origin, f"cannot read file: {e.strerror or e}")


def check_article(article: Article, limits: ReadLimits = DEFAULT_LIMITS) -> Article | ReadError:
    """The checks every reader applies to what it built."""
    origin = article.origin or "input"
    if len(article.text) > limits.max_article_chars:
        return ReadError(
            origin, f"article text is {len(article.text):,} characters, over the limit of {limits.max_article_chars:,}"
        )
    if not article.text.strip():
        return ReadError(origin, "empty article: no text")
    return article
