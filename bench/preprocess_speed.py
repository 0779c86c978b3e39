"""Speed of the components before entity recognition (clean, language, sentences) on BBC articles.

Run: python bench/preprocess_speed.py. Prints words/s and articles/s (CPU time, one core) per component and for
the three together,
and how much text the cleaner dropped from these (clean, furniture-free) articles: it should be none.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.extract.clean import make_clean  # noqa: E402
from graph.extract.language import make_language  # noqa: E402
from graph.extract.sentences import make_sentences  # noqa: E402
from graph.model import Article, Doc  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> None:
    bbc = DATA / "bbc" / "bbc-news-2225.jsonl"
    if not bbc.exists():
        sys.exit(f"evaluation data not found: {bbc}")
    articles = []
    with bbc.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            articles.append(Article(text=f"{record['title']}\n\n{record['text']}", id=record["id"]))
    words = sum(len(a.text.split()) for a in articles)
    names = ["clean", "language", "sentences"]
    components = [make_clean(), make_language(), make_sentences()]
    warm_up = Doc(article=Article(text="Første kald bygger sprogdetektoren."), text="Første kald bygger detektoren.")
    for component in components:
        component(warm_up)
    totals = dict.fromkeys(names, 0.0)
    dropped_chars = 0
    for article in articles:
        doc = Doc(article=article, text=article.text)
        for name, component in zip(names, components, strict=True):
            started = time.process_time()
            doc = component(doc)
            totals[name] += time.process_time() - started
        dropped_chars += sum(d.end - d.start for d in doc.dropped)
    for name in names:
        print(f"{name:10s} {words / totals[name]:>12,.0f} words/s {len(articles) / totals[name]:>9,.0f} articles/s")
    together = sum(totals.values())
    print(f"{'together':10s} {words / together:>12,.0f} words/s {len(articles) / together:>9,.0f} articles/s")
    print(f"{len(articles)} articles, {words:,} words; characters dropped as furniture: {dropped_chars}")


if __name__ == "__main__":
    main()
