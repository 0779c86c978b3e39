"""The other views of the visual explorer, in the shape graph/visualize.py describes: an article's own graph, the
path between two entities, and a storyline (articles following one another through shared entities)."""
from __future__ import annotations

import math
from typing import Any

from graph.analysis.sparql import PREFIXES, iri_ref
from graph.rdf.iris import article_iri, iri_for_id, short_id
from graph.store import Store
from graph.visualize import (
    EVIDENCE_ARTICLES,
    Mentions,
    article_meta,
    article_node,
    article_node_id,
    assertion_edges,
    clamp_limit,
    date_filters,
    edge,
    entity_info,
    entity_node,
    finish,
    hover,
    values_clause,
)

# Path search: how far to look (entity hops) and how much of the graph to read per step before giving up.
MAX_HOPS = 4
MAX_ROWS_PER_STEP = 50_000
MAX_PATHS = 3  # chains shown
MAX_CHAINS = 500  # shortest chains weighed before choosing which to show
LINK_ARTICLES = 2  # articles shown per link of a chain


class ViewError(ValueError):
    """Input that names no view (e.g. a path between an entity and itself); the message says why."""


# --- an article ---------------------------------------------------------------------------------------------------


def article_subgraph(store: Store, article_id: str, limit: int | None = None) -> dict[str, Any] | None:
    """An article and what it names, each entity sized by how often the article names it, with the sentences."""
    limit = clamp_limit(limit)
    try:
        a = article_iri(article_id)
        iri_ref(a)
    except ValueError:
        return None
    metas = article_meta(store, [a])
    if a not in metas:
        return None
    meta = metas[a]
    mentions = Mentions.load(store, [a])
    about = {
        r["e"]
        for r in store.select(PREFIXES + f"SELECT ?e WHERE {{ {iri_ref(a)} schema:about ?e }}")
    }
    ents = entity_info(store, sorted(mentions.by_article.get(a, ())))
    ranked = sorted(ents, key=lambda e: (-mentions.count.get((a, e), 0), e))
    total = 1 + len(ranked)
    kept = ranked[: max(0, limit - 1)]
    aid = article_node_id(meta["id"])
    nodes = [
        article_node(
            meta,
            max([mentions.count.get((a, e), 1) for e in kept] + [1]) + 2,
            [f"Names {len(ents)} entities"],
            [{"article": meta["id"], "sentences": []}],
        )
    ]
    edges = []
    for e in kept:
        type_, label = ents[e]
        n = mentions.count.get((a, e), 1)
        oid = short_id(e)
        nodes.append(
            entity_node(
                oid,
                type_,
                label,
                n + (2 if e in about else 0),
                hover(type_, label, f"Named {n} time(s) in this article" + (", which is about it" if e in about else "")),
                [{"article": meta["id"], "sentences": mentions.evidence(a, e, n=6)}],
            )
        )
        relation = "reports" if type_ == "Event" else "about" if e in about else "mentions"
        edges.append(edge(aid, oid, relation, n))
    edges.extend(assertion_edges(store, kept, [a]))
    quotes = _quotes(store, a)
    total += len(quotes)
    in_view = {n["id"] for n in nodes}
    for q in quotes[: max(0, limit - len(nodes))]:
        speaker = short_id(q["speaker"]) if q.get("speaker") else None
        said_by = info_label(nodes, speaker) if speaker in in_view else None
        text = q["text"]
        nodes.append(
            {
                "id": q["id"],
                "label": "“" + (text if len(text) <= 28 else text[:26].rstrip() + "…") + "”",
                "name": text,
                "type": "Quote",
                "group": "quote",
                "value": 1.5,
                "title": "\n".join(["Quote" + (f" by {said_by}" if said_by else ""), text[:300]]),
                "evidence": [{"article": meta["id"], "sentences": [text]}],
            }
        )
        edges.append(edge(q["id"], aid, "quoted_in"))
        if said_by:
            edges.append(edge(speaker, q["id"], "said"))
    return finish("article", meta["title"], nodes, edges, metas, center=aid, total_nodes=total, limit=limit, params={})


