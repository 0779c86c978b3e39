"""SPARQL endpoint latency: newskg's /sparql against rdflib-endpoint and Virtuoso, on one generated news graph.

    python -m bench.sparql_bench [--articles 10000] [--runs 20] [--peer-runs 5] [--skip-rdflib] [--skip-virtuoso]

Generates news-shaped articles as annotated `graph.model.Doc`s (sentences, mentions linked to entities drawn from a
Zipf distribution, countries with ISO codes) and maps them with `graph.rdf.mapping.map_doc`, so the quads are the
ones ingest writes: one named graph per article (~150 quads: metadata, mentions with spans and provenance,
sentences) and the shared descriptions of entities, sources and extractors once in the entities graph. Writes them
once as N-Quads and loads the same file into each engine, each served over HTTP on 127.0.0.1 in its own process:
- newskg, in-memory store (queries in threads);
- newskg, on-disk store (queries in worker processes, `newskg serve --queries-on-disk`);
- newskg, on-disk store answering queries from a copy in memory (`newskg serve --queries-in-memory`);
- `newskg serve` itself, without flags: what a user gets (it chooses memory or disk by the memory budget);
- rdflib-endpoint (pip install rdflib-endpoint; FastAPI + rdflib's SPARQL engine over a Dataset, union default);
- Virtuoso 7 (Debian's virtuoso-opensource), loaded with its bulk loader;
- newskg with Virtuoso as its store (`--store sparql+http://…`): the scale-out set-up, whose /sparql passes each
  query on to Virtuoso and writes the answer again in the negotiated format.
Every engine gets the same queries with the same parameters, POSTed form-encoded with Accept JSON by one client;
the time is the full round trip including reading the response. Prints p50/p95 per query and engine, the ratios
the targets are stated in (rdflib-endpoint / newskg >= 30x, newskg / Virtuoso <= 1.5x at p50), and a row-count check.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babel import Locale  # noqa: E402 (after the sys.path line)

from graph.model import Article, Doc, Entity, Mention, Sentence  # noqa: E402 (after the sys.path line)
from graph.rdf.iris import article_iri, entity_id, entity_iri  # noqa: E402 (after the sys.path line)
from graph.rdf.mapping import map_doc  # noqa: E402 (after the sys.path line)

PREFIXES = "PREFIX schema: <https://schema.org/>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"

# Entity pools by type (Zipf-distributed over all of them): how many distinct entities of each type exist.
ENTITY_POOLS = {"Person": 4000, "Organization": 1000, "Company": 500, "Place": 800}
# Countries by ISO 3166 code: mapped with their CLDR names in Danish and English, as the linker's countries are.
COUNTRY_CODES = [
    "DK", "SE", "NO", "FI", "IS", "DE", "FR", "GB", "US", "CN", "RU", "UA", "PL", "NL", "BE", "LU", "ES", "PT", "IT",
    "GR", "AT", "CH", "CZ", "SK", "HU", "RO", "BG", "HR", "SI", "RS", "EE", "LV", "LT", "IE", "TR", "IL", "EG", "IN",
    "PK", "JP", "KR", "KP", "TW", "VN", "TH", "ID", "AU", "NZ", "CA", "MX", "BR", "AR", "CL", "ZA", "NG", "KE", "ET",
    "IR", "IQ", "SY", "SA",
]
SOURCES = ["Nordic Ledger", "Harbour Times", "Daily Wire", "Jysk Avis", "Copenhagen Post"]
# Sentence frames with one or two slots for entity names (made up for this bench).
FRAMES = [
    "{0} said on Tuesday that talks with {1} would go on.",
    "According to {0}, the plan was changed after a meeting in {1}.",
    "{0} and {1} signed the agreement late in the evening.",
    "The decision was criticised by {0}.",
    "Officials from {0} declined to comment on the report.",
    "{0} will present the figures to {1} next week.",
]


def make_entities() -> list[Entity]:
    entities = [
        Entity(entity_id(type_, f"{type_} {i}"), type_, f"{type_} {i}")
        for type_, size in ENTITY_POOLS.items()
        for i in range(size)
    ]
    english = Locale.parse("en").territories
    entities += [
        Entity(entity_id("Country", code), "Country", english[code], codes={"iso3166": code}) for code in COUNTRY_CODES
    ]
    return entities


def make_doc(a: int, n_articles: int, rng: random.Random, entities: list[Entity], weights: list[float]) -> Doc:
    """One article as the pipeline would leave it: sentences, mentions linked to entities, the entities."""
    aid = f"gen-{a:06d}"
    picks = rng.choices(range(len(entities)), weights=weights, k=rng.randint(6, 11))
    chosen = [entities[i] for i in dict.fromkeys(picks)]
    # Each entity is named once or twice; names fill sentence frames in order.
    names = chosen + rng.sample(chosen, k=len(chosen) // 3)
    rng.shuffle(names)
    lang = rng.choice(["da", "en"])
    doc = Doc(
        Article(
            text="",
            id=aid,
            title=f"{names[0].label} in the news, story {a}",
            url=f"https://news.example.org/{aid}",
            published=f"2025-{1 + a * 12 // n_articles:02d}-{1 + a % 28:02d}",
            source=SOURCES[rng.randrange(len(SOURCES))],
            lang=lang,
        ),
        text="",
        lang=lang,
    )
    parts: list[str] = []
    offset = 0
    while names:
        frame = rng.choice(FRAMES)
        slots = min(frame.count("{"), len(names))
        if slots < frame.count("{"):
            frame = FRAMES[3]
        used, names = names[:slots], names[slots:]
        sentence_start = offset
        pieces = re.split(r"(\{\d\})", frame)
        sentence = ""
        for piece in pieces:
            m = re.fullmatch(r"\{(\d)\}", piece)
            if not m:
                sentence += piece
                continue
            ent = used[int(m.group(1))]
            start = offset + len(sentence)
            doc.mentions.append(
                Mention(
                    start,
                    start + len(ent.label),
                    ent.label,
                    ent.type,
                    ent.id,
                    ent.label,
                    0.9,
                    "mentions",
                    len(doc.sentences),
                )
            )
            doc.entities[ent.id] = ent
            sentence += ent.label
        doc.sentences.append(Sentence(sentence_start, sentence_start + len(sentence), sentence))
        parts.append(sentence)
        offset += len(sentence) + 1
    doc.text = doc.article.text = " ".join(parts)
    doc.body = (0, len(doc.text))
    return doc


def generate(n_articles: int, seed: int = 7) -> tuple[list[ox.Quad], dict[str, list]]:
    """A synthetic news graph, mapped by graph.rdf.mapping exactly as ingest maps articles, and the ids the
    queries take as parameters (frequent entities and people, articles spread over the set).

    Quads of shared descriptions (entities, sources, extractors in the entities graph) come once each."""
    rng = random.Random(seed)
    entities = make_entities()
    rng.shuffle(entities)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(entities))]  # Zipf: a few entities in many articles
    own: list[ox.Quad] = []
    shared: dict[ox.Quad, None] = {}
    counts: dict[str, int] = {}
    articles: list[str] = []
    named: list[list[str]] = []  # entity ids of each article
    for a in range(n_articles):
        doc = make_doc(a, n_articles, rng, entities, weights)
        mapped = map_doc(doc)
        for q in mapped.placed_quads():
            if q.graph_name == mapped.graph:
                own.append(q)
            else:
                shared[q] = None
        articles.append(article_iri(mapped.article_id))
        named.append(list(doc.entities))
        for eid in doc.entities:
            counts[eid] = counts.get(eid, 0) + 1
    frequent = [entity_iri(eid) for eid in sorted(counts, key=lambda eid: (-counts[eid], eid))]
    sample = list(range(0, n_articles, max(1, n_articles // 40)))[:40]
    # Pairs that occur together somewhere, as a reader would look them up: in each sampled article, a person and
    # the most frequent other entity it names.
    pairs = []
    for i in sample:
        people = [eid for eid in named[i] if eid.startswith("person-")]
        if people:
            person = max(people, key=lambda eid: (counts[eid], eid))
            other = max((eid for eid in named[i] if eid != person), key=lambda eid: (counts[eid], eid))
            pairs.append((entity_iri(other), entity_iri(person)))
    params = {
        "entity": frequent[5:45],  # popular but not the very top: typical lookups
        "pair": pairs,
        "article": [articles[i] for i in sample],
    }
    return list(shared) + own, params


def _pick(p: dict[str, list], key: str, i: int):
    return p[key][i % len(p[key])]


# Written as a researcher would against the documented layout (README, "Default graph and named graphs"): the
# default graph is the union of the article graphs and the entities graph, so no GRAPH clauses; labels and types
# of entities come from their one description in the entities graph.
QUERIES: dict[str, Callable[[dict[str, list], int], str]] = {
    "co-mentions of an entity": lambda p, i: PREFIXES
    + f"""SELECT ?other ?label (COUNT(DISTINCT ?a) AS ?articles) WHERE {{
  ?a schema:mentions <{_pick(p, 'entity', i)}> , ?other .
  FILTER(?other != <{_pick(p, 'entity', i)}>)
  ?other skos:prefLabel ?label .
}} GROUP BY ?other ?label ORDER BY DESC(?articles) ?other ?label LIMIT 20""",
    "related articles": lambda p, i: PREFIXES
    + f"""SELECT ?b ?headline (COUNT(DISTINCT ?e) AS ?shared) WHERE {{
  <{_pick(p, 'article', i)}> schema:mentions ?e .
  ?b schema:mentions ?e ; schema:headline ?headline .
  FILTER(?b != <{_pick(p, 'article', i)}>)
}} GROUP BY ?b ?headline ORDER BY DESC(?shared) ?b LIMIT 10""",
    "articles with two entities": lambda p, i: PREFIXES
    + f"""SELECT ?a ?headline ?published WHERE {{
  ?a schema:mentions <{_pick(p, 'pair', i)[0]}> , <{_pick(p, 'pair', i)[1]}> ;
     schema:headline ?headline ; schema:datePublished ?published .
}} ORDER BY DESC(?published) ?a""",
    "counts by type": lambda p, i: PREFIXES
    + """SELECT ?type (COUNT(DISTINCT ?e) AS ?entities) (COUNT(DISTINCT ?a) AS ?articles) WHERE {
  ?a schema:mentions ?e .
  ?e a ?type .
} GROUP BY ?type ORDER BY ?type""",
}


# Servers, each in its own process on 127.0.0.1.


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NEWSKG_SERVER = """
import sys, uvicorn
sys.path.insert(0, {root!r})
from api.app import create_app
from graph.settings import Settings
from graph.store.oxigraph import OxigraphStore
from graph.store import open_store
if {remote!r}:
    store = open_store({remote!r})
