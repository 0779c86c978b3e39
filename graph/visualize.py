"""Subgraphs as data (nodes, edges and the evidence behind them) and as explorable pages that work offline.

Every view (an entity's neighbourhood here; an article, a path and a storyline in graph/viz_views.py) returns the
same shape, which the API sends as JSON and `render_html` draws:

    {"kind", "title", "center", "nodes": [...], "edges": [...], "articles": {id: {...}},
     "total_nodes", "truncated", "limit", "params"}

A node carries `id`, `label`, `type`, `group` (legend colour and shape), `value` (salience: drawn as size), `title`
(plain-text hover), `date` (articles), and `evidence`: the articles and sentences that put it in the picture.
Node ids are entity and event ids as the API uses them, and "article:<article id>" for articles.

Pages draw with vis-network from pyvis's bundled copy. The API serves that file itself (`asset_bytes`); a page
written for offline use (`render_html(..., inline=True)`) carries it inline. No page names a CDN.
"""
from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from graph.analysis.sparql import PREFIXES, iri_ref, string_literal
from graph.dates import date_part
from graph.rdf.iris import iri_for_id, short_id
from graph.rdf.namespaces import CLASS_TYPES, ID
from graph.store import Store

DEFAULT_LIMIT = 150
MAX_LIMIT = 2000  # a view never carries more nodes than this, however big the neighbourhood
SENTENCES_PER_ARTICLE = 2
EVIDENCE_ARTICLES = 5

# Legend groups: colour and shape per kind of node. Shapes that scale with `value`, so size can show salience.
GROUPS: dict[str, dict[str, str]] = {
    "person": {"label": "Person", "color": "#e15759", "shape": "dot"},
    "organisation": {"label": "Organisation", "color": "#4e79a7", "shape": "hexagon"},
    "place": {"label": "Country / place", "color": "#59a14f", "shape": "triangle"},
    "event": {"label": "Event", "color": "#f28e2b", "shape": "diamond"},
    "article": {"label": "Article", "color": "#8c8c8c", "shape": "square"},
    "quote": {"label": "Quote", "color": "#b07aa1", "shape": "star"},
}
TYPE_GROUP: dict[str, str] = {
    "Person": "person",
    "Organization": "organisation",
    "Company": "organisation",
    "Country": "place",
    "Place": "place",
    "Event": "event",
    "Article": "article",
    "Quote": "quote",
}
# Edge colour per relation; width comes from the edge's weight.
RELATIONS: dict[str, dict[str, str]] = {
    "mentions": {"label": "mentions", "color": "#c7c7c7"},
    "about": {"label": "is about", "color": "#6b6b6b"},
    "reports": {"label": "reports", "color": "#f5b97a"},
    "participant": {"label": "takes part in", "color": "#f28e2b"},
    "said": {"label": "said", "color": "#b07aa1"},
    "quoted_in": {"label": "quoted in", "color": "#d4b5cc"},
    "role": {"label": "holds a role at", "color": "#4e79a7"},
    "next": {"label": "followed by", "color": "#333333"},
}

ASSETS = "viz_assets"
VENDOR_JS = "vis-network.min.js"  # pyvis's bundled vis-network 9.1.2


def article_node_id(article_id: str) -> str:
    return "article:" + article_id


def group_of(type_: str) -> str:
    return TYPE_GROUP.get(type_, "article")


def pick_label(labels: list[str]) -> str:
    """The longest label is usually the full name ("Karen Holm Lindqvist" over "Lindqvist")."""
    return max(labels, key=lambda s: (len(s), s)) if labels else ""


def clamp_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    return max(1, min(int(limit), MAX_LIMIT))


def date_filters(var: str, since: str | None, until: str | None) -> str:
    """FILTERs keeping `var` (a date or dateTime) within [since, until]; `until` compares by its own length,
    so until=2026-02 keeps all of February."""
    parts = []
    if since:
        parts.append(f"FILTER(BOUND({var}) && STR({var}) >= {string_literal(since)})")
    if until:
        parts.append(f"FILTER(BOUND({var}) && SUBSTR(STR({var}), 1, {len(until)}) <= {string_literal(until)})")
    return "\n  ".join(parts)


