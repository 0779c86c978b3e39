"""Entities as the API and CLI show them: search by name and type, one entity with its articles and neighbours."""
from __future__ import annotations

from typing import Any

from graph.analysis.labels import preferred_label
from graph.analysis.sparql import PREFIXES, iri_ref, string_literal
from graph.analysis.story_store import STORIES_GRAPH
from graph.dates import date_part
from graph.rdf.iris import article_iri, iri_for_id, short_id
from graph.rdf.namespaces import CLASS_TYPES, TYPE_CLASSES, most_specific_type
from graph.sparql.provenance import ARTICLE_PATH
from graph.store import Store


class UnknownType(ValueError):
    pass


def _type_filter(type_: str | None, var: str = "?type") -> str:
    if not type_:
        return f"VALUES {var} {{ " + " ".join(f"<{c}>" for c in TYPE_CLASSES.values()) + " }"
    cls = TYPE_CLASSES.get(type_) or TYPE_CLASSES.get(type_.capitalize())
    if cls is None:
        raise UnknownType(f"unknown entity type {type_!r}; use one of {', '.join(TYPE_CLASSES)}")
    return f"VALUES {var} {{ <{cls}> }}"


# A text, counted once however many outlets reprinted it: an article's original when it is a copy, else itself.
_TEXT = (
    f"OPTIONAL {{ GRAPH <{STORIES_GRAPH}> {{ ?a schema:isBasedOn ?original }} }} "
    "BIND(COALESCE(?original, ?a) AS ?text)"
)


def search_entities(
    store: Store,
    q: str | None = None,
    type_: str | None = None,
    limit: int = 50,
    lang: str | None = None,
    copies: bool = True,
) -> list[dict[str, Any]]:
    """Entities whose label or alias contains `q` (case-insensitive), most mentioned first, labelled in `lang`.
    `articles` counts articles, or with copies=False texts (a reprinted copy counts with its original)."""
    name_filter = ""
    if q:
        name_filter = f"""
  {{ ?e skos:prefLabel ?name }} UNION {{ ?e skos:altLabel ?name }}
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE({string_literal(q)})))"""
    # COUNT(DISTINCT): the name filter is a union (labels in several languages, aliases), one row per name matched.
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?e ?type ?articles ?l (LANG(?l) AS ?ll) WHERE {{
  {{ SELECT ?e ?type (COUNT(DISTINCT {"?a" if copies else "?text"}) AS ?articles) WHERE {{
      {_type_filter(type_)}
      ?e a ?type .{name_filter}
      ?a schema:mentions ?e .{"" if copies else chr(10) + "      " + _TEXT}
  }} GROUP BY ?e ?type ORDER BY DESC(?articles) ?e LIMIT {int(limit)} }}
  ?e skos:prefLabel ?l .
}}"""
    )
    found: dict[tuple[str, str], dict[str, Any]] = {}
    labels: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for r in rows:
        key = (r["e"], r["type"])
        found.setdefault(key, {"id": short_id(r["e"]), "type": CLASS_TYPES[r["type"]], "articles": r["articles"]})
        labels.setdefault(key, []).append((r["l"], r.get("ll") or ""))
    out = [dict(entry, label=preferred_label(labels[key], lang)) for key, entry in found.items()]
    out.sort(key=lambda d: (-int(d["articles"]), d["label"], d["id"]))
    return [{"id": d["id"], "label": d["label"], "type": d["type"], "articles": d["articles"]} for d in out]


def _one_row_per_text(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Article rows (newest first) folded to one per text: a copy goes under its original's `also_published_by`
    when the original is among the rows, else the oldest copy stands for the text."""
    by_text: dict[str, dict[str, Any]] = {}
    # Originals first, then oldest first: the first row of each text stands for it.
    for r in sorted(rows, key=lambda r: (r.get("original") is not None, r.get("published") or "9999", r["id"])):
        text = r.get("original") or article_iri(r["id"])
        if text in by_text:
            by_text[text]["also_published_by"].append({"id": r["id"], "source": r.get("source")})
        else:
            by_text[text] = {**r, "also_published_by": []}
    return sorted(by_text.values(), key=lambda r: (r.get("published") or "", r["id"]), reverse=True)


