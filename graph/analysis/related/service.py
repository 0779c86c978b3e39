"""The related-stories service the API and CLI use: one RelatedIndex per store, kept up to date write by write,
saved to disk and loaded at start-up."""
from __future__ import annotations

import json
import logging
import math
import threading
import time
from pathlib import Path
from typing import BinaryIO

from graph.analysis.related.index import DEFAULT_WEIGHTS, RelatedIndex, Weights
from graph.analysis.related.persist import JOURNAL, META, IndexFileError, load_index, read_meta, save_index, write_meta
from graph.store import Store

log = logging.getLogger("newskg.related")


class Journal:
    """The article ids of every store write, one JSON line each, appended as the writes happen: what a saved index
    does not hold yet. A write the store cannot attribute to articles is the line {"all": true}."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / JOURNAL
        self._lock = threading.Lock()
        self._file: BinaryIO | None = None
        self.size = self.path.stat().st_size if self.path.exists() else 0

    def record(self, ids: frozenset[str] | None) -> None:
        line = (json.dumps({"all": True} if ids is None else {"ids": sorted(ids)}) + "\n").encode("utf-8")
        with self._lock:
            try:
                if self._file is None:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    self._file = self.path.open("ab")
                self._file.write(line)
                self._file.flush()  # in the OS's hands at once: a crash of the process loses no line
                self.size += len(line)
            except OSError as e:
                # The saved index can no longer be brought up to date: make the next start rebuild it.
                log.warning("related index journal %s not written (%s): the saved index will be rebuilt", self.path, e)
                (self.path.parent / META).unlink(missing_ok=True)

    def ids_from(self, offset: int) -> set[str] | None:
        """The ids written from byte `offset` on; None when a line says "all" or cannot be read."""
        ids: set[str] = set()
        try:
            with self.path.open("rb") as f:
                f.seek(offset)
                for line in f:
                    entry = json.loads(line)
                    if entry.get("all") or not isinstance(entry.get("ids"), list):
                        return None
                    ids.update(entry["ids"])
        except FileNotFoundError:
            return set() if offset == 0 else None
        except (OSError, ValueError):
            return None
        return ids

    def truncate(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
            self.path.unlink(missing_ok=True)
            self.size = 0

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


class RelatedService:
    """Keeps one RelatedIndex per store, following it write by write.

    The store tells the service which articles each write changed (a write listener); the next request puts those
    articles into the index (or removes them), in time proportional to them, so a new article is in related results
    at the next request after its write. A write the store cannot attribute (an update naming graphs by variables, a
    backup loaded) rebuilds the index: at once while rebuilds are quick, in a background thread once one has taken
    longer than `SYNC_REBUILD_SECONDS` (requests keep the previous index meanwhile, then the writes since are put).

    With a `directory` the index is saved there (graph/analysis/related/persist.py) and loaded at start-up instead
    of being rebuilt: the writes since it was saved are replayed from the journal, and the articles it holds must be
    the store's (same ids), else, or when the files are damaged or from other code, it is rebuilt and `status` says
    why. It is saved again once SAVE_SHARE of it has changed (in the background) and when the service closes.
    """

    SYNC_REBUILD_SECONDS = 2.0
    SAVE_SHARE = 0.1  # save once this share of the index has changed since the last save
    REPLAY_SHARE = 0.2  # past this share of the saved index written since, a rebuild is quicker than a replay

    def __init__(self, store: Store, weights: Weights = DEFAULT_WEIGHTS, directory: Path | None = None) -> None:
        self.store = store
        self.weights = weights
        self.directory = directory
        self.journal = Journal(directory) if directory is not None else None
        self._index: RelatedIndex | None = None
        self._lock = threading.Lock()  # the index slot: opening, applying writes, swapping in a rebuild
        self._pending_lock = threading.Lock()
        self._pending: set[str] = set()
        self._unknown = False
        self._applied_offset = 0  # journal bytes whose writes the index holds
        self._saved: tuple[RelatedIndex | None, int] = (None, 0)  # the index last saved, at which version
        self._since_rebuild: set[str] | None = None  # ids put while a background rebuild runs
        self._building: threading.Thread | None = None
        self._saving: threading.Thread | None = None
        self._warming: threading.Thread | None = None
        self.last_build_seconds = 0.0
        self.status = "related index not opened yet"
        store.add_write_listener(self._on_write)

    def _on_write(self, ids: frozenset[str] | None) -> None:
        with self._pending_lock:
            if ids is None:
                self._unknown = True
            else:
                self._pending |= ids
            if self.journal is not None:
                self.journal.record(ids)

    def _take_pending(self) -> tuple[set[str], bool]:
        with self._pending_lock:
            ids, unknown = self._pending, self._unknown
            self._pending, self._unknown = set(), False
            self._applied_offset = self.journal.size if self.journal is not None else 0
            return ids, unknown

    @property
    def index(self) -> RelatedIndex:
        """The index, with every write made before this call (other clients' writes too, where the store can tell)."""
        self.store.catch_up()  # tells _on_write of articles other clients wrote
        with self._lock:
            if self._index is None:
                self._take_pending()  # what the store holds now is what opening reads
                self._index = self._open()
                return self._index
            ids, unknown = self._take_pending()
            if unknown and self._rebuild():
                ids = set()  # the rebuilt index read them
            if ids:
                # Also while a background rebuild runs: the articles named are in answers at once, and put again
                # into the rebuilt index once it is swapped in.
                self._index.put_from_store(self.store, ids)
                if self._since_rebuild is not None:
                    self._since_rebuild |= ids
            self._maybe_save()
            return self._index

    def _build(self) -> RelatedIndex:
        t0 = time.perf_counter()
        index = RelatedIndex.build(self.store, self.weights)
        self.last_build_seconds = time.perf_counter() - t0
        return index

    def _rebuild(self) -> bool:
        """Rebuild the index: at once (True) while builds are quick, else in a background thread (False)."""
        if self.last_build_seconds <= self.SYNC_REBUILD_SECONDS:
            self._index = self._build()
            self.status = f"related index rebuilt in {self.last_build_seconds:.1f} s (a write named no articles)"
            return True
        if self._building is None:
            self._since_rebuild = set()
            self._building = threading.Thread(target=self._background, daemon=True)
            self._building.start()
        return False

    def _background(self) -> None:
        try:
            index = self._build()
            with self._lock:
                since, self._since_rebuild = self._since_rebuild or set(), None
                index.put_from_store(self.store, since)  # writes made while the build read the store
                self._index = index
                self.status = f"related index rebuilt in {self.last_build_seconds:.1f} s (a write named no articles)"
        finally:
            # A failed rebuild (a store closed under us) must not block every later one.
            with self._lock:
                self._building = None
                self._since_rebuild = None

    def warm(self) -> None:
        """Open the index (load it, or build it) in a background thread, so that the first request finds it."""

        def open_index() -> None:
            try:
                log.info("%s (%d articles)", self.status, self.index.live)
            except Exception as e:  # noqa: BLE001 - a store closed under us: the next request opens it again
                log.warning("related index not opened: %s", e)

        if self._warming is None:
            self._warming = threading.Thread(target=open_index, daemon=True)
            self._warming.start()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background open, rebuild or save, if one is running (for tests and benchmarks)."""
        for thread in (self._warming, self._building, self._saving):
            if thread is not None:
                thread.join(timeout)

    # On disk.

    def _open(self) -> RelatedIndex:
        t0 = time.perf_counter()
        reason = None
        if self.directory is not None and self.journal is not None:
            try:
                index, meta = load_index(self.directory, self.weights)
                offset = int(meta.get("journal_offset", 0))
                replay = self.journal.ids_from(offset)
                if replay is None:
                    raise IndexFileError("a write since it was saved named no articles")
                if len(replay) > max(100, self.REPLAY_SHARE * index.live):
                    raise IndexFileError(f"{len(replay)} articles written since it was saved")
                index.put_from_store(self.store, replay)
                stored = self.store.article_ids()
                if index.live_ids() != stored:
                    raise IndexFileError(
                        f"it holds {index.live} articles and the store {len(stored)}, or other ones"
                    )
                if replay:
                    index = index.compacted()
                    self._save(index, self._applied_offset)
                self._saved = (index, index.version)
                self.status = (
                    f"related index loaded from {self.directory} in {time.perf_counter() - t0:.1f} s: {index.live} "
                    f"articles, {len(replay)} brought up to date from the journal"
                )
                return index
            except IndexFileError as e:
                reason = str(e)
        index = self._build()
        why = f" ({reason}; rebuilt)" if reason and not reason.startswith("no saved index") else ""
        self.status = f"related index built from the store in {self.last_build_seconds:.1f} s{why}"
        if why:
            log.warning("%s", self.status)
        if self.directory is not None:
            self._save(index, self._applied_offset)
            self._saved = (index, index.version)
        return index

    def _save(self, index: RelatedIndex, offset: int) -> None:
        """Save a compacted index; then, if no write came since, start the journal afresh."""
        assert self.directory is not None and self.journal is not None
        save_index(index, self.directory, offset)
        with self._pending_lock:
            if self.journal.size == offset and not self._pending and not self._unknown:
                write_meta(self.directory, read_meta(self.directory) | {"journal_offset": 0})
                self.journal.truncate()  # after the meta: a crash between replays the old lines again, harmlessly
                self._applied_offset = 0

    def _unsaved(self) -> float:
        """Changes to the index since it was last saved (infinite for an index never saved)."""
        saved, version = self._saved
        if self._index is None:
            return 0
        return self._index.version - version if self._index is saved else math.inf

    def _maybe_save(self) -> None:
        index = self._index
        if self.directory is None or index is None or self._saving is not None:
            return
        if self._unsaved() < max(1.0, self.SAVE_SHARE * index.live):
            return
        offset, version = self._applied_offset, index.version

        def save() -> None:
            try:
                compacted = index.compacted()
                self._save(compacted, offset)
                with self._lock:
                    if self._index is index and index.version == version:
                        # Nothing written meanwhile: serve the compacted copy (no dead positions, no appended rows).
                        self._index = compacted
                        self._saved = (compacted, compacted.version)
                    else:
                        self._saved = (index, version)
            except OSError as e:
                log.warning("related index not saved to %s: %s", self.directory, e)
            finally:
                self._saving = None

        self._saving = threading.Thread(target=save, daemon=True)
        self._saving.start()

    def close(self) -> None:
        """Save the index if it changed since it was last saved, and stop following the store."""
        self.store.remove_write_listener(self._on_write)
        self.wait()
        with self._lock:
            if self._index is not None and self.directory is not None:
                ids, unknown = self._take_pending()
                if not unknown:
                    if ids:
                        self._index.put_from_store(self.store, ids)
                    if self._unsaved():
                        try:
                            self._save(self._index.compacted(), self._applied_offset)
                        except OSError as e:
                            log.warning("related index not saved to %s: %s", self.directory, e)
        if self.journal is not None:
            self.journal.close()