def info_label(nodes: list[dict[str, Any]], node_id: str | None) -> str | None:
    return next((n["label"] for n in nodes if n["id"] == node_id), None)


def _quotes(store: Store, a: str) -> list[dict[str, Any]]:
    """The article's quotes in text order: id for the view, text, speaker IRI."""
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?q ?text ?speaker ?begin WHERE {{
  ?q a schema:Quotation ; schema:isPartOf {iri_ref(a)} ; schema:text ?text .
  OPTIONAL {{ ?q schema:spokenByCharacter ?speaker }} OPTIONAL {{ ?q nif:beginIndex ?begin }}
}} ORDER BY ?begin"""
    )
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        qid = "quote:" + r["q"].rsplit("/quote/", 1)[-1]
        out.setdefault(qid, {"id": qid, "text": r["text"], "speaker": r.get("speaker")})
    return list(out.values())


# --- the path between two entities -------------------------------------------------------------------------------


def _neighbours(store: Store, frontier: list[str]) -> list[tuple[str, str, str]]:
    """(entity, article, other entity) for every article naming an entity of the frontier."""
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?e ?a ?o WHERE {{
  {values_clause('?e', frontier)}
  ?a schema:mentions ?e , ?o . FILTER(?o != ?e)
}} LIMIT {MAX_ROWS_PER_STEP}"""
    )
    return [(r["e"], r["a"], r["o"]) for r in rows]


def shortest_paths(store: Store, source: str, target: str, max_hops: int = MAX_HOPS) -> tuple[list[list[str]], dict[tuple[str, str], list[str]]]:
    """The most telling shortest chains of co-mention from source to target: up to MAX_PATHS lists of entity IRIs,
    and for each link (entity, next entity) the articles naming both.

    Breadth-first from the source, one SPARQL query per hop, keeping every predecessor at the shortest distance.
    Of all shortest chains, those through rarer entities come first: a link through a person named in three
    articles says more than one through a country named in all of them."""
    dist = {source: 0}
    preds: dict[str, dict[str, list[str]]] = {}
    frontier = [source]
    hops = 0
    while frontier and hops < max_hops and target not in dist:
        hops += 1
        found: list[str] = []
        for start in range(0, len(frontier), 500):
            for e, a, o in _neighbours(store, frontier[start : start + 500]):
                if o not in dist or dist[o] == hops:
                    if o not in dist:
                        dist[o] = hops
                        found.append(o)
                    preds.setdefault(o, {}).setdefault(e, []).append(a)
        frontier = found
    if target not in dist:
        return [], {}

    chains: list[list[str]] = []

    def walk(node: str, rest: list[str]) -> None:
        if len(chains) >= MAX_CHAINS:
            return
        if node == source:
            chains.append([source] + rest)
            return
        for prev in sorted(preds.get(node, {})):
            walk(prev, [node] + rest)

    walk(target, [])
    middles = sorted({e for c in chains for e in c[1:-1]})
    df: dict[str, int] = {}
    if middles:
        rows = store.select(
            PREFIXES
            + f"SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {values_clause('?e', middles)} ?a schema:mentions ?e }} GROUP BY ?e"
        )
        df = {r["e"]: int(r["n"]) for r in rows}
    n_articles = max(1, len(store.article_ids()))
    chains.sort(key=lambda c: (-sum(math.log(1 + n_articles / max(1, df.get(e, 1))) for e in c[1:-1]), c))
    best = chains[:MAX_PATHS]
    links = {(x, y): sorted(set(preds[y][x]))[:LINK_ARTICLES] for c in best for x, y in zip(c, c[1:])}
    return best, links


