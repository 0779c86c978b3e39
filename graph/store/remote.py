"""A remote SPARQL 1.1 Query+Update endpoint as a newskg store: Virtuoso, Fuseki, GraphDB, an Oxigraph server.

Location syntax (for `--store` and `$NEWSKG_STORE`):

    sparql+http://127.0.0.1:8890/sparql                       read-only, anonymous
    sparql+http://user:pw@127.0.0.1:8890/sparql-auth          queries and updates with HTTP Digest auth (Virtuoso)
    sparql+http://user:pw@host/ds/sparql?update=http://host/ds/update&auth=basic
                                                              a separate update endpoint, HTTP Basic auth (Fuseki)
    sparql+http://:TOKEN@127.0.0.1:8000/sparql?auth=bearer   another newskg server, with its write token
    sparql+https://…                                           the same over TLS

Query parameters of the location: `update=` (the update endpoint; default: the query endpoint),
`auth=digest|basic|bearer` (default digest, which Virtuoso's /sparql-auth wants; bearer sends the password as a
token), `timeout=` (seconds per request, default 60).

How the newskg semantics map onto the server:
- Each article is a named graph, and shared entity descriptions live in the entities graph; a query without a
  dataset sees the union of them all as its default graph. Virtuoso
  does so out of the box; Fuseki needs `tdb2:unionDefaultGraph true` and `oxigraph serve` `--union-default-graph`.
- Virtuoso keeps its own system graphs (about 5,000 triples of ontology and DAV data) in the same quad table.
  They are excluded from queries with Virtuoso's `define input:default-graph-exclude` / `named-graph-exclude`
  pragmas, so the default graph is exactly the union of newskg's graphs. Virtuoso 7.2 answers no rows for a
  constant `GRAPH <iri> { … }` under those pragmas (a bug), so a query naming a graph that way is sent without
  them: its default-graph patterns then also see the system graphs, as on a plain Virtuoso.
- Writes are `DROP SILENT GRAPH` + `INSERT DATA` requests of at most ~250 triples: larger requests fail on
  Virtuoso (SP031). An article above that size is written in several requests and so is not atomic on a remote
  store; articles of usual size (30-250 triples) are written in one request each.
- Several clients may write at once (cluster workers, `newskg ingest` beside a running `newskg serve`). On Virtuoso
  each article write also records, in the same request, the article graph, the server's time (`NOW()`) and the
  writing client in a change log graph (CHANGES_GRAPH, hidden from queries like the system graphs); `catch_up()`,
  which the caches call before they answer, reads the entries of other clients at most once a second, so the
  related-stories index and the stories follow articles written or removed elsewhere. Entries are read again for
  a few seconds after their time (CHANGE_OVERLAP_SECONDS), so a write that committed after a later one is not
  missed. Updates sent as SPARQL text (`update()`) are not logged: other clients see them at their next start.
  Other servers keep no log: there `generation` counts only the writes made through this object.
"""
from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import IO
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from graph.rdf.iris import GRAPH, article_id_from_iri, graph_iri
from graph.rdf.mapping import MappedArticle
from graph.rdf.namespaces import ENTITIES_GRAPH, NKG
from graph.sparql.dataset import dataset_clauses, without_dataset_clauses
from graph.store.base import QuerySyntaxError, Store, StoreError, dump_format, read_dump

TRIPLES_PER_REQUEST = 250
EMPTY_GRAPH = "urn:newskg:no-graph"  # a graph nobody writes: FROM it is an empty default graph
GRAPHS_PER_DUMP_REQUEST = 200
NEWSKG_GRAPHS = "https://w3id.org/newskg/"  # what every graph newskg writes is named under
# Which article graphs were written or removed when, and by which client (Virtuoso: see the module's docstring).
CHANGES_GRAPH = "urn:newskg:changes"
CHANGE_OVERLAP_SECONDS = 10.0
POLL_SECONDS = 1.0
_CHANGED_AT, _CHANGED_BY = f"{NKG}changedAt", f"{NKG}changedBy"
_EMPTY_LOG = datetime(2000, 1, 1)  # where reading starts when the log had no entry yet

