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

GOLD = Path(__file__).resolve().parents[1] / "gold"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»]?\s+(?=[A-ZÆØÅ\"“«„–-])|\n+")


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


def _overlap(a: str, b: str) -> float:
    """Share of the gold quote's words that the predicted quote contains."""
    gold_words = re.findall(r"\w+", b.lower())
    pred_words = set(re.findall(r"\w+", a.lower()))
    return sum(w in pred_words for w in gold_words) / len(gold_words) if gold_words else 0.0


def evaluate(lang: str, run) -> dict[str, tuple[float, float, float]]:
    """Precision, recall and F1 per part on the gold of one language. `run(doc) -> doc` applies the components.

    - events: (item, type) pairs found;
    - participants: (item, event type, entity, role);
    - places / times: (item, event type, place) and (item, event type, ISO value);
    - quotes: (item, speaker, kind), matched only when the text covers at least half of the gold quote's words;
    - roles: (item, person, normalised role, organisation or country).
    """
    sets: dict[str, tuple[set, set]] = {k: (set(), set()) for k in
                                        ("events", "participants", "places", "times", "quotes", "roles")}
    for item in load_gold(lang):
        doc = run(gold_doc(item))
        iid = item["id"]
        pred, gold = sets["events"]
        pred.update((iid, e.type) for e in doc.events)
        gold.update((iid, e["type"]) for e in item["events"])
        pred, gold = sets["participants"]
        pred.update((iid, e.type, p.entity_id, p.role) for e in doc.events for p in e.participants)
        gold.update((iid, e["type"], p[0], p[1]) for e in item["events"] for p in e["participants"])
        pred, gold = sets["places"]
        pred.update((iid, e.type, e.place) for e in doc.events if e.place)
        gold.update((iid, e["type"], e["place"]) for e in item["events"] if e["place"])
        pred, gold = sets["times"]
        pred.update((iid, e.type, e.time) for e in doc.events if e.time)
        gold.update((iid, e["type"], e["time"]) for e in item["events"] if e["time"])
        pred, gold = sets["roles"]
        pred.update((iid, r.person, r.role, r.org) for r in doc.roles)
        gold.update((iid, r["person"], r["role"], r["org"]) for r in item["roles"])
        pred, gold = sets["quotes"]
        for qt in doc.quotes:
            match = next((g for g in item["quotes"] if g["speaker"] == qt.speaker and g["kind"] == qt.kind
                          and _overlap(qt.text, g["text"]) >= 0.5), None)
            pred.add((iid, qt.speaker, qt.kind) if match else (iid, qt.speaker, qt.kind, qt.text))
        gold.update((iid, g["speaker"], g["kind"]) for g in item["quotes"])
    return {part: score(pred, gold) for part, (pred, gold) in sets.items()}


def mismatches(lang: str, run) -> list[str]:
    """Human-readable differences between extraction and gold, for debugging a failing floor."""
    out = []
    for item in load_gold(lang):
        doc = run(gold_doc(item))
        got_e = sorted(
            (e.type, tuple((p.entity_id, p.role) for p in e.participants), e.place, e.time) for e in doc.events
        )
        want_e = sorted(
            (e["type"], tuple(tuple(p) for p in e["participants"]), e["place"], e["time"]) for e in item["events"]
        )
        got_q = sorted((q.speaker or "", q.kind, q.text) for q in doc.quotes)
        want_q = sorted((q["speaker"], q["kind"], q["text"]) for q in item["quotes"])
        got_r = sorted((r.person, r.role, r.org or "") for r in doc.roles)
        want_r = sorted((r["person"], r["role"], r["org"] or "") for r in item["roles"])
        for name, got, want in (("events", got_e, want_e), ("quotes", got_q, want_q), ("roles", got_r, want_r)):
            if got != want:
                out.append(f"{item['id']} {name}\n   got  {got}\n   want {want}")
    return out
