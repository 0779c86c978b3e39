"""Entities as the API and CLI show them: search by name and type, one entity with its articles and neighbours."""
from __future__ import annotations

from typing import Any

from graph.analysis.sparql import PREFIXES, iri_ref, string_literal
from graph.dates import date_part
from graph.rdf.iris import iri_for_id, short_id
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


def search_entities(
    store: Store, q: str | None = None, type_: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Entities whose label or alias contains `q` (case-insensitive), most mentioned first."""
    name_filter = ""
    if q:
        name_filter = f"""
  {{ ?e skos:prefLabel ?name }} UNION {{ ?e skos:altLabel ?name }}
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE({string_literal(q)})))"""
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?e ?type ?articles (SAMPLE(?l) AS ?label) WHERE {{
  {{ SELECT ?e ?type (COUNT(?a) AS ?articles) WHERE {{
      {_type_filter(type_)}
      ?e a ?type .{name_filter}
      ?a schema:mentions ?e .
  }} GROUP BY ?e ?type ORDER BY DESC(?articles) ?e LIMIT {int(limit)} }}
  ?e skos:prefLabel ?l .
}} GROUP BY ?e ?type ?articles ORDER BY DESC(?articles) ?label"""
    )
    return [
        {"id": short_id(r["e"]), "label": r["label"], "type": CLASS_TYPES[r["type"]], "articles": r["articles"]}
        for r in rows
    ]


def get_entity(store: Store, eid: str, article_limit: int = 100, neighbour_limit: int = 25) -> dict[str, Any] | None:
    """One entity: labels, type, external ids, the articles mentioning it and the entities most co-mentioned."""
    e = iri_ref(iri_for_id(eid))
    # One row per distinct (property, value): the same triple is repeated in every article graph naming the entity.
    info = store.select(
        PREFIXES
        + f"""
SELECT DISTINCT ?p ?o WHERE {{
  VALUES ?p {{ rdf:type skos:prefLabel skos:altLabel owl:sameAs nkg:iso3166Code }}
  {e} ?p ?o .
}}"""
    )
    values: dict[str, set[str]] = {}
    for r in info:
        values.setdefault(r["p"].rsplit("#", 1)[-1], set()).add(r["o"])
    types = sorted(CLASS_TYPES[t] for t in values.get("type", ()) if t in CLASS_TYPES)
    if not types:
        return None
    labels = sorted(values.get("prefLabel", ()))
    articles = store.select(
        PREFIXES
        + f"""
SELECT ?id ?title ?published ?lang (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{
  {{ SELECT ?a ?published WHERE {{
      ?a schema:mentions {e} . OPTIONAL {{ ?a schema:datePublished ?published }}
  }} ORDER BY DESC(?published) ?a LIMIT {int(article_limit)} }}
  ?a schema:identifier ?id .
  ?m {ARTICLE_PATH} ?a ; itsrdf:taIdentRef {e} .
  OPTIONAL {{ ?a schema:headline ?title }}
  OPTIONAL {{ ?a schema:inLanguage ?lang }}
}} GROUP BY ?id ?title ?published ?lang ORDER BY DESC(?published) ?id"""
    )
    neighbours = store.select(
        PREFIXES
        + f"""
SELECT ?o ?otype ?shared (SAMPLE(?ol) AS ?label) WHERE {{
  {{ SELECT ?o (COUNT(?a) AS ?shared) WHERE {{
      ?a schema:mentions {e} . ?a schema:mentions ?o . FILTER(?o != {e})
  }} GROUP BY ?o ORDER BY DESC(?shared) ?o LIMIT {int(neighbour_limit)} }}
  ?o a ?otype ; skos:prefLabel ?ol .
  {_type_filter(None, '?otype')}
}} GROUP BY ?o ?otype ?shared ORDER BY DESC(?shared) ?label"""
    )
    return {
        "id": eid,
        "type": most_specific_type(types),
        "label": _preferred_label(labels),
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
            }
            for r in articles
        ],
        "related_entities": [
            {
                "id": short_id(r["o"]),
                "label": r["label"],
                "type": CLASS_TYPES[r["otype"]],
                "shared_articles": r["shared"],
            }
            for r in neighbours
            if r["otype"] in CLASS_TYPES
        ],
    }


def _preferred_label(labels: list[str]) -> str:
    # The longest label is usually the full name ("Karen Holm Lindqvist" over "Lindqvist").
    return max(labels, key=lambda s: (len(s), s)) if labels else ""
