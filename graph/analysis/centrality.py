"""The most central entities in a time window: PageRank over the co-mention graph of the window's articles.

PageRank (weighted by co-mentions) rewards an entity linked to many well-linked others, not just one named often;
the answer also gives each entity's article count and degree (distinct co-mentioned entities), to compare.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis.copies import one_per_text
from graph.analysis.projections import Projections

MEASURES = ("pagerank", "degree", "articles")


def central_entities(
    projections: Projections,
    since: str | None = None,
    until: str | None = None,
    type_: str | None = None,
    limit: int = 20,
    measure: str = "pagerank",
    copy_of: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Entities (and events) ranked by centrality in the window, most central first. With `copy_of` (copy id ->
    original id), each text counts once: reprinted copies add no articles and no co-mentions."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    ids = projections.article_ids(since, until)
    texts = one_per_text(ids, copy_of) if copy_of else ids
    if since is None and until is None and len(texts) == len(ids):
        g = projections.entity_graph
    else:
        g = projections.co_mention_graph(texts)
    if g.number_of_nodes() == 0:
        return []
    if measure == "pagerank":
        scores = pagerank(g)
    elif measure == "degree":
        scores = dict(g.degree())
    else:
        scores = {n: g.nodes[n]["articles"] for n in g}
    nodes = [n for n in g if type_ is None or g.nodes[n]["type"] == type_]
    nodes.sort(key=lambda n: (-scores[n], -g.nodes[n]["articles"], n))
    return [
        {
            **projections.entity_node(n),
            "score": round(float(scores[n]), 6),
            "articles": g.nodes[n]["articles"],
            "degree": g.degree(n),
        }
        for n in nodes[:limit]
    ]


def pagerank(g: nx.Graph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """Weighted PageRank by power iteration in numpy (networkx's own needs scipy, which newskg does not ship)."""
    nodes = list(g)
    n = len(nodes)
    pos = {v: i for i, v in enumerate(nodes)}
    src, dst, w = [], [], []
    for a, b, d in g.edges(data=True):
        weight = float(d.get("weight", 1.0))
        src += [pos[a], pos[b]]
        dst += [pos[b], pos[a]]
        w += [weight, weight]
    src_a, dst_a, w_a = np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64), np.array(w)
    out = np.bincount(src_a, weights=w_a, minlength=n)
    dangling = out == 0
    share = w_a / np.where(out[src_a] > 0, out[src_a], 1.0)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = np.bincount(dst_a, weights=rank[src_a] * share, minlength=n)
        new = alpha * (spread + rank[dangling].sum() / n) + (1.0 - alpha) / n
        done = np.abs(new - rank).sum() < n * tol
        rank = new
        if done:
            break
    return {v: float(rank[i]) for i, v in enumerate(nodes)}
