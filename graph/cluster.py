"""Ingest on a Dask cluster: the workers read, extract and map; articles are stored whole, as a local ingest does.

The client cuts the input into small tasks without reading it: a plain JSON Lines file into byte ranges (a worker
reads the lines that begin in its range), a stream file (gzip/bz2 JSON Lines, WARC) into ranges of units (lines or
WARC records; a worker skips to its range as it decompresses, and says when the file ended), any other file whole.
Each task runs `graph.ingest._Worker` on a worker, the same code as a local ingest, with the pipeline built once per
worker by a WorkerPlugin. Results come back as N-Quads text and this process stores them in batches, in input
order, through the same writer as a local ingest: same graphs, same quads, same ids. With a remote store the
workers may write instead, in parallel, each article in its own atomic replace.

A worker killed mid-run loses nothing: the scheduler runs its tasks again elsewhere, and a task's articles are
stored only once its result is back (or, when workers write, replaced whole: writing twice adds nothing).
"""
from __future__ import annotations

import math
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from distributed import Client, Future, WorkerPlugin, get_worker, wait
from distributed.scheduler import KilledWorker

from graph.ingest import (
    BATCH_SIZE,
    IngestError,
    IngestReport,
    _Failed,
    _File,
    _Outcome,
    _Records,
    _store_outcomes,
    _Stored,
    _Worker,
)
from graph.rdf.mapping import MappedArticle
from graph.readers import FORMATS, ReadError, Record, iter_files
from graph.readers.base import DEFAULT_LIMITS, ReadLimits, Skipped
from graph.readers.dispatch import stream_format, stream_units
from graph.readers.jsonl import decode_line, read_line
from graph.services import build_pipeline
from graph.settings import Settings
from graph.store import Store, open_store

CHUNK_BYTES = 256 * 1024  # of plain JSON Lines per task: about 100 news articles
CHUNK_UNITS = 256  # lines or WARC records of a stream file per task
RETRIES = 2  # a task that raised is run again this many times (a worker that died is handled by the scheduler)


@dataclass(frozen=True)
class ByteRange:
    """The lines of a plain JSON Lines file that begin at a byte in [start, end)."""

    path: str
    start: int
    end: int


@dataclass(frozen=True)
class UnitRange:
    """Units first..first+count-1 (lines or WARC records) of a stream file."""

    path: str
    first: int
    count: int


@dataclass(frozen=True)
class WholeFile:
    path: str


Task = ByteRange | UnitRange | WholeFile


@dataclass
class TaskResult:
    outcomes: list[_Outcome]
    at_end: bool = True  # for a UnitRange: the file has no units after this range


class IngestPlugin(WorkerPlugin):
    """Builds the pipeline (and opens the remote store, when workers write) once per worker, at set-up."""

    def __init__(
        self, settings: Settings, disable: list[str], skip: frozenset[str], store_location: str | None
    ) -> None:
        self.settings = settings
        self.disable = disable
        self.skip = skip
        self.store_location = store_location
        self.worker: _Worker | None = None
        self.store: Store | None = None

    def setup(self, worker: Any) -> None:
        pipeline = build_pipeline(self.settings, self.disable)
        self.worker = _Worker(pipeline, self.skip, ReadLimits.from_settings(self.settings))
        self.store = open_store(self.store_location) if self.store_location else None

    def teardown(self, worker: Any) -> None:
        if self.store is not None:
            self.store.close()


def run_task(task: Task, plugin_name: str) -> TaskResult:
    """On a worker: read the task's records, extract and map them; store them too when this worker writes."""
    plugin = get_worker().plugins[plugin_name]
    assert isinstance(plugin, IngestPlugin) and plugin.worker is not None, "ingest plugin not set up"
    result = process_task(task, plugin.worker)
    if plugin.store is not None:
        mapped = [o for o in result.outcomes if isinstance(o, MappedArticle)]
        # Later records with the same id win within a task, as in a local ingest.
        plugin.store.replace_articles(list({m.article_id: m for m in mapped}.values()))
        result.outcomes = [_Stored(o.article_id) if isinstance(o, MappedArticle) else o for o in result.outcomes]
    return result


