"""Ingest: read -> extract -> map -> store, in batches, each article all or nothing.

Two ways to run, one code path per article (`process`, built on `annotate`):
- in this process (`workers=1`, and any input too small to be worth starting workers for);
- across processes (`workers=N`): a pool of worker processes reads, extracts and maps, and this process, the only
  writer (an on-disk store has one writer), stores their results in batches, in input order.

Crash safety comes from the store: each batch is written in one transaction (on disk, a batch of new articles is one
bulk load behind an intent journal, see graph/store/oxigraph.py), so a crash (even `kill -9`) loses at most the
batch being written and never leaves half an article. Running the same ingest again replaces what is
there and adds no duplicates; with `skip_existing=True` it skips the articles already stored and finishes the rest.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from graph.extract.pipeline import Pipeline
from graph.model import Article, Doc
from graph.rdf.iris import content_id
from graph.rdf.mapping import MappedArticle, map_doc
from graph.readers import FORMATS, ReadError, Record, Skipped, iter_files, read_file
from graph.readers.base import DEFAULT_LIMITS, ReadLimits, decode, read_bytes
from graph.readers.dispatch import file_article_ids, stream_format
from graph.readers.jsonl import read_jsonl
from graph.store import Store

# Articles per store write (one transaction, or one journaled bulk load on disk). A bulk load costs about 13 ms of
# CPU whatever its size and writes a file per index, which RocksDB later compacts: 256 articles spend about a
# third less of the writer's CPU than 64, and a crash still loses at most the batch being written.
BATCH_SIZE = 256
TASK_SIZE = 8  # records handed to a worker at a time: small enough to balance, big enough to amortise pickling
SMALL_INPUT = 128  # fewer records than this are ingested in-process: workers would cost more than they save


class IngestError(RuntimeError):
    """The ingest could not go on (a worker process died); what was stored before stays stored and whole."""


@dataclass
class IngestReport:
    ingested: int = 0
    failed: int = 0
    skipped: int = 0  # already in the store (skip_existing)
    errors: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)  # "<file>: skipped: <why>", files a folder held

    @property
    def ok(self) -> bool:
        return self.failed == 0


def annotate(article: Article, pipeline: Pipeline) -> Doc:
    """The one extraction code path: `newskg extract`, ingest and the benchmarks all call this."""
    return pipeline(article)


def process(article: Article, pipeline: Pipeline) -> MappedArticle:
    return map_doc(annotate(article, pipeline))


def expected_id(article: Article) -> str:
    """The id the article will be stored under, known before extraction (as `mapping.article_id_of` computes it)."""
    return article.id or content_id(article.text, article.title)


# Units of work, small and picklable: what a worker reads, extracts and maps.


@dataclass
class _Records:
    """Records already read (ingest_records)."""

    records: list[Record]


@dataclass
class _Lines:
    """A slice of a JSON Lines file, numbered from `first_line`."""

    origin: str
    first_line: int
    text: str


@dataclass
class _File:
    """A whole file of any other format (HTML, text, feed); `article_id` for a text or HTML file that gives none."""

    path: Path
    article_id: str | None = None


_Task = _Records | _Lines | _File


@dataclass
class _Failed:
    message: str


@dataclass
class _Skipped:
    article_id: str


@dataclass
class _Stored:
    """Already stored by the worker that mapped it (a cluster worker writing to a remote store)."""

    article_id: str


_Outcome = MappedArticle | _Failed | _Skipped | _Stored


class _Worker:
    """Runs tasks: read -> extract -> map. One per worker process, built once; also used in-process."""

    def __init__(
        self, pipeline: Pipeline, skip: frozenset[str] = frozenset(), limits: ReadLimits = DEFAULT_LIMITS
    ) -> None:
        self.pipeline = pipeline
        self.skip = skip
        self.limits = limits

    def run(self, task: _Task) -> list[_Outcome]:
        if isinstance(task, _Records):
            records: Iterable[Record] = task.records
        elif isinstance(task, _Lines):
            records = read_jsonl(task.text, task.origin, first_line=task.first_line, limits=self.limits)
        else:
            records = read_file(task.path, self.limits, task.article_id)
        out: list[_Outcome] = []
        try:
            for record in records:
                out.append(self.one(record))
        except Exception as e:  # a reader bug on one file must not stop the ingest
            origin = task.origin if isinstance(task, _Lines) else str(getattr(task, "path", "input"))
            out.append(_Failed(f"{origin}: cannot read: {e.__class__.__name__}: {e}"))
        return out

    def one(self, record: Record) -> _Outcome:
        if isinstance(record, ReadError):
            return _Failed(str(record))
        if self.skip and expected_id(record) in self.skip:
            return _Skipped(expected_id(record))
        try:
            return process(record, self.pipeline)
        except Exception as e:  # one article's extraction bug must not lose the batch
            return _Failed(f"{record.origin or record.id}: extraction failed: {e.__class__.__name__}: {e}")


# The worker of this process when it is a pool worker (set by `_init_worker`).
_worker: _Worker | None = None


def _init_worker(worker: _Worker | tuple[list[str], frozenset[str], ReadLimits], parent_pid: int) -> None:
    global _worker
    if isinstance(worker, _Worker):  # forked: the parent's pipeline, already loaded, shared copy-on-write
        _worker = worker
    else:  # spawned (no fork on this platform): build the pipeline once, from its component names
        names, skip, limits = worker
        _worker = _Worker(Pipeline(names), skip, limits)
    # The one writer is the serial step: when CPUs are short, let it (and any server in the parent) go first.
    try:
        os.nice(5)
    except OSError:
        pass
    # A pool worker must not outlive its parent: after a `kill -9` of the ingest, nothing would ever stop it.
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()


def _exit_with_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)


def _run_task(task: _Task) -> list[_Outcome]:
    assert _worker is not None, "worker not initialised"
    return _worker.run(task)


def _warm_up(pipeline: Pipeline) -> None:
    """Run the pipeline once before forking, so lazily loaded resources are loaded once and shared by all workers."""
    try:
        annotate(
            Article(text="Anna Berg from Copenhagen met the board of Novo Nordisk in London on Monday.", id="warm-up"),
            pipeline,
        )
    except Exception:  # warming up is an optimisation; a real article will report the problem
        pass


def _pool(worker: _Worker, workers: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        _warm_up(worker.pipeline)
        # Forked workers inherit the built pipeline: no start-up cost, lexicons shared copy-on-write.
        return ProcessPoolExecutor(workers, multiprocessing.get_context("fork"), _init_worker, (worker, os.getpid()))
    spec = (worker.pipeline.names, worker.skip, worker.limits)
    return ProcessPoolExecutor(workers, multiprocessing.get_context("spawn"), _init_worker, (spec, os.getpid()))


def _outcomes(tasks: Iterable[_Task], worker: _Worker, workers: int) -> Iterator[list[_Outcome]]:
    """Each task's outcomes, in task order, computed here or across `workers` processes."""
    if workers <= 1:
        for task in tasks:
            yield worker.run(task)
        return
    in_flight: deque[Future[list[_Outcome]]] = deque()
    # Bounded, so a huge input is never read into memory ahead of the workers; deep enough that workers keep
    # extracting while this process writes a batch.
    limit = workers * 4 + 2 * BATCH_SIZE // TASK_SIZE
    pool = _pool(worker, workers)
    try:
        for task in tasks:
            in_flight.append(pool.submit(_run_task, task))
            while len(in_flight) >= limit or (in_flight and in_flight[0].done()):
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
    except BrokenProcessPool as e:
        raise IngestError(
            "a worker process died (out of memory?); what was stored is whole: run the ingest again to finish"
        ) from e
    finally:
        for f in in_flight:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _store_outcomes(
    outcomes: Iterable[list[_Outcome]],
    store: Store,
    on_progress: Callable[[int], None] | None,
    on_error: Callable[[str], None] | None,
    batch_size: int,
) -> IngestReport:
    report = IngestReport()
    batch: list[MappedArticle] = []

    def flush() -> None:
        if not batch:
            return
        # Later records with the same id win, as if ingested one after the other.
        unique = list({m.article_id: m for m in batch}.values())
        store.replace_articles(unique)
        report.ingested += len(batch)
        report.article_ids.extend(m.article_id for m in batch)
        if on_progress:
            on_progress(len(batch))
        batch.clear()

    for results in outcomes:
        for outcome in results:
            if isinstance(outcome, MappedArticle):
                batch.append(outcome)
                if len(batch) >= batch_size:
                    flush()
                continue
            if isinstance(outcome, _Stored):
                report.ingested += 1
                report.article_ids.append(outcome.article_id)
            elif isinstance(outcome, _Failed):
                report.failed += 1
                report.errors.append(outcome.message)
                if on_error:
                    on_error(outcome.message)
            else:
                report.skipped += 1
            if on_progress:
                on_progress(1)
    flush()
    return report


