"""The related-stories index on disk: numpy arrays (.npz, no pickle) and JSON, written to temporary files and renamed.

A folder holds one saved index and the journal of writes since:
    meta.json       format name and version, checksums of the two files below, the weights and code it was built
                    with, the articles it holds (count and a hash of their ids), and where the journal starts
    arrays.npz      the compacted rows, postings and per-article arrays (np.savez, allow_pickle=False on load)
    articles.json   the articles (title, date, language, source, entities, roles, dates named) and entities
    journal.jsonl   one line per store write: the article ids written (or "all" when unknown), appended as they come
`load_index` raises IndexFileError (with the reason in one line) when the files are missing, damaged, of another
format version, or built with other weights or code; the caller rebuilds.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from graph.analysis.related.index import ArticleInfo, EntityInfo, RelatedIndex, Weights
from graph.analysis.sparse import Rows
from graph.analysis.textsim import TextIndex

FORMAT = "newskg-related-index"
# The layout of the files and what they mean (2: shared neighbours weighed by rank); meta also records a hash of the
# code that wrote them.
VERSION = 2
META, ARRAYS, ARTICLES, JOURNAL = "meta.json", "arrays.npz", "articles.json", "journal.jsonl"
# The modules whose code decides what the saved arrays mean: an index saved by other code is rebuilt.
_CODE = ("index.py", "signals.py", "persist.py", "../textsim.py", "../sparse.py")


class IndexFileError(RuntimeError):
    """The saved index cannot be used; the message says why in one line."""


def code_hash() -> str:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in _CODE:
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def weights_hash(weights: Weights) -> str:
    return hashlib.sha256(json.dumps(asdict(weights), sort_keys=True).encode()).hexdigest()[:16]


def ids_hash(ids: Iterable[str]) -> str:
    """A fingerprint of a set of article ids (sorted)."""
    h = hashlib.sha256()
    for aid in sorted(ids):
        h.update(aid.encode("utf-8") + b"\0")
    return h.hexdigest()


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def _replace(directory: Path, name: str, write: Any) -> None:
    """Write a file through a temporary one in the same folder, flushed to disk, then renamed over the old one."""
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, directory / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _blob(strings: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def _unblob(blob: np.ndarray) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def save_index(index: RelatedIndex, directory: Path, journal_offset: int) -> dict[str, Any]:
    """Save a compacted index (no dead positions, no appended rows) and return its meta. The journal's lines
    from byte `journal_offset` on are writes the saved index does not hold yet."""
    if index.dead or index.text.rows.tail_nnz or index.ent_rows.tail_nnz:
        raise ValueError("save a compacted index (RelatedIndex.compacted())")
    directory.mkdir(parents=True, exist_ok=True)
    text, ent = index.text.rows, index.ent_rows
    arrays: dict[str, np.ndarray] = {
        "text_ptr": text.base_ptr, "text_cols": text.base_cols, "text_vals": text.base_vals,
        "text_post_ptr": text.post_ptr, "text_post_rows": text.post_rows, "text_post_vals": text.post_vals,
        "text_norms": index.text.norms, "terms": _blob(index.text.terms),
        "ent_ptr": ent.base_ptr, "ent_cols": ent.base_cols, "ent_vals": ent.base_vals,
        "ent_post_ptr": ent.post_ptr, "ent_post_rows": ent.post_rows, "ent_post_vals": ent.post_vals,
        "ent_norm": index.ent_norm, "event_norm": index.event_norm,
        "days": index.days, "year_bits": index.year_bits, "latest_year": index.latest_year,
        "weekday_bits": index.weekday_bits, "day_bits": index.day_bits,
        "lang_codes": index.lang_codes, "source_codes": index.source_codes,
        "langs": np.array(list(index._langs), dtype=str), "sources": np.array(list(index._sources), dtype=str),
    }  # fmt: skip
    _replace(directory, ARRAYS, lambda f: np.savez(f, allow_pickle=False, **arrays))
    articles = [
        [a.id, a.title, a.date, a.lang, a.source, a.entities, sorted(a.about), sorted(a.roles), sorted(a.years),
         sorted(a.days), a.weekdays]
        for a in (index.articles[aid] for aid in index.ids)
    ]  # fmt: skip
    entities = [[e.id, e.label, e.type, e.labels] for e in (index.entities[eid] for eid in index.entity_ids)]
    payload = json.dumps({"articles": articles, "entities": entities}, ensure_ascii=False).encode("utf-8")
    _replace(directory, ARTICLES, lambda f: f.write(payload))
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "code": code_hash(),
        "weights": weights_hash(index.weights),
        "articles": index.live,
        "ids": ids_hash(index.ids),
        "journal_offset": journal_offset,
        "sha256": {ARRAYS: _file_hash(directory / ARRAYS), ARTICLES: hashlib.sha256(payload).hexdigest()},
    }
    write_meta(directory, meta)
    return meta


def write_meta(directory: Path, meta: dict[str, Any]) -> None:
    _replace(directory, META, lambda f: f.write(json.dumps(meta, indent=1).encode("utf-8")))


def read_meta(directory: Path) -> dict[str, Any]:
    try:
        meta = json.loads((directory / META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexFileError(f"no saved index in {directory}") from None
    except (OSError, ValueError) as e:
        raise IndexFileError(f"{directory / META} is damaged ({e})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise IndexFileError(f"{directory / META} is not a related-stories index")
    if meta.get("version") != VERSION:
        raise IndexFileError(f"saved in format version {meta.get('version')}, this code reads {VERSION}")
    return meta


@contextmanager
def _no_gc() -> Iterator[None]:
    """Without the cyclic collector: loading makes a million small objects, none of them garbage, and every
    collection the allocations trigger would walk all the objects of the process (10x the time of the load)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_index(directory: Path, weights: Weights) -> tuple[RelatedIndex, dict[str, Any]]:
    """The saved index and its meta, or IndexFileError saying why it cannot be used."""
    with _no_gc():
        return _load_index(directory, weights)


