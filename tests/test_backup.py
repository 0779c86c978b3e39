"""Backup: `newskg export --format nquads|trig` then `newskg import` into an empty store gives the same quads."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def quads(path: Path) -> set[str]:
    store = OxigraphStore(path)
    try:
        return {str(q) for q in store.quads()}
    finally:
        store.close()


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("backup") / "kg"
    result = run(
        "ingest", str(ROOT / "graph" / "samples" / "articles.jsonl"), "--store", str(path), "-q", "--workers", "1"
    )
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("fmt,suffix", [("nquads", ".nq"), ("trig", ".trig")])
def test_export_then_import_gives_the_same_quads(source, tmp_path, fmt, suffix):
    backup = tmp_path / f"backup{suffix}"
    exported = run("export", str(backup), "--format", fmt, "--store", str(source))
    assert exported.exit_code == 0, exported.output
    copy = tmp_path / "copy"
    imported = run("import", str(backup), "--store", str(copy))  # the format comes from the extension
    assert imported.exit_code == 0, imported.output
    original = quads(source)
    assert len(original) > 1000
    assert quads(copy) == original
    assert f"imported {len(original)} quads" in imported.output
    # Importing the same backup again replaces the graphs it names: still the same quads, no duplicates.
    assert run("import", str(backup), "--format", fmt, "--store", str(copy)).exit_code == 0
    assert quads(copy) == original


def test_import_of_a_broken_file_is_one_clear_error_and_changes_nothing(source, tmp_path):
    copy = tmp_path / "copy"
    good = tmp_path / "good.nq"
    run("export", str(good), "--store", str(source))
    run("import", str(good), "--store", str(copy))
    before = quads(copy)
    broken = tmp_path / "broken.nq"
    broken.write_text(good.read_text(encoding="utf-8")[:5000] + "\n<oops> not nquads .\n", encoding="utf-8")
    result = run("import", str(broken), "--store", str(copy))
    assert result.exit_code == 1
    assert "broken.nq: not valid nquads" in result.output
    assert quads(copy) == before
