"""The `newskg` command line (typer). Each command is thin: it parses arguments and calls graph/."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, NoReturn

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from graph.analysis.story_store import StoryKeeper, list_stories
from graph.extract.pipeline import Pipeline, PipelineError
from graph.ingest import IngestError, IngestReport, annotate, expected_id, ingest_paths
from graph.readers import ReadError, count_records, read_file
from graph.readers.base import ReadLimits
from graph.services import build_pipeline, open_configured_store, open_serving_store, related_index_dir
from graph.settings import Settings
from graph.store import Store, StoreError

app = typer.Typer(
    name="newskg",
    help="A knowledge graph of news: ingest articles, query them in SPARQL, find related stories, draw the graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Store directory, 'memory:' or sparql+http://host/sparql. Default: $NEWSKG_STORE or ./newskg-data",
    ),
]


def fail(message: str, code: int = 1) -> NoReturn:
    """One clear line on stderr and a non-zero exit: how every command reports bad input."""
    from rich.markup import escape

    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


def _settings(**overrides: Any) -> Settings:
    """Settings from the environment, with the command's options on top; a bad NEWSKG_* value is a one-line error."""
    try:
        return Settings.from_env(**overrides)
    except ValueError as e:
        fail(str(e))


def _open(store: str | None) -> Store:
    settings = _settings(store=store)
    try:
        st = open_configured_store(settings)
    except (StoreError, ValueError) as e:
        fail(str(e))
    _journal_writes(settings, st)
    return st


def _journal_writes(settings: Settings, st: Store) -> None:
    """Writes a command makes reach the saved related-stories index through its journal: the next start of the
    index (`serve`, `related`) puts those articles instead of rebuilding."""
    from graph.analysis.related.persist import META
    from graph.analysis.related.service import Journal

    folder = related_index_dir(settings, st)
    if folder is not None and (folder / META).exists():
        st.add_write_listener(Journal(folder).record)


def _limits() -> ReadLimits:
    """The readers' size limits from the settings (NEWSKG_MAX_FILE_BYTES, NEWSKG_MAX_ARTICLE_CHARS)."""
    return ReadLimits.from_settings(_settings())


def _pipeline(disable: list[str] | None = None) -> Pipeline:
    try:
        return build_pipeline(_settings(), disable=disable or [])
    except PipelineError as e:
        fail(str(e))


def samples_path() -> Path:
    """The bundled sample articles."""
    return Path(str(resources.files("graph") / "samples" / "articles.jsonl"))


SHOWN_IDS = 20  # ids listed after an ingest; past that, a count


