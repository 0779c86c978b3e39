"""Roles with their time on our roles gold (tests/gold/roles_{da,en}.jsonl): status and date precision / recall.

The gold sentences were written by the newskg team, one or two roles each, with the status (current, former,
incoming, ended) and the dates (valid_from, valid_until) a reader takes from the text. The extractor's cue words
were written alongside them, so these figures are on development data, not held out, and not cross-validated.

Printed per language and per status:
- roles: (sentence, person, role, organisation) found;
- status: a role counts for a status when it is found and has that status; precision over the roles predicted with
  the status, recall over the gold roles with it;
- dates: (sentence, person, role, organisation, field, value) for every non-empty valid_from / valid_until;
  precision over the predicted dates of roles predicted with the status, recall over the gold dates of gold roles
  with it.

Two runs: the roles component alone on the gold entity mentions (what the component does), and end to end through
`Pipeline.default()` (the recogniser and linker find the entities; organisation ids then may differ from the gold,
so that run matches roles on sentence, person and role word only).

Run: python -m bench.roles_eval
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.extract.role_time import STATUSES  # noqa: E402
from graph.extract.roles import RoleExtractor  # noqa: E402
from graph.model import Article, Doc  # noqa: E402
from tests.gold_docs import GOLD, gold_doc, prf  # noqa: E402

Key = tuple  # (item id, person, role[, org])


def load(lang: str) -> list[dict]:
    path = GOLD / f"roles_{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def collect(items: list[dict], run: Callable[[Doc], Doc], with_org: bool):
    """Predicted and gold roles as {key: (status, valid_from, valid_until)}."""
    pred: dict[Key, tuple] = {}
    gold: dict[Key, tuple] = {}
    for item in items:
        doc = run(gold_doc(item))
        for r in doc.roles:
            key = (item["id"], r.person, r.role) + ((r.org,) if with_org else ())
            pred.setdefault(key, (r.status, r.valid_from, r.valid_until))
        for g in item["roles"]:
            key = (item["id"], g["person"], g["role"]) + ((g["org"],) if with_org else ())
            gold[key] = (g["status"], g["valid_from"], g["valid_until"])
    return pred, gold


def dates(roles: dict[Key, tuple], status: str | None) -> set:
    return {key + (field, value) for key, (s, *values) in roles.items() if status in (None, s)
            for field, value in zip(("valid_from", "valid_until"), values) if value}


def report(lang: str, pred: dict[Key, tuple], gold: dict[Key, tuple]) -> None:
    p, r, _ = prf(len(pred.keys() & gold.keys()), len(pred), len(gold))
    print(f"  {lang}: roles P={p:.2f} R={r:.2f} ({len(gold)} gold roles)")
    print(f"      {'status':<9} {'gold':>4} {'status P':>9} {'status R':>9} {'dates P':>8} {'dates R':>8} "
          f"{'gold dates':>10}")
    for status in (*STATUSES, None):
        pred_s = {k for k, v in pred.items() if status in (None, v[0])}
        gold_s = {k for k, v in gold.items() if status in (None, v[0])}
        right = {k for k in pred_s & gold_s if pred[k][0] == gold[k][0]}
        sp, sr, _ = prf(len(right), len(pred_s), len(gold_s))
        pd, gd = dates(pred, status), dates(gold, status)
        dp, dr, _ = prf(len(pd & gd), len(pd), len(gd))
        print(f"      {status or 'all':<9} {len(gold_s):>4} {sp:>9.2f} {sr:>9.2f} {dp:>8.2f} {dr:>8.2f} {len(gd):>10}")


def main() -> None:
    roles = RoleExtractor()
    print("Roles with their time, on our roles gold (written by us with the cue words: not held out, not "
          "cross-validated)")
    print("\nthe roles component alone, on the gold entity mentions:")
    for lang in ("da", "en"):
        report(lang, *collect(load(lang), roles, with_org=True))

    from graph.extract.pipeline import Pipeline

    pipeline = Pipeline.default()

    def end_to_end(doc: Doc) -> Doc:
        a = doc.article
        return pipeline(Article(text=a.text, id=a.id, published=a.published, lang=a.lang))

    print("\nend to end through Pipeline.default() (matched on sentence, person and role word):")
    for lang in ("da", "en"):
        report(lang, *collect(load(lang), end_to_end, with_org=False))


if __name__ == "__main__":
    main()
