"""Entity recognition quality on DaNE (Danish, dev) and CoNLL-2003 (English, testa), through the same pipeline
`newskg extract` runs.

Each gold document is rebuilt as plain text (tokens joined by spaces, one sentence per line), run through
`Pipeline.default(disable=["roles", "events", "quotes"])`, and the character spans of the resulting mentions are
mapped back to gold tokens. Exact-span PER/ORG/LOC are scored; MISC is not scored: gold MISC spans are ignored
and a prediction overlapping a gold MISC span is not a false positive.

    python bench/ner_eval.py               # both languages
    python bench/ner_eval.py --errors 40   # also print some false positives and misses per language
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.model import Article, Doc  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DANE_DEV = DATA / "dane" / "da_ddt-ud-ner-dev.conll"
CONLL_DEV = DATA / "conll2003" / "eng.testa"
# The training files: never learnt from, used as a second check that rules tuned on dev errors generalise.
DANE_TRAIN = DATA / "dane" / "da_ddt-ud-ner-train-10k.conll"
CONLL_TRAIN = DATA / "conll2003" / "eng.train"
TYPE_OF = {"Person": "PER", "Organization": "ORG", "Company": "ORG", "Country": "LOC", "Place": "LOC"}
SCORED = ("PER", "ORG", "LOC")
DANE_SENTENCES_PER_DOC = 20


@dataclass
class GoldDoc:
    sentences: list[list[tuple[str, str]]]  # (token, IOB2 tag) per sentence


def read_dane(path: Path) -> Iterator[GoldDoc]:
    """DaNE: token<TAB>tag, IOB2, blank line between sentences; grouped into pseudo-documents."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, tag = line.split("\t")[:2]
        current.append((token, tag))
    if current:
        sentences.append(current)
    for k in range(0, len(sentences), DANE_SENTENCES_PER_DOC):
        yield GoldDoc(sentences[k:k + DANE_SENTENCES_PER_DOC])


def read_conll(path: Path) -> Iterator[GoldDoc]:
    """CoNLL-2003: token POS chunk NER, IOB1, documents split on -DOCSTART- lines; converted to IOB2."""
    doc: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if current:
                doc.append(current)
                current = []
            if doc:
                yield GoldDoc(doc)
            doc = []
            continue
        if not line.strip():
            if current:
                doc.append(current)
                current = []
            continue
        parts = line.split()
        current.append((parts[0], parts[-1]))
    if current:
        doc.append(current)
    if doc:
        yield GoldDoc(doc)


def iob1_to_iob2(tags: list[str]) -> list[str]:
    out = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token spans from IOB2 tags."""
    out = []
    start, typ = None, None
    for k, tag in enumerate(tags + ["O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == typ):
            out.append((start, k, typ))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, typ = k, tag[2:]
    return out


def build_text(gold: GoldDoc) -> tuple[str, list[tuple[int, int]]]:
    """Plain text (tokens joined by spaces, sentences by newlines) and each token's character span."""
    pieces: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    for s_index, sentence in enumerate(gold.sentences):
        if s_index:
            pieces.append("\n")
            pos += 1
        for t_index, (token, _) in enumerate(sentence):
            if t_index:
                pieces.append(" ")
                pos += 1
            pieces.append(token)
            offsets.append((pos, pos + len(token)))
            pos += len(token)
    return "".join(pieces), offsets


