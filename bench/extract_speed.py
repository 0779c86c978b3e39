"""Throughput of entity extraction on one core: words per second for the recogniser and linker alone, for the
default extractor (`Pipeline.default()` minus nothing: clean, language, sentences, mentions, link, roles, events,
quotes), and articles per second.

Reads the BBC articles from ../shared/data when present, else the project's own sample articles.

    python bench/extract_speed.py [--limit 500]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.extract.pipeline import Pipeline  # noqa: E402
from graph.extract.tokenize import tokenize  # noqa: E402
from graph.model import Article  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "data" / "bbc" / "bbc-news-2225.jsonl"
SAMPLES = ROOT / "graph" / "samples"


def load_articles(limit: int) -> tuple[list[Article], str]:
    if BBC.exists():
        articles = []
        with BBC.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                articles.append(Article(text=f"{row['title']}\n\n{row['text']}", id=str(row["id"]), lang="en"))
                if len(articles) >= limit:
                    break
        return articles, f"BBC ({BBC.name})"
    articles = []
    for path in sorted(SAMPLES.rglob("*")):
        if path.suffix in (".txt", ".md") and path.is_file():
            articles.append(Article(text=path.read_text(encoding="utf-8"), id=path.stem))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                if isinstance(row, dict) and isinstance(row.get("text"), str):
                    articles.append(Article(text=row["text"], id=str(row.get("id")), lang=row.get("lang")))
    if not articles:
        raise SystemExit(f"no articles found: neither {BBC} nor samples under {SAMPLES}")
    return articles[:limit], f"samples ({SAMPLES})"


def measure(pipeline: Pipeline, articles: list[Article], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for a in articles:
            pipeline(a)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=500, help="articles to use (default 500)")
    parser.add_argument("--rounds", type=int, default=2, help="timed rounds; the best is reported")
    args = parser.parse_args(argv)
    articles, source = load_articles(args.limit)
    words = sum(len(tokenize(a.text)) for a in articles)
    print(f"{len(articles)} articles, {words:,} tokens, from {source}")
    setups = {
        "sentences, mentions, link": (["sentences", "mentions", "link"], None),
        "entities: clean, language, sentences, mentions, link": (None, ["roles", "events", "quotes"]),
        "default extractor (whole pipeline)": (None, []),
    }
    for name, (names, disable) in setups.items():
        pipeline = Pipeline(names) if names else Pipeline.default(disable=disable)
        pipeline(articles[0])  # load gazetteers and lexicons before timing
        seconds = measure(pipeline, articles, args.rounds)
        print(f"{name:55} {words / seconds:>10,.0f} words/s  {len(articles) / seconds:>8,.1f} articles/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
