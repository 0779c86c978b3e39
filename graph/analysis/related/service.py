"""The related-stories service the API and CLI use: one RelatedIndex per store, rebuilt when the store changes."""
from __future__ import annotations

import threading
import time

from graph.analysis.related.index import DEFAULT_WEIGHTS, RelatedIndex, Weights
from graph.store import Store


class RelatedService:
    """Keeps one RelatedIndex per store, rebuilt when the store's generation changes.

    Small collections rebuild at once, so a reader sees an ingest immediately. Once a rebuild takes longer than
    `SYNC_REBUILD_SECONDS`, later rebuilds run in a background thread while requests keep using the previous index
    (stale by at most one rebuild), so an ingest over HTTP never stalls related-story requests.
    """

    SYNC_REBUILD_SECONDS = 2.0

    def __init__(self, store: Store, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.store = store
        self.weights = weights
        self._index: RelatedIndex | None = None
        self._generation = -1
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None
        self.last_build_seconds = 0.0

    def _build(self) -> tuple[RelatedIndex, int]:
        generation = self.store.generation
        t0 = time.perf_counter()
        index = RelatedIndex.build(self.store, self.weights)
        self.last_build_seconds = time.perf_counter() - t0
        return index, generation

    def _background(self) -> None:
        try:
            index, generation = self._build()
            with self._lock:
                if generation >= self._generation:
                    self._index, self._generation = index, generation
        finally:
            # A failed rebuild (a store closed under us) must not block every later one.
            with self._lock:
                self._building = None

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background rebuild, if one is running (for tests and benchmarks)."""
        thread = self._building
        if thread is not None:
            thread.join(timeout)

    @property
    def index(self) -> RelatedIndex:
        with self._lock:
            index = self._index
            if index is not None and self._generation == self.store.generation:
                return index
            if self._index is not None and self.last_build_seconds > self.SYNC_REBUILD_SECONDS:
                if self._building is None:
                    self._building = threading.Thread(target=self._background, daemon=True)
                    self._building.start()
                return self._index
            self._index, self._generation = self._build()
            return self._index
