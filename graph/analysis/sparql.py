"""Small helpers for building SPARQL safely from user input."""
from __future__ import annotations

import json
import re

from graph.sparql.prefixes import PREFIXES

__all__ = ["ARTICLE_FIELDS", "PREFIXES", "iri_ref", "string_literal"]

# Every article with the fields the related index and the stories read (one row per value: callers keep the first).
ARTICLE_FIELDS = PREFIXES + """
SELECT ?id ?title ?published ?lang ?source ?body WHERE {
  ?a a schema:NewsArticle ; schema:identifier ?id .
  OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?a schema:datePublished ?published }
  OPTIONAL { ?a schema:inLanguage ?lang }
  OPTIONAL { ?a schema:publisher/schema:name ?source }
  OPTIONAL { ?a schema:articleBody ?body }
}"""


def string_literal(value: str) -> str:
    """A SPARQL string literal for any Python string (quotes, backslashes and newlines escaped)."""
    return json.dumps(value, ensure_ascii=False)


# The characters an IRI written between angle brackets may not hold: one search, not one scan per character.
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\ \n\t]')


def iri_ref(iri: str) -> str:
    if _NOT_IN_IRI.search(iri):
        raise ValueError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"
