"""Serialising SPARQL results in the formats of the SPARQL 1.1 Protocol, for the HTTP endpoint and the CLI."""
from __future__ import annotations

import pyoxigraph as ox

# Media type -> format, in order of preference when the client accepts anything.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
# Short names for the command line.
SHORT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
}


def result_kind(result) -> str:
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"


def serialize(result, media_type: str) -> bytes:
    """Bytes of a query result in `media_type`, which must suit the result kind (see `result_kind`)."""
    if result_kind(result) == "graph":
        fmt = GRAPH_FORMATS[media_type]
        if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            # Triples of a CONSTRUCT are in the default graph: datasets formats write them as such.
            return ox.serialize((ox.Quad(t.subject, t.predicate, t.object) for t in result), format=fmt)
        return result.serialize(format=fmt)
    return result.serialize(format=RESULT_FORMATS[media_type])
