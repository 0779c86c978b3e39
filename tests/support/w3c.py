"""A runner for the W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description test manifests.

The manifests (https://github.com/w3c/rdf-tests, sparql/sparql11/{protocol,http-rdf-update,service-description})
describe each test as HTTP requests (ht:Request) and the answers expected (mf:expectedStatus, mf:expectedBoolean,
mf:expectedFormat, response headers and RDF bodies). This runner reads them with rdflib and replays them against a
live server, with two adaptations to newskg, both mechanical:
- paths: the manifests' `/sparql/` is our `/sparql`, their `/gsp` our `/rdf-graphs`;
- graph names: newskg stores only article graphs (<https://w3id.org/newskg/graph/{id}>), so every IRI a manifest
  uses as a graph name (in `GRAPH`, `FROM`, `USING`, `WITH`, `INTO`, the dataset parameters, `graph=`, test data
  labels) is replaced, everywhere it occurs in the test, by an article graph IRI made from it (`w3c-` + its
  letters and digits), in its requests and its data alike. A consistent renaming of IRIs keeps each test's
  meaning: the same graphs, the same data, the same expectations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, unquote_plus

import httpx
import rdflib.compare
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import Namespace

from graph.rdf.iris import GRAPH

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

STATUS = {"OK": {200}, "Created": {201}, "NoContent": {204}, "NotFound": {404}}
PATHS = (("/sparql/", "/sparql"), ("/gsp", "/rdf-graphs"))
_GRAPH_IN_TEXT = re.compile(r"(?i:\b(?:graph|from\s+named|from|using\s+named|using|with|into))\s*<([^>]+)>")
_GRAPH_PARAMS = "graph|default-graph-uri|named-graph-uri|using-graph-uri|using-named-graph-uri"
_GRAPH_IN_PATH = re.compile(rf"(?<=[?&])(?:{_GRAPH_PARAMS})=([^&]+)")
_RESULT_TYPES = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"),
    "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"),
}


@dataclass
class Expected:
    statuses: set[int]
    status_classes: set[int]  # 2, 3, 4: any status in that hundred
    boolean: bool | None = None
    format: str | None = None
    content_type: str | None = None
    body: str | None = None
    location_var: str | None = None  # mf:expectedLocation: a name later requests use for the Location header


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    encoding: str
    expected: Expected


@dataclass
class W3CTest:
    suite: str
    name: str  # the local name of the test IRI, e.g. query_post_form
    title: str
    requires: set[str] = field(default_factory=set)
    data: list[tuple[Path, str]] = field(default_factory=list)  # (N-Triples file, graph IRI) to load first
    requests: list[Request] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.suite}:{self.name}"


def article_graph_for(iri: str) -> str:
    """The article graph a manifest's graph IRI stands for."""
    return GRAPH + "w3c-" + re.sub(r"[^A-Za-z0-9]+", "-", iri).strip("-")


def _local(node) -> str:
    return re.split(r"[#/]", str(node))[-1]


def _list(g: Graph, head) -> list:
    return list(Collection(g, head)) if head is not None else []


def _expected(g: Graph, resp) -> Expected:
    statuses: set[int] = set()
    classes: set[int] = set()
    for s in g.objects(resp, MF.expectedStatus):
        name = _local(s)
        m = re.fullmatch(r"StatusCode(\d)xx", name)
        if m:
            classes.add(int(m.group(1)))
        elif name in STATUS:
            statuses |= STATUS[name]
        else:
            raise ValueError(f"unknown expected status {s}")
    boolean = g.value(resp, MF.expectedBoolean)
    fmt = g.value(resp, MF.expectedFormat)
    ctype = None
    for h in _list(g, g.value(resp, HT.headers)):
        if str(g.value(h, HT.fieldName)).lower() == "content-type":
            ctype = str(g.value(h, HT.fieldValue))
    body = g.value(resp, HT.body)
    location = g.value(resp, MF.expectedLocation)
    return Expected(
        statuses,
        classes,
        None if boolean is None else bool(boolean.toPython()),
        None if fmt is None else str(fmt),
        ctype,
        None if body is None else str(g.value(body, CNT.chars)),
        None if location is None else str(location),
    )


