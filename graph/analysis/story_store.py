"""Stories and copies in the store: the articles' features read back, the assignment written to its own graph.

The graph `STORIES_GRAPH` holds, per story, `<story> a nkg:Story, schema:CreativeWorkSeries ; schema:identifier ;
schema:hasPart <article> ; schema:about <event>` and `<article> schema:isPartOf <story>`, and per copy
`<copy> schema:isBasedOn <original>`. It is kept apart from the article graphs, which ingest replaces whole.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.analysis.copies import CopyIndex
from graph.analysis.sparql import ARTICLE_FIELDS, PREFIXES, iri_ref, string_literal
from graph.analysis.stories import StoryArticle, StoryIndex, Weights, order_key
from graph.dates import date_part
from graph.rdf.iris import article_id_from_iri, article_iri, short_id
from graph.rdf.namespaces import ID
from graph.store import Store

STORIES_GRAPH = "https://w3id.org/newskg/stories"
_EVENT_PREFIX = ID + "event/"


def story_iri(sid: str) -> str:
    return f"{ID}story/{sid}"


def load_articles(store: Store) -> list[StoryArticle]:
    """Every stored article with what stories and copies need, oldest first."""
    arts: dict[str, StoryArticle] = {}
    for r in store.select(ARTICLE_FIELDS):
        if r["id"] not in arts:
            arts[r["id"]] = StoryArticle(
                r["id"], r.get("published"), r.get("lang"), r.get("source"), r.get("title"), r.get("body")
            )
    ents: dict[str, set[str]] = {}
    evs: dict[str, set[str]] = {}
    for r in store.select(
        PREFIXES + "SELECT ?id ?e WHERE { GRAPH ?g { ?a schema:identifier ?id ; schema:mentions ?e } }"
    ):
        (evs if r["e"].startswith(_EVENT_PREFIX) else ents).setdefault(r["id"], set()).add(short_id(r["e"]))
    for a in arts.values():
        a.entities = frozenset(ents.get(a.id, ()))
        a.events = frozenset(evs.get(a.id, ()))
    return sorted(arts.values(), key=order_key)


def stored_assignment(store: Store) -> dict[str, str]:
    """Article id -> story id as stored."""
    rows = store.select(
        PREFIXES
        + f"SELECT ?a ?sid WHERE {{ GRAPH <{STORIES_GRAPH}> {{ ?s schema:hasPart ?a ; schema:identifier ?sid }} }}"
    )
    return {article_id_from_iri(r["a"]): r["sid"] for r in rows}


def _story_quads(sid: str, article_ids: list[str], events: set[str]) -> list[str]:
    s = iri_ref(story_iri(sid))
    lines = [f"{s} a nkg:Story, schema:CreativeWorkSeries ; schema:identifier {string_literal(sid)} ."]
    for a in article_ids:
        lines.append(f"{s} schema:hasPart {iri_ref(article_iri(a))} . {iri_ref(article_iri(a))} schema:isPartOf {s} .")
    for e in sorted(events):
        lines.append(f"{s} schema:about <{_EVENT_PREFIX}{e}> .")
    return lines


def update_stories(store: Store, weights: Weights | None = None) -> dict[str, Any]:
    """Give every article without a story one (joining the best stored story or starting one) and recompute
    the copies; the stories of articles already assigned do not move. Returns what changed."""
    articles = load_articles(store)
    known = stored_assignment(store)
    index = StoryIndex(weights or Weights())
    new: dict[str, str] = {}
    copies = CopyIndex()
    for a in articles:  # oldest first, as when they were first assigned
        story = index.add(a, known.get(a.id))
        if a.id not in known:
            new[a.id] = story
        copies.add(a.id, a.published, a.body)
    copy_of = copies.copy_of()
    touched = sorted(set(new.values()))
    g = iri_ref(STORIES_GRAPH)
    parts = []
    # A touched story is rewritten whole: its members and the events its members report.
    for sid in touched:
        members = index.members[sid]
        events = set().union(*(index.items[m].article.events for m in members))
        parts.append(f"DELETE WHERE {{ GRAPH {g} {{ {iri_ref(story_iri(sid))} ?p ?o }} }}")
        parts.append("INSERT DATA { GRAPH " + g + " {\n" + "\n".join(_story_quads(sid, members, events)) + "\n} }")
    parts.append(f"DELETE WHERE {{ GRAPH {g} {{ ?c schema:isBasedOn ?o }} }}")
    if copy_of:
        body = "\n".join(
            f"{iri_ref(article_iri(c))} schema:isBasedOn {iri_ref(article_iri(o))} ." for c, o in copy_of.items()
        )
        parts.append("INSERT DATA { GRAPH " + g + " {\n" + body + "\n} }")
    store.update(PREFIXES + " ;\n".join(parts))
    return {"assigned": new, "stories": len(index.members), "copies": len(copy_of)}


def stored_copies(store: Store) -> dict[str, str]:
    """Copy id -> original id as stored."""
    rows = store.select(PREFIXES + f"SELECT ?c ?o WHERE {{ GRAPH <{STORIES_GRAPH}> {{ ?c schema:isBasedOn ?o }} }}")
    return {article_id_from_iri(r["c"]): article_id_from_iri(r["o"]) for r in rows}


def article_links(store: Store, article_id: str) -> dict[str, Any]:
    """`story`, `copy_of` and `copies` of one article, for its JSON."""
    a = iri_ref(article_iri(article_id))
    g = iri_ref(STORIES_GRAPH)
    story = store.select(
        PREFIXES + f"SELECT ?sid WHERE {{ GRAPH {g} {{ {a} schema:isPartOf/schema:identifier ?sid }} }}"
    )
    orig = store.select(PREFIXES + f"SELECT ?o WHERE {{ GRAPH {g} {{ {a} schema:isBasedOn ?o }} }}")
    copies = store.select(PREFIXES + f"SELECT ?c WHERE {{ GRAPH {g} {{ ?c schema:isBasedOn {a} }} }} ORDER BY ?c")
    return {
        "story": story[0]["sid"] if story else None,
        "copy_of": article_id_from_iri(orig[0]["o"]) if orig else None,
        "copies": [article_id_from_iri(r["c"]) for r in copies],
    }


def _index(store: Store) -> tuple[StoryIndex, dict[str, str]]:
    """The story index as stored (nothing reassigned), and the copies."""
    index = StoryIndex()
    known = stored_assignment(store)
    for a in load_articles(store):
        if a.id in known:
            index.add(a, known[a.id])
    return index, stored_copies(store)


def _card(index: StoryIndex, sid: str, copy_of: dict[str, str]) -> dict[str, Any]:
    arts = sorted((index.items[m].article for m in index.members[sid]), key=order_key)
    entities = Counter(e for a in arts for e in a.entities)
    events = Counter(e for a in arts for e in a.events)
    first = arts[0]
    # One item per text: a copy is folded into its original's item ("also published by").
    texts: dict[str, dict[str, Any]] = {}
    for a in arts:
        original = copy_of.get(a.id, a.id)
        item = texts.setdefault(original, {"id": original, "also_published_by": []})
        if a.id != original:
            item["also_published_by"].append({"id": a.id, "source": a.source})
    return {
        "id": sid,
        "title": first.title,
        "articles": [a.id for a in arts],
        "first_published": first.published,
        "first_source": first.source,
        "sources": sorted({a.source for a in arts if a.source}),
        "languages": sorted({a.lang for a in arts if a.lang}),
        "entities": [e for e, _ in sorted(entities.items(), key=lambda kv: (-kv[1], kv[0]))[:20]],
        "events": [e for e, _ in sorted(events.items(), key=lambda kv: (-kv[1], kv[0]))[:20]],
        "texts": list(texts.values()),
    }


def _matches(
    card: dict[str, Any], index: StoryIndex, since: str | None, until: str | None, lang: str | None, source: str | None
) -> bool:
    arts = [index.items[a].article for a in card["articles"]]
    day = date_part(card["first_published"])
    if since and (not day or day < since):
        return False
    if until and (not day or day[: len(until)] > until):
        return False
    if lang and lang not in {a.lang for a in arts}:
        return False
    return not source or source in {a.source for a in arts}


def list_stories(
    store: Store,
    limit: int = 50,
    offset: int = 0,
    since: str | None = None,
    until: str | None = None,
    lang: str | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Story cards, newest first story (by its first report); filters on the first report's date, and on any
    member's language and source."""
    index, copy_of = _index(store)
    cards = [_card(index, sid, copy_of) for sid in index.members]
    cards = [c for c in cards if _matches(c, index, since, until, lang, source)]
    cards.sort(key=lambda c: (c["first_published"] or "", c["id"]), reverse=True)
    return cards[offset : offset + limit]


def get_story(store: Store, sid: str) -> dict[str, Any] | None:
    """One story: its card, its timeline and why each article belongs; None when there is no such story."""
    index, copy_of = _index(store)
    if sid not in index.members:
        return None
    card = _card(index, sid, copy_of)
    card["timeline"] = [
        {
            "id": a.id,
            "published": a.published,
            "source": a.source,
            "lang": a.lang,
            "title": a.title,
            "copy_of": copy_of.get(a.id),
            "why": index.why(a.id),
        }
        for a in (index.items[m].article for m in card["articles"])
    ]
    return card


def fold_copies(results: list[dict[str, Any]], copy_of: dict[str, str], query_id: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    """One item per text in a ranked list: a copy is folded into the first-ranked item of its text, as
    `also_published_by` (id, source); copies of the query's own text are left out."""
    query_text = copy_of.get(query_id, query_id) if query_id else None
    items: dict[str, dict[str, Any]] = {}
    for r in results:
        text = copy_of.get(r["id"], r["id"])
        if text == query_text:
            continue
        if text in items:
            items[text]["also_published_by"].append({"id": r["id"], "source": r.get("source")})
        else:
            items[text] = {**r, "also_published_by": []}
    return list(items.values())[:limit]
