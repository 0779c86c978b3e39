"""Train a spaCy named-entity recogniser from CoNLL/IOB files, for the optional statistical layer.

`train_ner(train, dev, lang, out, epochs)` reads two annotated files, trains a blank spaCy pipeline for `lang`
with one `ner` component, scores it on `dev` after every epoch, saves the best epoch to `out` and returns the dev
scores. Point NEWSKG_SPACY_MODEL at `out` to use it in extraction (graph/extract/statistical.py).

Two file formats are read, told apart automatically:
- `token<TAB>tag`, IOB2 (as DaNE): one token a line, a sentence ends at an empty line;
- CoNLL-2003 `token POS chunk NER`, IOB1 (an entity starts with I-, B- only between two touching entities),
  with `-DOCSTART-` lines between documents.
Both are read the same way: the first column is the token, the last the tag, and an I- tag that does not continue
an entity of the same type starts one (which is what B- means in IOB2, and I- after O means in IOB1).

spaCy is an optional dependency, imported when training starts.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_TAG = re.compile(r"^(?:O|[BI]-[^\s]+)$")


class TrainingDataError(ValueError):
    """A training or dev file is missing, empty or malformed; the message names the file (and line)."""


@dataclass
class Sentence:
    words: list[str]
    tags: list[str]  # IOB2
    line: int  # line number of the first token, for messages


@dataclass
class Corpus:
    path: Path
    format: str  # "iob2" (token<TAB>tag) or "conll2003" (token POS chunk NER)
    sentences: list[Sentence]

    @property
    def labels(self) -> set[str]:
        return {t[2:] for s in self.sentences for t in s.tags if t != "O"}


def to_iob2(tags: list[str]) -> list[str]:
    """IOB1 or IOB2 tags -> IOB2: an I- tag that does not continue an entity of the same type becomes B-."""
    out: list[str] = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        previous = tag
    return out


def read_conll(path: Path | str) -> Corpus:
    """Read a CoNLL/IOB file (either format, see the module docstring) into sentences with IOB2 tags."""
    path = Path(path)
    if not path.exists():
        raise TrainingDataError(f"{path}: file not found")
    if not path.is_file():
        raise TrainingDataError(f"{path}: not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise TrainingDataError(f"{path}: not UTF-8 text (byte {e.start})") from e
    sentences: list[Sentence] = []
    columns: int | None = None
    words: list[str] = []
    tags: list[str] = []
    first_line = 0

    def end_sentence() -> None:
        if words:
            sentences.append(Sentence(list(words), to_iob2(tags), first_line))
        words.clear()
        tags.clear()

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            end_sentence()
            continue
        if line.startswith("-DOCSTART-"):
            end_sentence()
            continue
        if line.startswith("# ") and not words:  # CoNLL-U style comments ("# sent_id = ...")
            continue
        fields = raw.rstrip("\n\r").split("\t") if "\t" in raw.strip() else line.split()
        fields = [f.strip() for f in fields]
        if len(fields) < 2 or not fields[0]:
            raise TrainingDataError(
                f"{path}:{number}: expected 'token<TAB>tag' or 'token POS chunk NER', got {line[:80]!r}"
            )
        if columns is None:
            columns = len(fields)
        elif len(fields) != columns:
            raise TrainingDataError(
                f"{path}:{number}: {len(fields)} columns, but the file's first token line has {columns}"
            )
        tag = fields[-1]
        if not _TAG.match(tag):
            raise TrainingDataError(f"{path}:{number}: bad NER tag {tag!r} (expected O, B-TYPE or I-TYPE)")
        if not words:
            first_line = number
        words.append(fields[0])
        tags.append(tag)
    end_sentence()
    if not sentences:
        raise TrainingDataError(f"{path}: no sentences found (expected CoNLL/IOB lines 'token<TAB>tag')")
    return Corpus(path, "conll2003" if (columns or 0) >= 4 else "iob2", sentences)


def _import_spacy() -> Any:
    try:
        import spacy
    except ImportError as e:
        raise TrainingDataError("train-ner needs spaCy: pip install 'newskg[spacy]'") from e
    return spacy


def _examples(nlp: Any, corpus: Corpus) -> list[Any]:
    from spacy.tokens import Doc
    from spacy.training import Example

    examples = []
    for sentence in corpus.sentences:
        spaces = [True] * (len(sentence.words) - 1) + [False]
        try:
            reference = Doc(nlp.vocab, words=sentence.words, spaces=spaces, ents=sentence.tags)
        except ValueError as e:
            raise TrainingDataError(f"{corpus.path}:{sentence.line}: bad entity tags in sentence ({e})") from e
        predicted = Doc(nlp.vocab, words=sentence.words, spaces=spaces)
        examples.append(Example(predicted, reference))
    return examples


def _scores(raw: dict[str, Any]) -> dict[str, Any]:
    per_type = {
        label: {"p": round(s["p"], 4), "r": round(s["r"], 4), "f": round(s["f"], 4)}
        for label, s in sorted((raw.get("ents_per_type") or {}).items())
    }
    return {
        "p": round(raw.get("ents_p") or 0.0, 4),
        "r": round(raw.get("ents_r") or 0.0, 4),
        "f": round(raw.get("ents_f") or 0.0, 4),
        "per_type": per_type,
    }


def train_ner(
    train: Path,
    dev: Path,
    lang: str,
    out: Path,
    epochs: int = 10,
    seed: int = 0,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Train a blank-`lang` spaCy NER on `train`, keep the epoch best on `dev` (entity F1), save it to `out`.

    `progress`, when given, is called after each epoch with that epoch's {"epoch", "loss", "p", "r", "f"}.

    Returns the best dev scores: {"p", "r", "f", "per_type": {label: {"p", "r", "f"}}, "best_epoch", "epochs":
    [per-epoch {"epoch", "loss", "p", "r", "f"}], "train_sentences", "dev_sentences", "labels", "format", "out"}.
    Scores are fractions (0-1). Raises TrainingDataError (a ValueError) with a one-line message on bad input.
    """
    if not isinstance(epochs, int) or epochs < 1:
        raise TrainingDataError(f"epochs must be a positive integer, got {epochs!r}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise TrainingDataError(f"{out}: output exists and is not a directory")
    train_corpus = read_conll(train)
    dev_corpus = read_conll(dev)
    labels = sorted(train_corpus.labels)
    if not labels:
        raise TrainingDataError(f"{train_corpus.path}: no entity tags at all (every tag is O)")

    spacy = _import_spacy()
    from spacy.training import Example  # noqa: F401  (imported early so a broken install fails here)
    from spacy.util import compounding, fix_random_seed, minibatch

    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError, ValueError) as e:
        raise TrainingDataError(f"unknown spaCy language code {lang!r}") from e
    fix_random_seed(seed)
    ner = nlp.add_pipe("ner")
    for label in labels:
        ner.add_label(label)
    train_examples = _examples(nlp, train_corpus)
    dev_examples = _examples(nlp, dev_corpus)
    optimizer = nlp.initialize(lambda: train_examples)

    shuffle = random.Random(seed)
    history: list[dict[str, Any]] = []
    best: dict[str, Any] = {"f": -1.0}
    for epoch in range(1, epochs + 1):
        shuffle.shuffle(train_examples)
        losses: dict[str, float] = {}
        for batch in minibatch(train_examples, size=compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        scores = _scores(nlp.evaluate(dev_examples))
        history.append({"epoch": epoch, "loss": round(losses.get("ner", 0.0), 3),
                        "p": scores["p"], "r": scores["r"], "f": scores["f"]})
        if progress is not None:
            progress(history[-1])
        if scores["f"] > best["f"]:
            best = {**scores, "best_epoch": epoch}
            out.mkdir(parents=True, exist_ok=True)
            nlp.to_disk(out)
    return {
        **best,
        "epochs": history,
        "train_sentences": len(train_corpus.sentences),
        "dev_sentences": len(dev_corpus.sentences),
        "labels": labels,
        "format": train_corpus.format,
        "out": str(out),
    }
