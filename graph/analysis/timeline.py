"""An entity's timeline: the articles that name it and the events it takes part in, day by day.

Articles come from the related-stories index (entity -> articles postings, with mention counts). Events come from
the store: events the entity is an actor (`sem:hasActor`) or the place (`sem:hasPlace`) of, dated by their own time
(`sem:hasEarliestBeginTimeStamp`, read from the text) or else by the first article reporting them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from graph.analysis.copies import one_per_text
from graph.analysis.projections import Projections
from graph.analysis.sparql import PREFIXES, iri_ref
from graph.dates import in_window
from graph.rdf.iris import iri_for_id, short_id
from graph.sparql.provenance import ARTICLE_PATH
from graph.store import Store

UNDATED = "undated"


def entity_timeline(
    store: Store,
    projections: Projections,
    entity_id: str,
    since: str | None = None,
    until: str | None = None,
    copy_of: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """{"entity", "days": [{"date", "articles": [...], "events": [...]}, ...]} oldest first, undated last.

    With `copy_of` (copy id -> original id) each text is listed once, on the day of its earliest report in the
    window, the outlets that reprinted it under `also_published_by`; an event's articles are its texts."""
    index = projections.index
    if entity_id not in index.entity_pos:
        raise KeyError(entity_id)
    days: dict[str, dict[str, list]] = defaultdict(lambda: {"articles": [], "events": []})
    window = [a for a in _articles_of(projections, entity_id) if in_window(index.articles[a].date, since, until)]
    window.sort(key=lambda a: (index.articles[a].date or "9999", a))
    shown = one_per_text(window, copy_of) if copy_of is not None else window
    reprints: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if copy_of is not None:
        kept = set(shown)
        for a in window:
            if a not in kept:
                text = copy_of.get(a, a)
                stands_for = text if text in kept else next(k for k in shown if copy_of.get(k, k) == text)
                reprints[stands_for].append({"id": a, "source": index.articles[a].source})
    for aid in shown:
        art = index.articles[aid]
        entry = {**projections.article_node(aid), "mentions": art.entities.get(entity_id, 1)}
        if copy_of is not None:
            entry["also_published_by"] = reprints.get(aid, [])
        days[art.date or UNDATED]["articles"].append(entry)
    for event in entity_events(store, projections, entity_id):
        day = event["date"] or UNDATED
        if day != UNDATED and not in_window(day, since, until):
            continue
        if copy_of is not None:
            event["articles"] = one_per_text(event["articles"], copy_of)
        days[day]["events"].append(event)
    ordered = sorted(days, key=lambda d: (d == UNDATED, d))
    return {
        "entity": projections.entity_node(entity_id),
        "days": [{"date": None if d == UNDATED else d, **days[d]} for d in ordered],
    }


def _articles_of(projections: Projections, entity_id: str) -> list[str]:
    return projections.index.entity_articles(entity_id)


def entity_events(store: Store, projections: Projections, entity_id: str) -> list[dict[str, Any]]:
    """Events the entity takes part in (or, for an event id, the event itself), with date and reporting articles."""
    e = iri_ref(iri_for_id(entity_id))
    if entity_id.startswith("event-"):
        link = f"BIND({e} AS ?ev)"
    else:
        link = f"{{ ?ev sem:hasActor {e} }} UNION {{ ?ev sem:hasPlace {e} }}"
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?ev ?label ?etype ?time ?begin ?id WHERE {{
  {link}
  ?ev a sem:Event .
  OPTIONAL {{ ?ev skos:prefLabel ?label }}
  OPTIONAL {{ ?ev nkg:eventType ?etype }}
  OPTIONAL {{ ?ev nkg:timeValue ?time }}
  OPTIONAL {{ ?ev sem:hasEarliestBeginTimeStamp ?begin }}
  OPTIONAL {{ ?report nkg:reports ?ev ; {ARTICLE_PATH} ?a . ?a schema:identifier ?id }}
}}"""
    )
    index = projections.index
    events: dict[str, dict[str, Any]] = {}
    for r in rows:
        eid = short_id(r["ev"])
        ev = events.setdefault(
            eid,
            {"id": eid, "label": r.get("label"), "type": (r.get("etype") or "").rsplit("/", 1)[-1] or None,
             "time": r.get("time"), "begin": r.get("begin"), "articles": set()},
        )
        if r.get("label") and (ev["label"] is None or len(r["label"]) > len(ev["label"])):
            ev["label"] = r["label"]
        for key in ("time", "begin"):
            if r.get(key) and (ev[key] is None or r[key] < ev[key]):
                ev[key] = r[key]
        if r.get("id") in index.articles:
            ev["articles"].add(r["id"])
    out = []
    for ev in events.values():
        reported = sorted(
            (index.articles[a] for a in ev["articles"]), key=lambda art: (art.date or "9999", art.id)
        )
        date = ev["begin"] or (reported[0].date if reported else None)
        out.append(
            {
                "id": ev["id"],
                "label": ev["label"],
                "event_type": ev["type"],
                "time": ev["time"],
                "date": date,
                "articles": [a.id for a in reported],
            }
        )
    out.sort(key=lambda e: (e["date"] or "9999", e["id"]))
    return out
