"""Related stories: articles that share rare entities and events with an article (or with a set of entities).

The graph is the source of truth; for speed the ranking runs on an in-memory index (entity -> articles postings)
built from the store with one query and rebuilt when the store's `generation` changes.

Score of a candidate article B for a query article A:
    sum over shared entities e of  idf(e) * type_weight(e)
where idf(e) = log(1 + N / df(e)): a shared "USA" says little, a shared person says a lot.
"""
from __future__ import annotations

import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.analysis.sparql import PREFIXES
from graph.dates import date_part
from graph.rdf.iris import short_id
from graph.rdf.namespaces import CLASS_TYPES
from graph.store import Store

# How much a shared entity of each type says about two stories being related.
TYPE_WEIGHTS = {
    "Event": 2.0,
    "Person": 1.5,
    "Company": 1.2,
    "Organization": 1.0,
    "Place": 0.6,
    "Country": 0.3,
}


@dataclass
class ArticleInfo:
    id: str
    title: str | None
    date: str | None
    lang: str | None
    source: str | None
    entities: dict[str, int] = field(default_factory=dict)  # entity id -> mention count


@dataclass
class EntityInfo:
    id: str
    label: str
    type: str


class RelatedIndex:
    """Postings of entities to articles, for fast related-story ranking."""

    def __init__(self, articles: dict[str, ArticleInfo], entities: dict[str, EntityInfo]) -> None:
        self.articles = articles
        self.entities = entities
        self.postings: dict[str, list[str]] = defaultdict(list)
        for art in articles.values():
            for eid in art.entities:
                self.postings[eid].append(art.id)
        n = max(len(articles), 1)
        self.idf = {eid: math.log(1 + n / len(ids)) for eid, ids in self.postings.items()}

    @classmethod
    def build(cls, store: Store) -> RelatedIndex:
        articles: dict[str, ArticleInfo] = {}
        for r in store.select(
            PREFIXES
            + """
SELECT ?id ?title ?published ?lang ?source WHERE {
  ?a a schema:NewsArticle ; schema:identifier ?id .
  OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?a schema:datePublished ?published }
  OPTIONAL { ?a schema:inLanguage ?lang }
  OPTIONAL { ?a schema:publisher/schema:name ?source }
}"""
        ):
            articles[r["id"]] = ArticleInfo(r["id"], r.get("title"), date_part(r.get("published")), r.get("lang"), r.get("source"))
        entities: dict[str, EntityInfo] = {}
        for r in store.select(
            PREFIXES
            + """
SELECT ?id ?e ?type ?label (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?a schema:identifier ?id ; schema:mentions ?e .
  ?e a ?type ; skos:prefLabel ?label .
  OPTIONAL { ?m nif:referenceContext ?a ; itsrdf:taIdentRef ?e }
} GROUP BY ?id ?e ?type ?label"""
        ):
            type_ = CLASS_TYPES.get(r["type"])
            art = articles.get(r["id"])
            if type_ is None or art is None:
                continue
            eid = short_id(r["e"])
            art.entities[eid] = max(art.entities.get(eid, 0), r["n"] or 1)
            known = entities.get(eid)
            # Prefer the more specific type (Company over Organization) and the longest label.
            if known is None or len(r["label"]) > len(known.label):
                entities[eid] = EntityInfo(eid, r["label"], type_ if known is None else known.type)
        return cls(articles, entities)

    def weight(self, eid: str) -> float:
        ent = self.entities.get(eid)
        return self.idf.get(eid, 0.0) * TYPE_WEIGHTS.get(ent.type if ent else "", 0.5)

    def rank(
        self,
        query_entities: dict[str, float],
        exclude: set[str] = frozenset(),
        limit: int = 10,
        lang: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[dict[str, Any]]:
        """Articles sharing the query's entities, best first, each with its score and the shared entities."""
        scores: dict[str, float] = defaultdict(float)
        shared: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for eid, qweight in query_entities.items():
            w = self.weight(eid) * qweight
            if w <= 0:
                continue
            for aid in self.postings.get(eid, ()):
                if aid in exclude:
                    continue
                scores[aid] += w
                shared[aid].append((w, eid))
        results = []
        for aid, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
            art = self.articles[aid]
            if lang and art.lang != lang:
                continue
            if source and art.source != source:
                continue
            if since and (art.date is None or art.date < since):
                continue
            if until and (art.date is None or art.date > until):
                continue
            results.append(
                {
                    "id": aid,
                    "title": art.title,
                    "date": art.date,
                    "lang": art.lang,
                    "score": round(score, 4),
                    "shared": [
                        {"id": eid, "label": self.entities[eid].label, "type": self.entities[eid].type, "weight": round(w, 4)}
                        for w, eid in sorted(shared[aid], key=lambda t: (-t[0], t[1]))
                    ],
                }
            )
            if len(results) >= limit:
                break
        return results

    def related_to_article(self, article_id: str, limit: int = 10, **filters: Any) -> list[dict[str, Any]]:
        art = self.articles.get(article_id)
        if art is None:
            raise KeyError(article_id)
        # An entity named often in the query article weighs more, with diminishing returns.
        query = {eid: 1.0 + math.log(n) for eid, n in art.entities.items()}
        return self.rank(query, exclude={article_id}, limit=limit, **filters)

    def related_to_entities(self, entity_ids: list[str], limit: int = 10, **filters: Any) -> list[dict[str, Any]]:
        unknown = [e for e in entity_ids if e not in self.entities]
        if unknown:
            raise KeyError(", ".join(unknown))
        return self.rank({eid: 1.0 for eid in entity_ids}, limit=limit, **filters)



class RelatedService:
    """Keeps one RelatedIndex per store, rebuilt lazily after writes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: RelatedIndex | None = None
        self._generation = -1
        self._lock = threading.Lock()

    @property
    def index(self) -> RelatedIndex:
        with self._lock:
            if self._index is None or self._generation != self.store.generation:
                generation = self.store.generation
                self._index = RelatedIndex.build(self.store)
                self._generation = generation
            return self._index
