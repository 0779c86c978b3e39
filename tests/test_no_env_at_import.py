"""Nothing in graph/ or api/ reads the environment at import: only `Settings.from_env()` does, and it names a bad
variable."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
ODD = {
    "NEWSKG_MAX_FILE_BYTES": "abc",
    "NEWSKG_MAX_ARTICLE_CHARS": "-x",
    "NEWSKG_QUERY_TIMEOUT": "soon",
    "NEWSKG_QUERY_WORKERS": "many",
    "NEWSKG_QUERIES_IN_MEMORY": "maybe",
    "NEWSKG_STORE": "/nonexistent/store",
    "NEWSKG_SPACY_MODEL": "no_such_model",
    "NEWSKG_MAX_BODY_BYTES": "big",
}

# Import every module, then report what the readers' limits and a default app ended up with.
PROGRAM = """
import importlib, json, pkgutil
import api, graph
names = []
for package in (graph, api):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
from graph.readers.base import DEFAULT_LIMITS
from graph.extract.pipeline import Pipeline
print(json.dumps({"modules": names, "limits": [DEFAULT_LIMITS.max_file_bytes, DEFAULT_LIMITS.max_article_chars],
                  "pipeline": Pipeline.default().names}))
"""


def _import_all(env: dict[str, str]) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    base["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-c", PROGRAM]
    done = subprocess.run(command, env={**base, **env}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_odd_settings_in_the_environment_change_nothing_at_import() -> None:
    clean = _import_all({})
    odd = _import_all(ODD)
    assert "api.app" in clean["modules"] and "graph.readers.base" in clean["modules"]
    assert odd == clean  # same modules, same default limits, no spaCy layer switched on by the environment
    assert clean["limits"] == [200 * 1024 * 1024, 1_000_000]


@pytest.mark.parametrize("name", sorted(set(ODD) - {"NEWSKG_STORE", "NEWSKG_SPACY_MODEL"}))
def test_from_env_names_the_bad_variable(name: str, monkeypatch) -> None:
    for key in list(os.environ):
        if key.startswith("NEWSKG_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv(name, ODD[name])
    with pytest.raises(ValueError, match=name):
        Settings.from_env()


def test_from_env_reads_the_reader_limits_and_model(monkeypatch) -> None:
    monkeypatch.setenv("NEWSKG_MAX_FILE_BYTES", "1000")
    monkeypatch.setenv("NEWSKG_MAX_ARTICLE_CHARS", "50")
    monkeypatch.setenv("NEWSKG_SPACY_MODEL", "da=/models/da")
    settings = Settings.from_env(store="memory:")
    assert (settings.max_file_bytes, settings.max_article_chars) == (1000, 50)
    assert settings.spacy_model == "da=/models/da" and settings.store == "memory:"
