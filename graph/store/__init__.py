"""The graph store: one small interface (`base.Store`) and interchangeable backends, opened by `open_store`."""
from __future__ import annotations

import os

from graph.store.base import QuerySyntaxError, Store, StoreError, dump_format, plain, read_dump

__all__ = ["QuerySyntaxError", "Store", "StoreError", "dump_format", "open_store", "plain", "read_dump"]

DEFAULT_LOCATION = "./newskg-data"
MEMORY = "memory:"


def open_store(location: str | os.PathLike[str] | None = None, *, queries_in_memory: bool = False) -> Store:
    """Open the store named by `location`, or ./newskg-data (Settings.from_env reads $NEWSKG_STORE).

    "memory:" is an in-memory store; "sparql+http://…" or "sparql+https://…" a remote SPARQL endpoint
    (graph/store/remote.py). `queries_in_memory` keeps a copy of an on-disk store in memory to answer queries
    (graph/store/memory_copy.py). Backends are imported here, when chosen, so that a remote store loads no
    embedded one.
    """
    loc = str(location) if location else DEFAULT_LOCATION
    if loc.startswith(("sparql+http://", "sparql+https://")):
        from graph.store.remote import RemoteSparqlStore

        return RemoteSparqlStore.from_location(loc)
    from graph.store.oxigraph import OxigraphStore

    if loc == MEMORY:
        return OxigraphStore(None)
    if queries_in_memory:
        from graph.store.memory_copy import InMemoryQueryStore

        return InMemoryQueryStore(loc)
    return OxigraphStore(loc)
