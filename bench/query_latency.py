"""Query latencies on an on-disk store of 10,000 articles (real BBC articles run through the pipeline, copied with
new ids): the calls behind the API's pages, typical SPARQL, and related stories.

    python -m bench.query_latency [--articles 10000] [--repeat 30]
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from bench._common import (
    figure,
    heading,
    load_note,
    mapped_articles,
    percentiles,
    scaled_nquads,
    source_articles,
    time_ms,
)

SLOW_SECONDS = 5  # one call slower than this is reported once, not repeated
BUDGET_SECONDS = 20  # per query: fewer repeats for slow ones

PREFIXES = "PREFIX schema: <https://schema.org/>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


def build_store(path: Path, articles: int, base_n: int) -> None:
    """The scaled-up store, built with Oxigraph's bulk loader from an N-Quads file (set-up, not a measured path)."""
    base = mapped_articles(base_n)
    nquads = path.parent / "scaled.nq"
    with nquads.open("w", encoding="utf-8") as f:
        for _, text in scaled_nquads(base, articles):
            f.write(text + "\n")
    raw = ox.Store(str(path))
    raw.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    nquads.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--base", type=int, default=300, help="real articles to copy from")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()

    from graph.analysis.articles import get_article, list_articles
    from graph.analysis.entities import get_entity, search_entities
    from graph.analysis.related import RelatedService
    from graph.rdf.iris import short_id
    from graph.store.oxigraph import OxigraphStore

    heading(f"query latency, on-disk store of {args.articles:,} articles")
    _, source = source_articles()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        build_store(Path(tmp) / "kg", args.articles, args.base)
        store = OxigraphStore(Path(tmp) / "kg")
        print(f"  built from {args.base} real articles of {source} in {time.perf_counter() - t:.0f} s; {load_note()}")
        ids = store.article_ids()
        rng = random.Random(8)
        # A frequent and a rare entity, by the number of articles mentioning them.
        counts = Counter(
            short_id(r["e"]) for r in store.select(PREFIXES + "SELECT ?e WHERE { ?a schema:mentions ?e }")
        )
        frequent, _ = counts.most_common(1)[0]
        rare = next(e for e, n in reversed(counts.most_common()) if n >= 2)
        label = store.select(
            PREFIXES + f"SELECT ?l WHERE {{ <https://w3id.org/newskg/id/entity/{frequent}> skos:prefLabel ?l }} LIMIT 1"
        )[0]["l"]

        def some_id() -> str:
            return rng.choice(ids)

        checks = {
            "GET /articles (newest 50)": lambda: list_articles(store, limit=50),
            "GET /articles/{id}": lambda: get_article(store, some_id()),
            f"GET /entities/{{id}}, frequent ({counts[frequent]:,} articles)": lambda: get_entity(store, frequent),
            f"GET /entities/{{id}}, rare ({counts[rare]} articles)": lambda: get_entity(store, rare),
            "GET /entities?q= (label search)": lambda: search_entities(store, q=label[:4]),
            "SPARQL: count articles": lambda: store.select(
                PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?a a schema:NewsArticle }"
            ),
            "SPARQL: top 20 co-mentioned with frequent entity": lambda: store.select(
                PREFIXES
                + f"""SELECT ?other (COUNT(DISTINCT ?a) AS ?n) WHERE {{
                    ?a schema:mentions <https://w3id.org/newskg/id/entity/{frequent}>, ?other .
                    FILTER(?other != <https://w3id.org/newskg/id/entity/{frequent}>) }}
                    GROUP BY ?other ORDER BY DESC(?n) LIMIT 20"""
            ),
            "SPARQL: one article's graph (CONSTRUCT)": lambda: list(
                store.query(
                    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <https://w3id.org/newskg/graph/{some_id()}> "
                    f"{{ ?s ?p ?o }} }}"
                )
            ),
        }
        for name, fn in checks.items():
            first = time_ms(fn, 1)[0] / 1000  # also warms caches
            if first > SLOW_SECONDS:
                figure(name, f"{first:.1f} s for one call", f"too slow to repeat (over {SLOW_SECONDS} s)")
                continue
            repeat = max(3, min(args.repeat, int(BUDGET_SECONDS / max(first, 1e-3))))
            figure(name, percentiles(time_ms(fn, repeat)))

        service = RelatedService(store)
        t = time.perf_counter()
        service.index  # noqa: B018 - builds the in-memory index from the store
        figure(
            "related: build the index from the store", f"{time.perf_counter() - t:.1f} s", "once, then after each write"
        )
        samples = time_ms(lambda: service.index.related_to_article(some_id(), limit=10), max(args.repeat, 200))
        figure("related: GET /articles/{id}/related", percentiles(samples))
        store.close()


if __name__ == "__main__":
    main()
