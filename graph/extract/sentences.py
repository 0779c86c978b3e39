"""Rule-based sentence splitter for Danish and English (and a best effort for other Latin-script languages).

A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it) when the next word starts a
new sentence, and always at a paragraph break (an empty line). A single line break ends a sentence too, unless the
line is clearly hard-wrapped (the next line goes on in lower case after a line without end punctuation): scraped
news puts each headline, subhead and paragraph on its own line.

A period does not end a sentence after an abbreviation ("bl.a.", "f.eks.", "Mr.", "Dr."; the lists are in
lexicons/sentences_abbreviations.txt), after an initial ("J. R. R. Tolkien"), in an ordinal date ("1. maj",
"24. november") or inside a number ("3.5"); "kr.", "Inc." and the like end a sentence only before a capital, and
"U.S." only before a word that typically starts a sentence ("The", "Det").

The splitter covers the whole text (the title and any furniture too), so offsets line up with everything else;
components that want the article only check `doc.in_body`. One regex pass over the text: linear time.
"""
from __future__ import annotations

import re
from pathlib import Path

from graph.extract.pipeline import ComponentFn, component
from graph.model import Doc, Sentence

_LEXICONS = Path(__file__).parent / "lexicons"


def _read_sections(name: str) -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for number, raw in enumerate((_LEXICONS / name).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is None:
            raise ValueError(f"{name}:{number}: entry {line!r} before any [section]")
        else:
            current.add(line.lower())
    return {k: frozenset(v) for k, v in sections.items()}


def _read_words(name: str) -> frozenset[str]:
    lines = (_LEXICONS / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


_ABBREVIATIONS = _read_sections("sentences_abbreviations.txt")
NEVER_END = _ABBREVIATIONS["never"]  # "bl.a", "mr": the period never ends a sentence
NUMBER_BEFORE = _ABBREVIATIONS["number"]  # "nr", "no": no end when a number follows
END_BEFORE_CAPITAL = _ABBREVIATIONS["final"]  # "kr", "inc": ends a sentence before a capitalised word
MONTHS = _ABBREVIATIONS["month"]
STARTERS = _read_words("sentences_starters.txt")

# End punctuation with the closing quotes/brackets that belong to the same sentence, then whitespace.
_CLOSERS = "\"”»«’')]"
_CANDIDATE = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s|\Z)")
_LINE_BREAK = re.compile(r"\n")
_TOKEN_BEFORE = re.compile(r"[^\W_][\w.'’/-]*$")
_NEXT = re.compile(r"\s*([\"'„“«»‚‘(\[¿¡–—-]*)(\w*)")
_ACRONYM = re.compile(r"^(?:[A-Z]\.)+[A-Z]$")


def _period_ends_sentence(text: str, dot: int, next_word: str, opener: str) -> bool:
    """Does the period at text[dot] (the last of its run) end a sentence, given the word after it?"""
    token_match = _TOKEN_BEFORE.search(text, max(0, dot - 40), dot)
    token = token_match.group(0) if token_match else ""
    if not token:
        return True
    lower = token.lower()
    if opener:  # a quote or dash opens the next sentence: „Det ...", - Vi ...
        return lower not in NEVER_END and not (len(token) == 1 and token.isupper())
    if not next_word:
        return True
    first = next_word[0]
    if first.isdigit():
        return not (lower in NEVER_END or lower in NUMBER_BEFORE or lower in END_BEFORE_CAPITAL or token.isdigit())
    if not first.isupper():
        return False  # "bl.a. i", "ca. halvdelen", "3. maj"
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "J. R. R. Tolkien", "Anders F. Rasmussen"
    if lower in NEVER_END:
        return False
    if token.isdigit():
        return next_word.lower() not in MONTHS  # "24. November" is a date, "endte 2-1. Derefter" is not
    if _ACRONYM.match(token):
        return next_word.lower() in STARTERS  # "the U.S. Army" vs "in the U.S. The"
    return True  # includes END_BEFORE_CAPITAL ("100 kr. Det") and plain words


def _line_break_ends_sentence(text: str, newline: int) -> bool:
    """A single line break ends a sentence unless the text is hard-wrapped mid-sentence."""
    before = newline - 1
    while before >= 0 and text[before] in " \t\r":
        before -= 1
    if before < 0 or text[before] in ".!?…:\"”»'’)]":
        return True
    after = newline + 1
    while after < len(text) and text[after] in " \t\r":
        after += 1
    if after >= len(text) or text[after] == "\n":
        return True
    # "...the council\nvoted on" is one sentence; "...og Indland\nTitle" is two lines of their own.
    return not (text[after].islower() or (text[before].islower() and text[after].isdigit()))


def split_offsets(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, sorted, non-overlapping, without surrounding whitespace."""
    cuts: list[int] = []
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        following = _NEXT.match(text, end)
        opener, next_word = following.group(1), following.group(2)
        if "\n" in text[end:following.start(2)]:
            continue  # the line break decides
        marks = match.group(0).rstrip(_CLOSERS)
        if marks[-1] == ".":
            if len(marks) > 1 and marks.endswith(".."):
                ends = bool(opener) or (next_word[:1].isupper())  # an ellipsis written as dots
            else:
                ends = _period_ends_sentence(text, match.start() + len(marks) - 1, next_word, opener)
        else:  # ! ? …: a new sentence unless it goes on in lower case ("Hvad nu? spurgte han")
            ends = not next_word[:1].islower()
        if ends:
            cuts.append(end)
    for match in _LINE_BREAK.finditer(text):
        if _line_break_ends_sentence(text, match.start()):
            cuts.append(match.start())
    cuts.sort()
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, len(text)]:
        if cut <= start:
            continue
        _add_span(text, start, cut, spans)
        start = cut
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def split_sentences(text: str) -> list[Sentence]:
    return [Sentence(start, end, text[start:end]) for start, end in split_offsets(text)]


@component("sentences", requires=[], assigns=["sentences"])
def make_sentences() -> ComponentFn:
    def sentences(doc: Doc) -> Doc:
        doc.sentences = split_sentences(doc.text)
        return doc

    return sentences
