"""The PREFIX lines put in front of SPARQL queries, written here only, from graph/rdf/namespaces.py."""
from __future__ import annotations

from collections.abc import Mapping

from graph.rdf.namespaces import ID
from graph.rdf.namespaces import PREFIXES as NAMESPACES

# The query page's examples also name entities, as id:person-…; the code's own queries build entity IRIs whole.
ENTITY = ID + "entity/"
PAGE_NAMESPACES: dict[str, str] = {**NAMESPACES, "id": ENTITY}


def sparql_prefixes(namespaces: Mapping[str, str] = NAMESPACES) -> str:
    """PREFIX lines for `namespaces` (prefix -> IRI), by default every namespace of newskg's vocabulary."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in namespaces.items())


PREFIXES = sparql_prefixes()
PAGE_PREFIXES = sparql_prefixes(PAGE_NAMESPACES)
