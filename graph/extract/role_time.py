"""When a role is held, read from the words around it: a status and the dates the text gives.

`read_role_time(text, lang, sentence, role, person, published)` looks at one role found in one sentence (the span
of the role word, the span of the person's name) and returns a `RoleTime`:

- `status`: "current" (held when the article was written), "former" (held before: "den tidligere minister",
  "former CEO", "eks-minister", "som var direktør fra 2014 til 2022"), "incoming" (will be held: "fra 1. marts bliver
  X ny direktør", "X will take over as CEO on Monday") or "ended" (the article reports the end: "fratrådte",
  "stepped down", "resigned", "was fired");
- `valid_from` / `valid_until`: ISO 8601 at the granularity the text gives ("2026-03-01", "2019-03" or "2014"), or
  None when the text says nothing ("siden 2021" gives a start; "fra 2014 til 2022" both; "stepped down on Monday"
  an end).

Dates come from graph/extract/timex.py, resolved against the publication date ("i går", "on Monday"); bare years,
"March 2019", "(2016–21)", a month named alone after a cue ("siden januar", "until June", "med udgangen af juni"),
seasons ("til sommer", "last autumn": the year) and the year's end ("ved årsskiftet", "at the end of the year": its
last day) are read here, for roles only. A cue may run over the person's name, dates and a few adverbs ("trådte i
går tilbage", "I fredags trak X sig", "har netop sagt op"); with two verbs, a date goes to the one it follows. The
tense of the cue decides the direction of a date without a year: "will take over on Monday" is the next Monday,
"fratrådte 1. december" (written in November) the December before. The cue words are data:
lexicons/role_time_{da,en}.tsv.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from graph.extract.lexicons import LEXICONS, read_table
from graph.extract.timex import (
    MONTHS_DA,
    MONTHS_EN,
    WEEKDAYS_DA,
    WEEKDAYS_EN,
    anchor_date,
    find_timexes,
)

STATUSES = ("current", "former", "incoming", "ended")
LANGS = ("da", "en")
MAX_PREFIX_WORDS = 3  # "den tidligere danske forsvarsminister": a status word at most this far before the role
TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
YEAR = r"(?:1[89]|20)\d\d"
# Where a clause starts or stops: punctuation, and the words of kind "clause" in the lexicon.
CLAUSE_MARKS = re.compile(r"[,;:“”\"«»()–—]|\s-\s")
ARTICLE_GAP = r"\s+(?:den\s+|the\s+)?"
VERB_KINDS = ("ended", "leaving", "starting", "started")
PAST_KINDS = {"ended", "started", "past_copula"}
AS_ROLE = {lang: re.compile(rf"(?:\s+\w+){{0,3}}?\s+{word}\b", re.IGNORECASE)
           for lang, word in (("da", "som"), ("en", "as"))}


@dataclass(frozen=True)
class RoleTime:
    """Status of a role and the dates the text gives for it; `cues` names what was read ("former:tidligere")."""

    status: str
    valid_from: str | None = None
    valid_until: str | None = None
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class CueWords:
    """One language's cue words, from lexicons/role_time_{lang}.tsv."""

    phrases: dict[tuple[str, ...], tuple[str, bool]]  # words -> (kind, counts only before the role)
    prefixes: tuple[str, ...]
    clause_words: frozenset[str]
    intervals: tuple[tuple[str, str], ...]
    by_kind: dict[str, tuple[str, ...]]
    longest: int


@dataclass(frozen=True)
class _Date:
    start: int
    end: int
    value: str | None  # None for a value no role date can take (a week)
    explicit_year: bool
    weekday: bool


@dataclass(frozen=True)
class _Cue:
    kind: str
    start: int
    end: int
    text: str
    before_only: bool


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(m.group().lower() for m in TOKEN.finditer(phrase))