def check_date(value: str | None, name: str) -> str | None:
    """A since/until value: YYYY, YYYY-MM or YYYY-MM-DD. Raises ValueError naming the parameter otherwise."""
    if value is None or value == "":
        return None
    import re

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise ValueError(f"{name} must be a date like 2026-02-03, 2026-02 or 2026, not {value!r}")
    return value


def values_clause(var: str, iris: list[str]) -> str:
    return f"VALUES {var} {{ {' '.join(iri_ref(i) for i in iris)} }}"


# --- shared queries --------------------------------------------------------------------------------------------


def entity_info(store: Store, iris: list[str]) -> dict[str, tuple[str, str]]:
    """IRI -> (type, label) for entities and events of a known type.

    Two DISTINCT lookups rather than one join: an entity can carry several types and labels (one per language,
    or with and without a legal form), and a join would multiply them."""
    if not iris:
        return {}
    types: dict[str, str] = {}
    labels: dict[str, list[str]] = {}
    for start in range(0, len(iris), 1000):
        chunk = values_clause("?e", iris[start : start + 1000])
        for r in store.select(f"SELECT DISTINCT ?e ?type WHERE {{ {chunk} ?e a ?type }}"):
            t = CLASS_TYPES.get(r["type"])
            # Company is the more specific class; keep it over Organization when both are stated.
            if t is not None and (r["e"] not in types or t == "Company"):
                types[r["e"]] = t
        for r in store.select(PREFIXES + f"SELECT DISTINCT ?e ?label WHERE {{ {chunk} ?e skos:prefLabel ?label }}"):
            labels.setdefault(r["e"], []).append(r["label"])
    return {e: (types[e], pick_label(labels[e])) for e in types if e in labels}


def article_meta(store: Store, article_iris: list[str]) -> dict[str, dict[str, Any]]:
    """Article IRI -> {id, title, date, source}. No URL: a page must name no host but its own."""
    if not article_iris:
        return {}
    out: dict[str, dict[str, Any]] = {}
    publisher: dict[str, str] = {}
    for start in range(0, len(article_iris), 1000):
        chunk = values_clause("?a", article_iris[start : start + 1000])
        rows = store.select(
            PREFIXES
            + f"""
SELECT ?a ?id ?title ?published ?pub WHERE {{
  {chunk} ?a schema:identifier ?id .
  OPTIONAL {{ ?a schema:headline ?title }} OPTIONAL {{ ?a schema:datePublished ?published }}
  OPTIONAL {{ ?a schema:publisher ?pub }}
}}"""
        )
        for r in rows:
            if r.get("pub"):
                publisher[r["a"]] = r["pub"]
            out.setdefault(
                r["a"],
                {"id": r["id"], "title": r.get("title") or r["id"], "date": date_part(r.get("published")), "source": None},
            )
    # A publisher's name is repeated in each of its articles' graphs: look each up once.
    pubs = sorted(set(publisher.values()))
    names: dict[str, str] = {}
    if pubs:
        for r in store.select(PREFIXES + f"SELECT DISTINCT ?p ?name WHERE {{ {values_clause('?p', pubs)} ?p schema:name ?name }}"):
            names.setdefault(r["p"], r["name"])
    for a, p in publisher.items():
        out[a]["source"] = names.get(p)
    return out


