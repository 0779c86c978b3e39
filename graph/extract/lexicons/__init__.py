"""Our word lists and tables (.txt, .tsv), read by one loader: blank lines and lines starting with "#" are skipped."""
from __future__ import annotations

from pathlib import Path

LEXICONS = Path(__file__).resolve().parent


def read_lines(name: str, folder: Path = LEXICONS) -> list[str]:
    """The non-blank, non-comment lines of folder/<name>, as written (a .tsv row may end in an empty cell)."""
    text = (folder / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def read_words(name: str, lower: bool = False, folder: Path = LEXICONS) -> frozenset[str]:
    """A .txt word list: one word or phrase a line."""
    words = (line.strip() for line in read_lines(name, folder))
    return frozenset(w.lower() for w in words) if lower else frozenset(words)


def read_table(name: str, folder: Path = LEXICONS) -> list[list[str]]:
    """A .tsv table: its rows, each cell stripped."""
    return [[cell.strip() for cell in line.split("\t")] for line in read_lines(name, folder)]


def read_sections(name: str, folder: Path = LEXICONS) -> dict[str, frozenset[str]]:
    """A .txt word list in [sections]: section name -> its lower-cased words."""
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in read_lines(name, folder):
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is None:
            raise ValueError(f"{name}: entry {line!r} before any [section]")
        else:
            current.add(line.lower())
    return {k: frozenset(v) for k, v in sections.items()}