def load_cue_words(lang: str, folder: Path = LEXICONS) -> CueWords:
    """Read lexicons/role_time_{lang}.tsv (kind, phrase[, "before"]; interval rows: interval, from, to)."""
    phrases: dict[tuple[str, ...], tuple[str, bool]] = {}
    prefixes: list[str] = []
    clause_words: set[str] = set()
    intervals: list[tuple[str, str]] = []
    by_kind: dict[str, list[str]] = {}
    name = f"role_time_{lang}.tsv"
    for cells in read_table(name, folder):
        if len(cells) < 2 or not cells[1]:
            raise ValueError(f"{folder / name}: expected kind<TAB>phrase, got {'<TAB>'.join(cells)!r}")
        kind, phrase = cells[0], cells[1]
        if kind == "interval":
            if len(cells) != 3:
                raise ValueError(f"{folder / name}: an interval row needs a from and a to phrase, got "
                                 f"{'<TAB>'.join(cells)!r}")
            intervals.append((phrase, cells[2]))
        elif kind == "prefix":
            prefixes.append(phrase.lower())
        elif kind == "clause":
            clause_words.add(phrase.lower())
        else:
            phrases[_words(phrase)] = (kind, len(cells) > 2 and cells[2] == "before")
            by_kind.setdefault(kind, []).append(phrase)
    return CueWords(phrases, tuple(prefixes), frozenset(clause_words), tuple(intervals),
                    {k: tuple(v) for k, v in by_kind.items()}, max(len(w) for w in phrases))


@cache
def cue_words(lang: str) -> CueWords:
    """The cue words of one language ("da" or "en"), read once."""
    return load_cue_words(lang)


def _alt(phrases) -> str:
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True))


def _ends_with(kind_phrases: tuple[str, ...]) -> re.Pattern:
    """A cue phrase (and an optional article) ending right where a date starts: 'siden ', 'from the '."""
    if not kind_phrases:
        return re.compile(r"(?!)")  # a kind the lexicon does not have matches nothing
    return re.compile(rf"(?<!\w)(?:{_alt(kind_phrases)}){ARTICLE_GAP}$", re.IGNORECASE)


def _between(phrases: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"\s+(?:{_alt(phrases)}){ARTICLE_GAP}", re.IGNORECASE)


@dataclass(frozen=True)
class _Patterns:
    since: re.Pattern
    start: re.Pattern
    start_on: re.Pattern  # a start on or after the day of writing: "effective", "med virkning fra"
    until: re.Pattern
    interval_from: re.Pattern
    interval_to: dict[str, re.Pattern]
    month_year: re.Pattern


@cache
def _patterns(lang: str) -> _Patterns:
    cues = cue_words(lang)
    months = MONTHS_DA if lang == "da" else MONTHS_EN
    to_by_from: dict[str, list[str]] = {}
    for a, b in cues.intervals:
        to_by_from.setdefault(a.lower(), []).append(b)
    return _Patterns(
        since=_ends_with(cues.by_kind.get("since", ())),
        start=_ends_with(cues.by_kind.get("from", ())),
        start_on=_ends_with(cues.by_kind.get("from_on", ())),
        until=_ends_with(cues.by_kind.get("until", ())),
        interval_from=re.compile(rf"(?<!\w)(?P<w>{_alt(to_by_from)}){ARTICLE_GAP}$", re.IGNORECASE),
        interval_to={a: _between(tuple(b)) for a, b in to_by_from.items()},
        month_year=re.compile(rf"(?<!\w)(?P<mon>{_alt(months)})\.?\s+(?P<y>{YEAR})(?!\w)", re.IGNORECASE),
    )


# "2014-2022", "(2016–21)": a range of years, the second maybe by its last two digits
YEAR_RANGE = re.compile(rf"(?<![\w-])(?P<a>{YEAR})\s*[-–]\s*(?P<b>{YEAR}|\d\d)(?![\w-])")
BARE_YEAR = re.compile(rf"(?<![\w-])(?P<y>{YEAR})(?![\w-])")
# A parenthesis of dates only right after a role: "governor of the Bank of England (2016–21)", "(fra 2019)"
DATES_IN_PARENS = re.compile(rf"\(\s*(?:\w+\s+){{0,2}}{YEAR}(?:\s*[-–]\s*(?:{YEAR}|\d\d))?\s*\)")
# Parts of a year a role's start or end is given by ("til sommer", "at the end of the year"), read as the year:
# word before -> offset from the publication year (None: this year, or the next when the season is past and the
# words look ahead).
SEASONS = {
    "da": r"(?:sommer(?:en)?|vinter(?:en)?|forår(?:et)?|efterår(?:et)?)",
    "en": r"(?:summer|winter|spring|autumn|fall)",
}
SEASON_LEADS = {
    "da": {"i": 0, "til": None, "næste": 1, "sidste": -1, "forrige": -1, "i løbet af": 0, "hen over": 0},
    "en": {"this": 0, "in the": 0, "last": -1, "next": 1, "over the": 0, "by": None, "in": 0},
}
SEASON_MONTH = {"sommer": 7, "vinter": 1, "forår": 4, "efterår": 10, "summer": 7, "winter": 1, "spring": 4,
                "autumn": 10, "fall": 10}