@dataclass
class Score:
    tp: Counter
    fp: Counter
    fn: Counter
    words: int = 0
    seconds: float = 0.0
    chars: int = 0
    inside_tokens: int = 0  # names inside a gold token ("FN" in "FN-styrken"): token-level gold cannot judge them
    chars_outside_body: int = 0  # judged page furniture by `clean`: no mentions are made there

    def prf(self, typ: str | None = None) -> tuple[float, float, float]:
        tp = self.tp[typ] if typ else sum(self.tp.values())
        fp = self.fp[typ] if typ else sum(self.fp.values())
        fn = self.fn[typ] if typ else sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def evaluate(docs: Iterator[GoldDoc], lang: str, run: Callable[[Article], Doc], errors: list | None = None) -> Score:
    score = Score(Counter(), Counter(), Counter())
    for gold in docs:
        text, offsets = build_text(gold)
        tags: list[str] = []
        for sentence in gold.sentences:
            sent_tags = [t for _, t in sentence]
            tags.extend(iob1_to_iob2(sent_tags))
        gold_spans = spans(tags)
        gold_scored = {(s, e, t) for s, e, t in gold_spans if t in SCORED}
        gold_misc = [(s, e) for s, e, t in gold_spans if t not in SCORED]
        t0 = time.perf_counter()
        doc = run(Article(text=text, lang=lang))
        score.seconds += time.perf_counter() - t0
        score.words += len(offsets)
        score.chars += len(text)
        kept = (doc.body[1] - doc.body[0]) if doc.body is not None else len(text)
        score.chars_outside_body += len(text) - kept + sum(d.end - d.start for d in doc.dropped)
        starts = {s: k for k, (s, _) in enumerate(offsets)}
        predicted = set()
        for m in doc.mentions:
            typ = TYPE_OF.get(m.type)
            if typ is None:
                continue
            first = starts.get(m.start)
            if first is None or not any(e == m.end for _, e in offsets[first:first + 12]):
                # A name inside a hyphen compound ("Kina" in "Kina-besøget"): the gold marks whole tokens only,
                # so it can be neither right nor wrong there. Counted and reported, not scored.
                score.inside_tokens += 1
                continue
            last = first
            while last + 1 < len(offsets) and offsets[last + 1][0] < m.end:
                last += 1
            predicted.add((first, last + 1, typ))
        for s, e, t in predicted:
            if (s, e, t) in gold_scored:
                score.tp[t] += 1
            elif any(s < me and ms < e for ms, me in gold_misc):
                continue
            else:
                score.fp[t] += 1
                if errors is not None:
                    gold_here = [g for g in gold_spans if g[0] < e and s < g[1]]
                    errors.append(
                        ("FP", t, text[offsets[s][0] : offsets[e - 1][1]], gold_here, _context(text, offsets, s, e))
                    )
        for s, e, t in gold_scored - predicted:
            score.fn[t] += 1
            if errors is not None:
                pred_here = [p for p in predicted if p[0] < e and s < p[1]]
                errors.append(
                    ("FN", t, text[offsets[s][0] : offsets[e - 1][1]], pred_here, _context(text, offsets, s, e))
                )
    return score


def _context(text: str, offsets: list[tuple[int, int]], s: int, e: int) -> str:
    lo = offsets[max(0, s - 6)][0]
    hi = offsets[min(len(offsets) - 1, e + 5)][1]
    return text[lo:hi].replace("\n", " / ")


def report(name: str, score: Score) -> None:
    print(f"{name}")
    for typ in SCORED:
        p, r, f = score.prf(typ)
        print(
            f"  {typ:5} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {score.tp[typ]}, fp {score.fp[typ]}, fn {score.fn[typ]})"
        )
    p, r, f = score.prf()
    print(f"  micro P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  {score.words} words in {score.seconds:.2f}s: {score.words / max(score.seconds, 1e-9):,.0f} words/s"
          f" (whole pipeline run); {score.chars_outside_body / max(score.chars, 1):.1%} of the text judged furniture;"
          f" {score.inside_tokens} names inside compound tokens not scored")


def default_runner() -> Callable[[Article], Doc]:
    from graph.extract.pipeline import Pipeline

    return Pipeline.default(disable=["roles", "events", "quotes"])


def main(argv: list[str] | None = None, runner: Callable[[Article], Doc] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", type=int, default=0, help="print this many errors per language")
    parser.add_argument("--lang", choices=["da", "en"], help="only this language")
    parser.add_argument("--train", action="store_true", help="score the training files instead of dev")
    args = parser.parse_args(argv)
    dane, conll = (DANE_TRAIN, CONLL_TRAIN) if args.train else (DANE_DEV, CONLL_DEV)
    for path in (dane, conll):
        if not path.exists():
            print(f"evaluation data missing: {path}", file=sys.stderr)
            return 2
    run = runner or default_runner()
    # Warm up: the gazetteers load once per process and that time is not per-article throughput.
    run(Article(text="Mette Frederiksen besøgte Kina.", lang="da"))
    run(Article(text="Mette Frederiksen visited China.", lang="en"))
    split = "train" if args.train else "dev"
    for lang, docs, name in (("da", read_dane(dane), f"DaNE {split} (Danish, {dane.name})"),
                             ("en", read_conll(conll), f"CoNLL-2003 {split} (English, {conll.name})")):
        if args.lang and args.lang != lang:
            continue
        errors: list | None = [] if args.errors else None
        score = evaluate(docs, lang, run, errors)
        report(name, score)
        if errors:
            for kind, typ, surface, other, context in errors[: args.errors]:
                print(f"    {kind} {typ:4} {surface!r:30} other={other}  | {context}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