def _chunks(items: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest_records(
    records: Iterable[Record],
    store: Store,
    pipeline: Pipeline | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
    skip_existing: bool = False,
) -> IngestReport:
    """Ingest records; a bad record is reported and skipped, the rest still land.

    `workers` > 1 extracts in that many processes; `skip_existing` leaves articles already stored untouched.
    """
    pipeline = pipeline or Pipeline.default()
    worker = _Worker(pipeline, frozenset(store.article_ids()) if skip_existing else frozenset())
    it = iter(records)
    head = list(islice(it, SMALL_INPUT))
    if len(head) < SMALL_INPUT:
        workers = 1
    tasks = (_Records(chunk) for chunk in _chunks(chain(head, it), TASK_SIZE))
    return _store_outcomes(_outcomes(tasks, worker, workers), store, on_progress, on_error, batch_size)


def _path_tasks(
    paths: Iterable[str | Path], limits: ReadLimits = DEFAULT_LIMITS, markdown: bool = False,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Iterator[_Task | ReadError]:
    """Tasks for the files under `paths`: JSON Lines files cut into slices of lines, other files whole. Files left
    out of a folder go to `on_skip`."""
    items = list(iter_files(paths, markdown))
    ids = file_article_ids([item for item in items if isinstance(item, Path)])
    for item in items:
        if isinstance(item, Skipped):
            if on_skip:
                on_skip(item)
            continue
        if isinstance(item, ReadError):
            yield item
            continue
        if stream_format(item):
            # Compressed JSON Lines and WARC are read here as a stream, a few records at a time: never whole.
            yield from (_Records(chunk) for chunk in _chunks(read_file(item, limits), TASK_SIZE))
            continue
        if FORMATS.get(item.suffix.lower()) != "jsonl":
            yield _File(item, ids.get(item))
            continue
        # JSON Lines is read here and cut into slices, so one big file spreads over every worker.
        data = read_bytes(item, limits)
        content = data if isinstance(data, ReadError) else decode(data, str(item))
        if isinstance(content, ReadError):
            yield content
            continue
        if not content.strip():
            yield ReadError(str(item), "empty file")
            continue
        lines = content.split("\n")
        for start in range(0, len(lines), TASK_SIZE):
            text = "\n".join(lines[start : start + TASK_SIZE])
            if text.strip():
                yield _Lines(str(item), start + 1, text)


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    pipeline: Pipeline | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
    skip_existing: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
    markdown: bool = False,
    on_skip: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest files and folders (.txt, .html, .json, .jsonl, .jsonl.gz/.bz2, WARC, RSS/Atom; Markdown in folders when
    `markdown`); see `ingest_records`. `limits`: the readers'. Files a folder holds that are not read go to `on_skip`
    and to the report's `skipped_files`, with the reason."""
    from graph.readers import count_records

    paths = list(paths)
    pipeline = pipeline or Pipeline.default()
    worker = _Worker(pipeline, frozenset(store.article_ids()) if skip_existing else frozenset(), limits)
    if workers > 1 and count_records(paths, markdown) < SMALL_INPUT:
        workers = 1
    skipped: list[str] = []

    def skip(item: Skipped) -> None:
        skipped.append(str(item))
        if on_skip:
            on_skip(str(item))

    tasks = (
        _Records([t]) if isinstance(t, ReadError) else t for t in _path_tasks(paths, limits, markdown, on_skip=skip)
    )
    report = _store_outcomes(_outcomes(tasks, worker, workers), store, on_progress, on_error, batch_size)
    report.skipped_files = skipped
    return report
