"""The related-stories index grown article by article (put, replace, remove) ranks as one built from the store."""
from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from graph.analysis.related.index import RelatedIndex
from graph.analysis.sparse import Rows
from graph.store import Store
from graph.store.oxigraph import OxigraphStore


def copy_without(store: Store, removed: set[str]) -> Store:
    """A copy of the store without some articles (the entities graph as it is)."""
    out = io.BytesIO()
    store.dump(out)
    copy = OxigraphStore(None)
    copy.load(io.BytesIO(out.getvalue()))
    for aid in removed:
        copy.remove_article(aid)
    return copy


def answers(index: RelatedIndex, ids: list[str]) -> dict[str, list[tuple[str, float]]]:
    return {a: [(r["id"], r["score"]) for r in index.related_to_article(a, limit=10)] for a in ids}


def entity_answers(index: RelatedIndex, entity_ids: list[str]) -> dict[str, list[tuple[str, float]]]:
    return {e: [(r["id"], r["score"]) for r in index.related_to_entities([e], limit=10)] for e in entity_ids}


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a failure is read from its draws; shrinking is slow here
)
@given(data=st.data())
def test_grown_index_ranks_as_a_built_one(sample_store: Store, data: st.DataObject):
    ids = sample_store.article_ids()
    order = data.draw(st.permutations(ids), label="order of adds")
    replaced = data.draw(st.lists(st.sampled_from(ids), max_size=6), label="replaced")
    removed = data.draw(st.sets(st.sampled_from(ids), max_size=4), label="removed")
    grown = RelatedIndex({}, {})
    start, size = 0, 1
    while start < len(order):  # one to five articles at a time, as writes come
        grown.put_from_store(sample_store, order[start : start + size])
        start, size = start + size, size % 5 + 1
    grown.put_from_store(sample_store, replaced)
    for aid in removed:
        assert grown.remove(aid)
    expected_store = copy_without(sample_store, removed)
    built = RelatedIndex.build(expected_store)
    live = sorted(set(ids) - removed)
    assert grown.live_ids() == built.live_ids() == live
    expected = answers(built, live)
    entities = sorted({e for a in live for e in built.articles[a].entities})[::3]
    # Compacted, the grown index is the built one, array for array: the same answers to the last digit.
    compacted = grown.compacted()
    assert compacted.n == built.n and compacted.ent_rows.nnz == built.ent_rows.nnz
    assert np.array_equal(compacted.text.norms, built.text.norms)
    assert answers(compacted, live) == expected
    assert entity_answers(compacted, entities) == entity_answers(built, entities)
    # Before compaction (dead positions, appended rows): the same articles in the same order, scores equal to
    # float rounding (sums are taken in another order).
    got = answers(grown, live)
    for aid in live:
        assert [r for r, _ in got[aid]] == [r for r, _ in expected[aid]], aid
        assert [s for _, s in got[aid]] == pytest.approx([s for _, s in expected[aid]], abs=2e-4)
    for aid in removed:
        with pytest.raises(KeyError):
            grown.related_to_article(aid)
        assert all(r["id"] not in removed for a in live[:5] for r in grown.related_to_article(a, limit=50))


def test_idf_is_current_and_norms_follow_the_refresh_share(sample_store: Store):
    """Weights a query multiplies come from the counts as they are now; an old article's norm waits for the
    refresh, which comes once REFRESH_SHARE of the store has changed."""
    ids = sample_store.article_ids()
    grown = RelatedIndex({}, {})
    grown.REFRESH_SHARE = 0.3
    grown.put_from_store(sample_store, ids[:20])
    grown.refresh_norms()
    before = grown.text.norms.copy()
    grown.put_from_store(sample_store, ids[20:25])  # 5 changes in 25 articles: under 30%, no refresh yet
    assert grown.changes_since_refresh == 5
    assert np.array_equal(grown.text.norms[:20], before)
    built = RelatedIndex.build(copy_without(sample_store, set(ids[25:])))
    assert np.allclose(grown.entity_idf[[grown.entity_pos[e] for e in built.entity_ids if e in grown.entity_pos]],
                       built.entity_idf[[built.entity_pos[e] for e in built.entity_ids if e in grown.entity_pos]])
    grown.put_from_store(sample_store, ids[25:36])  # past 30%: refreshed on the way (9 changes in 29 articles)
    assert grown.changes_since_refresh == 7
    full = RelatedIndex.build(sample_store)
    # 7 articles of 36 since the refresh: at this size that moves idf, and so the norms, by up to 15%.
    lagging = grown.text.norms[[grown.pos[a] for a in full.ids]]
    assert np.allclose(lagging, full.text.norms, rtol=0.15) and not np.array_equal(lagging, full.text.norms)
    grown.refresh_norms()
    assert np.allclose(grown.text.norms[[grown.pos[a] for a in full.ids]], full.text.norms, rtol=1e-6)


def test_rows_grow_and_compact_to_the_built_layout():
    rows = Rows.from_entries(np.array([0, 0, 1]), np.array([2, 0, 1]), np.array([1.0, 2.0, 3.0]), 2, 3)
    assert rows.append(np.array([0, 2], np.int32), np.array([4.0, 5.0], np.float32)) == 2
    assert rows.row(2)[0].tolist() == [0, 2]
    assert rows.column(0)[0].tolist() == [0, 2]
    dense = rows.gather(np.array([0, 2]), np.array([1.0, 10.0]), rows.n_rows)
    assert dense.tolist() == [2.0 + 10.0, 0.0, 4.0 + 50.0]
    compact = rows.compacted(np.array([-1, 0, 1]), 2, np.array([0, 1, 2], np.int32), 3)
    assert compact.n_rows == 2 and compact.tail_nnz == 0
    assert compact.row(1)[0].tolist() == [0, 2] and compact.column(1)[0].tolist() == [0]
    # A frozen view (what a compaction reads without the lock) does not see later appends.
    frozen = rows.frozen()
    before = rows.flat()
    for _ in range(40):  # enough to make the appended part reallocate
        rows.append(np.array([1], np.int32), np.array([9.0], np.float32))
    after = frozen.flat()
    assert np.array_equal(after.rows, before.rows) and np.array_equal(after.vals, before.vals)
    assert rows.n_rows == 43 and frozen.n_rows == 3