def process_task(task: Task, worker: _Worker) -> TaskResult:
    if isinstance(task, WholeFile):
        return TaskResult(worker.run(_File(Path(task.path))))
    if isinstance(task, ByteRange):
        try:
            records = list(read_byte_range(Path(task.path), task.start, task.end, worker.limits))
        except OSError as e:
            return TaskResult([_Failed(f"{task.path}: cannot read file: {e.strerror or e}")])
        return TaskResult(worker.run(_Records(records)))
    records, at_end = read_unit_range(Path(task.path), task.first, task.count, worker.limits)
    return TaskResult(worker.run(_Records(records)), at_end)


def read_byte_range(path: Path, start: int, end: int, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[Record]:
    """Records of the JSON Lines lines that begin in [start, end): each line belongs to exactly one range."""
    origin = str(path)
    with path.open("rb") as f:
        if start > 0:
            f.seek(start - 1)
            f.readline()  # the rest of a line that began before `start`: the range before reads it
        pos = f.tell()
        while pos < end:
            raw = f.readline()
            if not raw:
                break
            where = f"{origin}:byte {pos}"
            pos += len(raw)
            text = decode_line(raw, where)
            record = text if isinstance(text, ReadError) else read_line(text, where, limits)
            if record is not None:
                yield record


def read_unit_range(
    path: Path, first: int, count: int, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[list[Record], bool]:
    """Records of units first..first+count-1 of a stream file, and whether the file ends there."""
    units = stream_units(path, limits)
    records: list[Record] = []
    at_end = True
    try:
        for i, unit in enumerate(islice(units, first, first + count + 1)):
            if i == count:  # one unit past the range: the file goes on
                at_end = False
                break
            record = unit()
            if record is not None:
                records.append(record)
    finally:
        units.close()
    return records, at_end


def cluster_tasks(
    paths: Iterable[str | Path], ended: dict[str, int], chunk_bytes: int = CHUNK_BYTES, chunk_units: int = CHUNK_UNITS
) -> Iterator[Task | ReadError]:
    """Tasks for the files under `paths`, in input order. A stream file's ranges go on until `ended` names it."""
    for item in iter_files(paths):
        if isinstance(item, Skipped):
            continue  # a file in a folder that no reader takes (the local ingest names it; the cluster leaves it out)
        if isinstance(item, ReadError):
            yield item
            continue
        path = str(item)
        if stream_format(item):
            first = 0
            while path not in ended:
                yield UnitRange(path, first, chunk_units)
                first += chunk_units
        elif FORMATS.get(item.suffix.lower()) == "jsonl":
            try:
                size = item.stat().st_size
            except OSError as e:
                yield ReadError(path, f"cannot read file: {e.strerror or e}")
                continue
            if size == 0:
                yield ReadError(path, "empty file")
            for start in range(0, size, chunk_bytes):
                yield ByteRange(path, start, min(start + chunk_bytes, size))
        else:
            yield WholeFile(path)


@dataclass
class _Entry:
    task: Task | ReadError
    future: Future | None = None
    result: TaskResult | None = None
    dropped: bool = False  # a range past the end of its file


@dataclass
class _Run:
    """One cluster ingest's bookkeeping on the client."""

    client: Client
    plugin_name: str
    window: int
    ended: dict[str, int] = field(default_factory=dict)  # stream file -> its number of units, once known

    def outcomes(self, tasks: Iterable[Task | ReadError]) -> Iterator[list[_Outcome]]:
        """Each task's outcomes in task order, with at most `window` tasks on the cluster at a time."""
        in_flight: deque[_Entry] = deque()
        try:
            for task in tasks:
                entry = _Entry(task)
                if not isinstance(task, ReadError):
                    entry.future = self.client.submit(run_task, task, self.plugin_name, retries=RETRIES, pure=False)
                in_flight.append(entry)
                while in_flight and (len(in_flight) >= self.window or self._ready(in_flight[0])):
                    yield self._take(in_flight.popleft(), in_flight)
            while in_flight:
                yield self._take(in_flight.popleft(), in_flight)
        finally:
            for entry in in_flight:
                if entry.future is not None:
                    entry.future.cancel()

    def _ready(self, entry: _Entry) -> bool:
        return entry.future is None or entry.future.done()

    def _take(self, entry: _Entry, rest: deque[_Entry]) -> list[_Outcome]:
        if isinstance(entry.task, ReadError):
            return [_Failed(str(entry.task))]
        while entry.result is None and not entry.dropped:
            # Learn where stream files end from whichever range finishes first, so ranges past the end are
            # cancelled before a worker decompresses the whole file to find nothing.
            pending = [e.future for e in (entry, *rest) if e.future is not None and not e.dropped and e.result is None]
            wait(pending, return_when="FIRST_COMPLETED")
            for e in (entry, *rest):
                if e.future is not None and e.future.done() and e.result is None and not e.dropped:
                    self._collect(e, rest)
        return [] if entry.dropped or entry.result is None else entry.result.outcomes

    def _collect(self, entry: _Entry, rest: deque[_Entry]) -> None:
        task = entry.task
        assert entry.future is not None and not isinstance(task, ReadError)
        try:
            entry.result = entry.future.result()
        except KilledWorker as e:
            raise IngestError(f"workers died running {task}; what was stored is whole: run the ingest again") from e
        except Exception as e:  # a task that failed all its retries: its file is reported, the rest goes on
            entry.result = TaskResult([_Failed(f"{task.path}: task failed: {e.__class__.__name__}: {e}")])
        if isinstance(task, UnitRange) and entry.result.at_end:
            end = min(self.ended.get(task.path, math.inf), task.first + task.count)
            self.ended[task.path] = int(end)
            for later in rest:
                if isinstance(later.task, UnitRange) and later.task.path == task.path and later.task.first >= end:
                    later.dropped = True
                    if later.future is not None:
                        later.future.cancel()


def ingest_cluster(
    paths: Iterable[str | Path],
    store: Store,
    scheduler: str | Client,
    settings: Settings | None = None,
    disable: Iterable[str] = (),
    on_progress: Callable[[int], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    batch_size: int = BATCH_SIZE,
    skip_existing: bool = False,
    workers_write_to: str | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    chunk_units: int = CHUNK_UNITS,
) -> IngestReport:
    """Ingest files and folders on the Dask cluster at `scheduler` (an address like tcp://host:8786, or a Client).

    Stores into `store` from this process, or, with `workers_write_to` (a sparql+http:// location of the same
    store), lets the workers write in parallel. `skip_existing` is `--resume`: articles already stored are skipped.
    Each worker builds its pipeline and readers' limits from `settings` (default: `Settings()`), as
    `graph.services.build_pipeline` does, without the components in `disable`.
    """
    settings = settings or Settings()
    client = scheduler if isinstance(scheduler, Client) else _connect(scheduler)
    skip = frozenset(store.article_ids()) if skip_existing else frozenset()
    plugin_name = f"newskg-ingest-{uuid.uuid4().hex[:12]}"
    try:
        try:
            client.wait_for_workers(1, timeout=60)
        except TimeoutError as e:
            raise IngestError(f"no Dask worker joined the scheduler at {scheduler} within 60 s") from e
        client.register_plugin(IngestPlugin(settings, list(disable), skip, workers_write_to), name=plugin_name)
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        # Enough tasks queued that no worker waits while this process writes; few enough that results stay small.
        run = _Run(client, plugin_name, window=max(4, 3 * threads))
        tasks = cluster_tasks(paths, run.ended, chunk_bytes, chunk_units)
        return _store_outcomes(run.outcomes(tasks), store, on_progress, on_error, batch_size)
    finally:
        try:
            client.unregister_worker_plugin(plugin_name)
        except Exception:  # the plugin may never have been registered; the run's outcome stands either way
            pass
        if not isinstance(scheduler, Client):
            client.close()


def _connect(address: str) -> Client:
    try:
        return Client(address, timeout=10)
    except (OSError, TimeoutError) as e:
        raise IngestError(f"cannot reach the Dask scheduler at {address}: {e}") from e
