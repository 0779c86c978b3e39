"""Copies: near-duplicate bodies found with MinHash/LSH; the earliest published is the original."""
from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHashLSH

from graph.analysis.copies import CopyIndex, empty_minhash, find_copies, minhash, shingle_hashes, updated
from graph.analysis.textsim import tokenize

WIRE = (
    "The central bank raised its main interest rate by a quarter point on Thursday, the third rise this year, "
    "saying inflation had stayed above its target for longer than expected. Economists had forecast the move. "
    "The governor told reporters that further rises could not be ruled out if wages kept growing at this pace, "
    "and that the bank would watch the housing market closely over the coming months."
)
OTHER = (
    "A new bridge across the harbour opened to cyclists and pedestrians on Saturday after three years of work. "
    "The city council said about twelve thousand people crossed it on the first day, far more than expected, "
    "and that the ferry service it replaces will stop at the end of the month."
)


def test_reprint_with_new_byline_and_a_dropped_sentence_is_a_copy_of_the_earliest():
    reprint = "By Staff Reporter. " + WIRE.replace(" Economists had forecast the move.", "")
    correction = WIRE + " Correction: an earlier version gave the wrong date."
    copies = find_copies(
        [("late", "2026-02-03", reprint), ("first", "2026-02-01", WIRE), ("fix", "2026-02-02", correction),
         ("other", "2026-02-01", OTHER)]
    )
    assert copies == {"late": "first", "fix": "first"}


def test_same_event_in_other_words_is_not_a_copy():
    retold = (
        "Interest rates went up again on Thursday as the central bank acted for a third time this year. "
        "Its governor warned of more to come while wage growth stays strong, and pointed to house prices as a risk."
    )
    assert find_copies([("a", "2026-02-01", WIRE), ("b", "2026-02-01", retold)]) == {}


def test_short_or_missing_bodies_are_never_copies_and_ties_go_to_the_smaller_id():
    index = CopyIndex()
    index.add("x", None, "Short note.")
    index.add("y", None, None)
    index.add("b", "2026-01-01", WIRE)
    index.add("a", "2026-01-01", WIRE)
    assert index.copy_of() == {"b": "a"}


def test_threshold_out_of_range_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        CopyIndex(threshold=1.5)


def test_one_per_text_keeps_the_original_wherever_it_is_else_the_first_copy():
    from graph.analysis.copies import one_per_text

    copy_of = {"c1": "o", "c2": "o", "d1": "gone", "d2": "gone"}
    assert one_per_text(["c1", "x", "o", "c2"], copy_of) == ["x", "o"]
    assert one_per_text(["d2", "d1", "x"], copy_of) == ["d2", "x"]


@pytest.fixture()
def reprinted():
    """A wire text, its reprint in another outlet, and an unrelated article, posted over HTTP."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.settings import Settings
    from graph.store.oxigraph import OxigraphStore
    from tests.test_stories import COPY, EN, OTHER

    store = OxigraphStore(None)
    with TestClient(create_app(Settings(store="memory:", write_token="t"), store),
                    headers={"Authorization": "Bearer t"}) as c:
        assert c.post("/articles", json=[EN, COPY, OTHER]).status_code == 201
        assert c.get("/articles/en-fire-reprint").json()["copy_of"] == "en-fire"
        yield c
    store.close()


def test_a_reprinted_wire_text_counts_once_with_copies_false(reprinted):
    c = reprinted
    found = c.get("/entities", params={"q": "odense"}).json()
    odense = next(e for e in found if e["type"] == "Place")
    assert odense["articles"] == 2
    once = c.get("/entities", params={"q": "odense", "copies": "false"}).json()
    assert next(e for e in once if e["id"] == odense["id"])["articles"] == 1

    entity = c.get(f"/entities/{odense['id']}").json()
    assert sorted(a["id"] for a in entity["articles"]) == ["en-fire", "en-fire-reprint"]
    shared = {e["id"]: e["shared_articles"] for e in entity["related_entities"]}
    texts = c.get(f"/entities/{odense['id']}", params={"copies": "false"}).json()
    assert [(a["id"], a["also_published_by"]) for a in texts["articles"]] == [
        ("en-fire", [{"id": "en-fire-reprint", "source": "Morning Post"}])]
    assert all(e["shared_articles"] == 1 for e in texts["related_entities"])
    assert max(shared.values()) == 2

    def timeline_ids(params: dict) -> list[str]:
        days = c.get(f"/entities/{odense['id']}/timeline", params=params).json()["days"]
        return [a["id"] for d in days for a in d["articles"]]

    assert sorted(timeline_ids({})) == ["en-fire", "en-fire-reprint"]
    assert timeline_ids({"copies": "false"}) == ["en-fire"]

    def central_articles(params: dict) -> int:
        rows = c.get("/central", params={"measure": "articles", "limit": 500, **params}).json()
        return next(r["articles"] for r in rows if r["id"] == odense["id"])

    assert central_articles({}) == 2
    assert central_articles({"copies": "false"}) == 1
    assert central_articles({"copies": "false", "since": "2026-03"}) == 1
    assert c.get("/central", params={"copies": "maybe"}).status_code == 422


@pytest.mark.parametrize("seed", range(5))
def test_signature_in_numpy_is_the_one_update_batch_gives(seed):
    """The keeper's signature (one numpy pass) equals datasketch's own update_batch on the same hashes, for any
    32-bit inputs (extremes included) and for a text's shingles."""
    rng = np.random.default_rng(seed)
    template = empty_minhash()
    inputs = [rng.integers(0, 2**32, size=int(rng.integers(1, 400)), dtype=np.uint64),
              np.array([0, 1, 2**32 - 1], dtype=np.uint64), shingle_hashes(tokenize(WIRE))]
    for hashes in inputs:
        expected = template.copy()
        expected.update_batch(hashes.tolist())
        got = updated(template, hashes)
        assert got.hashvalues.dtype == expected.hashvalues.dtype
        assert np.array_equal(got.hashvalues, expected.hashvalues)
        assert got.jaccard(expected) == 1.0
    assert np.array_equal(updated(template, np.zeros(0, dtype=np.uint64)).hashvalues, template.hashvalues)


def test_band_tables_give_the_candidates_minhashlsh_gives():
    """Bodies drawn from a few shared passages (so that bands collide often): the index's candidates for each new
    body are exactly what datasketch's MinHashLSH answers for the same signature."""
    rng = np.random.default_rng(7)
    vocab = [f"w{i}" for i in range(60)]
    passages = [[str(w) for w in rng.choice(vocab, size=40)] for _ in range(6)]
    index = CopyIndex()
    lsh = MinHashLSH(threshold=index.threshold, num_perm=index.num_perm)
    collided = 0
    for k in range(80):
        words = [w for p in rng.choice(len(passages), size=2, replace=False) for w in passages[p]]
        words = [w if rng.random() > 0.1 else "x" for w in words]  # a tenth of the words changed
        m = minhash(" ".join(words))
        assert m is not None
        candidates = index._candidates(m)[1]
        assert candidates == set(lsh.query(m))
        collided += bool(candidates)
        index.add(str(k), None, " ".join(words))
        lsh.insert(str(k), m)
    assert collided > 10