SEASON_OF_YEAR = {lang: re.compile(rf"(?<!\w){SEASONS[lang]}(?:\s+of)?\s+(?P<y>{YEAR})(?!\w)", re.IGNORECASE)
                  for lang in SEASONS}
YEAR_END = {
    "da": re.compile(r"(?<!\w)(?:ved|inden|til)\s+(?:årsskiftet|nytår|udgangen\s+af\s+året|årets\s+udgang"
                     r"|slutningen\s+af\s+året)(?!\w)", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)(?:at|by|before)\s+(?:the\s+)?(?:end\s+of\s+(?:the|this)\s+year|year[- ]end"
                     r"|turn\s+of\s+the\s+year)(?!\w)", re.IGNORECASE),
}
# A month named alone after a word of start or end: "siden januar", "since March", "until June"
# (and "med udgangen af juni", "at the end of May": the month the words put the day in)
BARE_MONTH_LEADS = {"da": r"siden|fra|til|indtil|frem\s+til|i\s+løbet\s+af|(?:med|ved|inden|til)\s+udgangen\s+af"
                          r"|(?:i\s+)?(?:starten|begyndelsen|slutningen|midten)\s+af|ultimo|primo|medio",
                    "en": r"[Ss]ince|[Ff]rom|[Uu]ntil|[Tt]ill|[Bb]y|[Ii]n\s+early|[Ii]n\s+late|[Ii]n\s+mid-?"
                          r"|(?:[Aa]t|[Bb]y|[Bb]efore|[Ff]rom)\s+the\s+(?:end|start|beginning|middle)\s+of"}


@cache
def _extra_date_patterns(lang: str) -> tuple[re.Pattern, re.Pattern]:
    leads = "|".join(r"\s+".join(w.split()) for w in sorted(SEASON_LEADS[lang], key=len, reverse=True))
    season = re.compile(rf"(?<!\w)(?P<lead>{leads})\s+(?P<s>{SEASONS[lang]})(?!\w)(?!\s+(?:of\s+)?\d)",
                        re.IGNORECASE)
    months = MONTHS_DA if lang == "da" else MONTHS_EN
    full = [m for m in months if len(m) > 3 or m.lower() in ("maj", "may")]
    flags = re.IGNORECASE if lang == "da" else 0
    bare = re.compile(rf"(?<!\w)(?:{BARE_MONTH_LEADS[lang]})\s+(?P<mon>{'|'.join(full)})(?!\w|\s+\d)",
                      flags)
    return season, bare


def _season_year(lang: str, lead: str, season: str, anchor: date | None) -> str | None:
    if anchor is None:
        return None
    offset = SEASON_LEADS[lang].get(re.sub(r"\s+", " ", lead.lower()))
    if offset is None:  # "til sommer", "by summer": the next one
        stem = next((k for k in SEASON_MONTH if season.lower().startswith(k)), "")
        offset = 1 if SEASON_MONTH.get(stem, 7) < anchor.month and stem not in ("vinter", "winter") else 0
    return f"{anchor.year + offset:04d}"