def path_subgraph(store: Store, from_id: str, to_id: str, max_hops: int = MAX_HOPS) -> dict[str, Any] | None:
    """The shortest chains of co-mention linking two entities, with the articles that make each link.
    None when either entity is unknown; raises ViewError for a path from an entity to itself."""
    try:
        src, dst = iri_for_id(from_id), iri_for_id(to_id)
        iri_ref(src), iri_ref(dst)
    except ValueError:
        return None
    info = entity_info(store, [src, dst])
    if src not in info or dst not in info:
        return None
    if src == dst:
        raise ViewError("from and to are the same entity")
    paths, links = shortest_paths(store, src, dst, max_hops)
    steps = [(e, a, nxt) for (e, nxt), arts in links.items() for a in arts]  # (entity, article, next entity)
    ent_iris = sorted({e for p in paths for e in p} | {src, dst})
    art_iris = sorted({a for _, a, _ in steps})
    info.update(entity_info(store, [e for e in ent_iris if e not in info]))
    metas = article_meta(store, art_iris)
    mentions = Mentions.load(store, art_iris, ent_iris)
    slabel, dlabel = info[src][1], info[dst][1]
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for e in ent_iris:
        if e not in info:
            continue
        type_, label = info[e]
        arts = [a for (x, a, y) in steps if e in (x, y)]
        nodes[short_id(e)] = entity_node(
            short_id(e),
            type_,
            label,
            4 if e in (src, dst) else 2,
            hover(type_, label, "An end of the path" if e in (src, dst) else f"Links {slabel} to {dlabel}"),
            [
                {"article": metas[a]["id"], "sentences": mentions.evidence(a, e)}
                for a in dict.fromkeys(arts)
                if a in metas
            ][:EVIDENCE_ARTICLES],
        )
    for e, a, nxt in steps:
        if a not in metas or e not in info or nxt not in info:
            continue
        aid = article_node_id(metas[a]["id"])
        if aid not in nodes:
            nodes[aid] = article_node(
                metas[a],
                2,
                [f"Names both {info[e][1]} and {info[nxt][1]}"],
                [{"article": metas[a]["id"], "sentences": mentions.evidence(a, e, prefer=nxt) + mentions.evidence(a, nxt, prefer=e)}],
            )
        edges.append(edge(short_id(e), aid, "mentions", mentions.count.get((a, e), 1), label="named in"))
        edges.append(edge(aid, short_id(nxt), "mentions", mentions.count.get((a, nxt), 1)))
    hops = len(paths[0]) - 1 if paths else None
    title = f"{slabel} to {dlabel}: " + (f"{hops} step(s) through shared articles" if paths else f"no path within {max_hops} steps")
    view = finish(
        "path",
        title,
        list(nodes.values()),
        edges,
        metas,
        center=from_id,
        total_nodes=len(nodes),
        limit=len(nodes),
        params={"from": from_id, "to": to_id},
    )
    view["found"] = bool(paths)
    view["hops"] = hops
    view["paths"] = [[short_id(e) for e in p] for p in paths]
    return view


# --- storylines ----------------------------------------------------------------------------------------------------

# Entities this common say little about two stories being one (a country named everywhere); weight shared ones less.
STORY_TYPES_WEIGHT = {"Person": 3.0, "Event": 3.0, "Company": 2.0, "Organization": 1.5, "Place": 1.0, "Country": 0.5}
STORY_MIN_LINK = 2.0


