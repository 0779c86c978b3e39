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
from dataclasses import dataclass
from functools import cache

from graph.extract.lexicons import read_sections, read_words
from graph.extract.pipeline import ComponentFn, component
from graph.model import Doc, Sentence


@dataclass(frozen=True)
class _Abbreviations:
    never_end: frozenset[str]  # "bl.a", "mr": the period never ends a sentence
    number_before: frozenset[str]  # "nr", "no": no end when a number follows
    end_before_capital: frozenset[str]  # "kr", "inc": ends a sentence before a capitalised word
    months: frozenset[str]
    starters: frozenset[str]  # words that open a sentence after an acronym: "the U.S. The"


@cache
def _abbreviations() -> _Abbreviations:
    """The abbreviation lists, read when the splitter is first used."""
    sections = read_sections("sentences_abbreviations.txt")
    return _Abbreviations(sections["never"], sections["number"], sections["final"], sections["month"],
                          read_words("sentences_starters.txt", lower=True))


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
    abbr = _abbreviations()
    if opener:  # a quote or dash opens the next sentence: „Det ...", - Vi ...
        return lower not in abbr.never_end and not (len(token) == 1 and token.isupper())
    if not next_word:
        return True
    first = next_word[0]
    if first.isdigit():
        return not (lower in abbr.never_end or lower in abbr.number_before or lower in abbr.end_before_capital
                    or token.isdigit())
    if not first.isupper():
        return False  # "bl.a. i", "ca. halvdelen", "3. maj"
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "J. R. R. Tolkien", "Anders F. Rasmussen"
    if lower in abbr.never_end:
        return False
    if token.isdigit():
        return next_word.lower() not in abbr.months  # "24. November" is a date, "endte 2-1. Derefter" is not
    if _ACRONYM.match(token):
        return next_word.lower() in abbr.starters  # "the U.S. Army" vs "in the U.S. The"
    return True  # includes end-before-capital words ("100 kr. Det") and plain words


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
        assert following is not None  # _NEXT matches the empty string
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
    _abbreviations()  # read the word lists when the component is built
    def sentences(doc: Doc) -> Doc:
        doc.sentences = split_sentences(doc.text)
        return doc

    return sentences
