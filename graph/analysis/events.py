"""Events, quotes and roles as the API shows them: event listings with filters, one event with its reports, and the
events, quotes and roles of an entity or an article. All of it is read from the store with SPARQL."""
from __future__ import annotations

import re
from typing import Any

from graph.analysis.sparql import PREFIXES, iri_ref
from graph.dates import bound_date, date_part
from graph.extract.events import EVENT_TYPES
from graph.rdf.assertions import EVENT_TYPE_NS, ROLE_TYPE_NS, event_type_iri
from graph.rdf.iris import (
    EVENT_NS,
    article_id_from_iri,
    article_iri,
    entity_id,
    entity_id_from_iri,
    entity_iri,
    event_iri,
)
from graph.rdf.namespaces import CLASS_TYPES
from graph.sparql.provenance import ARTICLE_PATH, CONFIDENCE_PATH, EXTRACTOR_PATH, span_text
from graph.store import Store


class BadFilter(ValueError):
    """A filter value the caller should fix (unknown event type, malformed date or country)."""


def _type_code(iri: str | None) -> str | None:
    return iri[len(EVENT_TYPE_NS):] if iri and iri.startswith(EVENT_TYPE_NS) else None


def _entity_ref(iri: str | None) -> str | None:
    try:
        return entity_id_from_iri(iri) if iri else None
    except ValueError:
        return None


def country_entity(value: str) -> str:
    """'CA', 'ca' or 'country-ca' -> 'country-ca'."""
    value = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return entity_id("Country", value)
    if re.fullmatch(r"country-[a-z]{2}", value):
        return value
    raise BadFilter(f"country: give an ISO 3166 code or a country id, e.g. 'CA' or 'country-ca', not {value!r}")


def _date_bound(name: str, value: str, end: bool) -> str:
    """'2026', '2026-11' or '2026-11-24' -> the first (or, for an end bound, the last) day as YYYY-MM-DD."""
    try:
        return bound_date(value, name, end=end).isoformat()
    except ValueError as e:
        raise BadFilter(str(e)) from None


def list_events(
    store: Store,
    type_: str | None = None,
    entity: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Events, latest first, filtered by type code, an entity taking part (or the place), a country (the place, a
    place in it, or a participant) and a date range (the event's time, else its reports' publication dates)."""
    filters: list[str] = []
    if type_:
        if type_ not in EVENT_TYPES:
            raise BadFilter(f"type: unknown event type {type_!r}; use one of {', '.join(EVENT_TYPES)}")
        filters.append(f"?e nkg:eventType {iri_ref(event_type_iri(type_))} .")
    if entity:
        x = iri_ref(entity_iri(entity))
        filters.append(f"{{ ?e sem:hasActor {x} }} UNION {{ ?e sem:hasPlace {x} }}")
    if country:
        c = iri_ref(entity_iri(country_entity(country)))
        filters.append(f"{{ ?e sem:hasPlace {c} }} UNION {{ ?e sem:hasPlace/schema:containedInPlace {c} }} "
                       f"UNION {{ ?e sem:hasActor {c} }}")
    if since:
        filters.append(f'FILTER(BOUND(?to) && ?to >= "{_date_bound("since", since, False)}"^^xsd:date)')
    if until:
        filters.append(f'FILTER(BOUND(?from) && ?from <= "{_date_bound("until", until, True)}"^^xsd:date)')
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?e ?id ?type (SAMPLE(?l) AS ?label) (SAMPLE(?tv) AS ?time) (MIN(?from) AS ?start) (MAX(?to) AS ?end)
       (SAMPLE(?place) AS ?where) (COUNT(DISTINCT ?r) AS ?reports) (COUNT(DISTINCT ?a) AS ?articles)
       (MAX(?c) AS ?confidence) WHERE {{
  ?e a sem:Event ; nkg:eventType ?type ; skos:prefLabel ?l .
  BIND(STRAFTER(STR(?e), "{EVENT_NS}") AS ?id)
  ?r nkg:reports ?e ; {ARTICLE_PATH} ?a ; {CONFIDENCE_PATH} ?c .
  OPTIONAL {{ ?e nkg:timeValue ?tv }}
  OPTIONAL {{ ?e sem:hasPlace ?place }}
  OPTIONAL {{ ?e sem:hasEarliestBeginTimeStamp ?from0 ; sem:hasLatestEndTimeStamp ?to0 }}
  OPTIONAL {{ ?a schema:datePublished ?pub }}
  BIND(COALESCE(?from0, xsd:date(SUBSTR(STR(?pub), 1, 10))) AS ?from)
  BIND(COALESCE(?to0, xsd:date(SUBSTR(STR(?pub), 1, 10))) AS ?to)
  {' '.join(filters)}
}} GROUP BY ?e ?id ?type ORDER BY DESC(?end) DESC(?articles) ?id LIMIT {int(limit)}"""
    )
    return [
        {
            "id": r["id"],
            "type": _type_code(r["type"]),
            "label": r["label"],
            "time": r.get("time"),
            "start": r.get("start"),
            "end": r.get("end"),
            "place": _entity_ref(r.get("where")),
            "reports": r["reports"],
            "articles": r["articles"],
            "confidence": r["confidence"],
        }
        for r in rows
    ]


