"""Every result and graph format newskg writes, as one table: names, media types, file extension, query forms.

The HTTP endpoints negotiate from it (api/negotiate.py), the service description lists it, the CLI takes its
names. Kinds of result: "select" and "ask" (SPARQL results formats) and "graph" (RDF, for CONSTRUCT/DESCRIBE).
The table's order is the server's preference when a client accepts anything.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

RESULTS = frozenset({"select", "ask"})
GRAPH = frozenset({"graph"})
W3 = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    """One serialisation: `names` for `format=` and the CLI, `media_type` as answered, `aliases` as clients send."""

    names: tuple[str, ...]
    label: str
    media_type: str
    aliases: tuple[str, ...]
    extension: str
    kinds: frozenset[str]
    oxigraph: ox.QueryResultsFormat | ox.RdfFormat
    iri: str  # the W3C's name of the format, for the service description

    @property
    def name(self) -> str:
        return self.names[0]


FORMATS: tuple[Format, ...] = (
    Format(("json",), "JSON", "application/sparql-results+json", ("application/json",), "srj", RESULTS,
           ox.QueryResultsFormat.JSON, W3 + "SPARQL_Results_JSON"),
    Format(("xml",), "XML", "application/sparql-results+xml", ("application/xml", "text/xml"), "srx", RESULTS,
           ox.QueryResultsFormat.XML, W3 + "SPARQL_Results_XML"),
    Format(("csv",), "CSV", "text/csv", ("application/csv",), "csv", RESULTS, ox.QueryResultsFormat.CSV,
           W3 + "SPARQL_Results_CSV"),
    Format(("tsv",), "TSV", "text/tab-separated-values", ("text/tsv",), "tsv", RESULTS, ox.QueryResultsFormat.TSV,
           W3 + "SPARQL_Results_TSV"),
    Format(("turtle", "ttl"), "Turtle", "text/turtle", ("application/turtle", "application/x-turtle", "text/n3"), "ttl",
           GRAPH, ox.RdfFormat.TURTLE, W3 + "Turtle"),
    Format(("nt", "ntriples"), "N-Triples", "application/n-triples", ("text/plain", "text/ntriples"), "nt", GRAPH,
           ox.RdfFormat.N_TRIPLES, W3 + "N-Triples"),
    Format(("jsonld", "json"), "JSON-LD", "application/ld+json", ("application/json",), "jsonld", GRAPH,
           ox.RdfFormat.JSON_LD, W3 + "JSON-LD"),
    Format(("rdfxml", "xml"), "RDF/XML", "application/rdf+xml", ("application/xml", "text/xml"), "rdf", GRAPH,
           ox.RdfFormat.RDF_XML, W3 + "RDF_XML"),
    Format(("trig",), "TriG", "application/trig", ("application/x-trig",), "trig", GRAPH, ox.RdfFormat.TRIG,
           W3 + "TriG"),
    Format(("nquads",), "N-Quads", "application/n-quads", ("text/x-nquads",), "nq", GRAPH, ox.RdfFormat.N_QUADS,
           W3 + "N-Quads"),
)
BY_MEDIA_TYPE: dict[str, Format] = {f.media_type: f for f in FORMATS}
KINDS = ("select", "ask", "graph")


def offered(kind: str) -> list[str]:
    """The media types a result of `kind` can be written as, best first."""
    return [f.media_type for f in FORMATS if kind in f.kinds]


def aliases(kind: str) -> dict[str, str]:
    """Media types clients send for a result of `kind` -> the media type of ours they mean."""
    return {alias: f.media_type for f in FORMATS if kind in f.kinds for alias in f.aliases}


def names() -> list[str]:
    """Every name `format=` and the CLI accept, in table order."""
    return list(dict.fromkeys(n for f in FORMATS for n in f.names))


def by_name(name: str, kind: str) -> Format | None:
    """The format a `format=` name (json, xml, csv, turtle, nt, …) or a media type means for `kind`, if any."""
    name = name.lower()
    for f in FORMATS:
        if kind in f.kinds and (name in f.names or name == f.media_type):
            return f
    return None


def results_format(media_type: str) -> ox.QueryResultsFormat:
    """pyoxigraph's SPARQL results format for a media type of the table; KeyError for any other."""
    fmt = BY_MEDIA_TYPE[media_type].oxigraph
    if not isinstance(fmt, ox.QueryResultsFormat):
        raise KeyError(media_type)
    return fmt


def rdf_format(media_type: str) -> ox.RdfFormat:
    """pyoxigraph's RDF format for a media type of the table; KeyError for any other."""
    fmt = BY_MEDIA_TYPE[media_type].oxigraph
    if not isinstance(fmt, ox.RdfFormat):
        raise KeyError(media_type)
    return fmt


def result_kind(result: object) -> str:
    """"select", "ask" or "graph": the kind of a query's result, which decides the formats it can be written in."""
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"
