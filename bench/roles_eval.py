"""Roles with their time on our roles gold (tests/gold/roles_{da,en}.jsonl): status and date precision / recall.

The gold sentences were written by the newskg team, one or two roles each, with the status (current, former,
incoming, ended) and the dates (valid_from, valid_until) a reader takes from the text. Three parts, printed apart:
- "dev": written alongside the cue words and the extractor, so its figures say what was built, not how it does on
  new text;
- "held-out" (`"split": "held-out"`): written once the extractor was finished, in other words than the cue
  lexicon's where a writer would use them, and not tuned on. Small (12 sentences a language), not cross-validated.
- "held-out-2" (`"split": "held-out-2"`): 40 sentences a language written by a team member who never read the
  extractor, its cue lexicons or this bench, only the gold files' format; added to the repository before the
  extractor was run on them. Split in two by id: the even ones became "dev-2", read to find what the extractor
  misses (so their figures are no longer held-out), the odd ones stay "held-out-2", never read by the people who
  changed the extractor: its figures are the ones that say how the component does on new text.

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
from tests.support.gold import GOLD, gold_doc, prf  # noqa: E402

Key = tuple  # (item id, person, role[, org])


SPLITS = ("dev", "held-out", "dev-2", "held-out-2")


def load(lang: str, split: str) -> list[dict]:
    path = GOLD / f"roles_{lang}.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [item for item in items if item.get("split", "dev") == split]


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
            for field, value in zip(("valid_from", "valid_until"), values, strict=True) if value}


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
        print(f"      {status or 'all':<9} {len(gold_s):>4} {_share(sp, pred_s):>9} {_share(sr, gold_s):>9} "
              f"{_share(dp, pd):>8} {_share(dr, gd):>8} {len(gd):>10}")


def _share(value: float, over: set) -> str:
    """A precision or recall, or "-" when there is nothing to take it over (no predictions, no gold)."""
    return f"{value:.2f}" if over else "-"


def main() -> None:
    roles = RoleExtractor()
    print("Roles with their time, on our roles gold (written by us; not cross-validated)")
    for split in SPLITS:
        print(f"\n[{split}] the roles component alone, on the gold entity mentions:")
        for lang in ("da", "en"):
            report(lang, *collect(load(lang, split), roles, with_org=True))

    from graph.extract.pipeline import Pipeline

    pipeline = Pipeline.default()

    def end_to_end(doc: Doc) -> Doc:
        a = doc.article
        return pipeline(Article(text=a.text, id=a.id, published=a.published, lang=a.lang))

    for split in SPLITS:
        print(f"\n[{split}] end to end through Pipeline.default() (matched on sentence, person and role word):")
        for lang in ("da", "en"):
            report(lang, *collect(load(lang, split), end_to_end, with_org=False))


if __name__ == "__main__":
    main()
