"""SPARQL fragments that read provenance as graph/rdf/provenance.py writes it.

An assertion names its article through its sentence (`nkg:sentence/nif:referenceContext`), or, without a
sentence, directly (`prov:wasDerivedFrom`). Span texts are not stored: they are `schema:articleBody` between the
span's offsets (Unicode code points, as SPARQL's SUBSTR counts them). The extractor and the confidence are a shared
`prov:Attribution` node (`prov:qualifiedAttribution`), stated once for every assertion with the same pair.
"""
from __future__ import annotations

# The article an assertion was read from, as a property path.
ARTICLE_PATH = "(nkg:sentence/nif:referenceContext|prov:wasDerivedFrom)"
# The extractor (a prov:SoftwareAgent) and the confidence of an assertion, as property paths.
EXTRACTOR_PATH = "prov:qualifiedAttribution/prov:agent"
CONFIDENCE_PATH = "prov:qualifiedAttribution/nkg:confidence"


def span_text(body: str, begin: str, end: str) -> str:
    """A SPARQL expression for the text of a span: `body` (an articleBody variable) between offsets `begin` and
    `end` (variables bound to nif:beginIndex and nif:endIndex), as a plain string."""
    return f"STR(SUBSTR({body}, {begin} + 1, {end} - {begin}))"


__all__ = ["ARTICLE_PATH", "CONFIDENCE_PATH", "EXTRACTOR_PATH", "span_text"]
