"""The visual explorer's views as data: an entity's neighbourhood, an article's own graph, the path between two
entities (found by graph/analysis/paths.py), storylines (graph/analysis/storylines.py) and one story (the reports of
one real-world event, graph/analysis/stories.py), drawn with the articles and sentences behind them.

Every view returns the same shape, which the API sends as JSON and graph/viz/render.py draws:

    {"kind", "title", "center", "nodes": [...], "edges": [...], "articles": {id: {...}},
     "total_nodes", "truncated", "limit", "params"}

A node carries `id`, `label`, `type`, `group` (legend colour and shape), `value` (salience: drawn as size), `title`
(plain-text hover), `date` (articles), and `evidence`: the articles and sentences that put it in the picture.
An event's `label` is its kind ("arrest"); its `name`, `event_type`, `event_type_label`, `time` and `place` say more.
Node ids are entity and event ids as the API uses them, and "article:<article id>" for articles.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from graph.analysis.labels import count_noun
from graph.analysis.paths import MAX_HOPS, UnknownEntity, shortest_paths
from graph.analysis.projections import Projections
from graph.analysis.roles import roles_over_time
from graph.analysis.sparql import iri_ref
from graph.analysis.storylines import storylines
from graph.extract.events import EVENT_TYPES
from graph.rdf.iris import article_iri, iri_for_id, short_id
from graph.store import Store
from graph.viz.queries import (
    SENTENCES_PER_ARTICLE,
    Mentions,
    article_about,
    article_meta,
    article_quotes,
    entity_articles,
    entity_info,
    event_details,
    stated_links,
)

# A readable first picture: the most salient nodes; 'show more' asks for more (limit doubled each time).
DEFAULT_LIMIT = 50
MAX_LIMIT = 2000  # a view never carries more nodes than this, however big the neighbourhood
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
    "place": {"label": "place of", "color": "#59a14f"},
    "said": {"label": "said", "color": "#b07aa1"},
    "quoted_in": {"label": "quoted in", "color": "#d4b5cc"},
    "role": {"label": "holds a role at", "color": "#4e79a7"},
    "former_role": {"label": "held a role at (former)", "color": "#9fb6d0", "dashes": "true"},
    "next": {"label": "followed by", "color": "#333333"},
    "copy_of": {"label": "reprint of", "color": "#8c8c8c", "dashes": "true"},
}
MAX_PATHS = 3  # chains shown
LINK_ARTICLES = 3  # articles shown per link of a chain


class ViewError(ValueError):
    """Input that names no view (e.g. a path between an entity and itself); the message says why."""


def article_node_id(article_id: str) -> str:
    return "article:" + article_id


def group_of(type_: str) -> str:
    return TYPE_GROUP.get(type_, "article")


def clamp_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    return max(1, min(int(limit), MAX_LIMIT))


def hover(type_: str, label: str, *lines: str) -> str:
    """Plain-text hover title: what the node is, then why it is in the view."""
    return "\n".join([f"{type_}: {label}", *[line for line in lines if line]])


def entity_node(
    eid: str, type_: str, label: str, value: float, title: str, evidence: list[dict[str, Any]]
) -> dict[str, Any]:
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


def article_node(
    meta: dict[str, Any], value: float, title_lines: list[str], evidence: list[dict[str, Any]]
) -> dict[str, Any]:
    label = meta["title"]
    return {
        "id": article_node_id(meta["id"]),
        "label": short_label(label),
        "name": label,
        "type": "Article",
        "group": "article",
        "value": round(value, 2),
        "date": meta.get("date"),
        "title": "\n".join(
            [f"Article: {label}", f"{meta.get('date') or 'no date'}  {meta.get('source') or ''}".strip(), *title_lines]
        ),
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


def type_events(store: Store, nodes: list[dict[str, Any]]) -> None:
    """Event nodes show their kind ("arrest", "meeting") on the canvas, the whole name stays in `name`; they also
    carry `event_type`, its description (`event_type_label`), `time` and `place` for the panel."""
    events = [n for n in nodes if n["type"] == "Event"]
    details = event_details(store, [iri_for_id(n["id"]) for n in events])
    for n in events:
        d = details.get(iri_for_id(n["id"]))
        if d is None or not d["type"]:
            continue
        n["label"] = d["type"].replace("-", " ")
        n["event_type"] = d["type"]
        n["event_type_label"] = EVENT_TYPES.get(d["type"], d["type"])
        n["time"], n["place"] = d["time"], d["place"]


def assertion_edges(
    store: Store, entity_iris: list[str], article_iris: list[str] | None = None
) -> list[dict[str, Any]]:
    """Edges for what the extraction stated between entities of a view (see `stated_links`)."""
    return [
        edge(short_id(a), short_id(b), relation, weight, label=label)
        for a, b, relation, weight, label in stated_links(store, entity_iris, article_iris)
    ]


# --- an entity's neighbourhood ----------------------------------------------------------------------------------


def role_lines(store: Store, eid: str) -> list[str]:
    """A person's posts for the hover, apart: held today, to begin later, former."""
    def posts(items: list[dict[str, Any]]) -> str:
        return "; ".join(p["role"] + (f" at {p['org_label'] or p['org']}" if p["org"] else "") for p in items)

    apart = roles_over_time(store, eid, date.today())
    heads = {"current": "Roles now", "incoming": "Roles to come", "former": "Former roles"}
    return [f"{heads[k]}: {posts(v)}" for k, v in apart.items() if v]


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
        iri_ref(center_iri)  # raises ValueError for an id no IRI can carry
    except ValueError:
        return None
    info = entity_info(store, [center_iri])
    if center_iri not in info:
        return None
    ctype, clabel = info[center_iri]
    published, about_all, times, total_others = entity_articles(store, center_iri, since, until)
    total_articles = len(published)

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
    for (_article, e), n in mentions.count.items():
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
            hover(
                ctype,
                clabel,
                f"Named in {count_noun(total_articles, 'article')}",
                "Centre of this view",
                *(role_lines(store, eid) if ctype == "Person" else []),
            ),
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
                [f"Names {clabel} {count_noun(n, 'time')}" + (" and is about it" if a in about else "")],
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
    type_events(store, nodes)

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
    about = article_about(store, a)
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
        why = f"Named {count_noun(n, 'time')} in this article" + (", which is about it" if e in about else "")
        nodes.append(
            entity_node(
                oid,
                type_,
                label,
                n + (2 if e in about else 0),
                hover(type_, label, why),
                [{"article": meta["id"], "sentences": mentions.evidence(a, e, n=6)}],
            )
        )
        relation = "reports" if type_ == "Event" else "about" if e in about else "mentions"
        edges.append(edge(aid, oid, relation, n))
    edges.extend(assertion_edges(store, kept, [a]))
    quotes = article_quotes(store, a)
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
        if said_by and speaker is not None:
            edges.append(edge(speaker, q["id"], "said"))
    type_events(store, nodes)
    return finish("article", meta["title"], nodes, edges, metas, center=aid, total_nodes=total, limit=limit, params={})


