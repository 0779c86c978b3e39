"""Small helpers for building SPARQL safely from user input."""
from __future__ import annotations

import json

from graph.sparql.prefixes import PREFIXES

__all__ = ["PREFIXES", "iri_ref", "string_literal"]


def string_literal(value: str) -> str:
    """A SPARQL string literal for any Python string (quotes, backslashes and newlines escaped)."""
    return json.dumps(value, ensure_ascii=False)


def iri_ref(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n\t'):
        raise ValueError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"