class Mentions:
    """Who is mentioned in which article, how often, and in which sentences: the evidence behind every edge."""

    def __init__(self) -> None:
        self.count: dict[tuple[str, str], int] = {}
        self.sentences: dict[tuple[str, str], list[str]] = {}
        self.by_article: dict[str, set[str]] = {}

    @classmethod
    def load(cls, store: Store, article_iris: list[str], entity_iris: list[str] | None = None) -> Mentions:
        self = cls()
        if not article_iris:
            return self
        only = values_clause("?e", entity_iris) if entity_iris else ""
        rows = store.select(
            PREFIXES
            + f"""
SELECT ?a ?e ?m ?t WHERE {{
  {values_clause('?a', article_iris)} {only}
  ?m nif:referenceContext ?a ; itsrdf:taIdentRef|nkg:reports ?e .
  OPTIONAL {{ ?m nkg:sentence ?s . ?s nif:anchorOf ?t ; nif:beginIndex ?begin }}
}} ORDER BY ?a ?begin"""
        )
        for r in rows:
            key = (r["a"], r["e"])
            self.count[key] = self.count.get(key, 0) + 1
            self.by_article.setdefault(r["a"], set()).add(r["e"])
            sentence = r.get("t")
            if sentence:
                got = self.sentences.setdefault(key, [])
                if sentence not in got:
                    got.append(sentence)
        return self

    def evidence(self, article: str, entity: str, prefer: str | None = None, n: int = SENTENCES_PER_ARTICLE) -> list[str]:
        """Sentences of `article` naming `entity`, those also naming `prefer` first."""
        sents = self.sentences.get((article, entity), [])
        if prefer:
            both = set(self.sentences.get((article, prefer), []))
            sents = sorted(sents, key=lambda s: s not in both)
        return sents[:n]


def assertion_edges(store: Store, entity_iris: list[str], article_iris: list[str] | None = None) -> list[dict[str, Any]]:
    """Edges the extraction stated between entities of a view: who takes part in which event (and where it
    happened), and who holds a role at which organisation. With `article_iris`, only roles read in those articles."""
    if not entity_iris:
        return []
    ents = values_clause("?x", entity_iris)
    out: list[dict[str, Any]] = []
    rows = store.select(
        PREFIXES
        + f"""
SELECT DISTINCT ?ev ?x ?kind WHERE {{
  {ents}
  {{ ?ev sem:hasActor ?x . BIND("actor" AS ?kind) }} UNION {{ ?ev sem:hasPlace ?x . BIND("place" AS ?kind) }}
}}"""
    )
    in_view = set(entity_iris)
    for r in rows:
        if r["ev"] in in_view:
            label = "takes part in" if r["kind"] == "actor" else "place of"
            out.append(edge(short_id(r["x"]), short_id(r["ev"]), "participant", 1, label=label))
    only = f"{values_clause('?a', article_iris)} ?r prov:wasDerivedFrom ?a ." if article_iris else ""
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?x ?org (SAMPLE(?name) AS ?role) (COUNT(DISTINCT ?r) AS ?n) WHERE {{
  {ents} {only}
  ?r a nkg:RoleAssignment ; nkg:person ?x ; nkg:roleAt ?org ; schema:roleName ?name .
}} GROUP BY ?x ?org"""
    )
    for r in rows:
        if r["org"] in in_view:
            out.append(edge(short_id(r["x"]), short_id(r["org"]), "role", int(r["n"]), label=str(r["role"])))
    return out


def hover(type_: str, label: str, *lines: str) -> str:
    """Plain-text hover title: what the node is, then why it is in the view."""
    return "\n".join([f"{type_}: {label}", *[line for line in lines if line]])


def entity_node(eid: str, type_: str, label: str, value: float, title: str, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": eid,
        "label": short_label(label),
        "name": label,
        "type": type_,
        "group": group_of(type_),
        "value": round(value, 2),
        "title": title,
        "evidence": evidence,
    }


def short_label(label: str, width: int = 36) -> str:
    """What a node shows on the canvas; the whole name is in its hover title and evidence panel."""
    return label if len(label) <= width else label[: width - 2].rstrip() + "…"


def article_node(meta: dict[str, Any], value: float, title_lines: list[str], evidence: list[dict[str, Any]]) -> dict[str, Any]:
    label = meta["title"]
    return {
        "id": article_node_id(meta["id"]),
        "label": short_label(label),
        "name": label,
        "type": "Article",
        "group": "article",
        "value": round(value, 2),
        "date": meta.get("date"),
        "title": "\n".join([f"Article: {label}", f"{meta.get('date') or 'no date'}  {meta.get('source') or ''}".strip(), *title_lines]),
        "evidence": evidence,
    }


def edge(from_id: str, to_id: str, relation: str, weight: float = 1, label: str | None = None) -> dict[str, Any]:
    name = label or RELATIONS[relation]["label"]
    return {
        "id": f"{from_id}|{relation}|{to_id}",
        "from": from_id,
        "to": to_id,
        "relation": relation,
        "weight": weight,
        "label": name,
        "title": f"{name}" + (f" ×{weight:g}" if weight != 1 else ""),
    }


def finish(
    kind: str,
    title: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    articles: dict[str, dict[str, Any]],
    *,
    center: str | None,
    total_nodes: int,
    limit: int,
    params: dict[str, Any],
) -> dict[str, Any]:
    """The common envelope. Drops edges to nodes not in the view, and duplicate edges."""
    ids = {n["id"] for n in nodes}
    seen: set[str] = set()
    kept = []
    for e in edges:
        if e["from"] in ids and e["to"] in ids and e["id"] not in seen:
            seen.add(e["id"])
            kept.append(e)
    return {
        "kind": kind,
        "title": title,
        "center": center,
        "label": title,
        "nodes": nodes,
        "edges": kept,
        "articles": {a["id"]: a for a in articles.values()},
        "total_nodes": max(total_nodes, len(nodes)),
        "truncated": total_nodes > len(nodes),
        "limit": limit,
        "params": {k: v for k, v in params.items() if v not in (None, "", [])},
    }


def entity_exists(store: Store, eid: str) -> bool:
    try:
        return iri_for_id(eid) in entity_info(store, [iri_for_id(eid)])
    except ValueError:
        return False


# --- an entity's neighbourhood ----------------------------------------------------------------------------------


def entity_subgraph(
    store: Store,
    eid: str,
    limit: int | None = DEFAULT_LIMIT,
    since: str | None = None,
    until: str | None = None,
    types: list[str] | None = None,
) -> dict[str, Any] | None:
    """An entity, the articles that mention it (most about it first), and the entities those articles also mention,
    at most `limit` nodes in all. None when there is no such entity.

    `types` keeps only co-mentioned entities of those legend groups (person, organisation, place, event);
    `since`/`until` keep only articles published in that range.
    """
    limit = clamp_limit(limit)
    try:
        center_iri = iri_for_id(eid)
        center = iri_ref(center_iri)
    except ValueError:
        return None
    info = entity_info(store, [center_iri])
    if center_iri not in info:
        return None
    ctype, clabel = info[center_iri]
    when = date_filters("?published", since, until)

    # Which articles name it (within the dates), how often, and whether they are about it: three simple lookups,
    # ranked here. Each grows linearly with the entity's articles, however many that is.
    dated = store.select(
        PREFIXES
        + f"""
