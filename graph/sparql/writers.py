"""Writing query results: SELECT rows in the SPARQL 1.1 results formats, triples and quads in RDF formats.

SELECT rows are written here rather than by pyoxigraph where a capped list of rows must be written (the runners
let pyoxigraph write whole results itself, see graph/sparql/runners.py).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph.rdf.namespaces import PREFIXES
from graph.sparql.formats import rdf_format, results_format

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Put in the results' `link` (JSON head, XML <link>) when rows were cut at the cap.
TRUNCATED_LINK = "urn:newskg:result-truncated"
DATASET_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)


def serialize(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, media_type: str) -> bytes:
    """Bytes of a whole query result in `media_type`, which must suit the result kind (KeyError otherwise)."""
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        return _bytes(result.serialize(format=results_format(media_type)))
    fmt = rdf_format(media_type)
    if fmt in DATASET_FORMATS:
        # Triples of a CONSTRUCT are in the default graph: datasets formats write them as such.
        return _bytes(ox.serialize((ox.Quad(t.subject, t.predicate, t.object) for t in result), format=fmt))
    return _bytes(result.serialize(format=fmt))


def _bytes(written: bytes | None) -> bytes:
    """pyoxigraph's serialisers return bytes when given no output (their stubs say bytes | None)."""
    assert written is not None
    return written


def write_rdf(items: Sequence[ox.Triple | ox.Quad], media_type: str) -> bytes:
    """Triples or quads in an RDF media type; Turtle, TriG and RDF/XML with newskg's usual prefixes.

    Triples asked for as TriG or N-Quads are written in the default graph.
    """
    fmt = rdf_format(media_type)
    written: list[ox.Quad] | list[ox.Triple]
    if fmt in DATASET_FORMATS:
        written = [i if isinstance(i, ox.Quad) else ox.Quad(i.subject, i.predicate, i.object) for i in items]
    else:
        written = [i.triple if isinstance(i, ox.Quad) else i for i in items]
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        return _bytes(ox.serialize(written, format=fmt, prefixes=PREFIXES))
    return _bytes(ox.serialize(written, format=fmt))


def _json_term(term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def write_solutions(
    variables: Sequence[str], rows: Sequence[ox.QuerySolution], media_type: str, truncated: bool = False
) -> bytes:
    """SELECT results in the SPARQL 1.1 JSON, XML, CSV or TSV format."""
    if media_type == "application/sparql-results+json":
        head: dict[str, Any] = {"vars": list(variables)}
        if truncated:
            head["link"] = [TRUNCATED_LINK]
        bindings = [{v: _json_term(row[v]) for v in variables if row[v] is not None} for row in rows]
        return json.dumps({"head": head, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if media_type == "application/sparql-results+xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        if truncated:
            out.append(f'<link href="{TRUNCATED_LINK}"/>')
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            for v in variables:
                term = row[v]
                if term is not None:
                    out.append(f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>")
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode()
    if media_type == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_value(row[v]) for v in variables])
        return buffer.getvalue().encode()
    if media_type == "text/tab-separated-values":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if row[v] is None else str(row[v]) for v in variables) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"not a SELECT results type: {media_type}")
