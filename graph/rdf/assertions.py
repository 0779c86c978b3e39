"""Events, roles, quotes and relations -> quads, each with provenance (see graph/rdf/provenance.py).

Owned by the events/quotes/roles work (issue 4); mapping.map_doc calls map_assertions for every article.
"""
from __future__ import annotations

from graph.model import Doc
from graph.rdf.provenance import ProvenanceWriter


def map_assertions(doc: Doc, prov: ProvenanceWriter) -> None:
    """Add quads for doc.events, doc.roles, doc.quotes and doc.relations to prov.quads."""
    return None