def _dates(text: str, lang: str, anchor: date | None, start: int, end: int) -> list[_Date]:
    """Every date in text[start:end]: timex expressions, then "March 2019" and bare years where no timex is."""
    weekdays = WEEKDAYS_DA if lang == "da" else WEEKDAYS_EN
    months = {k.lower(): v for k, v in (MONTHS_DA if lang == "da" else MONTHS_EN).items()}
    found: list[_Date] = []
    for t in find_timexes(text, lang, anchor, start, end):
        value = None if t.granularity == "week" else t.value
        lowered = t.text.lower()
        found.append(_Date(t.start, t.end, value, bool(re.search(YEAR, t.text)),
                           any(re.search(rf"(?<!\w){w}", lowered) for w in weekdays)))
    for m in _patterns(lang).month_year.finditer(text, start, end):
        found.append(_Date(m.start(), m.end(), f"{m['y']}-{months[m['mon'].lower()]:02d}", True, False))
    season, bare_month = _extra_date_patterns(lang)
    for m in SEASON_OF_YEAR[lang].finditer(text, start, end):  # "sommeren 2022", "the summer of 2022": the year
        found.append(_Date(m.start(), m.end(), m["y"], True, False))
    for m in season.finditer(text, start, end):
        year = _season_year(lang, m["lead"], m["s"], anchor)
        if year is not None:  # the year is worked out here: as if the text gave it
            found.append(_Date(m.start(), m.end(), year, True, False))
    for m in YEAR_END[lang].finditer(text, start, end):
        if anchor is not None:  # the year's last day: "ved årsskiftet", "at the end of the year"
            found.append(_Date(m.start(), m.end(), f"{anchor.year:04d}-12-31", True, False))
    for m in bare_month.finditer(text, start, end):
        if anchor is not None:
            # the year nearest the publication date; the tense moves it (_shift)
            month = months[m["mon"].lower()]
            found.append(_Date(m.start("mon"), m.end("mon"), f"{anchor.year:04d}-{month:02d}", False, False))
    for m in BARE_YEAR.finditer(text, start, end):
        found.append(_Date(m.start(), m.end(), m["y"], True, False))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[_Date] = []
    for d in found:
        if kept and d.start < kept[-1].end:
            continue  # the longer reading of the same words wins ("1. marts 2014" over "2014")
        kept.append(d)
    return kept


SPAN_LEADS = re.compile(r"(?:(?<!\w)(?:i\s+årene|i\s+perioden|in\s+the\s+years|between\s+the\s+years)\s+)$",
                        re.IGNORECASE)


def date_spans(text: str, lang: str | None, start: int, end: int, published: str | date | None
               ) -> list[tuple[int, int]]:
    """Where text[start:end] gives dates a role can take ("i 2015", "sidste år", "2010-2015", "i årene
    2010-2015"): the roles extractor passes over them between a verb and the role word."""
    lang = lang if lang in LANGS else "en"
    anchor = published if isinstance(published, date) else anchor_date(published)
    found = _dates(text, lang, anchor, start, end)
    spans = [(d.start, d.end) for d in found]
    spans += [(m.start(), m.end()) for m in YEAR_RANGE.finditer(text, start, end)]
    pats = _patterns(lang)
    for d, nxt in zip(found, found[1:], strict=False):  # "mellem 2010 og 2014", "from 2016 to 2021"
        opener = pats.interval_from.search(text, start, d.start)
        if opener is not None and pats.interval_to[re.sub(r"\s+", " ", opener["w"].lower())].fullmatch(
                text, d.end, nxt.start):
            spans.append((opener.start(), nxt.end))
    widened = []
    for a, b in spans:
        lead = SPAN_LEADS.search(text, start, a)
        widened.append((lead.start() if lead else a, b))
    return sorted(widened)


def _shift(d: _Date, anchor: date | None, future: bool) -> str | None:
    """A date without a year (or a bare weekday) moved to the side of the anchor the tense says."""
    if d.value is None or anchor is None or d.explicit_year or len(d.value) < 7:
        return d.value
    first = date.fromisoformat(d.value + "-01" if len(d.value) == 7 else d.value)
    if future and last_day(d.value) >= anchor or not future and first <= anchor:
        return d.value  # a month still running is ahead and behind at once: "med udgangen af juni" in June
    step = 1 if future else -1
    if d.weekday:
        return (first + timedelta(days=7 * step)).isoformat()
    moved = first.replace(year=first.year + step) if not (first.month == 2 and first.day == 29) else first
    return moved.isoformat()[:len(d.value)]


def first_day(value: str) -> date:
    """First day a value covers: '2014' -> 2014-01-01, '2019-03' -> 2019-03-01."""
    if len(value) == 4:
        return date(int(value), 1, 1)
    return date.fromisoformat(value + "-01" if len(value) == 7 else value)


def last_day(value: str) -> date:
    if len(value) == 4:
        return date(int(value), 12, 31)
    if len(value) == 7:
        first = first_day(value)
        return date(first.year + (first.month == 12), first.month % 12 + 1, 1) - timedelta(days=1)
    return date.fromisoformat(value)


