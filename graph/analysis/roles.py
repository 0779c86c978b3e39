"""Roles over time: which posts a person held on a given day, read from every article's role statements.

Each article states a role once (an `nkg:RoleAssignment` in its own named graph) with a status, the dates the text
gives (`schema:startDate` / `schema:endDate`) and the day it was said (`nkg:observedOn`). Nothing is overwritten:
a later article saying the role ended is a statement of its own, and it closes the earlier ones when asked about a
day after the end. A post is (role word, organisation); the same post said in two languages is two posts.

Held on day D, for one post: some statement says it was held on D (`graph.extract.role_time.held_on`), and no
statement said as late or later closes it by D (an ended or former role: after its end date, or from the day it was
said when the text gives none).
"""
from __future__ import annotations

from datetime import date
from typing import Any

from graph.analysis.sparql import PREFIXES, iri_ref
from graph.extract.role_time import first_day, held_on, last_day
from graph.rdf.iris import article_id_from_iri, entity_id_from_iri, entity_iri
from graph.sparql.provenance import ARTICLE_PATH, CONFIDENCE_PATH, span_text
from graph.store import Store

CLOSING = ("ended", "former")


def _entity_ref(iri: str | None) -> str | None:
    try:
        return entity_id_from_iri(iri) if iri else None
    except ValueError:
        return None


def role_statements(store: Store, person: str) -> list[dict[str, Any]]:
    """Every role statement about a person, oldest first: the post, status, dates, when said, and the evidence."""
    rows = store.select(
        PREFIXES
        + f"""
SELECT ?r ?role ?org ?orgLabel ?on ?status ?from ?until ?a ?sentence ?confidence WHERE {{
  ?r a nkg:RoleAssignment ; nkg:person {iri_ref(entity_iri(person))} ; schema:roleName ?role ;
     {ARTICLE_PATH} ?a ; {CONFIDENCE_PATH} ?confidence .
  OPTIONAL {{ ?r nkg:roleAt ?org . OPTIONAL {{ ?org skos:prefLabel ?orgLabel }} }}
  OPTIONAL {{ ?r nkg:observedOn ?on }}
  OPTIONAL {{ ?r nkg:roleStatus ?status }}
  OPTIONAL {{ ?r schema:startDate ?from }}
  OPTIONAL {{ ?r schema:endDate ?until }}
  OPTIONAL {{
    ?r nkg:sentence ?s . ?s nif:beginIndex ?sb ; nif:endIndex ?se . ?a schema:articleBody ?body .
    BIND({span_text("?body", "?sb", "?se")} AS ?sentence)
  }}
}} ORDER BY ?on ?r"""
    )
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:  # one row per label of the organisation: keep the first
        seen.setdefault(r["r"], {
            "role": str(r["role"]), "org": _entity_ref(r.get("org")), "org_label": r.get("orgLabel"),
            # statements stored before roles had a status said the role was held then
            "status": r.get("status") or "current",
            "valid_from": _text(r.get("from")), "valid_until": _text(r.get("until")),
            "said_on": _text(r.get("on")), "article": article_id_from_iri(r["a"]), "sentence": r.get("sentence"),
            "confidence": r["confidence"],
        })
    return list(seen.values())


def _text(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def _closes(closing: dict[str, Any], statement: dict[str, Any], day: date) -> bool:
    """Whether `closing` (an ended or former role) says the post was no longer held on `day`, and was said no
    earlier than `statement`."""
    if closing is statement or closing["status"] not in CLOSING:
        return False
    if statement["said_on"] and (closing["said_on"] or "") < statement["said_on"]:
        return False
    if closing["valid_until"]:
        return day > last_day(closing["valid_until"])
    return closing["said_on"] is not None and day >= date.fromisoformat(closing["said_on"])


def held_statements(statements: list[dict[str, Any]], day: date) -> list[dict[str, Any]]:
    """The statements (dicts with status, valid_from, valid_until, said_on) of one post that hold it on `day`:
    empty when it was not held then, as far as the statements say."""
    return [s for s in statements
            if held_on(s["status"], s["valid_from"], s["valid_until"], s["said_on"], day)
            and not any(_closes(c, s, day) for c in statements)]


def _posts(statements: list[dict[str, Any]]) -> dict[tuple, list[dict[str, Any]]]:
    posts: dict[tuple, list[dict[str, Any]]] = {}
    for s in statements:
        posts.setdefault((s["role"], s["org"]), []).append(s)
    return posts


def _evidence(s: dict[str, Any]) -> dict[str, Any]:
    return {k: s[k] for k in ("article", "sentence", "said_on", "status", "valid_from", "valid_until", "confidence")}


def _post(person: str, statements: list[dict[str, Any]], support: list[dict[str, Any]]) -> dict[str, Any]:
    """One post: when it began and ended as far as the statements say, when it was last stated, and every
    statement about it as evidence (oldest first)."""
    first = statements[0]
    starts = [s["valid_from"] for s in support or statements if s["valid_from"]]
    ends = [s["valid_until"] for s in statements if s["valid_until"]]
    said = [s["said_on"] for s in statements if s["said_on"]]
    return {
        "person": person, "role": first["role"], "org": first["org"], "org_label": first["org_label"],
        "valid_from": min(starts) if starts else None,
        "valid_until": max(ends) if ends else None,
        "date": max(said) if said else None,
        "evidence": [_evidence(s) for s in statements],
    }


def roles_as_of(store: Store, person: str, day: date) -> list[dict[str, Any]]:
    """Posts the person held on `day`, each with every statement about it as evidence (article, sentence)."""
    out = []
    for statements in _posts(role_statements(store, person)).values():
        support = held_statements(statements, day)
        if support:
            out.append(_post(person, statements, support))
    return sorted(out, key=lambda p: (p["role"], p["org"] or ""))


def roles_over_time(store: Store, person: str, today: date) -> dict[str, list[dict[str, Any]]]:
    """The person's posts apart: held `today` ("current"), to begin later ("incoming"), and the rest ("former")."""
    apart: dict[str, list[dict[str, Any]]] = {"current": [], "incoming": [], "former": []}
    for statements in _posts(role_statements(store, person)).values():
        support = held_statements(statements, today)
        if support:
            apart["current"].append(_post(person, statements, support))
        elif any(s["status"] == "incoming" and s["valid_from"] and first_day(s["valid_from"]) > today
                 for s in statements):
            apart["incoming"].append(_post(person, statements, []))
        else:
            apart["former"].append(_post(person, statements, []))
    return {k: sorted(v, key=lambda p: (p["role"], p["org"] or "")) for k, v in apart.items()}


__all__ = ["held_statements", "role_statements", "roles_as_of", "roles_over_time"]
