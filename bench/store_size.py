"""Store size on disk per article: as the ingest writes it, after compaction, and as an N-Quads backup.

Distinct real articles only (BBC, or the bundled samples without ../shared/data), run through the pipeline: copies
would share their text with the originals, and Oxigraph stores each distinct string once.

    python -m bench.store_size [--articles 2000]
"""
from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path

import pyoxigraph as ox

from bench._common import dir_bytes, figure, heading, mapped_articles, source_articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()

    from graph.rdf.mapping import MappedArticle
    from graph.store.oxigraph import OxigraphStore

    heading("store size on disk")
    _, source = source_articles()
    base = mapped_articles(args.articles)
    text_bytes = sum(len(text.encode("utf-8")) for _, text in base) / len(base)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kg"
        store = OxigraphStore(path)
        batch: list[MappedArticle] = []
        n_quads = 0
        for aid, text in base:
            quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
            n_quads += len(quads)
            batch.append(MappedArticle(aid, quads[0].graph_name, quads))
            if len(batch) == 64:
                store.replace_articles(batch)
                batch = []
        store.replace_articles(batch)
        store.flush()
        written = dir_bytes(path)
        store.optimize()
        compacted = dir_bytes(path)
        tables = sum(f.stat().st_size for f in path.glob("*.sst"))
        wal = sum(f.stat().st_size for f in path.glob("*.log"))
        dump = io.BytesIO()
        store.dump(dump, "nquads")
        store.close()
    n = len(base)
    print(f"  {n} articles of {source}, {n_quads / n:.0f} quads each")
    figure("on disk, as written by ingest", f"{written / n / 1024:.1f} KB/article", f"{written / 2**20:.0f} MB in all")
    figure(
        "on disk, after compaction (optimize)",
        f"{compacted / n / 1024:.1f} KB/article",
        f"{compacted / 2**20:.0f} MB in all",
    )
    figure(
        "  of which the data (RocksDB tables)",
        f"{tables / n / 1024:.1f} KB/article",
        f"{tables / n_quads:.0f} bytes/quad: six indexes and the strings",
    )
    figure(
        "  of which the write-ahead log",
        f"{wal / n / 1024:.1f} KB/article",
        "emptied when the store is next opened: not a per-article cost",
    )
    figure(
        "N-Quads backup (newskg export)",
        f"{len(dump.getvalue()) / n / 1024:.1f} KB/article",
        f"the mapped article is {text_bytes / 1024:.1f} KB of N-Quads",
    )


if __name__ == "__main__":
    main()
