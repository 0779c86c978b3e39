"""Subgraphs as data (nodes and edges) and as offline pyvis pages.

Pages carry vis-network inline (pyvis `cdn_resources="in_line"`) and none of pyvis's CDN links, so they work with
no internet.
"""
from __future__ import annotations

import html
import re
from typing import Any

from pyvis.network import Network

from graph.analysis.sparql import PREFIXES, iri_ref
from graph.dates import date_part
from graph.rdf.iris import iri_for_id, short_id
from graph.rdf.namespaces import CLASS_TYPES
from graph.store import Store

# Colour and shape per node type; also the legend.
STYLES: dict[str, dict[str, str]] = {
    "Person": {"color": "#e15759", "shape": "dot"},
    "Organization": {"color": "#4e79a7", "shape": "square"},
    "Company": {"color": "#76b7b2", "shape": "square"},
    "Country": {"color": "#59a14f", "shape": "triangle"},
    "Place": {"color": "#8cd17d", "shape": "triangle"},
    "Event": {"color": "#f28e2b", "shape": "diamond"},
    "Article": {"color": "#bab0ac", "shape": "box"},
}

MAX_NODES = 1000


def entity_subgraph(store: Store, eid: str, max_articles: int = 40, max_nodes: int = 150) -> dict[str, Any] | None:
    """An entity, the articles that mention it, and the other entities those articles mention."""
    center = iri_ref(iri_for_id(eid))
    info = store.select(PREFIXES + f"SELECT ?type ?label WHERE {{ {center} a ?type ; skos:prefLabel ?label }}")
    types = [CLASS_TYPES[r["type"]] for r in info if r["type"] in CLASS_TYPES]
    if not types:
        return None
    label = max((r["label"] for r in info), key=len)
    arts = store.select(
        PREFIXES
        + f"""
SELECT ?a ?id ?title ?published WHERE {{
  ?a schema:mentions {center} ; schema:identifier ?id .
  OPTIONAL {{ ?a schema:headline ?title }} OPTIONAL {{ ?a schema:datePublished ?published }}
}} ORDER BY DESC(?published) LIMIT {int(max_articles)}"""
    )
    nodes: dict[str, dict[str, Any]] = {
        eid: {"id": eid, "label": label, "type": types[0], "size": 30, "title": f"{types[0]}: {label}"}
    }
    edges: list[dict[str, Any]] = []
    for a in arts:
        aid = "article:" + a["id"]
        date = date_part(a.get("published"))
        nodes[aid] = {
            "id": aid,
            "label": (a.get("title") or a["id"])[:40],
            "type": "Article",
            "size": 12,
            "title": f"Article: {a.get('title') or a['id']} ({date or 'no date'})",
        }
        edges.append({"from": aid, "to": eid, "label": "mentions"})
    if arts:
        values = " ".join(iri_ref(a["a"]) for a in arts)
        others = store.select(
            PREFIXES
            + f"""
SELECT ?a ?o ?type (SAMPLE(?l) AS ?label) WHERE {{
  VALUES ?a {{ {values} }}
  ?a schema:mentions ?o . ?o a ?type ; skos:prefLabel ?l . FILTER(?o != {center})
}} GROUP BY ?a ?o ?type"""
        )
        article_ids = {a["a"]: "article:" + a["id"] for a in arts}
        degree: dict[str, int] = {}
        for r in others:
            if r["type"] in CLASS_TYPES:
                degree[r["o"]] = degree.get(r["o"], 0) + 1
        keep = set(sorted(degree, key=lambda o: -degree[o])[: max(0, max_nodes - len(nodes))])
        for r in others:
            if r["o"] not in keep or r["type"] not in CLASS_TYPES:
                continue
            oid = short_id(r["o"])
            type_ = CLASS_TYPES[r["type"]]
            nodes.setdefault(
                oid,
                {"id": oid, "label": r["label"], "type": type_, "size": 10 + 3 * degree[r["o"]], "title": f"{type_}: {r['label']}"},
            )
            edges.append({"from": article_ids[r["a"]], "to": oid, "label": "mentions"})
    return {"center": eid, "label": label, "nodes": list(nodes.values()), "edges": edges}


_CDN_TAG = re.compile(r"<(?:link|script)\b[^>]*(?:href|src)=\"https?://[^\"]*\"[^>]*>(?:\s*</script>)?", re.I)


def render_html(subgraph: dict[str, Any], title: str) -> str:
    """A standalone HTML page drawing the subgraph, with its JavaScript inline and no external requests."""
    net = Network(height="720px", width="100%", directed=False, cdn_resources="in_line", heading="")
    for node in subgraph["nodes"][:MAX_NODES]:
        style = STYLES.get(node["type"], STYLES["Article"])
        net.add_node(
            node["id"],
            label=node["label"],
            title=node.get("title", node["label"]),
            color=style["color"],
            shape=style["shape"],
            size=node.get("size", 10),
        )
    ids = {n["id"] for n in subgraph["nodes"][:MAX_NODES]}
    for edge in subgraph["edges"]:
        if edge["from"] in ids and edge["to"] in ids:
            net.add_edge(edge["from"], edge["to"], title=edge.get("label", ""))
    page = _CDN_TAG.sub("", net.generate_html())
    legend = "".join(
        f'<span style="display:inline-block;margin-right:1em"><span style="color:{s["color"]}">&#9679;</span> {t}</span>'
        for t, s in STYLES.items()
    )
    header = f'<h1 style="font-family:sans-serif;font-size:1.3em">{html.escape(title)}</h1><div style="font-family:sans-serif">{legend}</div>'
    return page.replace("<body>", "<body>\n" + header, 1)