def _ingest(
    paths: list[str],
    store: Store,
    pipeline: Pipeline,
    quiet: bool = False,
    workers: int = 1,
    resume: bool = False,
    cluster: Callable[..., IngestReport] | None = None,
    markdown: bool = False,
) -> int:
    """Ingest and report: errors and skipped files as they come, then the count and the ids stored. Returns the
    number of failures; a folder that held files of which none was ingested counts as one."""
    from rich.markup import escape

    total = count_records(paths, markdown)
    # On a terminal: a live bar. Elsewhere (logs, CI, a pipe): a plain line every few seconds, since a live bar
    # would print nothing until the end.
    live = err.is_terminal
    with Progress(
        TextColumn("[bold]ingest[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} articles/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not live,
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=total, rate="-")
        last_line = [0.0]

        def advance(n: int) -> None:
            progress.advance(task, n)
            t = progress.tasks[task]
            if not t.elapsed:
                return
            rate = t.completed / t.elapsed
            progress.update(task, rate=f"{rate:.0f}")
            if not live and not quiet and (t.elapsed - last_line[0] >= 2 or t.completed >= total):
                last_line[0] = t.elapsed
                eta = f"{(total - t.completed) / rate:.0f}s" if rate and total >= t.completed else "-"
                err.print(
                    f"ingest: {t.completed:.0f}/{total} articles, {rate:.1f} articles/s, ETA {eta}", highlight=False
                )

        try:
            local = partial(
                ingest_paths,
                pipeline=pipeline,
                workers=workers,
                limits=_limits(),
                markdown=markdown,
                on_skip=lambda m: err.print(f"[yellow]skipped:[/yellow] {escape(m)}", highlight=False, soft_wrap=True),
            )
            report = (cluster or local)(
                paths,
                store,
                on_progress=advance,
                on_error=lambda m: err.print(f"[red]error:[/red] {escape(m)}", highlight=False, soft_wrap=True),
                skip_existing=resume,
            )
        except IngestError as e:
            fail(str(e))
    if report.ingested:
        StoryKeeper(store).ingested(report.article_ids)  # new articles join a story or start one
    skipped = f", {report.skipped} already stored" if report.skipped else ""
    files = f", {len(report.skipped_files)} file(s) skipped" if report.skipped_files else ""
    err.print(f"ingested {report.ingested} article(s), {report.failed} failed{skipped}{files}", highlight=False)
    ids = list(dict.fromkeys(report.article_ids))
    if ids:
        more = f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
        err.print(f"stored: {', '.join(ids[:SHOWN_IDS])}{more}", highlight=False, soft_wrap=True)
    failed = report.failed
    folders = [p for p in paths if Path(p).is_dir() and any(f.is_file() for f in Path(p).rglob("*"))]
    if folders and not report.ingested and not report.skipped:
        err.print(f"[red]error:[/red] nothing ingested from {escape(', '.join(folders))}", highlight=False)
        failed += 1
    return failed


def _cluster_ingest(address: str, store: str | None, disable: list[str] | None) -> Callable[..., IngestReport]:
    """`ingest_cluster` bound to the scheduler and settings; with a remote store, the workers write to it."""
    try:
        from graph.cluster import ingest_cluster
    except ImportError:
        fail("--cluster needs Dask distributed: pip install 'newskg[cluster]'")
    settings = _settings(store=store)
    remote = settings.store if (settings.store or "").startswith(("sparql+http://", "sparql+https://")) else None
    return partial(ingest_cluster, scheduler=address, settings=settings, disable=disable or [], workers_write_to=remote)


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files or folders: .txt, .html, .json, .jsonl (.gz, .bz2), .warc (.gz), RSS/Atom"),
    ],
    store: StoreOpt = None,
    disable: Annotated[
        list[str] | None, typer.Option(help="Pipeline components to skip, e.g. --disable events")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", min=1, help="Processes extracting in parallel. Default: the number of CPUs"),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip articles already in the store (finish an interrupted ingest)")
    ] = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            metavar="tcp://HOST:8786",
            help="A Dask scheduler: its workers read, extract and map (pip install 'newskg[cluster]')",
        ),
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Also read .md files found in folders (a .md file named is always read)")
    ] = False,
) -> None:
    """Read articles, extract entities and events, and store each article in its own named graph.

    Each article is stored whole or not at all; running the same ingest again adds no duplicates.
    """
    import os

    pipeline = _pipeline(disable)
    st = _open(store)
    try:
        run = _cluster_ingest(cluster, store, disable) if cluster else None
        failed = _ingest(
            paths,
            st,
            pipeline,
            quiet,
            workers=workers or os.cpu_count() or 1,
            resume=resume,
            cluster=run,
            markdown=markdown,
        )
    finally:
        st.close()
    if failed:
        raise typer.Exit(1)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A .txt, .html, .json or .jsonl file ('-' reads text from stdin)")],
    disable: Annotated[list[str] | None, typer.Option(help="Pipeline components to skip")] = None,
) -> None:
    """Print what the pipeline finds in a file as JSON (JSON Lines for .jsonl input), without storing it."""
    pipeline = _pipeline(disable)
    if str(file) == "-":
        from graph.readers.text import read_text

        records = [read_text(sys.stdin.read(), "<stdin>", _limits())]
    else:
        records = list(read_file(file, _limits()))
    failed = 0
    as_lines = file.suffix.lower() in (".jsonl", ".ndjson")
    for record in records:
        if isinstance(record, ReadError):
            err.print(f"[red]error:[/red] {record}", highlight=False)
            failed += 1
            continue
        doc = annotate(record, pipeline)
        out = doc.to_json()
        out["id"] = expected_id(record)  # the id `ingest` would store it under: given, from the file name, or derived
        print(json.dumps(out, ensure_ascii=False) if as_lines else json.dumps(out, ensure_ascii=False, indent=2))
    if failed:
        raise typer.Exit(1)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL 1.1 query, or @file.rq to read it from a file")],
    store: StoreOpt = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="table, json, xml, csv, tsv (SELECT/ASK); turtle, nt, jsonld, rdfxml, trig, nquads (CONSTRUCT)",
        ),
    ] = "table",
) -> None:
    """Run a SPARQL query on the store (the default graph is the union of all graphs: articles and entities)."""
    from rich.table import Table

    from graph.sparql import formats
    from graph.sparql.update_guard import UpdateRefused, check_query
    from graph.sparql.writers import serialize
    from graph.store import QuerySyntaxError, plain

    if sparql.startswith("@"):
        try:
            sparql = Path(sparql[1:]).read_text(encoding="utf-8")
        except OSError as e:
            fail(f"{sparql[1:]}: cannot read query file: {e.strerror}")
    try:
        check_query(sparql)  # the endpoint's rule: nothing fetched on a query's behalf, so no SERVICE
    except UpdateRefused as e:
        fail(str(e))
    st = _open(store)
    try:
        try:
            result = st.query(sparql)
        except QuerySyntaxError as e:
            fail(f"SPARQL syntax error: {e}")
        kind = formats.result_kind(result)
        if format == "table":
            if kind == "ask":
                print("true" if bool(result) else "false")
                return
            if kind == "graph":
                format = "turtle"
            elif isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                table = Table(*names)
                for sol in result:
                    table.add_row(*[("" if sol[n] is None else str(plain(sol[n]))) for n in names])
                Console().print(table)
                return
        if format.lower() not in formats.names():
            fail(f"unknown format {format!r}; use table or one of {', '.join(formats.names())}")
        chosen = formats.by_name(format, kind)
        if chosen is None:
            fail(f"format {format!r} does not suit a {kind} query")
        sys.stdout.buffer.write(serialize(result, chosen.media_type))
    finally:
        st.close()


