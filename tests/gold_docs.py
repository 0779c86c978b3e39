"""Build annotated Docs by hand from the gold files (tests/gold/events_{da,en}.jsonl), and score extractions.

Each gold line is one short text we wrote ourselves, with the entity mentions it contains (surface, type, id) and
the events, quotes and roles/positions a reader finds in it. Building the Doc from the gold mentions measures the
event, quote and role components on their own, independent of the recogniser and linker.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from graph.model import Article, Doc, Entity, Mention, Sentence

GOLD = Path(__file__).resolve().parent / "gold"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»]?\s+(?=[A-ZÆØÅ\"“«„–-])")


def load_gold(lang: str) -> list[dict]:
    path = GOLD / f"events_{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_sentences(text: str) -> list[Sentence]:
    sentences, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        stripped = text[pos:end].rstrip()
        sentences.append(Sentence(pos, pos + len(stripped), stripped))
        pos = end
    if pos < len(text):
        sentences.append(Sentence(pos, len(text), text[pos:]))
    return sentences


def make_doc(text: str, lang: str, mentions: list[list[str]], published: str | None = None,
             article_id: str = "gold") -> Doc:
    """A Doc with sentences and linked mentions: every word-bounded occurrence of each given surface string."""
    doc = Doc(article=Article(text=text, id=article_id, published=published, lang=lang), text=text, lang=lang,
              body=(0, len(text)))
    doc.sentences = split_sentences(text)
    taken: list[tuple[int, int]] = []
    for surface, type_, eid in sorted(mentions, key=lambda m: -len(m[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            doc.mentions.append(Mention(m.start(), m.end(), surface, type_, eid, surface, 1.0, "gold",
                                        doc.sentence_at(m.start())))
        doc.entities.setdefault(eid, Entity(eid, type_, surface, [surface]))
    doc.mentions.sort(key=lambda m: m.start)
    return doc


def gold_doc(item: dict) -> Doc:
    return make_doc(item["text"], item["lang"], item.get("mentions", []), item.get("published"), item["id"])


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(pred: set, gold: set) -> tuple[float, float, float]:
    return prf(len(pred & gold), len(pred), len(gold))
