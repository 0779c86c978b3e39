"""The SPARQL behind the visual explorer's views: who an entity or article is, which articles name what, with the
sentences as evidence, what the extraction stated between entities, and name search."""
from __future__ import annotations

from datetime import date
from typing import Any

from graph.analysis.labels import preferred_label
from graph.analysis.roles import held_statements
from graph.analysis.sparql import PREFIXES, iri_ref, string_literal
from graph.dates import date_part, sparql_date_filters
from graph.rdf.assertions import EVENT_TYPE_NS
from graph.rdf.iris import iri_for_id, short_id
from graph.rdf.namespaces import CLASS_TYPES, ID
from graph.sparql.provenance import ARTICLE_PATH, span_text
from graph.store import Store

SENTENCES_PER_ARTICLE = 2


def values_clause(var: str, iris: list[str]) -> str:
    return f"VALUES {var} {{ {' '.join(iri_ref(i) for i in iris)} }}"


def entity_info(store: Store, iris: list[str]) -> dict[str, tuple[str, str]]:
    """IRI -> (type, label) for entities and events of a known type.

    Two DISTINCT lookups rather than one join: an entity can carry several types and labels (one per language,
    or with and without a legal form), and a join would multiply them."""
    if not iris:
        return {}
    types: dict[str, str] = {}
    labels: dict[str, list[tuple[str, str]]] = {}
    for start in range(0, len(iris), 1000):
        chunk = values_clause("?e", iris[start : start + 1000])
        for r in store.select(f"SELECT DISTINCT ?e ?type WHERE {{ {chunk} ?e a ?type }}"):
            t = CLASS_TYPES.get(r["type"])
            # Company is the more specific class; keep it over Organization when both are stated.
            if t is not None and (r["e"] not in types or t == "Company"):
                types[r["e"]] = t
        for r in store.select(
            PREFIXES + f"SELECT DISTINCT ?e ?label (LANG(?label) AS ?lang) WHERE {{ {chunk} ?e skos:prefLabel ?label }}"
        ):
            labels.setdefault(r["e"], []).append((r["label"], r.get("lang") or ""))
    # The same fallback order as the API's pages and the related stories' reasons (graph.analysis.labels).
    return {e: (types[e], preferred_label(labels[e])) for e in types if e in labels}


def event_details(store: Store, iris: list[str]) -> dict[str, dict[str, Any]]:
    """Event IRI -> {type (a typology code such as "arrest"), time (as read, e.g. "2026-11-24"), place (a label)}
    for those of `iris` that are events. What an event node shows on the canvas and in its panel."""
    out: dict[str, dict[str, Any]] = {}
    place_labels: dict[str, list[tuple[str, str]]] = {}
    for start in range(0, len(iris), 1000):
        chunk = values_clause("?e", iris[start : start + 1000])
        rows = store.select(
            PREFIXES
            + f"""
SELECT ?e ?type ?time ?placeLabel (LANG(?placeLabel) AS ?placeLang) WHERE {{
  {chunk} ?e a sem:Event ; nkg:eventType ?type .
  OPTIONAL {{ ?e nkg:timeValue ?time }}
  OPTIONAL {{ ?e sem:hasPlace ?place . ?place skos:prefLabel ?placeLabel }}
}}"""
        )
        for r in rows:
            code = r["type"][len(EVENT_TYPE_NS) :] if r["type"].startswith(EVENT_TYPE_NS) else None
            got = out.setdefault(r["e"], {"type": code, "time": None, "place": None})
            # Several times or place labels (one per language): keep the earliest time, the preferred label.
            if r.get("time") and (got["time"] is None or r["time"] < got["time"]):
                got["time"] = r["time"]
            if r.get("placeLabel"):
                place_labels.setdefault(r["e"], []).append((r["placeLabel"], r.get("placeLang") or ""))
    for e, labels in place_labels.items():
        out[e]["place"] = preferred_label(labels)
    return out


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
                {
                    "id": r["id"],
                    "title": r.get("title") or r["id"],
                    "date": date_part(r.get("published")),
                    "source": None,
                },
            )
    # A publisher's name is repeated in each of its articles' graphs: look each up once.
    pubs = sorted(set(publisher.values()))
    names: dict[str, str] = {}
    if pubs:
        for r in store.select(
            PREFIXES + f"SELECT DISTINCT ?p ?name WHERE {{ {values_clause('?p', pubs)} ?p schema:name ?name }}"
        ):
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
  ?m {ARTICLE_PATH} ?a ; itsrdf:taIdentRef|nkg:reports ?e .
  OPTIONAL {{
    ?m nkg:sentence ?s . ?s nif:beginIndex ?begin ; nif:endIndex ?end . ?a schema:articleBody ?body
    BIND({span_text("?body", "?begin", "?end")} AS ?t)
  }}
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

    def evidence(
        self, article: str, entity: str, prefer: str | None = None, n: int = SENTENCES_PER_ARTICLE
    ) -> list[str]:
        """Sentences of `article` naming `entity`, those also naming `prefer` first."""
        sents = self.sentences.get((article, entity), [])
        if prefer:
            both = set(self.sentences.get((article, prefer), []))
            sents = sorted(sents, key=lambda s: s not in both)
        return sents[:n]


