"""Ingest: read -> extract -> map -> store, in batches, each article all or nothing."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.extract.pipeline import Pipeline
from graph.model import Article, Doc
from graph.rdf.mapping import MappedArticle, map_doc
from graph.readers import ReadError, Record, read_paths
from graph.store import Store

BATCH_SIZE = 64


@dataclass
class IngestReport:
    ingested: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


def annotate(article: Article, pipeline: Pipeline) -> Doc:
    """The one extraction code path: `newskg extract`, ingest and the benchmarks all call this."""
    return pipeline(article)


def process(article: Article, pipeline: Pipeline) -> MappedArticle:
    return map_doc(annotate(article, pipeline))


def ingest_records(
    records: Iterable[Record],
    store: Store,
    pipeline: Pipeline | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Ingest records; a bad record is reported and skipped, the rest still land."""
    pipeline = pipeline or Pipeline.default()
    report = IngestReport()
    batch: list[MappedArticle] = []

    def fail(message: str) -> None:
        report.failed += 1
        report.errors.append(message)
        if on_error:
            on_error(message)

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

    for record in records:
        if isinstance(record, ReadError):
            fail(str(record))
            if on_progress:
                on_progress(1)
            continue
        try:
            batch.append(process(record, pipeline))
        except Exception as e:  # one article's extraction bug must not lose the batch
            fail(f"{record.origin or record.id}: extraction failed: {e.__class__.__name__}: {e}")
            if on_progress:
                on_progress(1)
            continue
        if len(batch) >= batch_size:
            flush()
    flush()
    return report


def ingest_paths(paths: Iterable[str | Path], store: Store, **kwargs) -> IngestReport:
    return ingest_records(read_paths(paths), store, **kwargs)