def info_label(nodes: list[dict[str, Any]], node_id: str | None) -> str | None:
    return next((n["label"] for n in nodes if n["id"] == node_id), None)


# --- the path between two entities -------------------------------------------------------------------------------


def path_subgraph(
    store: Store, projections: Projections, from_id: str, to_id: str, max_hops: int = MAX_HOPS
) -> dict[str, Any] | None:
    """The shortest co-mention chains linking two entities (graph/analysis/paths.py), drawn as entity, article
    naming both, next entity, ... with the sentences naming both as evidence.
    None when either entity is unknown; raises ViewError for a path from an entity to itself."""
    if from_id == to_id:
        raise ViewError("from and to are the same entity")
    try:
        answer = shortest_paths(store, projections, from_id, to_id, max_paths=MAX_PATHS, max_hops=max_hops)
    except UnknownEntity:
        return None
    paths = answer["paths"]
    ends = {from_id: answer["from"], to_id: answer["to"]}
    links = [
        (e["source"], art["id"], e["target"], e)
        for p in paths
        for e in p["edges"]
        for art in e["articles"][:LINK_ARTICLES]
    ]
    art_ids = sorted({a for _, a, _, _ in links})
    metas = article_meta(store, [article_iri(a) for a in art_ids])
    by_id = {m["id"]: m for m in metas.values()}
    ent_nodes = {n["id"]: n for p in paths for n in p["nodes"]} | ends
    # Sentences naming both ends of a link, as paths.py found them; else any sentence naming the entity.
    mentions = Mentions.load(store, list(metas), [iri_for_id(e) for e in ent_nodes])
    iri_of = {m["id"]: iri for iri, m in metas.items()}
    both: dict[tuple[str, str], list[str]] = {}
    for _, _, _, e in links:
        for sent in e["sentences"]:
            for x in (e["source"], e["target"]):
                got = both.setdefault((sent["article"], x), [])
                if sent["text"] not in got:
                    got.append(sent["text"])

    def sentences(article: str, entity: str) -> list[str]:
        found = both.get((article, entity)) or mentions.evidence(iri_of[article], iri_for_id(entity))
        return found[:SENTENCES_PER_ARTICLE]

    slabel, dlabel = answer["from"]["label"], answer["to"]["label"]
    nodes: dict[str, dict[str, Any]] = {}
    for eid, n in ent_nodes.items():
        arts = [a for (x, a, y, _) in links if eid in (x, y) and a in by_id]
        nodes[eid] = entity_node(
            eid,
            n["type"],
            n["label"],
            4 if eid in ends else 2,
            hover(n["type"], n["label"], "An end of the path" if eid in ends else f"Links {slabel} to {dlabel}"),
            [{"article": a, "sentences": sentences(a, eid)} for a in dict.fromkeys(arts)][:EVIDENCE_ARTICLES],
        )
    edges = []
    for x, a, y, e in links:
        if a not in by_id:
            continue
        aid = article_node_id(a)
        if aid not in nodes:
            nodes[aid] = article_node(
                by_id[a],
                2,
                [f"Names both {ent_nodes[x]['label']} and {ent_nodes[y]['label']}",
                 f"{count_noun(e['weight'], 'article')} name" + ("s" if e["weight"] == 1 else "") + " both"],
                [{"article": a, "sentences": list(dict.fromkeys(sentences(a, x) + sentences(a, y)))}],
            )
        edges.append(edge(x, aid, "mentions", mentions.count.get((iri_of[a], iri_for_id(x)), 1), label="named in"))
        edges.append(edge(aid, y, "mentions", mentions.count.get((iri_of[a], iri_for_id(y)), 1)))
    hops = paths[0]["length"] if paths else None
    type_events(store, list(nodes.values()))
    found = (
        f"no path within {max_hops} steps" if hops is None else f"{count_noun(hops, 'step')} through shared articles"
    )
    title = f"{slabel} to {dlabel}: {found}"
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
    view["paths"] = [[n["id"] for n in p["nodes"]] for p in paths]
    return view


