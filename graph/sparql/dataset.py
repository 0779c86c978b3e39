"""The RDF dataset of a query or update as SPARQL 1.1 defines it, and the keywords that decide it.

A query's dataset comes from, in order of precedence: the protocol's `default-graph-uri` / `named-graph-uri`, the
query's own FROM / FROM NAMED, and only when neither is given newskg's default, the union of all graphs. An update's
WHERE clauses read the graphs of `using-graph-uri` / `using-named-graph-uri`, which become USING / USING NAMED
clauses; an update that names its own (USING, WITH) and also gets them from the protocol is refused, as the spec asks.

Finding FROM, USING, WITH and WHERE takes a small lexer, not a parser: strings, IRIs, comments, variables and
prefixed names are skipped, and only keywords outside every `{ }` count (FROM, USING, WITH and an operation's WHERE
are never inside braces; a CONSTRUCT template or a subquery is).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

_TOKENS = re.compile(
    r'''(?P<skip>#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\''''
    r'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>'''
    r"""|[?$][\w\u00b7-\uffff]+|[A-Za-z_][\w.-]*:[^\s{}()\[\];,]*|:[^\s{}()\[\];,]*)"""
    r"|(?P<open>\{)|(?P<close>\})|(?P<word>[A-Za-z]+)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Keyword:
    word: str  # upper case
    start: int


def top_level_keywords(sparql: str) -> list[Keyword]:
    """The keywords of `sparql` outside every pair of braces, in order."""
    depth = 0
    found: list[Keyword] = []
    for m in _TOKENS.finditer(sparql):
        if m.lastgroup == "open":
            depth += 1
        elif m.lastgroup == "close":
            depth = max(depth - 1, 0)
        elif m.lastgroup == "word" and depth == 0:
            found.append(Keyword(m.group().upper(), m.start()))
    return found


def _word_starts(lowered: str, word: str) -> Iterator[int]:
    """Every place in lower-cased SPARQL text where the lexer could see the keyword `word` (a plain substring search,
    many times faster than the lexer): all its keywords and perhaps more, never fewer. Left out are only the places
    the lexer never reads as a keyword: inside a longer run of letters, a variable (?where), or a prefixed name
    (ex:where, where:x)."""
    at = lowered.find(word)
    while at >= 0:
        end = at + len(word)
        before = lowered[at - 1] if at else " "
        after = lowered[end] if end < len(lowered) else " "
        if not ("a" <= before <= "z" or before in ":?$") and not ("a" <= after <= "z" or after == ":"):
            yield at
        at = lowered.find(word, end)


def has_dataset_clause(query: str) -> bool:
    """True if the query names its own dataset with FROM or FROM NAMED."""
    if next(_word_starts(query.lower(), "from"), None) is None:
        return False  # most queries: told apart without lexing
    return any(k.word == "FROM" for k in top_level_keywords(query))


_CLAUSE = re.compile(r"(?i:FROM)\s+(?P<named>(?i:NAMED)\s+)?(?:<[^<>\s]*>|[A-Za-z_]?[\w.-]*:[^\s{]*)\s*")


@dataclass(frozen=True)
class DatasetClauses:
    """Where a query's FROM / FROM NAMED clauses are, for a server that must be told the dataset another way."""

    spans: list[tuple[int, int]]
    has_from: bool
    has_from_named: bool


def dataset_clauses(query: str) -> DatasetClauses:
    spans: list[tuple[int, int]] = []
    kinds: set[bool] = set()
    for k in top_level_keywords(query):
        m = _CLAUSE.match(query, k.start) if k.word == "FROM" else None
        if m:
            spans.append(m.span())
            kinds.add(bool(m.group("named")))
    return DatasetClauses(spans, False in kinds, True in kinds)


def without_dataset_clauses(query: str) -> str:
    """The query without its FROM / FROM NAMED clauses (to be replaced by the protocol's dataset)."""
    out, last = [], 0
    for start, end in dataset_clauses(query).spans:
        out += [query[last:start], " "]
        last = end
    return "".join(out) + query[last:]


class DatasetConflict(ValueError):
    """The protocol's dataset parameters cannot apply to this update; the message says why."""


def with_using(update: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """The update with USING / USING NAMED clauses for the protocol's graphs before each operation's WHERE."""
    if not default_graphs and not named_graphs:
        return update
    keywords = top_level_keywords(update)
    if any(k.word in ("USING", "WITH") for k in keywords):
        raise DatasetConflict(
            "using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH in the update itself"
        )
    clauses = "".join(f" USING <{g}>" for g in default_graphs) + "".join(f" USING NAMED <{g}>" for g in named_graphs)
    parts: list[str] = []
    last = 0
    for before, k in zip([None, *keywords], keywords, strict=False):
        if k.word != "WHERE":
            continue
        if before is not None and update[before.start : k.start].strip().upper() == "DELETE":
            raise DatasetConflict(
                "using-graph-uri / using-named-graph-uri cannot apply to DELETE WHERE { … }: "
                "write it as DELETE { … } WHERE { … }"
            )
        parts += [update[last : k.start], clauses.lstrip() + " "]
        last = k.start
    return "".join(parts) + update[last:]


def reads_default_graph(update: str) -> bool:
    """True if some operation's WHERE matches triples in the default graph (outside every GRAPH) and the update
    names no dataset of its own (USING, WITH); False also for DELETE WHERE { … } and text that does not parse."""
    lowered = update.lower()
    if all(lowered[max(at - 16, 0) : at].rstrip().endswith("delete") for at in _word_starts(lowered, "where")):
        # INSERT DATA, DELETE DATA, DROP, DELETE WHERE: the store's own writes, told apart without lexing (a
        # word "where" anywhere else, in a literal too, sends the update on to the lexer)
        return False
    keywords = top_level_keywords(update)
    if any(k.word in ("USING", "WITH") for k in keywords):
        return False
    if not any(
        k.word == "WHERE" and not (before is not None and update[before.start : k.start].strip().upper() == "DELETE")
        for before, k in zip([None, *keywords], keywords, strict=False)
    ):
        return False  # no WHERE of a DELETE/INSERT … WHERE operation: nothing to parse for
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        operations = translateUpdate(parseUpdate(update)).algebra
    except Exception:  # noqa: BLE001 - whatever rdflib raises: the store's own parser reports it
        return False

    def outside_graph(node: object) -> bool:
        if isinstance(node, CompValue):
            if node.name == "Graph":
                return False
            if node.name in ("BGP", "TriplesBlock") and "triples" in node and node["triples"]:  # EXISTS: untranslated
                return True
            return any(outside_graph(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return any(outside_graph(v) for v in node)
        return False

    if any(op.name == "DeleteWhere" for op in operations):
        return False  # its pattern is also its template: USING cannot apply (see with_using)
    return any(op.name == "Modify" and "where" in op and outside_graph(op["where"]) for op in operations)


def with_union_default(update: str, graphs: Callable[[], Sequence[str]]) -> str:
    """The update with every graph as USING and USING NAMED where it reads the default graph (reads_default_graph),
    so that its WHERE sees the union of the graphs, as a query does; otherwise the update unchanged.

    For a store whose own default graph is empty (the embedded store keeps every triple in a named graph)."""
    if not reads_default_graph(update):
        return update
    names = graphs()  # listed only for such an update: the store's own writes never need them
    return with_using(update, names, names) if names else update