else:
    store = open_store({path!r}, queries_in_memory=True) if {in_memory!r} else OxigraphStore({path!r})
if {load!r}:
    with open({data!r}, "rb") as f:
        store.load(f)
settings = Settings(store="memory:", query_timeout=120, max_result_rows=1_000_000)
uvicorn.run(create_app(settings, store), host="127.0.0.1", port={port}, log_level="warning")
"""

# `newskg serve` as a user starts it, without flags (it picks how to answer queries and says so); only the limits
# are raised as for the other newskg engines, so that every engine answers every query whole.
NEWSKG_SERVE = """
import os, sys
sys.path.insert(0, {root!r})
os.environ.update(NEWSKG_QUERY_TIMEOUT="120", NEWSKG_MAX_RESULT_ROWS="1000000")
sys.argv = ["newskg", "serve", "--store", {path!r}, "--port", "{port}"]
from api.cli import main
main()
"""

RDFLIB_SERVER = """
import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
ds = Dataset(default_union=True)
ds.parse({data!r}, format="nquads")
uvicorn.run(SparqlEndpoint(graph=ds), host="127.0.0.1", port={port}, log_level="warning")
"""


class Process:
    def __init__(self, code: str, port: int, path: str = "/sparql") -> None:
        self.url = f"http://127.0.0.1:{port}{path}"
        self.proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)

    def wait_ready(self, timeout: float = 600) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server for {self.url} exited with {self.proc.returncode}")
            try:
                if (
                    httpx.post(
                        self.url,
                        data={"query": "ASK { ?s ?p ?o }"},
                        headers={"Accept": "application/sparql-results+json"},
                        timeout=5,
                    ).status_code
                    == 200
                ):
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server for {self.url} did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def load_virtuoso(server, data: Path) -> None:
    """Virtuoso's bulk loader: 15-30x faster than INSERT DATA over HTTP."""
    target = server.dir / "load"
    target.mkdir()
    shutil.copy(data, target / "data.nq")
    server.isql(f"ld_dir('{target}', 'data.nq', 'https://w3id.org/newskg/graph/unused'); rdf_loader_run(); checkpoint;")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure(url: str, params: dict[str, list[str]], runs: int, warmup: int = 1) -> dict[str, tuple[float, float, int]]:
    """p50 and p95 in ms and the row count of the first run, per query."""
    out: dict[str, tuple[float, float, int]] = {}
    with httpx.Client(timeout=600) as client:
        for name, make in QUERIES.items():
            times: list[float] = []
            rows = -1
            for i in range(warmup + runs):
                query = make(params, i)
                started = time.perf_counter()
                r = client.post(url, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
                body = r.content
                elapsed = (time.perf_counter() - started) * 1000
                if r.status_code != 200:
                    raise RuntimeError(f"{url}: {name}: HTTP {r.status_code}: {body[:300]!r}")
                if i == warmup:  # the same parameters for every engine: all use the same warm-up count
                    rows = len(r.json()["results"]["bindings"])
                if i >= warmup:
                    times.append(elapsed)
            out[name] = (percentile(times, 0.5), percentile(times, 0.95), rows)
            print(f"  {name}: p50 {out[name][0]:.1f} ms, p95 {out[name][1]:.1f} ms, {rows} rows", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=20, help="timed runs per query for newskg and Virtuoso")
    ap.add_argument("--peer-runs", type=int, default=5, help="timed runs per query for rdflib-endpoint (slow)")
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument("--skip-virtuoso", action="store_true")
    args = ap.parse_args()
    # Stopped with SIGTERM: still stop the servers and remove the data (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    work = Path(tempfile.mkdtemp(prefix="newskg-sparql-bench-"))
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    servers: list = []
    try:
        started = time.monotonic()
        quads, params = generate(args.articles)
        data = work / "data.nq"
        with data.open("wb") as f:
            ox.serialize(quads, f, format=ox.RdfFormat.N_QUADS)
        print(
            f"generated {args.articles:,} articles, {len(quads):,} quads in {time.monotonic() - started:.1f} s",
            flush=True,
        )
        del quads

        engines: list[tuple[str, Callable[[], str]]] = []

        def serve(server: Process) -> str:
            """Wait for a server process to answer; it is stopped after its measurement (or at the end)."""
            servers.append(server)
            print(f"  ready in {server.wait_ready():.1f} s", flush=True)
            return server.url

        def newskg(path: str | None, in_memory: bool = False) -> Callable[[], str]:
            def start() -> str:
                port = free_port()
                if path is not None:  # load once in this process, then serve: the store opens in one process at a time
                    from graph.store.oxigraph import OxigraphStore

                    st = OxigraphStore(path)
                    with data.open("rb") as f:
                        st.load(f)
                    st.close()
                code = NEWSKG_SERVER.format(
                    root=str(ROOT),
                    path=path,
                    in_memory=in_memory,
                    remote=None,
                    load=path is None,
                    data=str(data),
                    port=port,
                )
                return serve(Process(code, port))

            return start

        engines.append(("newskg (memory)", newskg(None)))
        engines.append(("newskg (disk, workers)", newskg(str(work / "oxigraph"))))
        engines.append(("newskg (disk, queries in memory)", newskg(str(work / "oxigraph-m"), in_memory=True)))

        def newskg_serve() -> str:
            port, path = free_port(), str(work / "oxigraph-d")
            from graph.store.oxigraph import OxigraphStore

            st = OxigraphStore(path)
            with data.open("rb") as f:
                st.load(f)
            st.close()
            return serve(Process(NEWSKG_SERVE.format(root=str(ROOT), path=path, port=port), port))

        engines.append(("newskg serve (default)", newskg_serve))
        if not args.skip_virtuoso:

            def virtuoso() -> str:
                from tests.support.virtuoso import VirtuosoServer, virtuoso_available

                if not virtuoso_available():
                    raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
                server = VirtuosoServer(buffers=170_000).start()
                servers.append(server)
                t = time.monotonic()
                load_virtuoso(server, data)
                print(f"  bulk-loaded in {time.monotonic() - t:.1f} s", flush=True)
                return server.endpoint

            def newskg_on_virtuoso() -> str:
                """newskg's server in front of the Virtuoso just measured (still running, stopped after this)."""
                port = free_port()
                remote = "sparql+" + servers[-1].endpoint
                code = NEWSKG_SERVER.format(
                    root=str(ROOT), path=None, in_memory=False, remote=remote, load=False, data=str(data), port=port
                )
                return serve(Process(code, port))

            engines.append(("Virtuoso", virtuoso))
            engines.append(("newskg (on Virtuoso)", newskg_on_virtuoso))
        if not args.skip_rdflib:

            def rdflib_endpoint() -> str:
                port = free_port()
                return serve(Process(RDFLIB_SERVER.format(data=str(data), port=port), port, path="/"))

            engines.append(("rdflib-endpoint", rdflib_endpoint))

        for name, start in engines:
            print(f"{name}: (load average {os.getloadavg()[0]:.1f})", flush=True)
            url = start()
            runs = args.peer_runs if name == "rdflib-endpoint" else args.runs
            results[name] = measure(url, params, runs)
            if name != "Virtuoso":  # Virtuoso keeps running for "newskg (on Virtuoso)", measured next
                while servers:
                    servers.pop().stop()
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)

    report(results, args.articles)
    one, five, fifteen = os.getloadavg()
    print(f"load average at the end: {one:.1f} / {five:.1f} / {fifteen:.1f} (1/5/15 min) on {os.cpu_count()} CPUs")