# --- storylines ----------------------------------------------------------------------------------------------------


def is_storyline_number(story_id: str) -> bool:
    """A storyline's number ("3"), as opposed to an entity id. ASCII digits only: "¹".isdigit() is true too."""
    return story_id.isascii() and story_id.isdigit()


def storyline_subgraph(
    store: Store,
    projections: Projections,
    story_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> dict[str, Any] | None:
    """Storylines of a time window (graph/analysis/storylines.py): each one's articles chained oldest first, with
    its main entities and events linked to the articles that name them.

    `story_id` narrows the view: a number picks that storyline of the window, an entity id the storylines whose
    articles name it. None when it picks nothing that exists."""
    limit = clamp_limit(limit)
    stories = storylines(projections, since=since, until=until, limit=500)
    label = None
    if story_id:
        if is_storyline_number(story_id):
            stories = [s for s in stories if s["id"] == int(story_id)]
            if not stories:
                return None
            label = f"Storyline {story_id}: {stories[0]['label']}"
        else:
            index = projections.index
            if story_id not in index.entities:
                return None
            stories = [s for s in stories if any(story_id in index.articles[a["id"]].entities for a in s["articles"])]
            label = f"Storylines of {index.entities[story_id].label}"
    index = projections.index
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    # Whole storylines, biggest first, while they fit in `limit` nodes; a first one too big for it loses its
    # oldest articles and least named entities.
    everything: set[str] = set()
    room = limit
    shown: list[dict[str, Any]] = []
    for story in stories:
        size = len(story["articles"]) + len(story["entities"]) + len(story["events"])
        everything.update(a["id"] for a in story["articles"])
        everything.update(e["id"] for e in story["entities"] + story["events"])
        if size <= room:
            shown.append(story)
            room -= size
        elif not shown:
            keys = (story["entities"] + story["events"])[: max(0, room // 3)]
            arts = story["articles"][-max(1, room - len(keys)) :]
            shown.append({**story, "articles": arts, "entities": [k for k in keys if k in story["entities"]],
                          "events": [k for k in keys if k in story["events"]]})
            room = 0
    art_ids = sorted({a["id"] for s in shown for a in s["articles"]})
    metas = article_meta(store, [article_iri(a) for a in art_ids])
    by_id = {m["id"]: m for m in metas.values()}
    iri_of = {m["id"]: iri for iri, m in metas.items()}
    main = sorted({e["id"] for s in shown for e in s["entities"] + s["events"]})
    mentions = Mentions.load(store, list(metas), [iri_for_id(e) for e in main])
    for story in shown:
        name = f"Storyline {story['id']}: {story['label']}"
        keys = [e["id"] for e in story["entities"] + story["events"]]
        arts = [a["id"] for a in story["articles"] if a["id"] in by_id]
        for i, a in enumerate(arts):
            named = [k for k in keys if k in index.articles[a].entities]
            key = next(iter(named), None)
            nodes.setdefault(
                article_node_id(a),
                article_node(
                    by_id[a],
                    1 + len(named) / 2,
                    [name, f"Article {i + 1} of {len(arts)}"],
                    [{"article": a, "sentences": mentions.evidence(iri_of[a], iri_for_id(key)) if key else []}],
                ),
            )
            if i:
                edges.append(edge(article_node_id(arts[i - 1]), article_node_id(a), "next", 1, label="then"))
        for e in story["entities"] + story["events"]:
            naming = [a for a in arts if e["id"] in index.articles[a].entities]
            if e["id"] not in nodes:
                nodes[e["id"]] = entity_node(
                    e["id"],
                    e["type"],
                    e["label"],
                    e["articles"],
                    hover(e["type"], e["label"], f"Named in {count_noun(e['articles'], 'article')} of {name}"),
                    [
                        {"article": a, "sentences": mentions.evidence(iri_of[a], iri_for_id(e["id"]))}
                        for a in reversed(naming)
                    ][:EVIDENCE_ARTICLES],
                )
            relation = "reports" if e["type"] == "Event" else "mentions"
            for a in naming:
                edges.append(edge(article_node_id(a), e["id"], relation, index.articles[a].entities[e["id"]]))
    type_events(store, list(nodes.values()))
    span = " to ".join(x for x in (since, until) if x)
    title = (label or "Storylines") + (f", {span}" if span else "")
    view = finish(
        "storyline",
        title,
        list(nodes.values()),
        edges,
        metas,
        center=story_id if story_id and story_id in nodes else None,
        total_nodes=len(everything),
        limit=limit,
        params={"since": since, "until": until},
    )
    view["storylines"] = [
        {"id": s["id"], "label": s["label"], "size": s["size"], "first": s["first"], "last": s["last"]} for s in stories
    ]
    return view


# --- one story ----------------------------------------------------------------------------------------------------


def story_subgraph(
    store: Store, projections: Projections, story: dict[str, Any], limit: int | None = None
) -> dict[str, Any]:
    """One story (a card from graph.analysis.story_store.get_story): its texts chained oldest first, each reprint
    hanging off the text it copies, and the entities and events its articles name, linked to the articles naming
    them. `story` in the view carries the card for the page: labels, sources, languages, first report."""
    limit = clamp_limit(limit)
    index = projections.index
    copy_of = {t["id"]: t["copy_of"] for t in story["timeline"] if t.get("copy_of")}
    arts = [a for a in story["articles"] if a in index.articles]
    keys = [k for k in story["entities"] + story["events"] if k in index.entities]
    # The texts first (oldest first), then the reprints, then entities by how many articles name them; cut to fit.
    texts = [a for a in arts if a not in copy_of]
    reprints = [a for a in arts if a in copy_of]
    naming = {k: [a for a in arts if k in index.articles[a].entities] for k in keys}
    keys.sort(key=lambda k: (-len(naming[k]), k))
    if len(arts) + len(keys) <= limit:
        shown_arts, shown_keys = texts + reprints, keys
    else:  # at least half the room for the articles (texts before reprints), the rest for the most named entities
        shown_arts = (texts + reprints)[: max(1, limit - min(len(keys), limit // 2))]
        shown_keys = keys[: limit - len(shown_arts)]
    metas = article_meta(store, [article_iri(a) for a in shown_arts])
    by_id = {m["id"]: m for m in metas.values()}
    iri_of = {m["id"]: iri for iri, m in metas.items()}
    mentions = Mentions.load(store, list(metas), [iri_for_id(k) for k in shown_keys])
    name = story["title"] or story["id"]
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    chain = [a for a in texts if a in by_id]
    for a in [a for a in shown_arts if a in by_id]:
        named = [k for k in shown_keys if k in index.articles[a].entities]
        lines = [f"Story: {name}"]
        if a == story["articles"][0]:
            lines.append("First report")
        if a in copy_of:
            lines.append(f"Reprint of {copy_of[a]}")
        elif a in chain:
            lines.append(f"Report {chain.index(a) + 1} of {len(chain)}")
        node = article_node(
            by_id[a],
            1 + len(named) / 2 + (1 if a == story["articles"][0] else 0),
            lines,
            [{"article": a, "sentences": mentions.evidence(iri_of[a], iri_for_id(named[0])) if named else []}],
        )
        # Every headline of a story tells the same event: the canvas says who published each report and when
        # (who was first, who reprinted whom); the headline stays in the hover and the panel.
        meta = by_id[a]
        if meta.get("source"):
            node["label"] = short_label(" ".join(x for x in (meta["source"], meta.get("date")) if x))
        nodes[article_node_id(a)] = node
    for prev, a in zip(chain, chain[1:], strict=False):
        edges.append(edge(article_node_id(prev), article_node_id(a), "next", 1, label="then"))
    for a in reprints:
        edges.append(edge(article_node_id(a), article_node_id(copy_of[a]), "copy_of"))
    for k in shown_keys:
        ent = index.entities[k]
        in_view = [a for a in naming[k] if a in by_id]
        nodes[k] = entity_node(
            k,
            ent.type,
            ent.label,
            len(naming[k]),
            hover(ent.type, ent.label, f"Named in {count_noun(len(naming[k]), 'article')} of this story"),
            [{"article": a, "sentences": mentions.evidence(iri_of[a], iri_for_id(k))} for a in in_view][
                :EVIDENCE_ARTICLES
            ],
        )
        relation = "reports" if ent.type == "Event" else "mentions"
        for a in in_view:
            edges.append(edge(article_node_id(a), k, relation, index.articles[a].entities[k]))
    type_events(store, list(nodes.values()))
    view = finish(
        "story",
        f"Story: {name}",
        list(nodes.values()),
        edges,
        metas,
        # No centre: the chain of reports is the picture, the first report drawn bigger (and first in the chain).
        center=None,
        total_nodes=len(arts) + len(keys),
        limit=limit,
        params={},
    )
    # What the page shows beside the graph, every entity by its label (the id stays for links).
    view["story"] = {
        "id": story["id"],
        "title": story["title"],
        "first_report": story["articles"][0] if story["articles"] else None,
        "first_published": story["first_published"],
        "first_source": story["first_source"],
        "sources": story["sources"],
        "languages": story["languages"],
        "articles": len(story["articles"]),
        "texts": len(story["texts"]),
        "entities": [
            {
                "id": k,
                # An event by its description ("Arrest or detention: Odense"), anything else by its name.
                "label": nodes[k]["name"] if k in nodes else index.entities[k].label,
                "type": index.entities[k].type,
                "group": group_of(index.entities[k].type),
            }
            for k in keys[:12]
        ],
    }
    return view
