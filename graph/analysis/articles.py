"""Articles as the API and CLI show them: listings with filters, one article with its entities."""
from __future__ import annotations

from typing import Any

from graph.analysis.sparql import PREFIXES, iri_ref, string_literal
from graph.analysis.story_store import article_links
from graph.dates import date_part, sparql_date_filters
from graph.rdf.iris import article_iri, graph_iri, short_id
from graph.rdf.namespaces import CLASS_TYPES, most_specific_type
from graph.store import Store


def list_articles(
    store: Store,
    limit: int = 50,
    offset: int = 0,
    lang: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    # The page of articles is chosen first (by date, with the filters), then only those get their other fields:
    # fetching every field of every article before sorting costs seconds at 10k articles.
    filters = []
    if lang:
        filters.append(f"?a schema:inLanguage {string_literal(lang)} .")
    if source:
        filters.append(f"?a schema:publisher/schema:name {string_literal(source)} .")
    filters.append(sparql_date_filters("?published", since, until))
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?id ?title ?published ?lang ?source ?url WHERE {{
  {{ SELECT ?a ?id ?published WHERE {{
      ?a a schema:NewsArticle ; schema:identifier ?id .
      OPTIONAL {{ ?a schema:datePublished ?published }}
      {' '.join(filters)}
  }} ORDER BY DESC(?published) ?id LIMIT {int(limit)} OFFSET {int(offset)} }}
  OPTIONAL {{ ?a schema:headline ?title }}
  OPTIONAL {{ ?a schema:inLanguage ?lang }}
  OPTIONAL {{ ?a schema:publisher/schema:name ?source }}
  OPTIONAL {{ ?a schema:url ?url }}
}} ORDER BY DESC(?published) ?id"""
    )
    return [_article_row(r) for r in rows]


def _article_row(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": r["id"],
        "title": r.get("title"),
        "published": r.get("published"),
        "date": date_part(r.get("published")),
        "lang": r.get("lang"),
        "source": r.get("source"),
        "url": r.get("url"),
    }


def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article with its text and the entities it mentions (with mention counts), or None."""
    g = iri_ref(graph_iri(article_id))
    a = iri_ref(article_iri(article_id))
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?id ?title ?published ?lang ?source ?url ?body WHERE {{ GRAPH {g} {{
  {a} schema:identifier ?id .
  OPTIONAL {{ {a} schema:headline ?title }}
  OPTIONAL {{ {a} schema:datePublished ?published }}
  OPTIONAL {{ {a} schema:inLanguage ?lang }}
  OPTIONAL {{ {a} schema:publisher ?publisher }}
  OPTIONAL {{ {a} schema:url ?url }}
  OPTIONAL {{ {a} schema:articleBody ?body }}
}}
  OPTIONAL {{ ?publisher schema:name ?source }}
}}"""
    )
    if not rows:
        return None
    article = _article_row(rows[0])
    article["text"] = rows[0].get("body")
    ents = store.select(
        PREFIXES
        + f"""
SELECT ?e ?type ?mentions ?about (SAMPLE(COALESCE(?own, ?l)) AS ?label) WHERE {{
  {{ SELECT ?e (COUNT(DISTINCT ?m) AS ?mentions) (SAMPLE(?ab) AS ?about) WHERE {{ GRAPH {g} {{
      {a} schema:mentions ?e . ?m itsrdf:taIdentRef ?e .
      OPTIONAL {{ {a} schema:about ?e . BIND(true AS ?ab) }}
  }} }} GROUP BY ?e }}
  ?e a ?type ; skos:prefLabel ?l .
  OPTIONAL {{ ?e skos:prefLabel ?own FILTER(LANG(?own) = {string_literal(article.get("lang") or "")}) }}
}} GROUP BY ?e ?type ?mentions ?about ORDER BY DESC(?mentions) ?label"""
    )
    # An entity typed both Company and Organization (by different articles) is shown as the more specific.
    seen: dict[str, dict[str, Any]] = {}
    for r in ents:
        if r["type"] not in CLASS_TYPES:
            continue
        eid = short_id(r["e"])
        entry = seen.setdefault(
            eid,
            {
                "id": eid,
                "label": r["label"],
                "type": CLASS_TYPES[r["type"]],
                "mentions": r["mentions"],
                "about": r.get("about") is not None,
            },
        )
        entry["type"] = most_specific_type([entry["type"], CLASS_TYPES[r["type"]]])
    article["entities"] = list(seen.values())
    article.update(article_links(store, article_id))  # "story", "copy_of", "copies"
    return article