@app.command()
def stories(
    store: StoreOpt = None,
    since: Annotated[str | None, typer.Option(help="First report on or after YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, typer.Option(help="First report on or before YYYY[-MM[-DD]]")] = None,
    lang: Annotated[str | None, typer.Option(help="Stories with an article in this language")] = None,
    source: Annotated[str | None, typer.Option(help="Stories with an article from this source")] = None,
    limit: Annotated[int, typer.Option("--limit", "-k", min=1)] = 1000,
    fmt: Annotated[str, typer.Option("--format", help="json (one object per line) or table")] = "json",
) -> None:
    """List stories: the articles reporting one event, with their first report, sources, languages and entities."""
    import re

    for name, value in (("--since", since), ("--until", until)):
        if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            fail(f"{name}: {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if fmt not in ("json", "table"):
        fail(f"--format: {fmt!r} is not json or table")
    st = _open(store)
    try:
        cards = list_stories(StoryKeeper(st), limit=limit, since=since, until=until, lang=lang, source=source)
    finally:
        st.close()
    if fmt == "json":
        for card in cards:
            print(json.dumps(card, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table("id", "title", "articles", "first published", "first source", "sources", "languages")
    for c in cards:
        table.add_row(c["id"], (c["title"] or "")[:60], str(len(c["articles"])), c["first_published"] or "",
                      c["first_source"] or "", ", ".join(c["sources"]), ", ".join(c["languages"]))
    console = Console()
    if not console.is_terminal:  # piped: the full rows, not squeezed to 80 columns
        console = Console(width=200)
    console.print(table)


@app.command()
def related(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="An article id")],
    limit: Annotated[int, typer.Option("--limit", "-k", min=1, max=100)] = 10,
    store: StoreOpt = None,
) -> None:
    """Print related stories for an article as JSON: id, title, score, and the shared entities and events."""
    from graph.analysis.related import RelatedService

    st = _open(store)
    service = RelatedService(st, directory=related_index_dir(_settings(store=store), st))
    try:
        try:
            results = service.index.related_to_article(article_id, limit=limit)  # the saved index when there is one
        except KeyError:
            fail(f"no article with id {article_id!r}")
        print(json.dumps(results, ensure_ascii=False, indent=2))
    finally:
        service.close()
        st.close()


@app.command()
def viz(
    item: Annotated[str, typer.Argument(help="An entity id, person-karen-holm-lindqvist; an article's with --article")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The HTML file to write (default: entity.html, with --article article.html)"),
    ] = None,
    article: Annotated[bool, typer.Option("--article", help="ITEM is an article id: draw the article's graph")] = False,
    store: StoreOpt = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=2000, help="Most nodes to draw")] = 150,
) -> None:
    """Write an entity's neighbourhood (or with --article an article's graph) as a standalone HTML page that works
    offline: the page /viz/entity/ID (or /viz/article/ID) shows."""
    from graph.rdf.iris import article_iri
    from graph.viz.queries import article_meta
    from graph.viz.render import render_html
    from graph.viz.views import article_subgraph, entity_subgraph

    out = out or Path("article.html" if article else "entity.html")
    st = _open(store)
    try:
        sub = article_subgraph(st, item, limit=limit) if article else entity_subgraph(st, item, limit=limit)
        if sub is None and article:
            fail(f"no article with id {item!r}")
        if sub is None:
            # An article id given where an entity id was expected: say so, and how to draw it.
            try:
                is_article = bool(article_meta(st, [article_iri(item)]))
            except ValueError:
                is_article = False
            if is_article:
                fail(
                    f"{item!r} is an article, not an entity: draw it with  newskg viz {item} --article --out {out}"
                    f"  (or see /viz/article/{item} on `newskg serve`)"
                )
            fail(f"no entity with id {item!r} (for an article's graph, add --article)")
        try:
            out.write_text(render_html(sub, sub["title"], inline=True), encoding="utf-8")
        except OSError as e:
            fail(f"{out}: cannot write: {e.strerror}")
        err.print(f"wrote {out} ({len(sub['nodes'])} nodes, {len(sub['edges'])} edges)", highlight=False)
    finally:
        st.close()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    store: StoreOpt = None,
    queries_in_memory: Annotated[
        bool | None,
        typer.Option(
            "--queries-in-memory/--queries-on-disk",
            help="Answer queries from a copy of the on-disk store kept in memory (2-5x faster SPARQL, about 180 MB "
            "of RAM per 1,000 articles), or from disk. Default: in memory when the copy fits $NEWSKG_QUERY_MEMORY_MB "
            "(a quarter of the machine's memory); $NEWSKG_QUERIES_IN_MEMORY chooses too",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from api.app import create_app

    try:
        settings = Settings.from_env(store=store, queries_in_memory=queries_in_memory)
        st, how = open_serving_store(settings)
    except (StoreError, ValueError) as e:
        fail(str(e))
    err.print(how, highlight=False)
    err.print(f"serving {st!r} on http://{host}:{port}/  (docs: http://{host}:{port}/docs)", highlight=False)
    try:
        uvicorn.run(create_app(settings, st), host=host, port=port, log_level="info")
    finally:
        st.close()


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    store: StoreOpt = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Ingest the samples and exit")] = False,
) -> None:
    """Ingest the bundled sample articles into the store and serve them."""
    st = _open(store)
    try:
        failed = _ingest([str(samples_path())], st, _pipeline())
    finally:
        st.close()
    if failed:
        raise typer.Exit(1)
    base = f"http://{host}:{port}"
    err.print(
        f"explorer:   {base}/viz\nquery page: {base}/query\nAPI docs:   {base}/docs"
        + ("" if no_serve else "\n(open them in a browser; Ctrl+C stops the server)"),
        highlight=False,
    )
    if not no_serve:
        serve(host=host, port=port, store=store)


@app.command("export")
def export_store(
    out: Annotated[Path, typer.Argument(help="File to write ('-' for stdout)")],
    format: Annotated[str, typer.Option("--format", help="nquads or trig")] = "nquads",
    store: StoreOpt = None,
) -> None:
    """Write every article graph in the store to one file (a full backup)."""
    from graph.store import dump_format

    try:
        dump_format(format)  # checked before the store opens: a typo must not wait for it
    except ValueError as e:
        fail(str(e))
    st = _open(store)
    try:
        if str(out) == "-":
            st.dump(sys.stdout.buffer, format)
        else:
            try:
                with out.open("wb") as f:
                    st.dump(f, format)
            except OSError as e:
                fail(f"{out}: cannot write: {e.strerror}")
        where = "stdout" if str(out) == "-" else str(out)
        err.print(
            f"wrote {where}: {st.count_quads()} quads, {len(st.article_ids())} article(s) ({format})",
            highlight=False,
            soft_wrap=True,
        )
    finally:
        st.close()


@app.command("import")
def import_store(
    file: Annotated[Path, typer.Argument(help="A file written by `newskg export`")],
    format: Annotated[str | None, typer.Option("--format", help="nquads or trig (default: by extension)")] = None,
    store: StoreOpt = None,
) -> None:
    """Load a backup written by `newskg export`, replacing the article graphs it contains."""
    fmt = format or ("trig" if file.suffix.lower() == ".trig" else "nquads")
    st = _open(store)
    try:
        with file.open("rb") as f:
            n = st.load(f, fmt)
    except OSError as e:
        fail(f"{file}: cannot read: {e.strerror}")
    except (SyntaxError, ValueError) as e:
        fail(f"{file}: not valid {fmt}: {str(e).splitlines()[0]}")
    finally:
        st.close()
    err.print(f"imported {n} quads", highlight=False)


@app.command("train-ner")
def train_ner_command(
    train: Annotated[Path, typer.Option("--train", help="Training data: CoNLL-2003 or token<TAB>tag IOB file")],
    dev: Annotated[Path, typer.Option("--dev", help="Development data in the same format, scored each epoch")],
    lang: Annotated[str, typer.Option("--lang", help="Language code of a blank spaCy pipeline, e.g. da or en")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to save the best model (default: models/ner-LANG)")
    ] = None,
    epochs: Annotated[int, typer.Option("--epochs", min=1, max=200)] = 10,
) -> None:
    """Train an optional statistical NER (spaCy) from CoNLL/IOB files; use it with NEWSKG_SPACY_MODEL=LANG=DIR."""
    from graph.extract.pipeline import PipelineError
    from graph.extract.train import TrainingDataError, train_ner

    target = out or Path("models") / f"ner-{lang}"

    def show(epoch: dict) -> None:
        err.print(
            f"epoch {epoch['epoch']}: loss {epoch['loss']:.1f}"
            f"  P {epoch['p']:.3f}  R {epoch['r']:.3f}  F1 {epoch['f']:.3f}",
            highlight=False,
        )

    try:
        scores = train_ner(train, dev, lang, target, epochs=epochs, progress=show)
    except (TrainingDataError, PipelineError, OSError) as e:
        fail(str(e))
    print(json.dumps(scores, ensure_ascii=False, indent=2, default=str))
    err.print(
        f"saved the best model (epoch {scores['best_epoch']}, dev F1 {scores['f']:.3f}) to {target}; "
        f"use it with NEWSKG_SPACY_MODEL={lang}={target}",
        highlight=False,
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