SELECT DISTINCT ?a ?published WHERE {{
  ?a schema:mentions {center} . OPTIONAL {{ ?a schema:datePublished ?published }} {when}
}}"""
    )
    about_all = {r["a"] for r in store.select(PREFIXES + f"SELECT DISTINCT ?a WHERE {{ ?a schema:about {center} }}")}
    times = {
        r["a"]: int(r["n"])
        for r in store.select(
            PREFIXES
            + f"SELECT ?a (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m itsrdf:taIdentRef|nkg:reports {center} ; nif:referenceContext ?a }} GROUP BY ?a"
        )
    }
    published = {r["a"]: r.get("published") or "" for r in dated}
    total_articles = len(published)
    others_total = store.select(
        PREFIXES
        + f"""
SELECT (COUNT(DISTINCT ?o) AS ?others) WHERE {{
  ?a schema:mentions {center} , ?o . FILTER(?o != {center})
  OPTIONAL {{ ?a schema:datePublished ?published }} {when}
}}"""
    )
    total_others = int(others_total[0]["others"]) if others_total else 0

    # A third of the budget goes to articles: they are the evidence, the rest to what they mention.
    article_budget = min(total_articles, (limit - 1) // 3 if limit > 3 else limit - 1)
    by_rank = sorted(published, key=lambda a: (a not in about_all, -times.get(a, 0), _neg(published[a]), a))
    picked = by_rank[:article_budget]
    article_iris = picked
    about = {a for a in picked if a in about_all}
    metas = article_meta(store, article_iris)
    mentions = Mentions.load(store, article_iris)

    # Co-mentioned entities, ranked by how many of the picked articles name them, then by mentions.
    shared: dict[str, int] = {}
    volume: dict[str, int] = {}
    for (a, e), n in mentions.count.items():
        if e != center_iri:
            shared[e] = shared.get(e, 0) + 1
            volume[e] = volume.get(e, 0) + n
    others = entity_info(store, list(shared))
    wanted = set(types or [])
    ranked = sorted(
        (e for e in others if not wanted or group_of(others[e][0]) in wanted),
        key=lambda e: (-shared[e], -volume[e], e),
    )
    room = max(0, limit - 1 - len(article_iris))
    kept = ranked[:room]

    # Nodes, with evidence: for an entity, the articles in view naming it and their sentences.
    articles_of: dict[str, list[str]] = {}
    for a in article_iris:
        for e in mentions.by_article.get(a, ()):
            articles_of.setdefault(e, []).append(a)

    def newest_first(arts: list[str]) -> list[str]:
        return sorted(arts, key=lambda a: metas.get(a, {}).get("date") or "", reverse=True)

    def evidence_for(e: str, prefer: str | None) -> list[dict[str, Any]]:
        return [
            {"article": metas[a]["id"], "sentences": mentions.evidence(a, e, prefer)}
            for a in newest_first(articles_of.get(e, []))[:EVIDENCE_ARTICLES]
            if a in metas
        ]

    n_articles = len(article_iris)
    nodes = [
        entity_node(
            eid,
            ctype,
            clabel,
            max([shared[e] for e in kept] + [n_articles, 1]) + 2,
            hover(ctype, clabel, f"Named in {total_articles} article(s)", "Centre of this view"),
            evidence_for(center_iri, None),
        )
    ]
    edges = []
    for a in article_iris:
        if a not in metas:
            continue
        meta = metas[a]
        n = mentions.count.get((a, center_iri), 1)
        aid = article_node_id(meta["id"])
        nodes.append(
            article_node(
                meta,
                n + (2 if a in about else 0),
                [f"Names {clabel} {n} time(s)" + (" and is about it" if a in about else "")],
                [{"article": meta["id"], "sentences": mentions.evidence(a, center_iri, n=3)}],
            )
        )
        edges.append(edge(aid, eid, "reports" if ctype == "Event" else "about" if a in about else "mentions", n))
    for e in kept:
        type_, label = others[e]
        oid = short_id(e)
        nodes.append(
            entity_node(
                oid,
                type_,
                label,
                shared[e],
                hover(type_, label, f"Named with {clabel} in {shared[e]} of the articles shown"),
                evidence_for(e, center_iri),
            )
        )
        relation = "reports" if type_ == "Event" else "mentions"
        for a in articles_of.get(e, []):
            if a in metas:
                edges.append(edge(article_node_id(metas[a]["id"]), oid, relation, mentions.count[(a, e)]))
    edges.extend(assertion_edges(store, [center_iri, *kept], article_iris))

    return finish(
        "entity",
        f"{clabel}: articles and who else they name",
        nodes,
        edges,
        metas,
        center=eid,
        total_nodes=1 + total_articles + total_others,
        limit=limit,
        params={"since": since, "until": until, "types": sorted(wanted) or None},
    )


def _neg(date: str) -> tuple[int, ...]:
    """Sort key putting later dates first."""
    return tuple(-ord(c) for c in date)


# --- search ------------------------------------------------------------------------------------------------------


def search_entities(store: Store, q: str, limit: int = 20) -> list[dict[str, Any]]:
    """Entities and events whose name or alias contains q, most covered first.

    Separate DISTINCT lookups (names, then types, then article counts), so an entity named in thousands of
    articles costs thousands of rows, not millions (see `entity_info`)."""
    rows = store.select(
        PREFIXES
        + f"""
