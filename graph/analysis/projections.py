"""networkx projections of the stored graph, built on demand and cached per store generation.

- the entity co-mention graph: entities and events as nodes, an edge between two that one or more articles
  mention together, weighted by the number of such articles, with those articles kept on the edge as evidence;
- the article-entity bipartite graph (articles on one side, entities and events on the other).

Both are built from the related-stories index (graph/analysis/related/index.py), which already holds every article's
entities with their mention counts. The index follows the store write by write, and the projections follow it: a
projection is cached against the index object and its version, so after an ingest the next request sees the new
articles.
"""
from __future__ import annotations

import itertools
import threading
from collections import defaultdict
from typing import Any

import networkx as nx

from graph.analysis.related.index import RelatedIndex
from graph.analysis.related.service import RelatedService
from graph.dates import in_window

# An entity named in more articles than this share (of at least MIN_ARTICLES_FOR_CAP articles) links everything to
# everything ("Denmark" in a Danish paper): its co-mention edges are left out of the graph, the entity stays as a node.
HUB_SHARE = 0.2
MIN_ARTICLES_FOR_CAP = 200


class Projections:
    """The projections of one RelatedIndex (one state of the store)."""

    def __init__(self, index: RelatedIndex) -> None:
        self.index = index
        self.version = index.version  # the state of the index these projections were built from
        self._lock = threading.Lock()
        self._entity_graph: nx.Graph | None = None
        self._bipartite: nx.Graph | None = None

    def entity_node(self, eid: str) -> dict[str, Any]:
        ent = self.index.entities[eid]
        return {"id": ent.id, "label": ent.label, "type": ent.type}

    def article_node(self, aid: str) -> dict[str, Any]:
        art = self.index.articles[aid]
        return {"id": art.id, "title": art.title, "date": art.date, "lang": art.lang, "source": art.source}

    def article_ids(self, since: str | None = None, until: str | None = None) -> list[str]:
        return [a for a in self.index.live_ids() if in_window(self.index.articles[a].date, since, until)]

    def co_mention_graph(self, article_ids: list[str] | None = None) -> nx.Graph:
        """Entities (and events) linked by the articles that mention both; edge attrs `weight`, `articles`."""
        articles = self.index.articles
        ids = self.index.live_ids() if article_ids is None else article_ids
        df: dict[str, int] = defaultdict(int)
        for aid in ids:
            for eid in articles[aid].entities:
                df[eid] += 1
        cap = HUB_SHARE * len(ids) if len(ids) >= MIN_ARTICLES_FOR_CAP else float("inf")
        g = nx.Graph()
        for eid, n in df.items():
            ent = self.index.entities.get(eid)
            if ent is not None:
                g.add_node(eid, label=ent.label, type=ent.type, articles=n)
        for aid in ids:
            ents = sorted(e for e in articles[aid].entities if e in g and df[e] <= cap)
            for a, b in itertools.combinations(ents, 2):
                data = g.get_edge_data(a, b)
                if data is None:
                    g.add_edge(a, b, weight=1, articles=[aid])
                else:
                    data["weight"] += 1
                    data["articles"].append(aid)
        return g

    @property
    def entity_graph(self) -> nx.Graph:
        """The co-mention graph of the whole store (cached)."""
        with self._lock:
            if self._entity_graph is None:
                with self.index.reading():  # no article put into the index halfway through
                    self._entity_graph = self.co_mention_graph()
            return self._entity_graph

    @property
    def bipartite(self) -> nx.Graph:
        """Articles (bipartite=0, node id "article:<id>") and entities/events (bipartite=1).

        Edges are weighted by mentions."""
        with self._lock:
            if self._bipartite is None:
                g = nx.Graph()
                with self.index.reading():  # no article put into the index halfway through
                    for aid in self.index.live_ids():
                        art = self.index.articles[aid]
                        g.add_node(f"article:{aid}", bipartite=0, date=art.date, title=art.title)
                        for eid, count in art.entities.items():
                            ent = self.index.entities.get(eid)
                            if ent is None:
                                continue
                            if eid not in g:
                                g.add_node(eid, bipartite=1, label=ent.label, type=ent.type)
                            g.add_edge(f"article:{aid}", eid, weight=count)
                self._bipartite = g
            return self._bipartite


class ProjectionService:
    """Projections of the current store state: rebuilt when the related index changes (after every write)."""

    def __init__(self, related: RelatedService) -> None:
        self.related = related
        self._lock = threading.Lock()
        self._current: Projections | None = None

    @property
    def current(self) -> Projections:
        index = self.related.index
        with self._lock:
            current = self._current
            if current is None or current.index is not index or current.version != index.version:
                current = self._current = Projections(index)
            return current


def neighbourhood(
    projections: Projections,
    entity_id: str,
    hops: int = 1,
    type_: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    """Entities within `hops` co-mention steps of an entity, strongest first, with the edges between them.

    Strength of a node: the co-mention weight of its strongest path from the centre (the product of edge weights
    shrinks with distance: weight / hop). `type_` keeps only nodes of that type (the centre always stays).
    """
    g = projections.entity_graph
    if entity_id not in g:
        raise KeyError(entity_id)
    distance = nx.single_source_shortest_path_length(g, entity_id, cutoff=hops)
    strength: dict[str, float] = {entity_id: float("inf")}
    frontier = [entity_id]
    for hop in range(1, hops + 1):
        nxt = []
        for u in frontier:
            for v, data in g[u].items():
                if distance.get(v) != hop:
                    continue
                s = min(strength[u], data["weight"]) / hop
                if s > strength.get(v, 0):
                    if v not in strength:
                        nxt.append(v)
                    strength[v] = s
        frontier = nxt
    chosen = [n for n in strength if n != entity_id and (type_ is None or g.nodes[n]["type"] == type_)]
    chosen.sort(key=lambda n: (-strength[n], n))
    chosen = chosen[:limit]
    keep = set(chosen) | {entity_id}
    nodes = [
        {**projections.entity_node(n), "hops": distance[n], "articles": g.nodes[n]["articles"],
         "strength": None if n == entity_id else round(strength[n], 3)}
        for n in [entity_id] + chosen
    ]
    edges = [
        {"source": a, "target": b, "weight": d["weight"]}
        for a, b, d in g.subgraph(keep).edges(data=True)
    ]
    edges.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    return {"center": projections.entity_node(entity_id), "hops": hops, "nodes": nodes, "edges": edges}
