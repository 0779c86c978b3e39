"""The built gazetteer is kept in a cache folder and loaded from there by the next process, never when stale."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract import gazetteers
from graph.extract.gazetteers import Gazetteer, _load_or_build, cache_file
from graph.settings import Settings


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path


def test_cache_folder_follows_the_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(tmp_path / "c"))
    assert cache_file(Settings.from_env().cache_dir).parent == tmp_path / "c"
    monkeypatch.setenv("NEWSKG_CACHE_DIR", "off")
    assert cache_file(Settings.from_env().cache_dir) is None
    monkeypatch.delenv("NEWSKG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_file(Settings.from_env().cache_dir).parent == tmp_path / "xdg" / "newskg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_file(Settings.from_env().cache_dir).parent == Path.home() / ".cache" / "newskg"


def test_built_once_then_loaded_equal(cache_dir, monkeypatch):
    built = _load_or_build(str(cache_dir))
    path = cache_file(str(cache_dir))
    assert path.is_file() and list(cache_dir.iterdir()) == [path]
    # The second process must not build: loading is the whole point.
    monkeypatch.setattr(gazetteers, "_build", lambda: pytest.fail("built again although the cache is fresh"))
    loaded = _load_or_build(str(cache_dir))
    assert isinstance(loaded, Gazetteer)
    assert loaded.places == built.places and loaded.orgs == built.orgs and loaded.first_names == built.first_names


def test_a_changed_source_means_a_new_build(cache_dir, monkeypatch):
    _load_or_build(str(cache_dir))
    old = cache_file(str(cache_dir))
    monkeypatch.setattr(gazetteers, "_SOURCES", gazetteers._SOURCES + ("pytest",))
    assert cache_file(str(cache_dir)) != old
    _load_or_build(str(cache_dir))
    assert list(cache_dir.iterdir()) == [cache_file(str(cache_dir))]  # the stale cache is removed


def test_a_broken_cache_is_rebuilt(cache_dir):
    path = cache_file(str(cache_dir))
    path.write_bytes(b"not a pickle")
    gaz = _load_or_build(str(cache_dir))
    assert "Danmark" in gaz.places or "Denmark" in gaz.places
    assert path.read_bytes() != b"not a pickle"


def test_an_unwritable_cache_costs_only_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    assert "Denmark" in _load_or_build(str(blocker / "sub")).places
