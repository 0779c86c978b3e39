"""Language detection speed: texts per second on BBC articles (../shared/data/bbc), body sample as in the pipeline.

Run: python bench/language_speed.py [N]. Without the evaluation data it times the test paragraphs instead.
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.extract.language import SAMPLE_CHARS, detect_language  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def texts(limit: int) -> list[str]:
    bbc = DATA / "bbc" / "bbc-news-2225.jsonl"
    if bbc.exists():
        with bbc.open(encoding="utf-8") as lines:
            return [json.loads(line)["text"] for _, line in zip(range(limit), lines, strict=False)]
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_language import PARAGRAPHS

    return (list(PARAGRAPHS.values()) * (limit // len(PARAGRAPHS) + 1))[:limit]


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    sample = texts(limit)
    started = time.perf_counter()
    detect_language("Detektoren bygges ved første kald.")
    print(f"detector build + first call: {time.perf_counter() - started:.2f} s")
    started, cpu_started = time.perf_counter(), time.process_time()
    found = Counter(detect_language(text) for text in sample)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"{len(sample)} texts (first {SAMPLE_CHARS} chars) in {elapsed:.2f} s: {len(sample) / elapsed:.0f} texts/s "
          f"(CPU time {cpu:.2f} s: {len(sample) / cpu:.0f} texts/s on one core)")
    print("languages:", dict(found.most_common()))


if __name__ == "__main__":
    main()
