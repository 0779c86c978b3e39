"""Stories and copies in the store: the articles' features read back, the assignment written to its own graph.

The graph `STORIES_GRAPH` holds, per story, `<story> a nkg:Story, schema:CreativeWorkSeries ; schema:identifier ;
schema:hasPart <article> ; schema:about <event>` and `<article> schema:isPartOf <story>`, and per copy
`<copy> schema:isBasedOn <original>`. It is kept apart from the article graphs, which ingest replaces whole.
"""
from __future__ import annotations

from typing import Any

from graph.analysis.copies import CopyIndex
from graph.analysis.sparql import PREFIXES, iri_ref, string_literal
from graph.analysis.stories import StoryArticle, StoryIndex, Weights, order_key
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
    for r in store.select(
        PREFIXES
        + """
SELECT ?id ?title ?published ?lang ?source ?body WHERE {
  ?a a schema:NewsArticle ; schema:identifier ?id .
  OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?a schema:datePublished ?published }
  OPTIONAL { ?a schema:inLanguage ?lang }
  OPTIONAL { ?a schema:publisher/schema:name ?source }
  OPTIONAL { ?a schema:articleBody ?body }
}"""
    ):
        if r["id"] not in arts:
            arts[r["id"]] = StoryArticle(
                r["id"], r.get("published"), r.get("lang"), r.get("source"), r.get("title"), r.get("body")
            )
    ents: dict[str, set[str]] = {}
    evs: dict[str, set[str]] = {}
    for r in store.select(PREFIXES + "SELECT ?id ?e WHERE { GRAPH ?g { ?a schema:identifier ?id ; schema:mentions ?e } }"):
        (evs if r["e"].startswith(_EVENT_PREFIX) else ents).setdefault(r["id"], set()).add(short_id(r["e"]))
    for a in arts.values():
        a.entities = frozenset(ents.get(a.id, ()))
        a.events = frozenset(evs.get(a.id, ()))
    return sorted(arts.values(), key=order_key)


def stored_assignment(store: Store) -> dict[str, str]:
    """Article id -> story id as stored."""
    rows = store.select(
        PREFIXES + f"SELECT ?a ?sid WHERE {{ GRAPH <{STORIES_GRAPH}> {{ ?s schema:hasPart ?a ; schema:identifier ?sid }} }}"
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
        body = "\n".join(f"{iri_ref(article_iri(c))} schema:isBasedOn {iri_ref(article_iri(o))} ." for c, o in copy_of.items())
        parts.append("INSERT DATA { GRAPH " + g + " {\n" + body + "\n} }")
    store.update(PREFIXES + " ;\n".join(parts))
    return {"assigned": new, "stories": len(index.members), "copies": len(copy_of)}
