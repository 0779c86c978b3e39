"""Run a SPARQL query within limits: a time limit that stops the work, a cap on result rows, and serialisation.

Two runners share one function, `execute`, which runs a query, stops at `max_rows` (marking the answer truncated)
and writes it in the negotiated media type:

- `ProcessQueryRunner`, for an embedded store on disk: a small pool of worker processes, each with the store opened
  read-only. A query that passes its time limit is stopped by killing its worker (a fresh one takes its place),
  because Oxigraph cannot interrupt a query from another thread. A worker reopens the store when the store's
  `generation` has moved, so it sees every write made before the query arrived. The cost: 0.15 ms (p50; 0.5 ms p95)
  of inter-process round trip per query, and ~20 ms to reopen after a write. (pyoxigraph calls a read-only open
  beside a live writer undefined; in RocksDB it is a snapshot whose files a compaction may delete, which shows
  as an IO error, so a worker reopens and retries then. Queries never write, so the data is never at risk.)
- `ThreadQueryRunner`, for in-memory and remote stores: the query runs in a thread and the caller gets an error at
  the time limit. Streaming results stop at the next row; but an aggregation or ORDER BY that Oxigraph evaluates in
  one call cannot be stopped and finishes in the background, its result discarded (an in-memory store cannot be
  shared with another process). Remote stores are also bounded by the HTTP timeout and the server's own limits.
"""
from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from graph.sparql.formats import result_kind, results_format
from graph.sparql.writers import serialize, write_rdf, write_solutions
from graph.store.base import QuerySyntaxError, Store, StoreError
from graph.store.oxigraph import OxigraphStore

WORKER_START_SECONDS = 30
WAL_FLUSH_BYTES = 4 * 1024 * 1024
READ_RETRIES = 5
# pyoxigraph writes SELECT results into a buffer of at most this many bytes per allowed row (and in all).
NATIVE_BYTES_PER_ROW = 512
NATIVE_MAX_BYTES = 256 * 1024 * 1024


class QueryTimeout(RuntimeError):
    """The query ran past its time limit and was stopped."""


@dataclass(frozen=True)
class QueryRequest:
    query: str
    media_types: dict[str, str | None]  # result kind (select/ask/graph) -> negotiated media type, None if none fits
    max_rows: int
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None  # resolves the query's relative IRIs (the endpoint's URL)


@dataclass
class QueryAnswer:
    kind: str  # select, ask or graph
    media_type: str | None  # None: the client accepts no type for this kind of result
    body: bytes = b""
    rows: int = 0
    truncated: bool = False


def execute(store: Store, request: QueryRequest, deadline: float | None = None) -> QueryAnswer:
    """Run the query on `store`, stop after `max_rows` rows (or triples), and serialise the answer.

    SELECT results are first written by pyoxigraph itself (in Rust, 3-4x faster than Python for big results) into
    a bounded buffer; only when that shows more than `max_rows` rows, or outgrows the buffer, is the query run
    again and cut at `max_rows` here in Python.
    """
    def run():
        return store.query(
            request.query,
            default_graph=None if request.default_graph is None else list(request.default_graph),
            named_graphs=None if request.named_graphs is None else list(request.named_graphs),
            base_iri=request.base_iri,
        )

    result = run()
    kind = result_kind(result)
    media_type = request.media_types.get(kind)
    if media_type is None:
        return QueryAnswer(kind, None)
    if kind == "ask":
        return QueryAnswer(kind, media_type, serialize(result, media_type), 1)
    if kind == "select":
        body = _native_solutions(result, media_type, request.max_rows)
        if body is not None:
            rows = _rows_at_most(body, media_type)
            if rows <= request.max_rows:
                return QueryAnswer(kind, media_type, body, rows)
        result = run()  # more rows than allowed: run again and cut
    items: list[Any] = []
    for item in islice(result, request.max_rows + 1):
        if deadline is not None and len(items) % 256 == 0 and time.monotonic() > deadline:
            raise QueryTimeout("time limit reached while reading results")
        items.append(item)
    truncated = len(items) > request.max_rows
    del items[request.max_rows :]
    if kind == "graph":
        return QueryAnswer(kind, media_type, write_rdf(items, media_type), len(items), truncated)
    variables = [v.value for v in result.variables]
    body = write_solutions(variables, items, media_type, truncated)
    return QueryAnswer(kind, media_type, body, len(items), truncated)