SELECT DISTINCT ?e WHERE {{
  {{ ?e skos:prefLabel ?name }} UNION {{ ?e skos:altLabel ?name }}
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE({string_literal(q)})))
  FILTER(STRSTARTS(STR(?e), "{ID}entity/") || STRSTARTS(STR(?e), "{ID}event/"))
}}"""
    )
    info = entity_info(store, [r["e"] for r in rows])
    if not info:
        return []
    counts = {
        r["e"]: int(r["n"])
        for r in store.select(
            PREFIXES
            + f"SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {values_clause('?e', sorted(info))} ?a schema:mentions ?e }} GROUP BY ?e"
        )
    }
    ranked = sorted(info, key=lambda e: (-counts.get(e, 0), info[e][1].lower(), e))[:limit]
    return [{"id": short_id(e), "label": info[e][1], "type": info[e][0], "articles": counts.get(e, 0)} for e in ranked]


def search(store: Store, q: str, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
    """Entities and articles whose name or title contains `q`, for the search page."""
    q = (q or "").strip()
    if not q:
        return {"entities": [], "articles": []}
    entities = search_entities(store, q, limit)
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?a ?id ?title ?published WHERE {{
  ?a a schema:NewsArticle ; schema:identifier ?id . OPTIONAL {{ ?a schema:headline ?title }}
  OPTIONAL {{ ?a schema:datePublished ?published }}
  FILTER(CONTAINS(LCASE(STR(?title)), LCASE({string_literal(q)})) || LCASE(STR(?id)) = LCASE({string_literal(q)}))
}} ORDER BY DESC(?published) ?id LIMIT {int(limit)}"""
    )
    articles = [{"id": r["id"], "title": r.get("title") or r["id"], "date": date_part(r.get("published"))} for r in rows]
    return {"entities": entities, "articles": articles}