def get_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event: type, label, time, place, participants with roles, and every report (article, sentence, trigger,
    extractor, confidence)."""
    e = iri_ref(event_iri(event_id))
    info = store.select(
        PREFIXES
        + f"""
SELECT ?type ?label ?time ?from ?to ?place ?placeLabel WHERE {{
  {e} a sem:Event ; nkg:eventType ?type ; skos:prefLabel ?label .
  OPTIONAL {{ {e} nkg:timeValue ?time }}
  OPTIONAL {{ {e} sem:hasEarliestBeginTimeStamp ?from ; sem:hasLatestEndTimeStamp ?to }}
  OPTIONAL {{ {e} sem:hasPlace ?place . OPTIONAL {{ ?place skos:prefLabel ?placeLabel }} }}
}}"""
    )
    if not info:
        return None
    participants = store.select(
        PREFIXES
        + f"""
SELECT DISTINCT ?x ?role ?label ?type WHERE {{
  {e} nkg:participation ?p . ?p rdf:value ?x ; sem:roleType ?role .
  OPTIONAL {{ ?x skos:prefLabel ?label }} OPTIONAL {{ ?x a ?type }}
}}"""
    )
    reports = store.select(
        PREFIXES
        + f"""
SELECT ?r ?a ?title ?published ?trigger ?begin ?end ?sentence ?sbegin ?send ?extractor ?confidence WHERE {{
  ?r nkg:reports {e} ; {ARTICLE_PATH} ?a ; {CONFIDENCE_PATH} ?confidence ; {EXTRACTOR_PATH} ?extractor ;
     nif:beginIndex ?begin ; nif:endIndex ?end .
  ?a schema:articleBody ?body .
  BIND({span_text("?body", "?begin", "?end")} AS ?trigger)
  OPTIONAL {{ ?r nkg:sentence ?s . ?s nif:beginIndex ?sbegin ; nif:endIndex ?send }}
  BIND({span_text("?body", "?sbegin", "?send")} AS ?sentence)
  OPTIONAL {{ ?a schema:headline ?title }}
  OPTIONAL {{ ?a schema:datePublished ?published }}
}} ORDER BY DESC(?confidence) ?a ?begin"""
    )
    people: dict[tuple[str, str], dict[str, Any]] = {}
    for r in participants:
        eid = _entity_ref(r["x"])
        role = r["role"][len(ROLE_TYPE_NS):] if r["role"].startswith(ROLE_TYPE_NS) else r["role"]
        if eid is None:
            continue
        entry = people.setdefault((eid, role), {"id": eid, "role": role, "label": r.get("label"), "type": None})
        entry["type"] = entry["type"] or CLASS_TYPES.get(r.get("type") or "")
        if r.get("label") and len(r["label"]) > len(entry["label"] or ""):
            entry["label"] = r["label"]
    first = info[0]
    articles: dict[str, dict[str, Any]] = {}
    report_rows = []
    for r in reports:
        aid = article_id_from_iri(r["a"])
        articles.setdefault(aid, {"id": aid, "title": r.get("title"), "date": date_part(r.get("published"))})
        report_rows.append(
            {
                "article": aid,
                "trigger": r["trigger"],
                "start": r["begin"],
                "end": r["end"],
                "sentence": r.get("sentence"),
                "sentence_start": r.get("sbegin"),
                "sentence_end": r.get("send"),
                "extractor": r["extractor"],
                "confidence": r["confidence"],
            }
        )
    return {
        "id": event_id,
        "type": _type_code(first["type"]),
        "type_label": EVENT_TYPES.get(_type_code(first["type"]) or "", None),
        "label": first["label"],
        "time": sorted({r["time"] for r in info if r.get("time")}),
        "start": min((r["from"] for r in info if r.get("from")), default=None),
        "end": max((r["to"] for r in info if r.get("to")), default=None),
        "places": sorted(
            {(_entity_ref(r["place"]), r.get("placeLabel")) for r in info if r.get("place")}, key=lambda p: p[0] or ""
        ),
        "participants": sorted(people.values(), key=lambda p: (p["role"], p["id"])),
        "articles": list(articles.values()),
        "reports": report_rows,
    }


def events_of_entity(store: Store, eid: str, limit: int = 100) -> list[dict[str, Any]]:
    """Events an entity takes part in or that happen there (see list_events)."""
    return list_events(store, entity=eid, limit=limit)


def events_of_article(store: Store, article_id: str) -> list[dict[str, Any]]:
    """The events an article reports, with this article's reports (trigger, sentence, confidence)."""
    a = iri_ref(article_iri(article_id))
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?id ?type (SAMPLE(?l) AS ?label) ?trigger ?begin ?end ?confidence ?sentence WHERE {{
  ?r nkg:reports ?e ; {ARTICLE_PATH} {a} ; nif:beginIndex ?begin ;
     nif:endIndex ?end ; {CONFIDENCE_PATH} ?confidence .
  {a} schema:articleBody ?body .
  BIND({span_text("?body", "?begin", "?end")} AS ?trigger)
  OPTIONAL {{ ?r nkg:sentence ?s . ?s nif:beginIndex ?sbegin ; nif:endIndex ?send }}
  BIND({span_text("?body", "?sbegin", "?send")} AS ?sentence)
  ?e nkg:eventType ?type ; skos:prefLabel ?l .
  BIND(STRAFTER(STR(?e), "{EVENT_NS}") AS ?id)
}} GROUP BY ?id ?type ?trigger ?begin ?end ?confidence ?sentence ORDER BY ?begin"""
    )
    return [
        {"id": r["id"], "type": _type_code(r["type"]), "label": r["label"], "trigger": r["trigger"],
         "start": r["begin"], "end": r["end"], "sentence": r.get("sentence"), "confidence": r["confidence"]}
        for r in rows
    ]


def quotes_of(store: Store, speaker: str | None = None, article_id: str | None = None, limit: int = 200
              ) -> list[dict[str, Any]]:
    """Quotes by a speaker (entity id) or in an article, newest first, each with its article and span."""
    if speaker is None and article_id is None:
        raise BadFilter("give a speaker or an article")
    where = []
    if speaker:
        where.append(f"?q schema:spokenByCharacter {iri_ref(entity_iri(speaker))} .")
    if article_id:
        where.append(f"?q {ARTICLE_PATH} {iri_ref(article_iri(article_id))} .")
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?q ?text ?kind ?cue ?speaker ?a ?published ?begin ?end ?confidence WHERE {{
  ?q nkg:quoteKind ?kind ; schema:text ?text ; {ARTICLE_PATH} ?a ;
     nif:beginIndex ?begin ; nif:endIndex ?end ; {CONFIDENCE_PATH} ?confidence .
  {' '.join(where)}
  OPTIONAL {{ ?q schema:spokenByCharacter ?speaker }}
  OPTIONAL {{ ?q nkg:cue ?cue }}
  OPTIONAL {{ ?a schema:datePublished ?published }}
}} ORDER BY DESC(?published) ?a ?begin LIMIT {int(limit)}"""
    )
    return [
        {"text": r["text"], "kind": r["kind"], "cue": r.get("cue"), "speaker": _entity_ref(r.get("speaker")),
         "article": article_id_from_iri(r["a"]), "date": date_part(r.get("published")), "start": r["begin"],
         "end": r["end"], "confidence": r["confidence"]}
        for r in rows
    ]


