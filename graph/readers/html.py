"""HTML: the main content only (navigation, asides, footers and ads left out), with trafilatura."""
from __future__ import annotations

import re

import trafilatura

from graph.model import Article
from graph.readers.base import DEFAULT_LIMITS, ReadError, ReadLimits, check_article

_ESCAPED_AMPERSAND = re.compile(r"&(?:amp;|#38;|#[xX]26;)", re.IGNORECASE)
_STAND_IN = "qqNewskgAmpqq"  # plain letters: trafilatura drops private-use characters


def read_html(
    html: str, origin: str, limits: ReadLimits = DEFAULT_LIMITS, **meta: str | None
) -> Article | ReadError:
    """An Article from an HTML page. Metadata the caller gives (title, url, published...) wins over the page's."""
    if not html.strip():
        return ReadError(origin, "empty HTML document")
    # trafilatura unescapes text a second time ("&amp;gt;" in the page, meaning the text "&gt;", comes out as ">"):
    # an escaped ampersand goes through as a stand-in word and is put back after.
    protect = _ESCAPED_AMPERSAND.search(html) is not None and _STAND_IN not in html
    if protect:
        html = _ESCAPED_AMPERSAND.sub(_STAND_IN, html)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=meta.get("url"),
            include_comments=False,
            include_tables=False,
            favor_precision=False,
            with_metadata=True,
        )
    except Exception as e:  # trafilatura raises assorted lxml errors on hostile markup
        return ReadError(origin, f"cannot parse HTML: {e.__class__.__name__}: {e}")
    if isinstance(doc, dict):  # only with as_dict=True, which is not asked for
        raise TypeError("trafilatura returned a dict where a Document was expected")
    if doc is None or not (doc.text or "").strip():
        return ReadError(origin, "no article text found in the HTML")
    if protect:
        for name in ("text", "title", "sitename", "url"):
            value = getattr(doc, name, None)
            if value:
                setattr(doc, name, value.replace(_STAND_IN, "&"))
    fields = {
        "title": doc.title,
        "url": doc.url,
        "published": doc.date,
        "source": doc.sitename,
        "lang": doc.language,
    }
    fields.update({k: v for k, v in meta.items() if v})
    return check_article(Article(text=doc.text or "", origin=origin, **fields), limits)