def _load_index(directory: Path, weights: Weights) -> tuple[RelatedIndex, dict[str, Any]]:
    meta = read_meta(directory)
    if meta.get("code") != code_hash():
        raise IndexFileError("saved by another version of the ranking code")
    if meta.get("weights") != weights_hash(weights):
        raise IndexFileError("saved with other ranking weights")
    try:
        payload = (directory / ARTICLES).read_bytes()
        if hashlib.sha256(payload).hexdigest() != meta["sha256"][ARTICLES]:
            raise IndexFileError(f"{directory / ARTICLES} is damaged (checksum)")
        if _file_hash(directory / ARRAYS) != meta["sha256"][ARRAYS]:
            raise IndexFileError(f"{directory / ARRAYS} is damaged (checksum)")
        with np.load(directory / ARRAYS, allow_pickle=False) as npz:
            a = {k: npz[k] for k in npz.files}
        data = json.loads(payload)
    except (OSError, ValueError, KeyError) as e:
        raise IndexFileError(f"the saved index in {directory} cannot be read ({e})") from None
    articles = [
        ArticleInfo(i, title, day, lang, source, entities=ents, about=set(about), roles=set(roles), years=set(years),
                    days={(m, d) for m, d in days}, weekdays=weekdays)
        for i, title, day, lang, source, ents, about, roles, years, days, weekdays in data["articles"]
    ]  # fmt: skip
    entities = {
        eid: EntityInfo(eid, label, type_, [(t, lang) for t, lang in labels])
        for eid, label, type_, labels in data["entities"]
    }
    entity_ids = [e[0] for e in data["entities"]]
    terms = _unblob(a["terms"])
    text = object.__new__(TextIndex)
    text._init(
        Rows(a["text_ptr"], a["text_cols"], a["text_vals"], len(terms),
             (a["text_post_ptr"], a["text_post_rows"], a["text_post_vals"])),
        terms,
        np.ones(len(articles), dtype=bool),
        a["text_norms"],
    )  # fmt: skip
    ent_post = (a["ent_post_ptr"], a["ent_post_rows"], a["ent_post_vals"])
    ent_rows = Rows(a["ent_ptr"], a["ent_cols"], a["ent_vals"], len(entity_ids), ent_post)
    index = object.__new__(RelatedIndex)
    index._setup(weights, articles, entities, entity_ids, text, ent_rows, None, a)
    if index.live != meta.get("articles"):
        raise IndexFileError(f"{directory} holds {index.live} articles, its meta says {meta.get('articles')}")
    return index, meta