def stated_links(
    store: Store, entity_iris: list[str], article_iris: list[str] | None = None
) -> list[tuple[str, str, str, int, str]]:
    """What the extraction stated between entities of a view, as (from IRI, to IRI, relation, weight, label): who
    takes part in which event ("participant"), where it happened ("place"), and who holds a role at which
    organisation ("role") or held one that has ended by today ("former_role", by every statement about the post, not
    only those in view). With `article_iris`, only roles read in those articles. Only links whose both ends are in
    `entity_iris`."""
    if not entity_iris:
        return []
    ents = values_clause("?x", entity_iris)
    out: list[tuple[str, str, str, int, str]] = []
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
            relation, label = ("participant", "takes part in") if r["kind"] == "actor" else ("place", "place of")
            out.append((r["x"], r["ev"], relation, 1, label))
    out.extend(_role_links(store, ents, in_view, article_iris))
    return out


def _role_links(
    store: Store, ents: str, in_view: set[str], article_iris: list[str] | None
) -> list[tuple[str, str, str, int, str]]:
    """One link per person and organisation: "role" when a post there is held today, else "former_role"."""
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?r ?x ?org ?name ?a ?status ?from ?until ?on WHERE {{
  {ents}
  ?r a nkg:RoleAssignment ; nkg:person ?x ; nkg:roleAt ?org ; schema:roleName ?name ; {ARTICLE_PATH} ?a .
  OPTIONAL {{ ?r nkg:roleStatus ?status }}
  OPTIONAL {{ ?r schema:startDate ?from }}
  OPTIONAL {{ ?r schema:endDate ?until }}
  OPTIONAL {{ ?r nkg:observedOn ?on }}
}}"""
    )
    shown = set(article_iris) if article_iris else None
    posts: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in rows:
        if r["org"] in in_view:
            posts.setdefault((r["x"], r["org"], str(r["name"])), []).append({
                "status": r.get("status") or "current", "valid_from": _text(r.get("from")),
                "valid_until": _text(r.get("until")), "said_on": _text(r.get("on")), "article": r["a"]})
    today = date.today()
    links: dict[tuple[str, str], tuple[str, int, list[str]]] = {}
    for (x, org, name), statements in posts.items():
        in_shown = [s for s in statements if shown is None or s["article"] in shown]
        if not in_shown:
            continue
        now = bool(held_statements(statements, today))
        relation, n, names = links.get((x, org), ("former_role", 0, []))
        links[(x, org)] = ("role" if now or relation == "role" else "former_role", n + len(in_shown),
                           names + [name if now else f"{name} (former)"])
    return [(x, org, relation, n, ", ".join(sorted(set(names)))) for (x, org), (relation, n, names) in links.items()]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def entity_exists(store: Store, eid: str) -> bool:
    try:
        return iri_for_id(eid) in entity_info(store, [iri_for_id(eid)])
    except ValueError:
        return False


def entity_articles(
    store: Store, center_iri: str, since: str | None, until: str | None
) -> tuple[dict[str, str], set[str], dict[str, int], int]:
    """The articles naming an entity within [since, until]: article IRI -> publication date ("" when none), those
    about it, how often each names it, and how many other entities those articles name.

    Simple lookups, ranked by the caller: each grows linearly with the entity's articles, however many that is."""
    center = iri_ref(center_iri)
    when = sparql_date_filters("?published", since, until)
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
            + "SELECT ?a (COUNT(DISTINCT ?m) AS ?n) WHERE { "
            + f"?m itsrdf:taIdentRef|nkg:reports {center} ; {ARTICLE_PATH} ?a }} GROUP BY ?a"
        )
    }
    published = {r["a"]: r.get("published") or "" for r in dated}
    others_total = store.select(
        PREFIXES
        + f"""
SELECT (COUNT(DISTINCT ?o) AS ?others) WHERE {{
  ?a schema:mentions {center} , ?o . FILTER(?o != {center})
  OPTIONAL {{ ?a schema:datePublished ?published }} {when}
}}"""
    )
    total_others = int(others_total[0]["others"]) if others_total else 0
    return published, about_all, times, total_others


def article_about(store: Store, article: str) -> set[str]:
    """The entities an article is about."""
    return {r["e"] for r in store.select(PREFIXES + f"SELECT ?e WHERE {{ {iri_ref(article)} schema:about ?e }}")}


def article_quotes(store: Store, a: str) -> list[dict[str, Any]]:
    """The article's quotes in text order: id for the view, text, speaker IRI."""
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?q ?text ?speaker ?begin WHERE {{
  ?q nkg:quoteKind [] ; {ARTICLE_PATH} {iri_ref(a)} ; schema:text ?text .
  OPTIONAL {{ ?q schema:spokenByCharacter ?speaker }} OPTIONAL {{ ?q nif:beginIndex ?begin }}
}} ORDER BY ?begin"""
    )
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        qid = "quote:" + r["q"].rsplit("/quote/", 1)[-1]
        out.setdefault(qid, {"id": qid, "text": r["text"], "speaker": r.get("speaker")})
    return list(out.values())


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
            + "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE { "
            + f"{values_clause('?e', sorted(info))} ?a schema:mentions ?e }} GROUP BY ?e"
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
    articles = [
        {"id": r["id"], "title": r.get("title") or r["id"], "date": date_part(r.get("published"))} for r in rows
    ]
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