def storyline_subgraph(
    store: Store,
    entity_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> dict[str, Any] | None:
    """Articles in time order, each linked to the earlier article it most continues (the most weighty shared
    entities), with the entities that carry the story (named in two or more of them).

    With `entity_id`, the story of that entity: the articles naming it. Without, every article in [since, until].
    None when entity_id names no entity."""
    limit = clamp_limit(limit)
    center_iri = None
    if entity_id:
        try:
            center_iri = iri_for_id(entity_id)
            iri_ref(center_iri)
        except ValueError:
            return None
        if center_iri not in entity_info(store, [center_iri]):
            return None
    when = date_filters("?published", since, until)
    only = f"?a schema:mentions {iri_ref(center_iri)} ." if center_iri else ""
    article_budget = max(1, limit // 2)
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?a ?published WHERE {{
  ?a a schema:NewsArticle . {only}
  OPTIONAL {{ ?a schema:datePublished ?published }} {when}
}} ORDER BY DESC(?published) ?a LIMIT {article_budget + 1}"""
    )
    truncated = len(rows) > article_budget
    rows = rows[:article_budget]
    art_iris = [r["a"] for r in rows]
    metas = article_meta(store, art_iris)
    mentions = Mentions.load(store, art_iris)
    ents = entity_info(store, sorted({e for (_, e) in mentions.count}))
    order = sorted((a for a in art_iris if a in metas), key=lambda a: (metas[a]["date"] or "", metas[a]["id"]))
    df: dict[str, int] = {}
    for a in order:
        for e in mentions.by_article.get(a, ()):
            if e in ents:
                df[e] = df.get(e, 0) + 1

    def link_weight(x: str, y: str) -> tuple[float, list[str]]:
        shared = (mentions.by_article.get(x, set()) & mentions.by_article.get(y, set())) - {center_iri}
        shared = {e for e in shared if e in ents}
        # A shared entity named in few of these articles says more than one named in all of them.
        w = sum(STORY_TYPES_WEIGHT.get(ents[e][0], 1.0) / (1 + 0.1 * df[e]) for e in shared)
        return w, sorted(shared, key=lambda e: -STORY_TYPES_WEIGHT.get(ents[e][0], 1.0))

    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for i, a in enumerate(order):
        # The earlier article this one continues: the heaviest link among the previous 30.
        best: tuple[float, str, list[str]] | None = None
        for prev in order[max(0, i - 30) : i]:
            w, shared = link_weight(prev, a)
            if w >= STORY_MIN_LINK and (best is None or w >= best[0]):
                best = (w, prev, shared)
        meta = metas[a]
        lines = []
        if best:
            names = ", ".join(ents[e][1] for e in best[2][:4])
            lines.append(f"Continues “{metas[best[1]]['title']}” through {names}")
            edges.append(edge(article_node_id(metas[best[1]]["id"]), article_node_id(meta["id"]), "next", round(best[0], 1), label="then"))
        nodes.append(article_node(meta, 1 + len(mentions.by_article.get(a, ())) / 4, lines, [{"article": meta["id"], "sentences": []}]))
    # The entities that carry the stories: named in at least two of the articles, most shared first.
    carriers = sorted((e for e, n in df.items() if n >= 2 or e == center_iri), key=lambda e: (-df[e], e))
    room = max(0, limit - len(nodes))
    for e in carriers[:room]:
        type_, label = ents[e]
        arts = [a for a in reversed(order) if e in mentions.by_article.get(a, ())]
        nodes.append(
            entity_node(
                short_id(e),
                type_,
                label,
                df[e],
                hover(type_, label, f"Named in {df[e]} of these articles"),
                [{"article": metas[a]["id"], "sentences": mentions.evidence(a, e)} for a in arts[:EVIDENCE_ARTICLES]],
            )
        )
        for a in arts:
            edges.append(edge(article_node_id(metas[a]["id"]), short_id(e), "mentions", mentions.count.get((a, e), 1)))
    label = ents[center_iri][1] if center_iri else None
    span = " to ".join(x for x in (since, until) if x)
    title = "Storyline" + (f" of {label}" if label else "") + (f", {span}" if span else "")
    return finish(
        "storyline",
        title,
        nodes,
        edges,
        metas,
        center=entity_id if center_iri and room else None,
        total_nodes=len(nodes) + (1 if truncated else 0) + max(0, len(carriers) - room),
        limit=limit,
        params={"since": since, "until": until},
    )