_PROLOGUE = re.compile(
    r"(?:\s+|#[^\n]*(?:\n|$)|(?i:prefix)\s*[^\s:]*:\s*<[^>]*>|(?i:base)\s*<[^>]*>"
    r"|(?i:define)\s+[^\s]+\s+(?:<[^>]*>|\"[^\"]*\"|'[^']*'|\S+))*"
)
_CONSTANT_GRAPH = re.compile(r"(?i:\bgraph)\s*(?:<|[A-Za-z_][\w.-]*:|:)")
_FORM = re.compile(r"(?i:select|ask|construct|describe)\b")


def query_form(sparql: str) -> str:
    """'select', 'ask', 'construct' or 'describe': the query form after the prologue (PREFIX, BASE, comments)."""
    prologue = _PROLOGUE.match(sparql)
    start = prologue.end() if prologue else 0  # the pattern matches the empty string: always a match
    m = _FORM.match(sparql, start)
    if m is None:
        snippet = sparql[start : start + 30].strip() or "end of query"
        raise QuerySyntaxError(f"expected SELECT, ASK, CONSTRUCT or DESCRIBE at position {start}, found {snippet!r}")
    return m.group(0).lower()


def _with_base(sparql: str, base_iri: str | None) -> str:
    """`sparql` with a BASE first, unless it gives its own (Virtuoso refuses two)."""
    prologue = _PROLOGUE.match(sparql)
    if base_iri is None or (prologue and re.search(r"(?i:base)\s*<", prologue.group())):
        return sparql
    return f"BASE <{base_iri}>\n{sparql}"


class RemoteTriples:
    """The triples of a remote CONSTRUCT or DESCRIBE: iterable, and serialisable like pyoxigraph's QueryTriples."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def serialize(self, output=None, format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES):
        return ox.serialize(self._triples, output, format=format)


def _nt(term) -> str:
    """A term in N-Triples syntax, as SPARQL INSERT DATA wants it."""
    return str(term)


class _BearerAuth(httpx.Auth):
    """`Authorization: Bearer <token>`, as newskg's own /sparql wants for updates."""

    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


