"""Content negotiation for SPARQL results: plain data and one pure function, tested with a table of Accept headers.

`choose_media_type(accept, kind)` picks the media type to answer a result of `kind` ("select", "ask" or "graph";
"html" adds text/html to the graph types, for pages that are also RDF). Rules, after RFC 9110 section 12.5.1:
- each media range has a weight `q` (default 1); ranges with q=0 are refused;
- an exact type beats a common alias (application/json for SPARQL JSON results), which beats a wildcard;
- among equals, the server's order of preference decides (JSON, then XML, CSV, TSV; Turtle first for graphs);
- an empty or missing Accept header means "anything", so the first type offered.
rdflib-endpoint answered combined headers such as SPARQLWrapper's
"application/sparql-results+json,application/json,text/javascript,application/javascript" or weighted ones
("text/csv;q=0.5, application/sparql-results+xml;q=0.9") with the wrong type; the tests keep those cases.
"""
from __future__ import annotations

from graph.sparql import formats

HTML = "text/html"

# What each kind of result can be written as, best first, and the media types clients send that mean one of ours:
# both read from the one table of formats.
OFFERED: dict[str, list[str]] = {kind: formats.offered(kind) for kind in formats.KINDS}
OFFERED["html"] = OFFERED["graph"] + [HTML]
ALIASES: dict[str, dict[str, str]] = {kind: formats.aliases(kind) for kind in formats.KINDS}
ALIASES["html"] = ALIASES["graph"]


def parse_accept(accept: str) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their weights, in the order given. Malformed parts are skipped."""
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
                break  # parameters after q are accept-extensions
        ranges.append((media, q))
    return ranges


def choose_media_type(accept: str | None, kind: str) -> str | None:
    """The media type to answer with, or None when the client accepts none we offer (HTTP 406)."""
    offered = OFFERED[kind]
    aliases = ALIASES[kind]
    ranges = parse_accept(accept or "")
    if not ranges:
        return offered[0]
    # A type the client names exactly, at q=0, is refused even if a wildcard would allow it.
    refused = {aliases.get(m, m) for m, q in ranges if q == 0 and "*" not in m}
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for media, q in ranges:
        if q <= 0:
            continue
        if media == "*/*":
            matches, specificity = offered, 0
        elif media.endswith("/*"):
            matches, specificity = [o for o in offered if o.startswith(media[:-1])], 0
        elif media in offered:
            matches, specificity = [media], 2
        elif media in aliases and aliases[media] in offered:
            matches, specificity = [aliases[media]], 1
        else:
            continue
        for match in matches:
            if match in refused:
                continue
            rank = (q, specificity, -offered.index(match))
            if best is None or rank > best:
                best, chosen = rank, match
    return chosen


def media_type_for_format(name: str, kind: str) -> str | None:
    """The media type for a `format=` short name (json, xml, csv, tsv, turtle, nt, jsonld, …) if it suits `kind`."""
    fmt = formats.by_name(name, kind)
    return fmt.media_type if fmt is not None else None