class _OverBudget(Exception):
    pass


class _BoundedBuffer:
    """A binary sink for pyoxigraph's serialiser that gives up past `limit` bytes (which stops the serialiser)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _OverBudget
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _native_solutions(result: ox.QuerySolutions, media_type: str, max_rows: int) -> bytes | None:
    """The results written by pyoxigraph, or None when they outgrow NATIVE_BYTES_PER_ROW * max_rows bytes."""
    sink = _BoundedBuffer(min(NATIVE_BYTES_PER_ROW * max(max_rows, 1), NATIVE_MAX_BYTES))
    try:
        result.serialize(cast(IO[bytes], sink), format=results_format(media_type))  # a writable sink is enough
    except _OverBudget:
        return None
    except OSError as e:  # pyoxigraph wraps the sink's exception
        if isinstance(e.__cause__, _OverBudget) or "_OverBudget" in repr(e):
            return None
        raise
    return b"".join(sink.parts)


def _rows_at_most(body: bytes, media_type: str) -> int:
    """An upper bound of the rows in pyoxigraph's output (exact for XML and TSV; literals can only add to it)."""
    if media_type == "application/sparql-results+json":
        return 0 if b'"bindings":[]' in body else body.count(b"},{") + 1
    if media_type == "application/sparql-results+xml":
        return body.count(b"<result>")  # '<' inside literals is escaped
    if media_type == "text/csv":
        return body.count(b"\n") - 1
    return body.count(b"\n") - 1  # TSV escapes newlines inside literals


class ThreadQueryRunner:
    """Queries in threads of this process; see the module docstring for what the time limit can and cannot stop."""

    def __init__(self, store: Store, timeout: float, threads: int = 8) -> None:
        self.store = store
        self.timeout = timeout
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sparql")

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryAnswer:
        limit = self.timeout if timeout is None else timeout
        future = self._pool.submit(execute, self.store, request, time.monotonic() + limit)
        try:
            return future.result(timeout=limit)
        except FutureTimeout:
            raise QueryTimeout(f"the query ran past the time limit of {limit:g} s and was stopped") from None

    async def run_async(self, request: QueryRequest, timeout: float | None = None) -> QueryAnswer:
        """`run` for an event loop: awaits the query's thread directly, with no thread blocked waiting on it."""
        limit = self.timeout if timeout is None else timeout
        future = self._pool.submit(execute, self.store, request, time.monotonic() + limit)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), limit)
        except TimeoutError:
            raise QueryTimeout(f"the query ran past the time limit of {limit:g} s and was stopped") from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _is_vanished_file(error: Exception) -> bool:
    """RocksDB errors of a read-only view whose files the writer compacted away meanwhile."""
    text = str(error)
    # OxigraphStore reports a failed open as StoreError, caused by pyoxigraph's OSError.
    io_error = isinstance(error, OSError) or isinstance(error.__cause__, OSError)
    return io_error or "Corruption" in text or "No such file" in text or "IO error" in text


def worker_main(path: str, fd: int) -> None:
    """A query worker: answer (generation, request) messages with ("ok", answer) or (error kind, message).

    The store is opened read-only beside its writer. When the writer compacts, files this view still names can
    vanish: RocksDB then reports an IO error or "Corruption", and the worker reopens the store and runs the
    query again, up to READ_RETRIES times.
    """
    conn = Connection(fd)
    conn.send(("ready", os.getpid()))
    store: OxigraphStore | None = None
    opened_at: int | None = None
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        generation, request = message
        for attempt in range(READ_RETRIES + 1):
            try:
                if store is None or opened_at != generation:
                    store = None
                    store = OxigraphStore.open_read_only(path)
                    opened_at = generation
                conn.send(("ok", execute(store, request)))
            except QuerySyntaxError as e:
                conn.send(("syntax", str(e)))
            except Exception as e:  # noqa: BLE001 - every failure is reported to the parent, none kills the worker
                if not _is_vanished_file(e):  # reported to the parent, which treats it as our bug (HTTP 500)
                    conn.send(("bug", f"{e.__class__.__name__}: {e}"))
                    break
                store, opened_at = None, None
                if attempt < READ_RETRIES:
                    time.sleep(0.01 * (attempt + 1))
                    continue
                conn.send(("store", f"cannot read the store: {str(e).splitlines()[0] if str(e) else e}"))
            break