def report(results: dict[str, dict[str, tuple[float, float, int]]], n_articles: int) -> None:
    engines = list(results)
    print(f"\nSPARQL over HTTP, {n_articles:,} articles: p50 / p95 in ms (one client, sequential)")
    header = f"{'query':28}" + "".join(f"{e:>34}" for e in engines)
    print(header)
    print("-" * len(header))
    for q in QUERIES:
        print(f"{q:28}" + "".join(f"{results[e][q][0]:>23.1f} /{results[e][q][1]:>9.1f}" for e in engines))
    print()
    for peer, target in (("rdflib-endpoint", ">= 30x"), ("Virtuoso", "<= 1.5x")):
        if peer not in results:
            continue
        # Virtuoso against rdflib-endpoint too: how far the 30x target is for an established engine.
        compared = [e for e in engines if e.startswith("newskg") or (peer == "rdflib-endpoint" and e == "Virtuoso")]
        for mine in compared:
            ratios = []
            for q in QUERIES:
                a, b = results[mine][q][0], results[peer][q][0]
                ratios.append(b / a if peer == "rdflib-endpoint" else a / b)
            label = f"{peer} / {mine}" if peer == "rdflib-endpoint" else f"{mine} / {peer}"
            per_query = ", ".join(f"{q}: {r:.2f}x" for q, r in zip(QUERIES, ratios, strict=True))
            geo = math.exp(statistics.fmean(math.log(r) for r in ratios))
            print(f"p50 {label} (target {target}): geometric mean {geo:.2f}x; {per_query}")
    mismatched = [q for q in QUERIES if len({results[e][q][2] for e in engines}) > 1]
    print(
        "\nrow counts agree across engines" if not mismatched else f"\nROW COUNTS DIFFER for: {', '.join(mismatched)}"
    )
    if mismatched:
        for q in mismatched:
            print(f"  {q}: " + ", ".join(f"{e}={results[e][q][2]}" for e in engines))


if __name__ == "__main__":
    main()
