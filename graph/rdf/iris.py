"""Stable identifiers and IRIs. The same thing always gets the same id, across runs and machines."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, unquote

from graph.rdf.namespaces import GRAPH, ID

# Coarse id prefix per entity type. Company and Organization share "org" so that one company typed
# differently in two articles is still one entity; Country has its own, keyed by ISO code.
ID_PREFIX = {
    "Person": "person",
    "Organization": "org",
    "Company": "org",
    "Country": "country",
    "Place": "place",
    "Event": "event",
}

_FOLD = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "ß": "ss", "ð": "d", "þ": "th"}
)


# What `quote` never escapes: such a string (most ids: slugs, "bbc-business-001") is its own quoted form.
_ALWAYS_SAFE = re.compile(r"[A-Za-z0-9_.~-]*")


def _quote(part: str) -> str:
    """`quote(part, safe="")`, without its encode-strip-decode for the ids that need no escape (most of them; an
    article's mapping quotes ids about 170 times)."""
    return part if _ALWAYS_SAFE.fullmatch(part) else quote(part, safe="")


def slugify(text: str) -> str:
    """'Mette Frederiksen' -> 'mette-frederiksen'; 'Mærsk A/S' -> 'maersk-a-s'. ASCII, lower case, dashes."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or "x" + hashlib.sha1(text.encode()).hexdigest()[:10]


def entity_id(type_: str, name: str) -> str:
    """Canonical entity id from type and normalised name: entity_id('Person', 'Mette Frederiksen')."""
    return f"{ID_PREFIX.get(type_, 'thing')}-{slugify(name)}"


def content_id(text: str, title: str | None = None) -> str:
    """A stable article id derived from the content when the input gives none."""
    norm = re.sub(r"\s+", " ", f"{title or ''}\n{text}").strip().lower()
    return "a" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def article_iri(article_id: str) -> str:
    return f"{ID}article/{_quote(article_id)}"


def graph_iri(article_id: str) -> str:
    """The named graph holding everything extracted from one article."""
    return f"{GRAPH}{_quote(article_id)}"


def article_id_from_iri(iri: str) -> str:
    for prefix in (f"{ID}article/", GRAPH):
        if iri.startswith(prefix):
            return unquote(iri[len(prefix):])
    raise ValueError(f"not a newskg article or graph IRI: {iri}")


def entity_iri(eid: str) -> str:
    return f"{ID}entity/{_quote(eid)}"


def entity_id_from_iri(iri: str) -> str:
    prefix = f"{ID}entity/"
    if not iri.startswith(prefix):
        raise ValueError(f"not a newskg entity IRI: {iri}")
    return unquote(iri[len(prefix):])


EVENT_NS = f"{ID}event/"  # an event's IRI is this and its id (no schema:identifier is stated for events)


def event_iri(event_id: str) -> str:
    return f"{EVENT_NS}{_quote(event_id)}"


def node_iri(kind: str, article_id: str, local: str) -> str:
    """IRIs of things that live inside one article: mentions, sentences, quotes, roles."""
    return f"{ID}{kind}/{_quote(article_id)}/{_quote(local)}"


def short_id(iri: str) -> str:
    """The API id of an entity or event IRI ("person-…", "event-arrest-…"); other IRIs are returned unchanged."""
    for prefix in (f"{ID}entity/", EVENT_NS):
        if iri.startswith(prefix):
            return unquote(iri[len(prefix):])
    return iri


def iri_for_id(eid: str) -> str:
    """The IRI behind an API id: events have ids starting with "event-", everything else is an entity."""
    return event_iri(eid) if eid.startswith("event-") else entity_iri(eid)