def _clause(text: str, lang: str, sent: tuple[int, int], core: tuple[int, int], appositive: bool
            ) -> tuple[int, int]:
    """The clause around the role: from the last clause mark before it to the next after it. An appositive role
    ("X, CEO of Y, resigned") reaches past its closing comma to the verb the person goes with."""
    clause_words = cue_words(lang).clause_words
    left = sent[0]
    for m in CLAUSE_MARKS.finditer(text, sent[0], core[0]):
        left = m.end()
    for m in TOKEN.finditer(text, left, core[0]):
        if m.group().lower() in clause_words:
            left = m.end()
    right = sent[1]
    pos = core[1]
    if appositive:
        # to the comma closing the appositive: "X, CEO of Y, resigned", "X, who had led Y since 2023, was ousted"
        closing = re.match(r"[^,;:()–—]*,", text[pos:sent[1]])
        if closing:
            pos += closing.end()
    mark = CLAUSE_MARKS.search(text, pos, sent[1])
    if mark and mark.group() == "(" and (dated := DATES_IN_PARENS.match(text, mark.start(), sent[1])):
        mark = CLAUSE_MARKS.search(text, dated.end(), sent[1])  # "chief of Y (2016–21)": its dates
        right = sent[1]
    if mark:
        right = mark.start()
        # a time phrase set off by a comma after the role is still the role's: "..., starting in July"
        if mark.group() == "," and opens_with_time_phrase(text, lang, mark.end(), sent[1]):
            after = CLAUSE_MARKS.search(text, mark.end(), sent[1])
            right = after.start() if after else sent[1]
    for m in TOKEN.finditer(text, pos, right):
        if m.group().lower() in clause_words and not _joins_dates(text, lang, m) \
                and not _joins_predicate(text, lang, m, right):
            right = m.start()
            break
    # a time phrase opening the sentence before a comma is the clause's too: "Until 2023, X was ..."
    fronted = re.match(r"\s*([^,;:()–—]+),", text[sent[0]:left]) if left > sent[0] else None
    if fronted and fronted.end() == left - sent[0] \
            and opens_with_time_phrase(text, lang, sent[0], sent[0] + fronted.end(1)):
        left = sent[0]
    return left, right


def opens_with_time_phrase(text: str, lang: str, start: int, end: int) -> bool:
    """Whether text[start:end] opens with a from / until / since cue followed by a date, within a few words:
    "starting in July", "effective 1 May", "med virkning fra 1. maj", "Until 2023"."""
    words = list(TOKEN.finditer(text, start, end))[:4]
    if not words:
        return False
    cues = cue_words(lang)
    for n in range(min(3, len(words)), 0, -1):
        hit = cues.phrases.get(tuple(w.group().lower() for w in words[:n]))
        if hit is not None and hit[0] in ("from", "from_on", "until", "since"):
            # any anchor will do: only whether a date follows matters here
            return bool(_dates(text, lang, date(2000, 1, 1), words[0].start(), min(end, words[n - 1].end() + 25)))
    return False


def _joins_predicate(text: str, lang: str, word: re.Match, end: int) -> bool:
    """'og' / 'and' right before a verb of starting or leaving joins a second predicate of the same subject: "X has
    been appointed chairman and will take up the post in April"."""
    if word.group().lower() not in ("og", "and"):
        return False
    after = [t.group().lower() for t in TOKEN.finditer(text, word.end(), end)][:cue_words(lang).longest]
    phrases = cue_words(lang).phrases
    return any(phrases.get(tuple(after[:n]), ("",))[0] in ("starting", "leaving") for n in range(1, len(after) + 1))


def _right_before(text: str, end: int, role_start: int) -> bool:
    """Whether a cue ending at `end` stands right before the role word: at most two words and no punctuation."""
    gap = text[end:role_start]
    return end <= role_start and len(TOKEN.findall(gap)) <= 2 and not re.search(r"[^\w\s]", gap)