class RemoteSparqlStore(Store):
    """The `Store` interface over the SPARQL 1.1 Protocol with httpx."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        auth: httpx.Auth | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.generation = 0
        self._client = httpx.Client(auth=auth, timeout=timeout, headers={"User-Agent": "newskg"})
        self._pragmas: str | None = None  # Virtuoso graph exclusions, found on first use
        self._virtuoso = False  # known once _pragmas is
        self.client_id = uuid.uuid4().hex  # this object's writes in the change log
        self.poll_seconds = POLL_SECONDS
        self._poll_lock = threading.Lock()
        self._last_poll = float("-inf")
        self._watermark: datetime | None = None  # the latest change seen (the server's clock)
        self._seen: set[tuple[str, datetime]] = set()  # changes read within the overlap, not to be told twice

    @classmethod
    def from_location(cls, location: str) -> RemoteSparqlStore:
        """Build from `sparql+http://[user:pw@]host:port/path[?update=…&auth=digest|basic|bearer&timeout=…]`."""
        if not location.startswith(("sparql+http://", "sparql+https://")):
            raise StoreError(f"not a remote SPARQL location: {location!r}")
        parts = urlsplit(location[len("sparql+") :])
        if not parts.hostname:
            raise StoreError(f"no host in remote SPARQL location {location!r}")
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        unknown = set(options) - {"update", "auth", "timeout"}
        if unknown:
            names = ", ".join(sorted(unknown))
            raise StoreError(f"unknown option(s) {names} in {location!r}; use update=, auth=, timeout=")
        netloc = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        if ":" in parts.hostname:  # an IPv6 literal
            netloc = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
        query_url = urlunsplit((parts.scheme, netloc, parts.path or "/", "", ""))
        auth: httpx.Auth | None = None
        if parts.username or parts.password:
            user, pw = unquote(parts.username or ""), unquote(parts.password or "")
            kind = options.get("auth", "digest")
            if kind not in ("digest", "basic", "bearer"):
                raise StoreError(f"auth must be digest, basic or bearer, got {kind!r}")
            if kind == "bearer":
                auth = _BearerAuth(pw or user)
            else:
                auth = httpx.DigestAuth(user, pw) if kind == "digest" else httpx.BasicAuth(user, pw)
        try:
            timeout = float(options.get("timeout", 60))
        except ValueError:
            raise StoreError(f"timeout must be a number of seconds, got {options['timeout']!r}") from None
        return cls(query_url, options.get("update"), auth, timeout)

    def __repr__(self) -> str:
        return f"RemoteSparqlStore({self.query_url})"

    # HTTP

    def _post(self, url: str, data: dict, accept: str, timeout: float | None = None) -> httpx.Response:
        try:
            limit = httpx.USE_CLIENT_DEFAULT if timeout is None else timeout
            response = self._client.post(url, data=data, headers={"Accept": accept}, timeout=limit)
        except httpx.TimeoutException as e:
            raise StoreError(f"SPARQL endpoint {url} did not answer in time") from e
        except httpx.HTTPError as e:
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {e}") from e
        if response.status_code == 400:
            raise QuerySyntaxError(_server_message(response))
        if response.status_code in (401, 403):
            raise StoreError(
                f"SPARQL endpoint {url} refused the request ({response.status_code}): check the user and password"
            )
        if response.status_code >= 300:
            raise StoreError(f"SPARQL endpoint {url} answered {response.status_code}: {_server_message(response)}")
        return response

    def _virtuoso_pragmas(self) -> str:
        """`define` lines hiding Virtuoso's system graphs; empty for other servers."""
        if self._pragmas is None:
            probe = self._post(self.query_url, {"query": "ASK {}"}, "application/sparql-results+json")
            if "virtuoso" not in probe.headers.get("server", "").lower():
                self._pragmas = ""
            else:
                self._virtuoso = True
                rows = self._select_raw(
                    "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                    f'FILTER(!STRSTARTS(STR(?g), "{GRAPH}") && STR(?g) != "{ENTITIES_GRAPH}") }}'
                )
                graphs = [r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode)]
                graphs = [*dict.fromkeys([*graphs, CHANGES_GRAPH])]  # the change log, also before its first entry
                self._pragmas = "".join(
                    f"define input:default-graph-exclude <{g}>\ndefine input:named-graph-exclude <{g}>\n"
                    for g in graphs
                )
        return self._pragmas

    def _select_raw(self, sparql: str) -> list[ox.QuerySolution]:
        r = self._post(self.query_url, {"query": sparql}, "application/sparql-results+json")
        results = ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON)
        if not isinstance(results, ox.QuerySolutions):
            raise StoreError(f"SPARQL endpoint {self.query_url} answered a SELECT with a boolean")
        return list(results)

    # Store interface

    def query(self, sparql, *, default_graph=None, named_graphs=None, base_iri=None, timeout: float | None = None):
        form = query_form(sparql)
        data: dict[str, str | list[str]] = {}
        if default_graph is not None or named_graphs is not None:
            # Virtuoso adds the protocol's graphs to the query's own: drop the query's, as the protocol says.
            sparql = without_dataset_clauses(sparql)
            default_graph = list(default_graph or ()) or [EMPTY_GRAPH]
        else:
            clauses = dataset_clauses(sparql)
            if clauses.has_from_named and not clauses.has_from:
                # FROM NAMED alone leaves the default graph empty in SPARQL 1.1; Virtuoso would take every graph.
                start = clauses.spans[0][0]
                sparql = f"{sparql[:start]}FROM <{EMPTY_GRAPH}> {sparql[start:]}"
        if default_graph:
            data["default-graph-uri"] = list(default_graph)
        if named_graphs:
            data["named-graph-uri"] = list(named_graphs)
        hide_system_graphs = not (default_graph and named_graphs) and not _CONSTANT_GRAPH.search(sparql)
        based = _with_base(sparql, base_iri)
        data["query"] = self._virtuoso_pragmas() + based if hide_system_graphs else based
        if form in ("construct", "describe"):
            r = self._post(self.query_url, data, "application/n-triples, text/turtle;q=0.9", timeout)
            ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
            fmt = ox.RdfFormat.TURTLE if ctype == "text/turtle" else ox.RdfFormat.N_TRIPLES
            try:
                quads = ox.parse(r.content, format=fmt)
                return RemoteTriples([ox.Triple(q.subject, q.predicate, q.object) for q in quads])
            except SyntaxError as e:
                raise StoreError(f"SPARQL endpoint sent unreadable {ctype or 'RDF'}: {e}") from e
        r = self._post(self.query_url, data, "application/sparql-results+json", timeout)
        try:
            return ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as e:
            raise StoreError(f"SPARQL endpoint sent unreadable JSON results: {e}") from e

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        targets = self._update_targets(sparql)
        self._post(self.update_url, {"update": _with_base(sparql, base_iri)}, "*/*")
        self._wrote(targets)

    def replace_articles(self, articles: Sequence[MappedArticle]) -> None:
        if not articles:
            return
        request: list[str] = []
        size = 0
        for art in articles:
            g = art.graph.value
            request.append(f"DROP SILENT GRAPH <{g}>")
            # The article's own quads go to its graph, shared descriptions (entity labels) to the entities graph.
            by_graph: dict[str, list[ox.Quad]] = {}
            for q in art.placed_quads():
                assert isinstance(q.graph_name, ox.NamedNode)  # placed quads always name their graph
                by_graph.setdefault(q.graph_name.value, []).append(q)
            for target, quads in by_graph.items():
                for i in range(0, len(quads), TRIPLES_PER_REQUEST):
                    chunk = quads[i : i + TRIPLES_PER_REQUEST]
                    if size and size + len(chunk) > TRIPLES_PER_REQUEST:
                        self._send(request)
                        request, size = [], 0
                    body = "\n".join(f"{_nt(q.subject)} {_nt(q.predicate)} {_nt(q.object)} ." for q in chunk)
                    request.append(f"INSERT DATA {{ GRAPH <{target}> {{\n{body}\n}} }}")
                    size += len(chunk)
            request += self._change_entry(g)  # in the request that completes the article
        if request:
            self._send(request)
        self._wrote(a.article_id for a in articles)

    def _change_entry(self, graph: str) -> list[str]:
        """The operations recording a write of `graph` in the change log (none on servers that keep no log)."""
        self._virtuoso_pragmas()
        if not self._virtuoso:
            return []
        c = f"<{CHANGES_GRAPH}>"
        return [
            f"DELETE WHERE {{ GRAPH {c} {{ <{graph}> ?p ?o }} }}",
            f'INSERT {{ GRAPH {c} {{ <{graph}> <{_CHANGED_AT}> ?t ; <{_CHANGED_BY}> "{self.client_id}" }} }} '
            "WHERE { BIND(NOW() AS ?t) }",
        ]

    def catch_up(self) -> None:
        """Tell the listeners of the articles other clients wrote or removed since the last poll (Virtuoso's
        change log; at most one poll per `poll_seconds`)."""
        self._virtuoso_pragmas()
        if not self._virtuoso:
            return
        with self._poll_lock:
            now = time.monotonic()
            if now - self._last_poll < self.poll_seconds:
                return
            self._last_poll = now
            entry = f"GRAPH <{CHANGES_GRAPH}> {{ ?g <{_CHANGED_AT}> ?t ; <{_CHANGED_BY}> ?by }}"
            if self._watermark is None:  # the first poll: only what comes after the log's latest entry
                rows = self._select_raw(f"SELECT ?t WHERE {{ {entry} }} ORDER BY DESC(?t) LIMIT 1")
                self._watermark = _datetime(rows[0]["t"]) if rows else _EMPTY_LOG
            since = (self._watermark - timedelta(seconds=CHANGE_OVERLAP_SECONDS)).isoformat()
            rows = self._select_raw(
                f'SELECT ?g ?t WHERE {{ {entry} FILTER(?t >= "{since}"^^<http://www.w3.org/2001/XMLSchema#dateTime> '
                f'&& ?by != "{self.client_id}") }}'
            )
            changes = {(r["g"].value, _datetime(r["t"])) for r in rows if isinstance(r["g"], ox.NamedNode)}
            new = changes - self._seen
            if changes:
                self._watermark = max(self._watermark, max(t for _, t in changes))
            cut = self._watermark - timedelta(seconds=CHANGE_OVERLAP_SECONDS)
            self._seen = {(g, t) for g, t in self._seen | changes if t >= cut}
        ids = {article_id_from_iri(g) for g, _ in new if g.startswith(GRAPH)}
        if ids:
            self._wrote(sorted(ids))

    def _send(self, operations: list[str]) -> None:
        try:
            self._post(self.update_url, {"update": " ;\n".join(operations)}, "*/*")
        except QuerySyntaxError as e:  # the server rejected text we generated: our bug or its limit, not the user's
            raise StoreError(f"SPARQL endpoint rejected an article update: {e}") from e

    def remove_article(self, article_id: str) -> bool:
        g = graph_iri(article_id)
        if not self.has_article(article_id):
            return False
        self._send([f"DROP SILENT GRAPH <{g}>", *self._change_entry(g)])
        self._wrote([article_id])
        return True

    def article_graphs(self) -> Iterator[str]:
        rows = self._select_raw(
            f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}'
        )
        for r in rows:
            yield r["g"].value

    def count_quads(self) -> int:
        rows = self._select_raw(
            f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH}") || STR(?g) = "{ENTITIES_GRAPH}") }}'
        )
        return int(rows[0]["n"].value) if rows else 0

    def dump(self, out: IO[bytes], fmt: str = "nquads") -> None:
        rdf_format = dump_format(fmt)
        # Every graph newskg writes: the articles', the entities graph and the stories graph (not the change log).
        rows = self._select_raw(
            f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{NEWSKG_GRAPHS}")) }}'
        )
        graphs = sorted(r["g"].value for r in rows)
        for start in range(0, len(graphs), GRAPHS_PER_DUMP_REQUEST):
            values = " ".join(f"<{g}>" for g in graphs[start : start + GRAPHS_PER_DUMP_REQUEST])
            rows = self._select_raw(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
            quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
            ox.serialize(quads, out, format=rdf_format)

    def load(self, data: IO[bytes], fmt: str = "nquads") -> int:
        shared, articles = read_dump(data, fmt)
        by_graph: dict[str, list[ox.Quad]] = {}
        for q in shared:  # the entities graph, and the stories graph
            by_graph.setdefault(getattr(q.graph_name, "value", ENTITIES_GRAPH), []).append(q)
        for graph, quads in by_graph.items():
            for i in range(0, len(quads), TRIPLES_PER_REQUEST):
                chunk = quads[i : i + TRIPLES_PER_REQUEST]
                body = "\n".join(f"{_nt(q.subject)} {_nt(q.predicate)} {_nt(q.object)} ." for q in chunk)
                self._send([f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"])
        if shared:
            self._wrote(None)  # labels of any entity may have changed
        for start in range(0, len(articles), 50):
            self.replace_articles(articles[start : start + 50])
        return len(shared) + sum(len(a.quads) for a in articles)

    def close(self) -> None:
        self._client.close()


def _datetime(term: object) -> datetime:
    """A change log time as the server wrote it (Virtuoso: local time, microseconds, no zone)."""
    value = term.value if isinstance(term, ox.Literal) else ""
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return _EMPTY_LOG


def _server_message(response: httpx.Response) -> str:
    """The first informative lines of a server's error page, without Virtuoso's echo of the query."""
    text = response.text.strip()
    text = text.split("\n\nSPARQL query:")[0]
    text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:500] or f"HTTP {response.status_code}"