def get_entity(
    store: Store,
    eid: str,
    article_limit: int = 100,
    neighbour_limit: int = 25,
    lang: str | None = None,
    copies: bool = True,
) -> dict[str, Any] | None:
    """One entity: labels, type, external ids, the articles mentioning it and the entities most co-mentioned;
    `label` is the one in `lang` (graph.analysis.labels). With copies=False each text is one item of `articles`
    (the outlets that reprinted it under `also_published_by`) and `shared_articles` counts texts."""
    e = iri_ref(iri_for_id(eid))
    # One row per distinct (property, value): the same triple is repeated in every article graph naming the entity.
    info = store.select(
        PREFIXES
        + f"""
SELECT DISTINCT ?p ?o ?ol WHERE {{
  VALUES ?p {{ rdf:type skos:prefLabel skos:altLabel owl:sameAs nkg:iso3166Code }}
  {e} ?p ?o . BIND(IF(ISLITERAL(?o), LANG(?o), "") AS ?ol)
}}"""
    )
    values: dict[str, set[str]] = {}
    tagged: list[tuple[str, str]] = []
    for r in info:
        values.setdefault(r["p"].rsplit("#", 1)[-1], set()).add(r["o"])
        if r["p"].endswith("#prefLabel"):
            tagged.append((r["o"], r.get("ol") or ""))
    types = sorted(CLASS_TYPES[t] for t in values.get("type", ()) if t in CLASS_TYPES)
    if not types:
        return None
    labels = sorted(values.get("prefLabel", ()))
    articles = store.select(
        PREFIXES
        + f"""
SELECT ?id ?title ?published ?lang ?original ?source (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{
  {{ SELECT ?a ?published WHERE {{
      ?a schema:mentions {e} . OPTIONAL {{ ?a schema:datePublished ?published }}
  }} ORDER BY DESC(?published) ?a LIMIT {int(article_limit)} }}
  ?a schema:identifier ?id .
  ?m {ARTICLE_PATH} ?a ; itsrdf:taIdentRef {e} .
  OPTIONAL {{ ?a schema:headline ?title }}
  OPTIONAL {{ ?a schema:inLanguage ?lang }}
  OPTIONAL {{ ?a schema:publisher/schema:name ?source }}
  OPTIONAL {{ GRAPH <{STORIES_GRAPH}> {{ ?a schema:isBasedOn ?original }} }}
}} GROUP BY ?id ?title ?published ?lang ?original ?source ORDER BY DESC(?published) ?id"""
    )
    if not copies:
        articles = _one_row_per_text(articles)
    neighbours = store.select(
        PREFIXES
        + f"""
SELECT ?o ?otype ?shared ?ol (LANG(?ol) AS ?oll) WHERE {{
  {{ SELECT ?o (COUNT({"?a" if copies else "DISTINCT ?text"}) AS ?shared) WHERE {{
      ?a schema:mentions {e} . ?a schema:mentions ?o . FILTER(?o != {e}){"" if copies else chr(10) + "      " + _TEXT}
  }} GROUP BY ?o ORDER BY DESC(?shared) ?o LIMIT {int(neighbour_limit)} }}
  ?o a ?otype ; skos:prefLabel ?ol .
  {_type_filter(None, '?otype')}
}}"""
    )
    near: dict[tuple[str, str], dict[str, Any]] = {}
    near_labels: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for r in neighbours:
        if r["otype"] in CLASS_TYPES:
            key = (r["o"], r["otype"])
            near.setdefault(key, {"id": short_id(r["o"]), "type": CLASS_TYPES[r["otype"]], "shared": r["shared"]})
            near_labels.setdefault(key, []).append((r["ol"], r.get("oll") or ""))
    related_entities = sorted(
        (
            {"id": n["id"], "label": preferred_label(near_labels[k], lang), "type": n["type"],
             "shared_articles": n["shared"]}
            for k, n in near.items()
        ),
        key=lambda d: (-int(d["shared_articles"]), d["label"], d["id"]),
    )
    return {
        "id": eid,
        "type": most_specific_type(types),
        "label": preferred_label(tagged, lang),
        "labels": labels,
        "aliases": sorted(values.get("altLabel", ())),
        "same_as": sorted(values.get("sameAs", ())),
        "iso3166": min(values.get("iso3166Code", ()), default=None),
        "articles": [
            {
                "id": r["id"],
                "title": r.get("title"),
                "date": date_part(r.get("published")),
                "lang": r.get("lang"),
                "mentions": r["mentions"],
                **({} if copies else {"also_published_by": r["also_published_by"]}),
            }
            for r in articles
        ],
        "related_entities": related_entities,
    }