def _joins_dates(text: str, lang: str, word: re.Match) -> bool:
    """'og' / 'and' between two dates ("mellem 2010 og 2015") ends an interval, not the clause."""
    # (past "frem til" / "until": "fra 1994 og frem til 2006", "from 2010 and until 2014")
    after = re.match(r"(?:\s+(?:frem|til|indtil|until|through|up|to))*\s*(\w+)", text[word.end():])
    months = MONTHS_DA if lang == "da" else MONTHS_EN
    return (bool(re.search(r"\d\.?\s*$", text[:word.start()])) and after is not None
            and (after.group(1)[0].isdigit() or after.group(1).lower() in {m.lower() for m in months}))


# Adverbs inside a verb phrase a cue may run over: "har netop sagt op", "has now stepped down"
GAP_ADVERBS = frozenset({"netop", "nu", "lige", "allerede", "også", "så", "endelig", "officielt", "formelt",
                         "just", "now", "also", "already", "finally", "officially", "formally", "abruptly",
                         "pludselig", "brat"})


def _cues(text: str, lang: str, start: int, end: int, gaps: tuple[tuple[int, int], ...] = ()) -> list[_Cue]:
    """Cue phrases in text[start:end], the longest at each word. A phrase may also run over words inside `gaps`
    (the person's name, dates), so a verb split by them is one cue: "trådte i går tilbage", "I fredags trak X sig";
    such a phrase wins over the shorter cues it covers."""
    tokens = list(TOKEN.finditer(text, start, end))
    found = _phrases(text, lang, tokens)
    kept = [t for t in tokens if not any(a <= t.start() and t.end() <= b for a, b in gaps)
            and t.group().lower() not in GAP_ADVERBS]
    if len(kept) == len(tokens):
        return found
    for c, words in _phrases_with_length(text, lang, kept):
        covered = [f for f in found if f.start < c.end and c.start < f.end]
        if words < 2 or any(len(TOKEN.findall(f.text)) >= words for f in covered):
            continue
        found = [f for f in found if f not in covered] + [c]
    return sorted(found, key=lambda c: c.start)


def _phrases(text: str, lang: str, tokens: list[re.Match]) -> list[_Cue]:
    return [c for c, _ in _phrases_with_length(text, lang, tokens)]


def _phrases_with_length(text: str, lang: str, tokens: list[re.Match]) -> list[tuple[_Cue, int]]:
    cues = cue_words(lang)
    words = [t.group().lower() for t in tokens]
    found: list[tuple[_Cue, int]] = []
    i = 0
    while i < len(tokens):
        for n in range(min(cues.longest, len(tokens) - i), 0, -1):
            hit = cues.phrases.get(tuple(words[i:i + n]))
            if hit is not None:
                found.append((_Cue(hit[0], tokens[i].start(), tokens[i + n - 1].end(),
                                   text[tokens[i].start():tokens[i + n - 1].end()], hit[1]), n))
                i += n
                break
        else:
            i += 1
    return found


def _prefix_status(text: str, lang: str, sent: tuple[int, int], role: tuple[int, int], floor: int
                   ) -> tuple[str, str] | None:
    """A status word glued to the role ("eks-minister", "ex-CEO") or a few words before it ("den tidligere ...")."""
    cues = cue_words(lang)
    head = text[role[0]:role[1]].lower()
    before = text[max(floor, role[0] - 8):role[0]].lower()
    for p in cues.prefixes:
        if head.startswith(p) or before.endswith(p):
            return "former", p
    tokens = list(TOKEN.finditer(text, max(floor, sent[0]), role[0]))[-MAX_PREFIX_WORDS:]
    gap_ok = [not CLAUSE_MARKS.search(text[t.end():role[0]].replace(",", "")) for t in tokens]
    for t, ok in zip(reversed(tokens), reversed(gap_ok), strict=True):
        hit = cues.phrases.get((t.group().lower(),))
        if ok and hit and hit[0] in ("former", "current", "incoming"):
            return hit[0], t.group()
    return None


