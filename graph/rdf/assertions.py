"""Events, roles, quotes and relations -> quads, each with provenance (see graph/rdf/provenance.py).

The model is documented in ontology/event-typology.md. In short:

- an event is a shared node `event_iri(id)` typed `sem:Event`, with `nkg:eventType` a SKOS concept of the typology
  (ontology/event-types.ttl; a sub-property of `sem:eventType`, which is not stated again), `sem:hasActor` every
  participant entity, one `sem:Role` node per participant and role (`rdf:value` the entity, `sem:roleType` the role
  concept), `sem:hasPlace`, and time as `sem:hasTimeStamp` (day precision) plus `sem:hasEarliestBeginTimeStamp` /
  `sem:hasLatestEndTimeStamp` (any precision, xsd:date) and `nkg:timeValue` (the ISO value as read: "2026-11-24",
  "2026-W47", "2026-11", "2026");
- each article's report of it is an `nkg:EventMention` (the type follows from `nkg:reports` the event, and is not
  stated) with the trigger's offsets and provenance; the article `schema:mentions` the event;
- a quote is a `schema:Quotation` (the type follows from `nkg:quoteKind`, and is not stated) with `schema:text`,
  `schema:spokenByCharacter` the speaker, `nkg:quoteKind` (its article is its sentence's, as for every assertion);
- a role is an `nkg:RoleAssignment` (a subclass of `schema:Role`, stated as the first only) with `nkg:person`,
  `schema:roleName`, `nkg:roleAt`, `nkg:roleStatus` ("current", "former", "incoming", "ended"), `schema:startDate` /
  `schema:endDate` when the text gives them (xsd:date, xsd:gYearMonth or xsd:gYear, as precise as the text) and
  `nkg:observedOn` the article date, when it was said; the person `nkg:holdsRole` it. A later article saying the role
  ended is its own assignment in its own graph: it closes the earlier ones when asked about a later day
  (graph/analysis/roles.py), never replaces them;
- a relation is stated directly (`<person> schema:worksFor <org>`) and as an `rdf:Statement` carrying provenance.

Every assertion node goes through `ProvenanceWriter.attest`: article, sentence span, extractor and version, confidence.
"""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode

from graph.dates import date_part
from graph.extract.events import EVENT_TYPES
from graph.extract.timex import interval
from graph.model import Doc, Event, Participant
from graph.rdf.iris import entity_iri, event_iri, node_iri
from graph.rdf.namespaces import NIF, NKG, RDF, SCHEMA, SEM, SKOS, XSD
from graph.rdf.provenance import XSD_DATE, ProvenanceWriter, integer, text, vocabulary_term

EVENT_TYPE_NS = NKG + "event-type/"
ROLE_TYPE_NS = NKG + "participant-role/"

# Relation predicate names (graph.model.Relation.predicate) -> property IRIs.
RELATION_PROPERTIES: dict[str, str] = {
    "worksFor": SCHEMA + "worksFor",
    "holdsRoleAt": NKG + "holdsRoleAt",
    "memberOf": SCHEMA + "memberOf",
    "locatedIn": SCHEMA + "containedInPlace",
}
# Which component made which relations, for their provenance.
RELATION_COMPONENTS = {"worksFor": "roles", "holdsRoleAt": "roles"}


def event_type_iri(code: str) -> str:
    return EVENT_TYPE_NS + code


def role_type_iri(role: str) -> str:
    return ROLE_TYPE_NS + role


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD_DATE)


# A role's start or end as precise as the text gives it: "2026-03-01", "2019-03" or "2014".
PERIOD_TYPES = {10: vocabulary_term(XSD + "date"), 7: vocabulary_term(XSD + "gYearMonth"),
                4: vocabulary_term(XSD + "gYear")}


def period_literal(value: str) -> Literal:
    return Literal(value, datatype=PERIOD_TYPES[len(value)])


def map_assertions(doc: Doc, prov: ProvenanceWriter) -> None:
    """Add quads for doc.events, doc.roles, doc.quotes and doc.relations to prov.quads."""
    _events(doc, prov)
    _quotes(doc, prov)
    _roles(doc, prov)
    _relations(doc, prov)


def _entity(doc: Doc, eid: str | None) -> NamedNode | None:
    """The node of an entity the graph describes (only entities of this article, so every IRI has a type)."""
    if not eid or eid not in doc.entities:
        return None
    return NamedNode(entity_iri(eid))


def _span(prov: ProvenanceWriter, node: NamedNode, start: int, end: int) -> None:
    # The span's text is the article body between its offsets; its article is named by attest_span.
    prov.add(node, NIF + "beginIndex", integer(start))
    prov.add(node, NIF + "endIndex", integer(end))


def _combined(reports: list[Event]) -> Event:
    """One article's view of an event it reports several times (headline, lead, body): the participants of all
    reports, and place and time from the most confident report that gives them."""
    by_confidence = sorted(reports, key=lambda e: -e.confidence)
    main = by_confidence[0]
    participants: dict[str, Participant] = {}
    for e in by_confidence:
        for p in e.participants:
            known = participants.get(p.entity_id)
            if known is None or (known.role == "other" and p.role != "other"):
                participants[p.entity_id] = p
    return replace(
        main,
        participants=list(participants.values()),
        place=next((e.place for e in by_confidence if e.place), None),
        time=next((e.time for e in by_confidence if e.time), None),
    )


