"""Train the optional spaCy NER on DaNE (../shared/data/dane) and print dev precision/recall/F1 per type.

Run: python bench/train_ner_dane.py [EPOCHS] [TRAIN_FILE_NAME]. The model goes to a temporary directory (trained
weights are never stored in the project). Needs spaCy (pip install 'newskg[spacy]').
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.extract.train import train_ner  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dane"


def print_epoch(epoch: dict) -> None:
    print(f"  epoch {epoch['epoch']:>2}: loss {epoch['loss']:>9.1f}  P {epoch['p']:.3f}  R {epoch['r']:.3f}  "
          f"F1 {epoch['f']:.3f}", flush=True)


def main() -> None:
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    train = DATA / (sys.argv[2] if len(sys.argv) > 2 else "da_ddt-ud-ner-train-10k.conll")
    dev = DATA / "da_ddt-ud-ner-dev.conll"
    if not train.exists() or not dev.exists():
        sys.exit(f"DaNE not found in {DATA}")
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        scores = train_ner(train, dev, "da", Path(out) / "model", epochs=epochs, progress=print_epoch)
        elapsed = time.perf_counter() - started
    print(f"train {train.name}: {scores['train_sentences']} sentences; dev {scores['dev_sentences']} sentences; "
          f"{epochs} epochs in {elapsed:.0f} s; best epoch {scores['best_epoch']}")
    print(f"{'type':6s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    for label, s in scores["per_type"].items():
        print(f"{label:6s} {s['p']:6.3f} {s['r']:6.3f} {s['f']:6.3f}")
    print(f"{'all':6s} {scores['p']:6.3f} {scores['r']:6.3f} {scores['f']:6.3f}")


if __name__ == "__main__":
    main()