def suggestions(store: Store, words: str, limit: int = 10) -> tuple[str, dict[str, list[dict[str, Any]]]]:
    """What someone who typed `words` (or a mistyped id) probably meant: the whole phrase, else any single word,
    else the first five letters of a word ("vestergaard" finds "Vester"). Returns the query that matched."""
    tried = [words] + sorted({w for w in words.split() if len(w) >= 3}, key=len, reverse=True)
    tried += [w[:5] for w in tried[1:] if len(w) > 5]
    for q in tried:
        found = search(store, q, limit)
        if found["entities"] or found["articles"]:
            return q, found
    return words, {"entities": [], "articles": []}


# --- pages -------------------------------------------------------------------------------------------------------


def _asset_dir() -> Path:
    return Path(str(resources.files("graph") / ASSETS))


@lru_cache(maxsize=None)
def asset_bytes(name: str) -> bytes:
    """A file the pages need: our own JS/CSS from graph/viz_assets, or pyvis's bundled vis-network.
    Raises KeyError for any other name."""
    if name == VENDOR_JS:
        return (Path(str(resources.files("pyvis"))) / "lib" / "vis-9.1.2" / VENDOR_JS).read_bytes()
    if name in ("viz.js", "viz.css"):
        return (_asset_dir() / name).read_bytes()
    raise KeyError(name)


def _template(name: str) -> str:
    return (_asset_dir() / name).read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    # Inside <script>, "</" would end the element early; "\u003c/" is the same string to JSON.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "\\u003c/").replace("<!--", "\\u003c!--")


def _legend_data() -> dict[str, Any]:
    return {"groups": GROUPS, "relations": RELATIONS}


def _scripts(inline: bool, base: str) -> str:
    if inline:
        vendor = asset_bytes(VENDOR_JS).decode("utf-8").replace("</script", "<\\/script")
        ours = asset_bytes("viz.js").decode("utf-8")
        return f"<script>{vendor}</script>\n<script>{ours}</script>"
    return f'<script src="{base}/viz/assets/{VENDOR_JS}"></script>\n<script src="{base}/viz/assets/viz.js"></script>'


def _style(inline: bool, base: str) -> str:
    if inline:
        return f"<style>{asset_bytes('viz.css').decode('utf-8')}</style>"
    return f'<link rel="stylesheet" href="{base}/viz/assets/viz.css">'