def load_manifest(path: Path, suite: str) -> list[W3CTest]:
    """The tests of one manifest, in its order."""
    g = Graph()
    g.parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests: list[W3CTest] = []
    for entry in _list(g, g.value(manifest, MF.entries)):
        test = W3CTest(suite, _local(entry), str(g.value(entry, MF.name)))
        test.requires = {_local(r) for r in g.objects(entry, MF.requires)}
        for data in g.objects(entry, UT.graphData):
            file = Path(unquote(str(g.value(data, UT.graph)).removeprefix("file://")))
            test.data.append((file, str(g.value(data, RDFS.label))))
        action = g.value(entry, MF.action)
        for req in _list(g, g.value(action, HT.requests)) if action is not None else []:
            headers = {
                str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue))
                for h in _list(g, g.value(req, HT.headers))
            }
            body = g.value(req, HT.body)
            test.requests.append(
                Request(
                    method=str(g.value(req, HT.methodName)),
                    path=str(g.value(req, HT.absolutePath)),
                    headers=headers,
                    body=None if body is None else str(g.value(body, CNT.chars)),
                    encoding="utf-8" if body is None else str(g.value(body, CNT.characterEncoding) or "UTF-8"),
                    expected=_expected(g, g.value(req, HT.resp)),
                )
            )
        tests.append(test)
    return tests


def load_suites(folder: Path) -> list[W3CTest]:
    """Every test of the three suites under `folder` (the layout of w3c/rdf-tests)."""
    gsp = folder / "graph-store-protocol"
    return (
        load_manifest(folder / "protocol" / "manifest.ttl", "protocol")
        + load_manifest(gsp / "manifest-indirect.ttl", "graph-store")
        + load_manifest(gsp / "manifest-direct.ttl", "graph-store")
        + load_manifest(folder / "service-description" / "manifest.ttl", "service-description")
    )


def graph_names(test: W3CTest) -> set[str]:
    """Every IRI the test uses as a graph name."""
    names = {label for _, label in test.data}
    for req in test.requests:
        names |= {unquote(v) for v in _GRAPH_IN_PATH.findall(req.path)}
        names |= set(_GRAPH_IN_TEXT.findall(req.body or ""))
    return names


class Rewriter:
    """Replaces the test's graph names by article graphs, and the manifests' paths by ours."""

    def __init__(self, test: W3CTest) -> None:
        # Longest first, so that an IRI that is the prefix of another is not replaced inside it.
        self.names = sorted(graph_names(test), key=len, reverse=True)

    def text(self, text: str) -> str:
        for iri in self.names:
            text = text.replace(f"<{iri}>", f"<{article_graph_for(iri)}>")
        return text

    def path(self, path: str) -> str:
        for ours, theirs in PATHS:
            if path.startswith(ours):
                path = theirs + path[len(ours):]
        path = re.sub(
            r"(?<=[?&])(query|update)=([^&]*)",
            lambda m: f"{m.group(1)}={quote(self.text(unquote_plus(m.group(2))), safe='')}",
            path,
        )
        def graph(m: re.Match) -> str:
            iri = unquote(m.group(2))
            value = quote(article_graph_for(iri), safe="") if iri in self.names else m.group(2)
            return f"{m.group(1)}={value}"

        return re.sub(rf"(?<=[?&])({_GRAPH_PARAMS})=([^&]*)", graph, path)


@dataclass
class Outcome:
    ok: bool
    reason: str = ""


