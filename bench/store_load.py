"""Bulk load into the store, in quads/s: the ingest write path (`replace_articles`, one transaction per batch of
64 articles), `newskg import` of an N-Quads backup, and Oxigraph's own non-atomic bulk loader for reference.

The quads are real: BBC articles run through the pipeline (the bundled samples without ../shared/data), copied
with new ids to reach the article count.

    python -m bench.store_load [--articles 5000]
"""
from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from bench._common import cpu_seconds, figure, heading, load_note, mapped_articles, scaled_nquads, source_articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--base", type=int, default=300, help="real articles to copy from")
    args = ap.parse_args()

    from graph.rdf.mapping import MappedArticle
    from graph.store.oxigraph import OxigraphStore

    heading("bulk load into the store")
    _, source = source_articles()
    base = mapped_articles(args.base)
    articles = []
    for aid, text in scaled_nquads(base, args.articles):
        quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
        articles.append(MappedArticle(aid, quads[0].graph_name, quads))
    n_quads = sum(len(a.quads) for a in articles)
    print(
        f"  {len(articles)} articles, {n_quads:,} quads ({n_quads / len(articles):.0f} per article) "
        f"from {len(base)} real ones of {source}; {load_note()}"
    )

    with tempfile.TemporaryDirectory() as tmp:
        for where in ("on disk", "in memory"):
            store = OxigraphStore(Path(tmp) / "replace" if where == "on disk" else None)
            cpu0, t0 = cpu_seconds(), time.perf_counter()
            for i in range(0, len(articles), 64):
                store.replace_articles(articles[i : i + 64])
            if store.path:
                store.flush()
            wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
            figure(
                f"ingest write path, {where}",
                f"{n_quads / wall:,.0f} quads/s",
                f"{len(articles) / wall:,.0f} articles/s; {cpu / n_quads * 1e6:.1f} µs CPU/quad",
            )
            if where == "on disk":
                dump = io.BytesIO()
                store.dump(dump, "nquads")
            store.close()

        backup = dump.getvalue()
        store = OxigraphStore(Path(tmp) / "import")
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        loaded = store.load(io.BytesIO(backup), "nquads")
        store.close()
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
        figure(
            "newskg import (N-Quads backup), on disk",
            f"{loaded / wall:,.0f} quads/s",
            f"{len(backup) / 2**20:.0f} MB file; {cpu / loaded * 1e6:.1f} µs CPU/quad",
        )

        raw = ox.Store(str(Path(tmp) / "bulk"))
        t0 = time.perf_counter()
        raw.bulk_load(backup, format=ox.RdfFormat.N_QUADS)
        raw.flush()
        wall = time.perf_counter() - t0
        figure(
            "Oxigraph bulk_load, on disk (not atomic)",
            f"{loaded / wall:,.0f} quads/s",
            "reference only: never used for articles",
        )
        del raw


if __name__ == "__main__":
    main()