def _page(title: str, body: str, *, inline: bool, base: str, scripts: bool, offline: bool | None = None) -> str:
    offline = inline if offline is None else offline
    return (
        _template("page.html")
        .replace("{{TITLE}}", html.escape(title))
        .replace("{{STYLE}}", _style(inline, base))
        .replace("{{HOME}}", "#" if offline else f"{base}/viz")
        .replace("{{SEARCH_ACTION}}", f"{base}/viz/search")
        .replace("{{SEARCH_DISABLED}}", "disabled" if offline else "")
        .replace("{{BODY}}", body)
        .replace("{{SCRIPTS}}", _scripts(inline, base) if scripts else "")
    )


def render_html(
    subgraph: dict[str, Any], title: str, *, inline: bool = True, base: str = "", offline: bool | None = None
) -> str:
    """A page drawing the subgraph: legend, filters, evidence panel, 'show more' and expand.

    inline=True carries every script and style in the page; inline=False loads them from the API that serves the
    page (`base`). offline (default: the same as inline) is a page for a file opened with no server
    (`newskg viz --out`): its links to other views and its 'show more' are then inert.
    """
    offline = inline if offline is None else offline
    config = {"data": subgraph, "legend": _legend_data(), "api": None if offline else base, "offline": offline}
    body = _template("graph.html").replace("{{CONFIG}}", _json_for_script(config))
    return _page(title, body, inline=inline, base=base, scripts=True, offline=offline)


def search_page_html(
    q: str,
    results: dict[str, list[dict[str, Any]]] | None,
    base: str = "",
    message: str | None = None,
    path_form: tuple[str, str] | None = None,
) -> str:
    """The search page: a box, and entities and articles matching q with links to their views.
    With `path_form`, also a form asking for the two ends of a path."""
    parts = []
    if path_form is not None:
        a, b = (html.escape(x, quote=True) for x in path_form)
        parts.append(
            f'<h2>Path between two entities</h2><form id="path-form" action="{base}/viz/path" method="get">'
            f'<div class="form-row"><label for="from">From</label><input id="from" name="from" value="{a}" placeholder="entity id, e.g. person-…" required></div>'
            f'<div class="form-row"><label for="to">To</label><input id="to" name="to" value="{b}" placeholder="entity id" required></div>'
            '<button type="submit">Find path</button></form><p class="muted">Search below for the ids.</p>'
        )
    if message:
        parts.append(f'<p class="message">{html.escape(message)}</p>')
    if results is not None:
        ents, arts = results["entities"], results["articles"]
        if not ents and not arts:
            parts.append(f"<p>Nothing matches <b>{html.escape(q)}</b>.</p>")
        if ents:
            items = "".join(
                f'<li><span class="swatch" style="background:{GROUPS[group_of(e["type"])]["color"]}"></span>'
                f'<a href="{base}/viz/entity/{html.escape(e["id"], quote=True)}">{html.escape(e["label"])}</a> '
                f'<span class="muted">{html.escape(e["type"])}, {e["articles"]} article(s)</span></li>'
                for e in ents
            )
            parts.append(f'<h2>Entities</h2><ul class="results" id="entity-results">{items}</ul>')
        if arts:
            items = "".join(
                f'<li><a href="{base}/viz/article/{html.escape(a["id"], quote=True)}">{html.escape(a["title"])}</a> '
                f'<span class="muted">{html.escape(a["date"] or "")}</span></li>'
                for a in arts
            )
            parts.append(f'<h2>Articles</h2><ul class="results" id="article-results">{items}</ul>')
    elif path_form is None:
        parts.append(
            "<p>Find a person, organisation, place, event or article by name, then open its graph. "
            "Click a node for the sentences behind it; expand or re-centre from there.</p>"
        )
    body = (
        '<main class="search-page">'
        f'<form class="big-search" action="{base}/viz/search" method="get">'
        f'<input type="search" name="q" value="{html.escape(q or "", quote=True)}" placeholder="Name or headline" autofocus>'
        '<button type="submit">Search</button></form>'
        f'{"".join(parts)}'
        f'<p class="muted">Also: <a href="{base}/viz/storyline">storylines</a>, '
        f'<a href="{base}/viz/path">path between two entities</a>.</p>'
        "</main>"
    )
    return _page("newskg: explore the news graph", body, inline=False, base=base, scripts=False)