def _media(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


def _check(req: Request, response: httpx.Response, base: str) -> str | None:
    """Why the response does not meet the expectation, or None."""
    exp = req.expected
    status = response.status_code
    if status not in exp.statuses and status // 100 not in exp.status_classes:
        wanted = f"{sorted(exp.statuses)} or {sorted(exp.status_classes)}xx"
        return f"{req.method} {req.path}: status {status}, expected {wanted}: {response.text[:200]}"
    media = _media(response.headers.get("content-type"))
    if exp.format is not None and media not in _RESULT_TYPES[exp.format]:
        return f"{req.method} {req.path}: content type {media!r} for a {exp.format} result"
    if exp.boolean is not None:
        answer = _boolean(response, media)
        if answer is not exp.boolean:
            return f"{req.method} {req.path}: answered {answer}, expected {exp.boolean}"
    if exp.content_type is not None and media != _media(exp.content_type):
        return f"{req.method} {req.path}: content type {media!r}, expected {_media(exp.content_type)!r}"
    if exp.body is not None and req.method != "HEAD":
        expected, got = Graph(), Graph()
        expected.parse(data=exp.body, format="turtle", publicID=base)
        got.parse(data=response.text, format=media, publicID=base)  # rdflib names its parsers by media type
        if not rdflib.compare.isomorphic(expected, got):
            return f"{req.method} {req.path}: the graph differs from the expected one:\n{response.text[:400]}"
    return None


def _boolean(response: httpx.Response, media: str) -> bool | None:
    if media == "application/sparql-results+json":
        return response.json().get("boolean")
    if media == "application/sparql-results+xml":
        m = re.search(r"<boolean>\s*(true|false)\s*</boolean>", response.text)
        return None if m is None else m.group(1) == "true"
    return None


def run_test(test: W3CTest, base_url: str, token: str) -> Outcome:
    """Replay the test's requests against the server at `base_url`; writes carry the token."""
    rewrite = Rewriter(test)
    variables: dict[str, str] = {}
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for req in test.requests:
            path, body = rewrite.path(req.path), req.body
            for name, value in variables.items():
                path = path.replace(name, value)
                body = body.replace(name, value) if body is not None else None
            headers = dict(req.headers)
            headers["authorization"] = f"Bearer {token}"
            if body is not None and headers.get("content-type", "").startswith("multipart/"):
                body = body.replace("\r\n", "\n").replace("\n", "\r\n")  # HTTP's line ends, lost in the manifest
            content = None if body is None else rewrite.text(body).encode(req.encoding)
            response = client.request(req.method, path, headers=headers, content=content)
            problem = _check(req, response, base_url + path)
            if problem:
                return Outcome(False, problem)
            if req.expected.location_var and "location" in response.headers:
                variables[req.expected.location_var] = response.headers["location"]
    return Outcome(True)


def run_service_description_test(name: str, base_url: str) -> Outcome:
    """The three Service Description tests, as the W3C's sd test script checks them."""
    endpoint = base_url + "/sparql"
    response = httpx.get(endpoint, headers={"accept": "text/turtle"}, timeout=30)
    if response.status_code != 200:
        return Outcome(False, f"GET {endpoint}: status {response.status_code}")
    g = Graph()
    try:
        g.parse(data=response.text, format="turtle", publicID=endpoint)
    except Exception as e:  # noqa: BLE001 - any parse failure is the test's failure
        return Outcome(False, f"the service description is not Turtle: {e}")
    if name == "returns-rdf":
        return Outcome(len(g) > 0, "the service description is empty")
    services = set(g.subjects(SD.endpoint, URIRef(endpoint)))
    if name == "has-endpoint-triple":
        return Outcome(bool(services), f"no sd:endpoint <{endpoint}> triple")
    if name == "conforms-to-schema":
        languages = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
        for s in services:
            if (s, RDF.type, SD.Service) not in g:
                return Outcome(False, f"{s} is not an sd:Service")
            found = set(g.objects(s, SD.supportedLanguage))
            if not found or not found <= languages:
                return Outcome(False, f"sd:supportedLanguage {found} is not among {languages}")
        return Outcome(bool(services), "no service")
    raise ValueError(f"unknown service description test {name}")