def read_role_time(text: str, lang: str | None, sentence: tuple[int, int], role: tuple[int, int],
                   person: tuple[int, int], published: str | date | None, extent: tuple[int, int] | None = None
                   ) -> RoleTime:
    """Status and dates of the role whose words are text[role[0]:role[1]], held by the person named at `person`,
    inside `sentence`; `extent` is the whole role statement when it is wider (with its organisation)."""
    lang = lang if lang in LANGS else "en"
    anchor = published if isinstance(published, date) else anchor_date(published)
    spans = [role, person] + ([extent] if extent else [])
    core = (min(s[0] for s in spans), max(s[1] for s in spans))
    person_first = person[1] <= role[0]
    # "X, CEO of Y, resigned" and "Y's CEO, X, resigned": the verb after the closing comma is the person's
    appositive = (person_first and "," in text[person[1]:role[0]]) or (
        not person_first and "," in text[role[1]:person[0]] and text[person[1]:sentence[1]].lstrip().startswith(","))
    left, right = _clause(text, lang, sentence, core, appositive)
    cue_list: list[str] = []

    prefix = _prefix_status(text, lang, sentence, role, person[1] if person_first else left)
    if prefix:
        cue_list.append(f"{prefix[0]}:{prefix[1]}")
    kinds: dict[str, _Cue] = {}
    dates = _dates(text, lang, anchor, left, right)
    gaps = (person, *((d.start, d.end) for d in dates))
    for c in _cues(text, lang, left, right, gaps):
        in_gap = person_first and person[1] <= c.start and c.end <= role[0]
        if c.kind in ("past_copula", "perfect_copula"):
            counts = in_gap  # "X, som var direktør": not "X, CFO of Y, was arrested"
        elif c.kind == "succeeding":
            # "X afløser Y som direktør": a start for the subject, named before the verb; not for Y
            counts = in_gap and c.start >= person[1]
            c = _Cue("starting", c.start, c.end, c.text, c.before_only)
        elif c.before_only:
            # "X bliver direktør", "Fra 1. marts bliver X direktør": not "direktør X bliver anklaget"; an ending
            # verb right before the role word has the person as its object: "klubben har fyret cheftræner X"
            counts = (person_first and c.end <= role[0]) or (c.kind == "ended" and _right_before(text, c.end, role[0]))
        else:
            # past an appositive, "was fired as coach" belongs to the role that follows it, not to this one
            other_role = c.start >= core[1] and AS_ROLE[lang].match(text, c.end, right)
            counts = c.kind in VERB_KINDS and not other_role
        if counts and c.kind not in kinds:
            kinds[c.kind] = c
            cue_list.append(f"{c.kind}:{c.text}")

    pats = _patterns(lang)
    used: set[int] = set()
    valid_from = valid_until = None
    future = "starting" in kinds or (prefix is not None and prefix[0] == "incoming")
    past = bool(PAST_KINDS & kinds.keys()) or (prefix is not None and prefix[0] == "former")
    for m in YEAR_RANGE.finditer(text, left, right):  # "2014-2022", "2016–21"
        valid_from, valid_until = m["a"], m["b"] if len(m["b"]) == 4 else m["a"][:2] + m["b"]
        used.update(i for i, d in enumerate(dates) if m.start() <= d.start < m.end())
        cue_list.append(f"interval:{m.group()}")
    for i, d in enumerate(dates[:-1]):
        opener = pats.interval_from.search(text, left, d.start)
        if i in used or opener is None:
            continue
        nxt = dates[i + 1]
        to = pats.interval_to[re.sub(r"\s+", " ", opener["w"].lower())]
        if to.fullmatch(text, d.end, nxt.start):
            valid_from, valid_until = _shift(d, anchor, future), _shift(nxt, anchor, future)
            used.update((i, i + 1))
            cue_list.append(f"interval:{text[opener.start():nxt.end]}")
    ending = "ended" in kinds or "leaving" in kinds
    for i, d in enumerate(dates):
        if i in used:
            continue
        if pats.since.search(text, left, d.start):
            valid_from = _shift(d, anchor, False)
        elif pats.start_on.search(text, left, d.start):
            valid_from = _shift(d, anchor, True)
        elif pats.start.search(text, left, d.start):
            if ending:
                valid_until = _shift(d, anchor, "leaving" in kinds)
            else:
                # with no word of tense, the year nearest the publication date stands ("as CEO from July")
                valid_from = _shift(d, anchor, future) if future or past else d.value
        elif pats.until.search(text, left, d.start):
            valid_until = _shift(d, anchor, not past)
        else:
            continue
        used.add(i)
        cue_list.append(f"date:{text[d.start:d.end]}")
    verbs = [kinds[k] for k in VERB_KINDS if k in kinds]
    free = [d for i, d in enumerate(dates) if i not in used and d.value]
    if verbs and verbs[0].kind == "started" and prefix is not None and prefix[0] == "incoming":
        verbs = verbs[1:]  # "named X as its next CEO on Thursday": Thursday is the appointment, not the start
    if prefix is not None and prefix[0] == "former":
        # "Den forhenværende minister X blev i dag ansat i Nordea": a start told now is of something else
        verbs = [v for v in verbs if v.kind not in ("started", "starting")]

    def distance(d: _Date, verb: _Cue) -> int:
        return abs(d.start - verb.end) if d.start >= verb.end else abs(verb.start - d.end) + 1

    def owner(d: _Date) -> _Cue:
        """The verb a date tells of: the last one before it in the same stretch between commas ("who became
        chairman of Y in 2019, resigned on Monday"), else the first after it ("X, der i 2021 blev ansat ...")."""
        before = [v for v in verbs if v.end <= d.start and "," not in text[v.end:d.start]]
        after = [v for v in verbs if v.start >= d.end and "," not in text[d.end:v.start]]
        if before:
            return max(before, key=lambda v: v.end)
        if after:
            return min(after, key=lambda v: v.start)
        return min(verbs, key=lambda v: distance(d, v))

    for n, verb in enumerate(verbs):
        # The date nearest the verb is when it happened: "fratrådte i går", "will take over on Monday"; with two
        # verbs, a date goes to the one it tells of.
        mine = [d for d in free if n == 0 and len(verbs) == 1 or owner(d) is verb]
        if not mine:
            continue
        d = min(mine, key=lambda d: distance(d, verb))
        free.remove(d)
        value = _shift(d, anchor, verb.kind in ("leaving", "starting"))
        if verb.kind in ("ended", "leaving"):
            valid_until = valid_until or value
        else:
            valid_from = valid_from or value
        cue_list.append(f"date:{text[d.start:d.end]}")

    status = _status(kinds, prefix[0] if prefix else None, valid_from, valid_until, anchor)
    return RoleTime(status, valid_from, valid_until, tuple(cue_list))