class _Worker:
    """One worker process, started as `python -c` with this process's `sys.path`.

    Not multiprocessing's spawn, which re-imports the parent's __main__ (a server's or pytest's) in every worker.
    """

    def __init__(self, path: str) -> None:
        self.conn, child = mp.Pipe()
        code = (
            f"import sys; sys.path[:0] = {sys.path!r}; "
            f"from graph.sparql.runners import worker_main; worker_main({path!r}, {child.fileno()})"
        )
        self.process = subprocess.Popen([sys.executable, "-c", code], pass_fds=[child.fileno()])
        child.close()
        # Wait for the imports to finish, so that start-up time is not counted against a query's time limit.
        if not self.conn.poll(WORKER_START_SECONDS) or self.conn.recv()[0] != "ready":
            self.kill()
            raise StoreError("a SPARQL query worker did not start")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)
        self.conn.close()


class ProcessQueryRunner:
    """Queries in a pool of worker processes over a read-only view of an on-disk Oxigraph store."""

    def __init__(self, store: OxigraphStore, timeout: float, workers: int = 2) -> None:
        if store.path is None:
            raise ValueError("ProcessQueryRunner needs a store on disk")
        self.store = store
        self.timeout = timeout
        self.path = str(store.path)
        self._idle: list[_Worker] = []
        self._slots = threading.Semaphore(workers)
        self._lock = threading.Lock()
        self._synced_generation = -1
        # Threads that wait on workers for `run_async` callers: many, so that a query queued for a worker waits
        # within its own time limit (in `run`) rather than unseen in a short queue before it.
        self._waiting = ThreadPoolExecutor(max_workers=32, thread_name_prefix="sparql-wait")
        self.killed = 0  # workers stopped at the time limit, for tests and monitoring

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive:
                    return worker
                worker.kill()
        return _Worker(self.path)

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryAnswer:
        limit = self.timeout if timeout is None else timeout
        if not self._slots.acquire(timeout=limit):
            raise QueryTimeout(f"the query waited past the time limit of {limit:g} s for a free worker")
        try:
            self._sync()
            worker = self._take()
            deadline = time.monotonic() + limit  # starting a worker is not the query's time
            alive = True
            try:
                worker.conn.send((self.store.generation, request))
                ready = worker.conn.poll(max(deadline - time.monotonic(), 0))
                status, payload = worker.conn.recv() if ready else ("timeout", None)
            except (EOFError, OSError):
                status, payload, alive = "bug", "the query worker died", False
            if status == "timeout" or not alive:
                worker.kill()  # the one way to stop a running Oxigraph query
                self.killed += status == "timeout"
            else:
                with self._lock:
                    self._idle.append(worker)
        finally:
            self._slots.release()
        if status == "ok":
            assert isinstance(payload, QueryAnswer)
            return payload
        if status == "timeout":
            raise QueryTimeout(f"the query ran past the time limit of {limit:g} s and was stopped")
        if status == "syntax":
            raise QuerySyntaxError(payload)
        if status == "store":
            raise StoreError(payload)
        raise RuntimeError(payload)

    async def run_async(self, request: QueryRequest, timeout: float | None = None) -> QueryAnswer:
        """`run` for an event loop: a thread of this runner's own pool waits for a free worker and its answer."""
        return await asyncio.get_running_loop().run_in_executor(self._waiting, self.run, request, timeout)

    def _sync(self) -> None:
        """Flush the writer's log into table files when it has grown, so that workers reopen in milliseconds.

        A read-only open replays the write-ahead log: ~10 s for 300k unflushed quads, ~20 ms after a flush.
        """
        with self._lock:
            if self.store.generation == self._synced_generation:
                return
            self._synced_generation = self.store.generation
            wal = sum(f.stat().st_size for f in Path(self.path).glob("*.log"))
            if wal > WAL_FLUSH_BYTES:
                self.store.flush()

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._idle]

    def close(self) -> None:
        self._waiting.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            for worker in self._idle:
                worker.kill()
            self._idle.clear()


def make_runner(store: Store, timeout: float, workers: int | None = None) -> ThreadQueryRunner | ProcessQueryRunner:
    """Worker processes for an embedded store on disk (the time limit really stops queries), threads otherwise."""
    if workers is None:
        workers = min(4, os.cpu_count() or 2)
    if isinstance(store, OxigraphStore) and store.path is not None and workers > 0:
        return ProcessQueryRunner(store, timeout, workers)
    return ThreadQueryRunner(store, timeout)
