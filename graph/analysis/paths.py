"""How are two entities connected? Shortest paths in the co-mention graph, with the evidence for every edge.

An edge between two entities (or events) stands for the articles that mention both. For each edge of a path the
answer names those articles and, where the two are named in the same sentence, quotes the sentence with its
character span, read from the store (the sentences are the provenance the mapping records on every mention).
"""
from __future__ import annotations

import math
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from graph.analysis.projections import Projections
from graph.analysis.sparql import PREFIXES, iri_ref, string_literal
from graph.rdf.iris import iri_for_id
from graph.sparql.provenance import span_text
from graph.store import Store

MAX_HOPS = 6
MAX_PATHS = 3
EVIDENCE_ARTICLES = 5
EVIDENCE_SENTENCES = 3


class UnknownEntity(KeyError):
    pass


def shortest_paths(
    store: Store,
    projections: Projections,
    source: str,
    target: str,
    max_paths: int = MAX_PATHS,
    max_hops: int = MAX_HOPS,
) -> dict[str, Any]:
    """The fewest-hop paths from `source` to `target` (strongest first), each edge with articles and sentences."""
    g = projections.entity_graph
    for eid in (source, target):
        if eid not in g:
            raise UnknownEntity(eid)
    answer: dict[str, Any] = {
        "from": projections.entity_node(source),
        "to": projections.entity_node(target),
        "paths": [],
    }
    if source == target:
        return answer
    try:
        hops = nx.shortest_path_length(g, source, target)
    except nx.NetworkXNoPath:
        return answer
    if hops > max_hops:
        return answer
    # Among paths of equal length, prefer those whose weakest links are strong (many articles).
    candidates = []
    for path in islice(nx.all_shortest_paths(g, source, target), 200):
        strength = sum(math.log1p(g[a][b]["weight"]) for a, b in pairwise(path))
        candidates.append((-strength, path))
    candidates.sort(key=lambda t: (t[0], t[1]))
    for _, path in candidates[:max_paths]:
        edges = [_edge(store, projections, g, a, b) for a, b in pairwise(path)]
        answer["paths"].append(
            {"length": len(path) - 1, "nodes": [projections.entity_node(n) for n in path], "edges": edges}
        )
    return answer


def _edge(store: Store, projections: Projections, g: nx.Graph, a: str, b: str) -> dict[str, Any]:
    data = g[a][b]
    index = projections.index
    articles = sorted(data["articles"], key=lambda aid: (index.articles[aid].date or "", aid), reverse=True)
    return {
        "source": a,
        "target": b,
        "weight": data["weight"],
        "articles": [projections.article_node(aid) for aid in articles[:EVIDENCE_ARTICLES]],
        "sentences": co_mention_sentences(store, a, b, articles[:EVIDENCE_ARTICLES])[:EVIDENCE_SENTENCES],
    }


def co_mention_sentences(store: Store, a: str, b: str, article_ids: list[str]) -> list[dict[str, Any]]:
    """Sentences of the given articles that name both a and b (entities through mentions, events through reports)."""
    if not article_ids:
        return []
    ea, eb = iri_ref(iri_for_id(a)), iri_ref(iri_for_id(b))
    ids = " ".join(string_literal(aid) for aid in article_ids)
    rows = store.select(
        PREFIXES
        + f"""
SELECT DISTINCT ?id ?begin ?end ?text WHERE {{
  VALUES ?id {{ {ids} }}
  ?art schema:identifier ?id .
  {{ ?m1 itsrdf:taIdentRef {ea} }} UNION {{ ?m1 nkg:reports {ea} }}
  ?s nif:referenceContext ?art .
  ?m1 nkg:sentence ?s .
  {{ ?m2 itsrdf:taIdentRef {eb} }} UNION {{ ?m2 nkg:reports {eb} }}
  ?m2 nkg:sentence ?s .
  ?s nif:beginIndex ?begin ; nif:endIndex ?end .
  ?art schema:articleBody ?body .
  BIND({span_text("?body", "?begin", "?end")} AS ?text)
}} ORDER BY DESC(?id) ?begin"""
    )
    return [{"article": r["id"], "start": r["begin"], "end": r["end"], "text": r["text"]} for r in rows]