def roles_of(store: Store, person: str | None = None, article_id: str | None = None) -> list[dict[str, Any]]:
    """Role statements about a person (oldest first, so changes over time read in order), or those made in an
    article: each with its status and the dates the text gives. Which roles were held on a day:
    graph/analysis/roles.py."""
    if person is None and article_id is None:
        raise BadFilter("give a person or an article")
    where = []
    if person:
        where.append(f"?r nkg:person {iri_ref(entity_iri(person))} .")
    if article_id:
        where.append(f"?r {ARTICLE_PATH} {iri_ref(article_iri(article_id))} .")
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?p ?role ?org ?orgLabel ?on ?status ?from ?until ?a ?confidence WHERE {{
  ?r a nkg:RoleAssignment ; nkg:person ?p ; schema:roleName ?role ;
     {ARTICLE_PATH} ?a ; {CONFIDENCE_PATH} ?confidence .
  {" ".join(where)}
  OPTIONAL {{ ?r nkg:roleAt ?org . OPTIONAL {{ ?org skos:prefLabel ?orgLabel }} }}
  OPTIONAL {{ ?r nkg:observedOn ?on }}
  OPTIONAL {{ ?r nkg:roleStatus ?status }}
  OPTIONAL {{ ?r schema:startDate ?from }}
  OPTIONAL {{ ?r schema:endDate ?until }}
}} ORDER BY ?on ?role"""
    )
    seen: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        key = (r["p"], r["role"], r.get("org"), r.get("on"), r["a"], r.get("status"), r.get("from"), r.get("until"))
        seen.setdefault(key, {"person": _entity_ref(r["p"]), "role": r["role"], "org": _entity_ref(r.get("org")),
                              "org_label": r.get("orgLabel"), "date": r.get("on"),
                              "status": r.get("status") or "current", "valid_from": _iso(r.get("from")),
                              "valid_until": _iso(r.get("until")),
                              "article": article_id_from_iri(r["a"]), "confidence": r["confidence"]})
    return list(seen.values())


def _iso(value: Any) -> str | None:
    """A start or end date as the text gave it ("2014", "2019-03", "2026-11-24")."""
    return None if value is None else str(value)


__all__ = ["BadFilter", "list_events", "get_event", "events_of_entity", "events_of_article", "quotes_of", "roles_of"]
