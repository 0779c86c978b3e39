"""HTML: the main content only (navigation, asides, footers and ads left out), with trafilatura."""
from __future__ import annotations

import re
from typing import Any

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
# trafilatura keeps the page's headline as the text's first line; the article's title already carries it, and a body
# (the benchmark's gold bodies among them) starts after it. The first line goes when its words and the title's
# overlap this much (Dice of the two word sets): the headline and the page's <title> or og:title often differ by a
# site name or a word. Chosen on the Zyte dev pages by bench/pages_eval.py, which cross-validates it by site.
HEADLINE_OVERLAP = 0.8
# An article split into sibling blocks of the same markup (a tag and class repeated under one container, with ads
# between them): trafilatura may keep the first block only. A sibling block is added when it holds this many
# paragraphs of prose (PROSE_WORDS words or more each) that the text does not have yet.
CHUNK_PARAGRAPHS = 3
PROSE_WORDS = 20
CHUNK_LEVELS = 2  # how far above the block holding the text's paragraphs its siblings are looked for


def read_html(
    html: str, origin: str, limits: ReadLimits = DEFAULT_LIMITS, **meta: str | None
) -> Article | ReadError:
    """An Article from an HTML page. Metadata the caller gives (title, url, published...) wins over the page's."""
    return read_html_share(html, origin, PRECISE_SHARE, limits, meta)


def read_html_share(
    html: str, origin: str, precise_share: float, limits: ReadLimits = DEFAULT_LIMITS,
    meta: dict[str, str | None] | None = None, headline_overlap: float = HEADLINE_OVERLAP,
) -> Article | ReadError:
    """`read_html` with another `precise_share` (see `prefer_precise`; above 1 the default mode's text is always
    kept) and `headline_overlap` (see `without_headline`; above 1 the first line is always kept): the benchmark
    varies them."""
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
            doc.text = with_sibling_chunks(tree, doc.text or "")
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
    text = without_headline(doc.text or "", fields["title"], headline_overlap)
    return check_article(Article(text=text, origin=origin, **fields), limits)


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


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def without_headline(text: str, title: str | None, overlap: float = HEADLINE_OVERLAP) -> str:
    """`text` without its first line when that line is the headline: its set of words and the title's overlap by at
    least `overlap` (Dice). A text that is its headline alone is kept."""
    first, sep, rest = text.lstrip().partition("\n")
    line, head = set(_words(first)), set(_words(title or ""))
    if not sep or not rest.strip() or not line or not head:
        return text
    return rest.lstrip() if 2 * len(line & head) / (len(line) + len(head)) >= overlap else text


def with_sibling_chunks(tree: Any, text: str) -> str:
    """`text` and the prose of the blocks of the page's markup that continue the article trafilatura kept part of.

    The block holding the text's paragraphs (their lowest common ancestor, with a class) is looked up; elements of
    the same tag and class under its ancestor CHUNK_LEVELS up, holding CHUNK_PARAGRAPHS or more prose paragraphs
    the text lacks, are the article's other chunks: their paragraphs are added, in the page's order."""
    known = {" ".join(_words(line)) for line in text.split("\n")}
    known.discard("")
    found = [p for p in tree.iter("p") if " ".join(_words(p.text_content())) in known]
    if len(found) < 2:
        return text
    shared = set(found[0].iterancestors())
    for p in found[1:]:
        shared &= set(p.iterancestors())
    block = next((a for a in found[0].iterancestors() if a in shared), None)
    if block is None or not block.get("class"):
        return text
    top = block
    for _ in range(CHUNK_LEVELS):
        top = top.getparent() if top.getparent() is not None else top
    before: list[str] = []
    after: list[str] = []
    seen = False  # past the block yet (iter goes in the page's order)
    for other in top.iter(block.tag):
        if other is block:
            seen = True
            continue
        if other.get("class") != block.get("class") or block in other.iterancestors() \
                or other in block.iterancestors():
            continue
        paragraphs = [" ".join(p.text_content().split()) for p in other.iter("p")]
        new = [p for p in paragraphs if p and " ".join(_words(p)) not in known]
        if sum(len(_words(p)) >= PROSE_WORDS for p in new) >= CHUNK_PARAGRAPHS:
            (after if seen else before).extend(new)
    return "\n".join([*before, text, *after]) if before or after else text
