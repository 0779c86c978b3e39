"""The on-disk store's bulk path: batches of new articles bulk loaded behind an intent journal.

The bulk path must store exactly what the transactional path stores, and a batch must end whole whatever happens
while it loads: the loader failing half-way, or the process dying with its journal still there.
"""
from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox

from graph.model import Article, Doc, Entity, Mention, Sentence
from graph.rdf.mapping import MappedArticle, map_doc
from graph.store.oxigraph import JOURNAL, OxigraphStore

PEOPLE = ["Karen Holm", "Ib Berg", "Mette Lund", "Tom Hadley", "Sarah Whitlock"]


def article(i: int, text_extra: str = "") -> MappedArticle:
    a, b = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 2) % len(PEOPLE)]
    text = f"{a} mødte {b} i Odense. {text_extra}".strip()
    doc = Doc(article=Article(text=text, id=f"bulk-{i}", title=f"Møde {i}", published="2026-02-03", lang="da"),
              text=text, lang="da")
    doc.sentences = [Sentence(0, len(text), text)]
    for name in (a, b):
        start = text.index(name)
        eid = "person-" + name.lower().replace(" ", "-")
        doc.mentions.append(Mention(start, start + len(name), name, "Person", eid, name, sentence=0))
        doc.entities[eid] = Entity(eid, "Person", name, aliases=[name])
    return map_doc(doc)


def bulk_store(path: Path) -> OxigraphStore:
    store = OxigraphStore(path)
    store.bulk_min_quads = 1  # every batch of these small articles takes the bulk path
    return store


def dump_lines(store: OxigraphStore) -> list[bytes]:
    out = io.BytesIO()
    store.dump(out)
    return sorted(out.getvalue().splitlines())


def batch_text(articles: list[MappedArticle]) -> bytes:
    lines: list[str] = []
    for art in articles:
        own, shared = art.nquads()
        lines += [own, *shared]
    return "\n".join(lines).encode("utf-8")


class FailingLoader:
    """A store whose bulk loader writes part of a batch, then fails (as a full disk would)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.calls = 0

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    def bulk_load(self, data: bytes, **kwargs) -> None:
        self.calls += 1
        lines = data.splitlines()
        self.store.load(b"\n".join(lines[: len(lines) // 2]), format=ox.RdfFormat.N_QUADS)
        raise OSError("no space left on device (simulated)")


def test_bulk_path_stores_the_same_quads_as_the_transactional_path(tmp_path):
    batches = [[article(i) for i in range(k, k + 4)] for k in (0, 4, 8)]
    bulk, plain = bulk_store(tmp_path / "bulk"), OxigraphStore(tmp_path / "plain")
    plain.bulk_min_quads = 10**12
    for batch in batches:
        bulk.replace_articles(batch)
        plain.replace_articles(batch)
    assert not (tmp_path / "bulk" / JOURNAL).exists()
    assert dump_lines(bulk) == dump_lines(plain)
    assert bulk.count_all() == plain.count_all()
    # Written again (the replace path) and read back after a reopen: still the same, no duplicates.
    bulk.replace_articles(batches[1])
    bulk.close()
    bulk = OxigraphStore(tmp_path / "bulk")
    assert dump_lines(bulk) == dump_lines(plain)
    assert bulk.article_ids() == sorted(f"bulk-{i}" for i in range(12))
    bulk.close()
    plain.close()


def test_a_journal_left_by_a_dead_process_is_rewritten_whole_on_open(tmp_path):
    first, second = [article(i) for i in range(3)], [article(i) for i in range(3, 6)]
    clean = OxigraphStore(tmp_path / "clean")
    clean.replace_articles(first)
    clean.replace_articles(second)
    expected = dump_lines(clean)
    clean.close()

    store = bulk_store(tmp_path / "kg")
    store.replace_articles(first)
    # The process died mid-load: half of the second batch's quads reached the store, its journal is there.
    data = batch_text(second)
    lines = data.splitlines()
    store._store.load(b"\n".join(lines[: len(lines) // 2]), format=ox.RdfFormat.N_QUADS)
    (tmp_path / "kg" / JOURNAL).write_bytes(data)
    store.close()

    store = OxigraphStore(tmp_path / "kg")
    assert not (tmp_path / "kg" / JOURNAL).exists()
    assert dump_lines(store) == expected
    store.close()


def test_a_journal_of_a_batch_that_was_loaded_whole_changes_nothing(tmp_path):
    batch = [article(i) for i in range(4)]
    store = bulk_store(tmp_path / "kg")
    store.replace_articles(batch)
    before = dump_lines(store)
    (tmp_path / "kg" / JOURNAL).write_bytes(batch_text(batch))  # the crash came after the load, before the unlink
    store.close()
    store = OxigraphStore(tmp_path / "kg")
    assert dump_lines(store) == before
    assert not (tmp_path / "kg" / JOURNAL).exists()
    store.close()


def test_a_journal_cut_short_is_dropped_and_nothing_loaded(tmp_path):
    store = bulk_store(tmp_path / "kg")
    store.replace_articles([article(0)])
    before = dump_lines(store)
    # A crash while the journal was being written: the bulk load had not begun.
    (tmp_path / "kg" / (JOURNAL + ".partial")).write_bytes(batch_text([article(1)])[:100])
    store.close()
    store = OxigraphStore(tmp_path / "kg")
    assert dump_lines(store) == before
    assert list((tmp_path / "kg").glob(JOURNAL + "*")) == []
    store.close()


def test_a_bulk_load_that_fails_half_way_ends_whole(tmp_path):
    batch = [article(i, "Det var mandag.") for i in range(4)]
    clean = OxigraphStore(tmp_path / "clean")
    clean.replace_articles(batch)
    expected = dump_lines(clean)
    clean.close()

    store = bulk_store(tmp_path / "kg")
    failing = FailingLoader(store._store)
    store._store = failing  # type: ignore[assignment]
    store.replace_articles(batch)
    assert failing.calls == 1
    store._store = failing.store
    assert dump_lines(store) == expected
    assert not (tmp_path / "kg" / JOURNAL).exists()
    store.close()


def test_small_batches_and_memory_stores_take_the_transactional_path(tmp_path):
    store = OxigraphStore(tmp_path / "kg")  # default threshold: far above one small article
    failing = FailingLoader(store._store)
    store._store = failing  # type: ignore[assignment]
    store.replace_articles([article(0)])
    assert failing.calls == 0
    store._store = failing.store
    store.close()
    memory = OxigraphStore(None)
    memory.bulk_min_quads = 1
    memory.replace_articles([article(0)])
    assert memory.article_ids() == ["bulk-0"]
