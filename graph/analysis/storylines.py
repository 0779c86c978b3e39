"""Storylines: communities of articles (and the events they report) over time, found with Louvain.

Articles in a time window are nodes. Two articles are linked by what they share, weighted like the related-stories
ranking weighs it: every shared entity or event adds its rarity (idf) times its type weight, and for windows small
enough each article is also linked to its most similar articles by text. networkx's `louvain_communities`, with a
fixed seed so the same store gives the same storylines, splits the graph into communities; each community of at
least `min_size` articles is a storyline, told oldest first with its main entities and its events.
"""
from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis.projections import Projections

SEED = 42
# An entity in more than this share of the window's articles (and more than HUB_MIN of them) links unrelated
# stories; it is left out of the article graph.
HUB_SHARE = 0.05
HUB_MIN = 20
# Text-similarity edges: each article's TEXT_NEIGHBOURS most similar articles above TEXT_MIN, for windows up to
# TEXT_MAX_ARTICLES articles (beyond that, entities and events alone; text neighbours cost one query per article).
TEXT_NEIGHBOURS = 3
TEXT_MIN = 0.2
TEXT_MAX_ARTICLES = 5000


def article_graph(projections: Projections, article_ids: list[str]) -> nx.Graph:
    index = projections.index
    g = nx.Graph()
    g.add_nodes_from(article_ids)
    holders: dict[str, list[str]] = defaultdict(list)
    for aid in article_ids:
        for eid in index.articles[aid].entities:
            if eid in index.entity_pos:
                holders[eid].append(aid)
    cap = max(HUB_MIN, HUB_SHARE * len(article_ids))
    for eid, arts in holders.items():
        if len(arts) < 2 or len(arts) > cap:
            continue
        c = index.entity_pos[eid]
        w = float(index.entity_idf[c] * index.entity_type_weight[c])
        for a, b in itertools.combinations(sorted(arts), 2):
            if g.has_edge(a, b):
                g[a][b]["weight"] += w
            else:
                g.add_edge(a, b, weight=w)
    if len(article_ids) <= TEXT_MAX_ARTICLES:
        positions = np.array([index.pos[a] for a in article_ids], dtype=np.int64)
        in_window = np.zeros(index.n, dtype=bool)
        in_window[positions] = True
        for aid in article_ids:
            i = index.pos[aid]
            sims = index.text.similarities(*index.text.vector(i))
            sims[~in_window] = 0
            sims[i] = 0
            top = np.argsort(-sims, kind="stable")[:TEXT_NEIGHBOURS]
            for j in top:
                if sims[j] < TEXT_MIN:
                    break
                b = index.ids[int(j)]
                # Scaled so a strong text match weighs about as much as one shared rare name.
                w = float(sims[j]) * 5.0
                if g.has_edge(aid, b):
                    g[aid][b]["weight"] += w
                else:
                    g.add_edge(aid, b, weight=w)
    return g


def storylines(
    projections: Projections,
    since: str | None = None,
    until: str | None = None,
    min_size: int = 2,
    limit: int = 50,
    resolution: float = 1.0,
    seed: int = SEED,
) -> list[dict[str, Any]]:
    """Storylines in a window, biggest first: articles oldest first, main entities, events, first and last day.

    The index is read under its read lock (ingest may put articles into it meanwhile), but not while Louvain runs,
    so a large window does not hold up writes; an article removed in between is left out."""
    index = projections.index
    with index.reading():
        article_ids = projections.article_ids(since, until)
        if not article_ids:
            return []
        g = article_graph(projections, article_ids)
    communities = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    out: list[dict[str, Any]] = []
    with index.reading():
        for found in communities:
            members = [a for a in found if a in index.pos]
            if len(members) < min_size:
                continue
            out.append(_storyline(projections, members))
    out.sort(key=lambda s: (-s["size"], s["first"] or "", s["articles"][0]["id"]))
    for number, story in enumerate(out, start=1):
        story["id"] = number
    return out[:limit]


def _storyline(projections: Projections, members: list[str]) -> dict[str, Any]:
    """One storyline's card (the caller holds the index's read lock)."""
    index = projections.index
    arts = sorted(members, key=lambda a: (index.articles[a].date or "9999", a))
    counts: Counter[str] = Counter()
    for a in arts:
        for eid in index.articles[a].entities:
            if eid in index.entity_pos:
                counts[eid] += 1

    # Main entities: named in several of the storyline's articles, rare elsewhere.
    def salience(eid: str) -> float:
        c = index.entity_pos[eid]
        return counts[eid] * float(index.entity_idf[c] * index.entity_type_weight[c])

    shared = [e for e in counts if counts[e] >= 2] or list(counts)
    main = sorted((e for e in shared if index.entities[e].type != "Event"), key=lambda e: (-salience(e), e))[:8]
    events = sorted((e for e in shared if index.entities[e].type == "Event"), key=lambda e: (-counts[e], e))[:10]
    dates = [index.articles[a].date for a in arts if index.articles[a].date]
    return {
        "label": ", ".join(index.entities[e].label for e in main[:3]) or index.articles[arts[0]].title,
        "size": len(arts),
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "entities": [{**projections.entity_node(e), "articles": counts[e]} for e in main],
        "events": [{**projections.entity_node(e), "articles": counts[e]} for e in events],
        "articles": [projections.article_node(a) for a in arts],
    }
