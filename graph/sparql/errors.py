"""SPARQL syntax errors in words a researcher understands, from Oxigraph's parser messages.

Oxigraph says where it stopped ("error at 3:14") and lists every token and character class it could have taken.
This keeps the position, names what was found there and what came before it, turns "Prefix not found" into
"prefix schema: is not declared" (with the PREFIX line to add, when it is one of newskg's namespaces), and lists
only the expected keywords and punctuation, not the character classes.
"""
from __future__ import annotations

import re

from graph.sparql.prefixes import PAGE_NAMESPACES

_POSITION = re.compile(r"error at (\d+):(\d+): expected (?:one of )?(.*)", re.DOTALL)
_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:[\w.-]*$")
_EXPECTED = re.compile(r'"((?:[^"\\]|\\.)+)"|\b([A-Z][A-Za-z]+|is[A-Z]+)\b')


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + column - 1


def explain(text: str, message: str) -> str:
    """A one-line account of Oxigraph's `message` about `text`: position, problem, what was expected."""
    m = _POSITION.search(message)
    if m is None:
        return message.splitlines()[0] if message else "the query does not parse"
    line, column, expected = int(m.group(1)), int(m.group(2)), m.group(3)
    where = f"line {line}, column {column}"
    at = min(_offset(text, line, column), len(text))
    before = text[:at]
    if "Prefix not found" in expected:
        name = _PREFIXED.search(before)
        prefix = (name.group(1) or "") if name else ""
        hint = f"; add PREFIX {prefix}: <{PAGE_NAMESPACES[prefix]}>" if prefix in PAGE_NAMESPACES else ""
        return f"{where}: prefix {prefix}: is not declared{hint}"
    if "IRI parsing failed" in expected:
        return f"{where}: an IRI here is not valid (a relative IRI needs a BASE, or write it whole)"
    words = [a or b for a, b in _EXPECTED.findall(expected) if (a or b) not in ("Prefix", "IRI")]
    seen = list(dict.fromkeys(w if w.isalpha() else f"'{w}'" for w in (w.replace('\\"', '"') for w in words)))
    found = text[at : at + 20].split("\n")[0].strip()
    after = " ".join(before.split()[-3:])
    context = f" after {after!r}" if after else ""
    problem = f"unexpected {found!r}{context}" if found else f"the query ends{context}"
    wanted = f"; expected {', '.join(seen[:8])}" + (" or …" if len(seen) > 8 else "") if seen else ""
    if "'}'" in seen and not found:
        wanted += " (is a closing } missing?)"
    elif "LATERAL" in seen and "SERVICE" in seen:
        wanted = "; expected the rest of a triple pattern (subject, predicate and object) or a closing }"
    return f"{where}: {problem}{wanted}"
