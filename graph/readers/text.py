"""Plain text: the whole file is the article; its first line, when short, is the title."""
from __future__ import annotations

from graph.model import Article
from graph.readers.base import DEFAULT_LIMITS, ReadError, ReadLimits, check_article

TITLE_MAX_CHARS = 200


def guess_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= TITLE_MAX_CHARS else None
    return None


def read_text(
    text: str, origin: str, limits: ReadLimits = DEFAULT_LIMITS, **meta: str | None
) -> Article | ReadError:
    """An Article from plain text. Offsets of extracted mentions refer to this text unchanged."""
    article = Article(text=text, origin=origin, **meta)
    if article.title is None:
        article.title = guess_title(text)
    return check_article(article, limits)
