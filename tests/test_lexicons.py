"""The word-list loader: one rule for comments and blank lines, for .txt lists, .tsv tables and [sections]."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract.lexicons import LEXICONS, read_lines, read_sections, read_table, read_words


def test_comments_and_blank_lines_are_skipped_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_text(
        "# a comment\n\nMinister\n   # indented comment\n  Borgmester  \n", encoding="utf-8"
    )
    (tmp_path / "t.tsv").write_text("# kind\tword\nverb\tsiger \n\n  \nnoun\tanholdelse\t\n", encoding="utf-8")
    assert read_words("w.txt", folder=tmp_path) == {"Minister", "Borgmester"}
    assert read_words("w.txt", lower=True, folder=tmp_path) == {"minister", "borgmester"}
    assert read_table("t.tsv", folder=tmp_path) == [["verb", "siger"], ["noun", "anholdelse", ""]]


def test_sections(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("# abbreviations\n[never]\nBl.a\nmr\n\n[month]\njan\n", encoding="utf-8")
    assert read_sections("s.txt", folder=tmp_path) == {"never": {"bl.a", "mr"}, "month": {"jan"}}
    (tmp_path / "bad.txt").write_text("mr\n[never]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt: entry 'mr' before any"):
        read_sections("bad.txt", folder=tmp_path)


def test_every_shipped_list_reads_without_comments() -> None:
    files = sorted(p.name for p in LEXICONS.iterdir() if p.suffix in (".txt", ".tsv"))
    assert len(files) > 20
    for name in files:
        lines = read_lines(name)
        assert lines, name
        assert not any(line.lstrip().startswith("#") or not line.strip() for line in lines), name
