"""HTML: the main content only (navigation, asides, footers and ads left out), with trafilatura."""
from __future__ import annotations

import re

import trafilatura

from graph.model import Article
from graph.readers.base import DEFAULT_LIMITS, ReadError, ReadLimits, check_article

_ESCAPED_AMPERSAND = re.compile(r"&(?:amp;|#38;|#[xX]26;)", re.IGNORECASE)
_STAND_IN = "qqNewskgAmpqq"  # plain letters: trafilatura drops private-use characters
_WORD = re.compile(r"\w+")
# trafilatura's precision mode leaves out what its default mode keeps around the article (teasers, "more on this"
# boxes, photo credits, short lists, a body given twice) but on some pages it loses the article and keeps a fragment
# (0 to 7% of the default text's words on the Zyte dev pages). Its text wins when it keeps at least this share of the
# default text's words: chosen on those pages by bench/pages_eval.py, which also cross-validates the choice by site.
PRECISE_SHARE = 0.2


def read_html(
    html: str, origin: str, limits: ReadLimits = DEFAULT_LIMITS, **meta: str | None
) -> Article | ReadError:
    """An Article from an HTML page. Metadata the caller gives (title, url, published...) wins over the page's."""
    return read_html_share(html, origin, PRECISE_SHARE, limits, meta)


def read_html_share(
    html: str, origin: str, precise_share: float, limits: ReadLimits = DEFAULT_LIMITS,
    meta: dict[str, str | None] | None = None,
) -> Article | ReadError:
    """`read_html` with another `precise_share` (see `prefer_precise`; above 1 the default mode's text is always
    kept): the benchmark varies it."""
    meta = meta or {}
    if not html.strip():
        return ReadError(origin, "empty HTML document")
    # trafilatura unescapes text a second time ("&amp;gt;" in the page, meaning the text "&gt;", comes out as ">"):
    # an escaped ampersand goes through as a stand-in word and is put back after.
    protect = _ESCAPED_AMPERSAND.search(html) is not None and _STAND_IN not in html
    if protect:
        html = _ESCAPED_AMPERSAND.sub(_STAND_IN, html)
    try:
        tree = trafilatura.load_html(html)  # parsed once: each extraction works on its own copy
        doc = _extract(tree, meta.get("url"), precise=False) if tree is not None else None
        if doc is not None and (doc.text or "").strip():
            precise = _extract(tree, meta.get("url"), precise=True)
            if precise is not None and prefer_precise(doc.text or "", precise.text or "", precise_share):
                doc.text = precise.text
    except Exception as e:  # trafilatura raises assorted lxml errors on hostile markup
        return ReadError(origin, f"cannot parse HTML: {e.__class__.__name__}: {e}")
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


def _extract(tree: object, url: str | None, precise: bool) -> trafilatura.settings.Document | None:
    """trafilatura's main text of the page (with its metadata in the default mode)."""
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=precise,
        with_metadata=not precise,
    )
    if isinstance(doc, dict):  # only with as_dict=True, which is not asked for
        raise TypeError("trafilatura returned a dict where a Document was expected")
    return doc


def prefer_precise(default: str, precise: str, share: float = PRECISE_SHARE) -> bool:
    """Whether trafilatura's precision-mode text should replace its default text: shorter (it left something out)
    but keeping at least `share` of its words (else the article itself was lost)."""
    words, kept = len(_WORD.findall(default)), len(_WORD.findall(precise))
    return share * words <= kept < words