def _events(doc: Doc, prov: ProvenanceWriter) -> None:
    add = prov.add
    reports: dict[str, list[Event]] = {}
    for ev in doc.events:
        reports.setdefault(ev.id, []).append(ev)
    for eid, evs in reports.items():
        _event_node(doc, prov, NamedNode(event_iri(eid)), _combined(evs))
        add(prov.article, SCHEMA + "mentions", NamedNode(event_iri(eid)))
    for i, ev in enumerate(doc.events):
        event = NamedNode(event_iri(ev.id))
        report = NamedNode(node_iri("eventmention", prov.article_id, str(i)))
        add(report, NKG + "reports", event)
        _span(prov, report, ev.trigger_start, ev.trigger_end)
        prov.attest_span(report, "events", ev.confidence, ev.sentence)


def _event_node(doc: Doc, prov: ProvenanceWriter, event: NamedNode, ev: Event) -> None:
    add = prov.add
    add(event, RDF + "type", vocabulary_term(SEM + "Event"))
    add(event, NKG + "eventType", NamedNode(event_type_iri(ev.type)))
    add(event, SKOS + "prefLabel", text(ev.label))
    for p in ev.participants:
        actor = _entity(doc, p.entity_id)
        if actor is None:
            continue
        add(event, SEM + "hasActor", actor)
        role = NamedNode(f"{event.value}/role/{p.role}/{quote(p.entity_id, safe='')}")
        add(event, NKG + "participation", role)
        # Its type sem:Role follows from the range of nkg:participation (ontology/newskg.ttl): not stated.
        add(role, RDF + "value", actor)
        add(role, SEM + "roleType", NamedNode(role_type_iri(p.role)))
    place = _entity(doc, ev.place)
    if place is not None:
        add(event, SEM + "hasPlace", place)
    if ev.time:
        span = interval(ev.time)
        add(event, NKG + "timeValue", Literal(ev.time))
        if span is not None:
            if span[0] == span[1]:
                add(event, SEM + "hasTimeStamp", _date(span[0].isoformat()))
            add(event, SEM + "hasEarliestBeginTimeStamp", _date(span[0].isoformat()))
            add(event, SEM + "hasLatestEndTimeStamp", _date(span[1].isoformat()))


def _quotes(doc: Doc, prov: ProvenanceWriter) -> None:
    add = prov.add
    for q in doc.quotes:
        node = NamedNode(node_iri("quote", prov.article_id, f"{q.start}-{q.end}"))
        # Its type schema:Quotation follows from the domain of nkg:quoteKind (ontology/newskg.ttl): not stated.
        add(node, SCHEMA + "text", text(q.text, doc.lang))
        speaker = _entity(doc, q.speaker)
        if speaker is not None:
            add(node, SCHEMA + "spokenByCharacter", speaker)
        add(node, NKG + "quoteKind", Literal(q.kind))
        if q.cue:
            add(node, NKG + "cue", text(q.cue, doc.lang))
        _span(prov, node, q.start, q.end)
        prov.attest_span(node, "quotes", q.confidence, q.sentence)


def _roles(doc: Doc, prov: ProvenanceWriter) -> None:
    add = prov.add
    day = date_part(doc.article.published)
    for r in doc.roles:
        person = _entity(doc, r.person)
        if person is None:
            continue
        node = NamedNode(node_iri("role", prov.article_id, f"{r.start}-{r.end}"))
        add(node, RDF + "type", vocabulary_term(NKG + "RoleAssignment"))
        add(node, NKG + "person", person)
        add(person, NKG + "holdsRole", node)
        add(node, SCHEMA + "roleName", text(r.role, doc.lang))
        org = _entity(doc, r.org)
        if org is not None:
            add(node, NKG + "roleAt", org)
        add(node, NKG + "roleStatus", Literal(r.status))
        if r.valid_from:
            add(node, SCHEMA + "startDate", period_literal(r.valid_from))
        if r.valid_until:
            add(node, SCHEMA + "endDate", period_literal(r.valid_until))
        observed = r.date or day
        if observed:
            add(node, NKG + "observedOn", _date(observed))
        _span(prov, node, r.start, r.end)
        prov.attest_span(node, "roles", r.confidence, r.sentence)


def _relations(doc: Doc, prov: ProvenanceWriter) -> None:
    add = prov.add
    for i, rel in enumerate(doc.relations):
        prop = RELATION_PROPERTIES.get(rel.predicate, NKG + rel.predicate)
        subject, obj = _entity(doc, rel.subject), _entity(doc, rel.object)
        if subject is None or obj is None:
            continue
        add(subject, prop, obj)
        node = NamedNode(node_iri("relation", prov.article_id, str(i)))
        add(node, RDF + "type", vocabulary_term(RDF + "Statement"))
        add(node, RDF + "subject", subject)
        add(node, RDF + "predicate", NamedNode(prop))
        add(node, RDF + "object", obj)
        prov.attest(node, RELATION_COMPONENTS.get(rel.predicate, "relations"), rel.confidence, rel.sentence)


__all__ = ["map_assertions", "event_type_iri", "role_type_iri", "EVENT_TYPES"]