def _status(kinds: dict[str, _Cue], prefix: str | None, valid_from: str | None, valid_until: str | None,
            anchor: date | None) -> str:
    """Reported ends first, then what the words say, then what the dates say against the publication date."""
    still_to_come = anchor is not None and valid_until is not None and (
        first_day(valid_until) > anchor or "leaving" in kinds and last_day(valid_until) >= anchor)
    if "ended" in kinds and not still_to_come:
        # ("har sagt op ... og stopper til sommer": the resignation is told, the end is still to come)
        return "ended"
    if "ended" in kinds:
        return "current"  # "steps down at the end of the year": told now, the end is still to come
    if "leaving" in kinds and anchor is not None and valid_until is not None and last_day(valid_until) <= anchor:
        return "ended"  # "stopper i dag", "steps down today": the end the article reports is now
    if prefix == "former" or "past_copula" in kinds:
        return "former"
    if prefix == "incoming" or "starting" in kinds:
        return "incoming"
    if anchor is not None and valid_until is not None and last_day(valid_until) < anchor:
        return "former"
    if anchor is not None and valid_from is not None and first_day(valid_from) > anchor:
        return "incoming"
    return "current"


def held_on(status: str, valid_from: str | None, valid_until: str | None, said_on: str | None, day: date) -> bool:
    """Whether a role stated on `said_on` with this status and these dates was held on `day`.

    Dates the text gives decide; where it gives none, the statement's own date bounds it: a current role was held
    on the day it was said (and is taken to go on until something says otherwise), a former or ended role had
    ended by then, an incoming one had not begun.
    """
    said = date.fromisoformat(said_on[:10]) if said_on else None
    if valid_from is not None and day < first_day(valid_from):
        return False
    if valid_until is not None and day > last_day(valid_until):
        return False
    if status in ("former", "ended"):
        # held once, but the text must say from when; without an end date it had ended by the day it was said
        return valid_from is not None and (valid_until is not None or (said is not None and day < said))
    if status == "incoming":
        return valid_from is not None
    return valid_from is not None or (said is not None and day >= said)


__all__ = ["STATUSES", "RoleTime", "cue_words", "date_spans", "first_day", "held_on", "last_day", "load_cue_words",
           "opens_with_time_phrase", "read_role_time"]
