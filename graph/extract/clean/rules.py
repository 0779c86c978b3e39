"""Hand-written furniture rules: the first cleaner, now features (and inline drops) for the learned detector.

A scraped page is usually the article followed (and sometimes preceded or interrupted) by furniture: menus,
"Læs også"/"Read more" teasers, event listings, job ads, "Navne"/people news, newsletter sign-up, cookie notices,
share buttons, bylines and photo credits. The cleaner never cuts the text: `Doc.text` stays as given, `doc.body` is
set to the article's own span and every furniture block gets a `Dropped(start, end, reason, text)`.

It works line by line (a scraped page puts each paragraph, headline or menu item on its own line) and in one pass:

1. the top: menus, skip links, cookie banners and headed lists ("Most popular") above the first paragraph are
   dropped; the first line after the last of them (normally the title) starts the body;
2. the article: bylines, photo credits, datelines, share buttons and ad slots are dropped one line at a time; a
   furniture header ("Læs også", "Stillinger", "Navne", ...) or a listing run (short lines full of dates, times,
   prices, places, deadlines) after real prose ends the article, unless it is a small box (an inline teaser or
   sign-up) that the article clearly continues after;
3. after the end: everything is furniture, split into blocks at each header, with the header's kind as reason;
   without any end marker, a closing list of three or more headlines (no header) is dropped as teasers.

It is conservative inside the prose (a line is only dropped on a specific pattern) and aggressive after the end.
Everything is linear in the length of the text: each line is classified once and look-aheads are bounded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph.extract.lexicons import read_table, read_words
from graph.model import Dropped


def _read_headers(name: str) -> dict[str, tuple[str, bool]]:
    """phrase -> (kind, strong)."""
    headers: dict[str, tuple[str, bool]] = {}
    for row in read_table(name):
        if len(row) != 3 or row[1] not in ("strong", "weak"):
            raise ValueError(f"{name}: expected 'kind<TAB>strong|weak<TAB>phrase', got {row!r}")
        headers[row[2].lower()] = (row[0], row[1] == "strong")
    return headers


@dataclass(frozen=True)
class Tables:
    """The rules' word tables: furniture headers (phrase -> kind, strong), menu words, share-button phrases."""

    headers: dict[str, tuple[str, bool]]
    nav_words: frozenset[str]
    share_lines: frozenset[str]


@cache
def tables() -> Tables:
    """The tables, read from graph/extract/lexicons/ on first use (never at import)."""
    return Tables(_read_headers("furniture_headers.tsv"), read_words("furniture_nav_words.txt", lower=True),
                  read_words("furniture_share_words.txt", lower=True))

# Furniture kinds that open a section running to the next header; all other line kinds drop one line.
SECTION_KINDS = {"teaser", "event-listing", "job-ad", "people-news", "newsletter", "navigation", "promo", "comments",
                 "footer", "cookie"}
# Section kinds that can be a small box inside an article (the article goes on after them).
INLINE_KINDS = {"teaser", "newsletter", "promo", "cookie", "navigation"}
# Furniture above the title that marks the page's own head (menus, banners): the article starts after it.
PAGE_KINDS = {"navigation", "cookie"}
# Lists that can stand above the title, under a header; like menus, the article starts after them.
TOP_SECTION_KINDS = {"teaser", "event-listing", "job-ad", "people-news", "newsletter", "promo"}
# One-line kinds merged into one block when they follow each other.
MERGE_KINDS = {"navigation", "share", "byline", "credit", "cookie"}
# Boxes whose header is followed by a few short lines of the box (teaser headlines, a sign-up field).
BOX_KINDS = {"teaser", "newsletter", "promo"}
# Ad-slot labels: the box is the label alone (the ad itself is an image the scraper did not keep).
AD_LABELS = {"annonce", "reklame", "advertisement", "sponsoreret", "sponsored"}

_TERMINAL = set(".!?…\"”»’'):;")
_STRIP = " \t\r\f\v:;>»›·|•*#▶►◆■–—-_=~\u00a0\u200b"

_MONTH = (r"(?:jan(?:uar|uary)?|feb(?:ruar|ruary)?|mar(?:ts|ch)?|apr(?:il)?|maj|may|jun[ie]?|jul[iy]?|aug(?:ust)?"
          r"|sep(?:t|tember)?|o[ck]t(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WEEKDAY = (r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|monday|tuesday|wednesday|thursday|friday"
            r"|saturday|sunday|man|tirs|ons|tors|fre|lør|søn|mon|tue|wed|thu|fri|sat|sun)")
_AGENCY = (r"(?:ritzau scanpix|ritzau|scanpix|getty images|getty|reuters|associated press|ap photo|afp|epa|"
           r"shutterstock|pa media|pa images|polfoto)")

CUE_PATTERNS = {
    "date": re.compile(rf"(?i)\b\d{{1,2}}\.?\s?{_MONTH}\b|\b{_MONTH}\.?\s\d{{1,2}}\b|\b{_WEEKDAY}\b"
                       r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"),
    "time": re.compile(r"(?i)\bkl\.\s?\d{1,2}(?:[.:]\d{2})?|\b\d{1,2}:\d{2}\b|\b\d{1,2}(?::\d{2})?\s?[ap]\.?m\b"
                       r"|\b\d{1,2}[.:]\d{2}\s?[-–]\s?\d{1,2}[.:]\d{2}\b"),
    "price": re.compile(r"(?i)\b\d[\d.,]*\s?(?:kr\.?|kroner|dkk|eur|euro|usd)(?!\w)|[£$€]\s?\d"
                        r"|\b(?:gratis|fri entré|free entry|billetter|tickets|entré)\b"),
    "job": re.compile(r"(?i)ansøgningsfrist|\bfrist\b|\bdeadline\b|apply by|closing date|\bsøger\b|is hiring"
                      r"|\bfuld ?tid|\bdeltid|full[- ]time|part[- ]time|\bstilling(?:en)?\b|\bsalary\b|\bvikariat"
                      r"|\bansættelse|\bjob som\b|\bpermanent\b"),
    "people": re.compile(r"(?i)\bfylder\s+\d+|\brund(?:e)? dag|\bfødselsdag|\bturns\s+\d+|\bbirthday|\budnævnt"
                         r"|\bansat som|\btiltræder|\bfratræder|\bappointed|\bnamed as\b|\bjubilæum|\bdøde\b|\bdød\b"
                         r"|\bdied\b|\bpassed away|\bnew (?:ceo|chief|director)"),
    "place": re.compile(r"(?i)^(?:sted|hvor|venue|location|where|adresse|address)\s*:"
                        r"|^[A-ZÆØÅ][\w&.'’/-]*(?:\s+[A-ZÆØÅ&][\w&.'’/-]*){0,3}\s*,\s*[A-ZÆØÅ][\w.'’-]+"
                        r"(?:\s+[A-ZÆØÅ][\w.'’-]+)?$"),
}

_COOKIE = re.compile(r"(?i)\bcookie")
_COOKIE_CONTEXT = re.compile(r"(?i)accept|samtykke|consent|privat|privacy|indstilling|setting|afvis|reject"
                             r"|vi bruger|we use|bruger cookies|use cookies|tillad|allow")
_NEWSLETTER = re.compile(r"(?i)nyhedsbrev|newsletter")
_NEWSLETTER_CONTEXT = re.compile(r"(?i)tilmeld|modtag|abonn|indbakke|gratis|sign ?up|subscribe|inbox|e-?mail|få ")
_FOOTER = re.compile(r"(?i)^(?:©|\(c\)\s|copyright\b)|all rights reserved|alle rettigheder")
_CREDIT = re.compile(r"(?i)^(?:foto|fotos|photo|photos|photograph|billede|image|images|illustration|grafik|graphic"
                     r"|video|kilde|source|picture)\s*:|^(?:image|picture|photo|media)\s+(?:source|copyright|caption)\b")
_AGENCY_RE = re.compile(rf"(?i)\b{_AGENCY}\b")
_BYLINE = re.compile(r"^(?i:af|by|tekst|text|skrevet af|written by|reporting by)\s+[A-ZÆØÅ][\w'’.-]*"
                     r"(?:\s+(?:[A-ZÆØÅ][\w'’.-]*|og|and|&|van|von|de|der|la|le))*\s*(?:[,|–—-].{0,80})?$")
_DATELINE = re.compile(r"(?i)^(?:publiceret|opdateret|udgivet|sidst opdateret|senest opdateret|published|updated"
                       r"|posted|last updated|first published)\b")
# Pieces of a dateline: dates, times, and the words around them; a line of nothing else is a dateline.
_DATE_PARTS = re.compile(
    rf"(?i)\b\d{{1,2}}\.?\s*{_MONTH}\.?,?(?:\s*\d{{4}})?\b|\b{_MONTH}\.?\s*\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s*\d{{4}})?\b"
    r"|\b\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{2,4}\b|\b\d{1,2}[.:]\s?\d{2}(?:\s*[ap]\.?\s?m\b\.?)?|\b\d{1,2}\s*[ap]\.?m\b\.?"
    r"|\b\d{4}\b")
_DATE_WORDS = re.compile(
    rf"(?i)\b(?:{_WEEKDAY}|{_MONTH}|publiceret|opdateret|udgivet|sidst|senest|published|updated|posted|first|last|"
    r"kl|klokken|at|on|den|d|i dag|today|release|released|dato|date|cet|cest|gmt|bst|utc|edt|est|pdt|pst|et|am|pm)\b")
_COUNT = re.compile(r"\s*[(\[]?\d+[)\]]?$")
_PROMO = re.compile(r"(?i)^(?:follow us|følg os|like us|download (?:our|the) app|hent (?:vores |appen)|get the app"
                    r"|tip os|tip redaktionen|send (?:us )?your (?:story|tip|news)|har du et tip|do you have a story"
                    r"|bliv abonnent|køb abonnement|subscribe (?:now|today|to)|support our journalism"
                    r"|støt (?:vores|uafhængig) journalistik|continue reading|story continues below"
                    r"|article continues below|artiklen fortsætter|annoncen fortsætter|læs hele artiklen)")
# A caption ending in its credit: "Borgmesteren på rådhuset. Foto: Lars Mikkelsen/Ritzau Scanpix".
_CAPTION_CREDIT = re.compile(
    r"(?i)\b(?:foto|photo|billede|image|illustration|grafik)\s*:\s*[^\W\d][\w .,/&'’()-]{1,60}$"
)
_LINK_SEPARATOR = re.compile(r"\s[|·•]\s")
_SEPARATORS = re.compile(r"\s[>›»/|]\s")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    words: int
    prose: bool
    header: str | None  # furniture kind of a header line
    strong: bool  # the header is unambiguous on its own
    inline: bool  # the header carries its teaser/text on the same line ("Læs også: ...")
    kind: str | None  # furniture kind from a line pattern (cookie, share, byline, credit, ...)
    cues: frozenset[str]
    gap_before: bool = False  # an empty line (paragraph break) comes before it


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    n = len(text)
    gap = False
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        raw = text[pos:nl]
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            line = _classify(start, start + len(stripped), stripped)
            line.gap_before = gap
            lines.append(line)
            gap = False
        elif lines:
            gap = True
        pos = nl + 1
    return lines


def _normalise(line: str) -> str:
    """Lower case, single spaces, no decoration or trailing count: "KOMMENTARER (12) »" -> "kommentarer"."""
    return " ".join(_COUNT.sub("", line.strip(_STRIP)).strip(_STRIP).lower().split())


def _header_of(line: str, words: int) -> tuple[str | None, bool, bool]:
    """(kind, strong, inline) when the line is a furniture header."""
    if words > 12:
        return None, False, False
    headers = tables().headers
    norm = _normalise(line)
    found = headers.get(norm)
    if found:
        return found[0], found[1], False
    # "Læs også: Minister går af" or "LÆS OGSÅ Minister går af": a strong header with its teaser on the line.
    head, sep, rest = norm.partition(":")
    if sep and rest.strip():
        found = headers.get(head.strip(_STRIP))
        if found and found[1]:
            return found[0], True, True
    caps = []
    for word in line.split():
        if not word.isupper():
            break
        caps.append(word)
    if caps and len(caps) < words:
        found = headers.get(_normalise(" ".join(caps)))
        if found and found[1]:
            return found[0], True, True
    return None, False, False


def _kind_of(line: str, words: int, prose: bool) -> str | None:
    """Furniture kind of a single line from a specific pattern, or None."""
    share_lines = tables().share_lines
    parts = [p.strip() for p in _LINK_SEPARATOR.split(line)] if _LINK_SEPARATOR.search(line) else []
    if parts and all(_normalise(p) in share_lines for p in parts if p):
        return "share"  # "Del artiklen | Kopiér link | Send som e-mail"
    if len(parts) >= 3 and all(len(p.split()) <= 4 and p[-1:] not in ".!?" for p in parts if p):
        return "navigation"  # a row of links: "Om os | Kontakt | Privatlivspolitik | Cookiepolitik"
    # Sign-up blurbs and cookie notices are short; a long paragraph mentioning a newsletter is prose.
    if words <= 60 and _COOKIE.search(line) and _COOKIE_CONTEXT.search(line):
        return "cookie"
    if words <= 35 and _NEWSLETTER.search(line) and _NEWSLETTER_CONTEXT.search(line):
        return "newsletter"
    if _FOOTER.search(line) and words <= 25:
        return "footer"
    if words <= 6 and _normalise(line) in share_lines:
        return "share"
    if words <= 30 and _PROMO.match(line):
        return "promo"
    if prose and words > 15:
        return None
    if (_CREDIT.match(line) and words <= 20) or (words <= 40 and _CAPTION_CREDIT.search(line)):
        return "credit"
    if words <= 10 and _AGENCY_RE.search(line):
        bare = _AGENCY_RE.sub("", line).strip(" ()©/|,.-–:")
        if not bare or "/" in line or "©" in line or line.startswith("("):
            return "credit"
    if words <= 14 and line[-1] not in ".!?" and _BYLINE.match(line):
        return "byline"
    if words <= 12 and _DATELINE.match(line):
        return "byline"
    if words <= 16 and _is_date_only(line):
        return "dateline"  # a bare date: furniture next to a byline, but also a fixture date in a sports piece
    return None


def _classify(start: int, end: int, text: str) -> _Line:
    words = len(text.split())
    prose = (words >= 8 and text[-1] in _TERMINAL) or words >= 16
    header, strong, inline = _header_of(text, words)
    kind = None if header else _kind_of(text, words, prose)
    if kind in SECTION_KINDS:
        prose = False
    if header:
        prose = False
    cues = (
        frozenset(name for name, pattern in CUE_PATTERNS.items() if pattern.search(text))
        if words <= 40
        else frozenset()
    )
    return _Line(start, end, text, words, prose, header, strong, inline, kind, cues)


def _is_date_only(line: str) -> bool:
    """'27. februar 2026 kl. 06.00 | Opdateret 27. februar 2026 kl. 09.14', 'Tuesday, 1 March 2025, 10:15 GMT'."""
    if not (CUE_PATTERNS["date"].search(line) or CUE_PATTERNS["time"].search(line)):
        return False
    rest = _DATE_WORDS.sub(" ", _DATE_PARTS.sub(" ", line))
    return not _WORD.search(rest)


def _reason(kind: str) -> str:
    return "byline" if kind == "dateline" else kind


def _is_nav_line(line: _Line) -> bool:
    """A menu line: only (or mostly) section names, or a breadcrumb with separators."""
    if line.prose or line.words > 14:
        return False
    tokens = [t.lower() for t in _WORD.findall(line.text)]
    if not tokens:  # decoration ("* * *", "|"), but not a date or a score
        return not any(c.isdigit() for c in line.text) and line.text[-1] not in ".!?"
    nav_words = tables().nav_words
    in_vocab = sum(t in nav_words for t in tokens)
    if in_vocab == len(tokens):
        return True
    if len(tokens) >= 4 and in_vocab >= 0.7 * len(tokens):
        return True
    if not _SEPARATORS.search(line.text) or line.text[-1] in ".!?" or line.words > 8:
        return False
    # A breadcrumb: every piece between separators is words ("Nyheder > Indland"), not a date ("03 / 08 / 2013").
    return all(_WORD.search(part) for part in _SEPARATORS.split(line.text))


def _looks_like_headline(line: _Line) -> bool:
    """A teaser headline: a short sentence without end period. At least two lower-case words of three or more
    letters, so that fixture lists ("Bolton v Arsenal") and rankings ("1 Roger Federer (Switzerland)") are not."""
    if not (3 <= line.words <= 14) or line.prose or line.kind or line.header:
        return False
    if line.text[-1] in ".:;,…" or line.text[0] in "-–—•*·►▶":
        return False
    return sum(1 for w in line.text.split() if len(w) >= 3 and w.isalpha() and w.islower()) >= 2


def _short_caption(line: _Line) -> bool:
    """A short line that is not a sentence: a teaser headline, a listing item, a menu entry."""
    return not line.prose and line.words <= 14


class _Cleaner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _split_lines(text)
        self.reason: list[str | None] = [None] * len(self.lines)  # furniture kind per line, None = article
        self.block: list[int] = [0] * len(self.lines)  # lines of one furniture block share a number
        self.blocks = 0
        self.last_prose = -1  # index of the last prose line of the article seen so far

    def drop(self, first: int, last: int, reason: str) -> None:
        # Consecutive one-line drops of the same kind (a menu, a row of share buttons) make one block.
        previous = first - 1
        if not (reason in MERGE_KINDS and previous >= 0 and self.reason[previous] == reason):
            self.blocks += 1
        for i in range(first, last + 1):
            self.reason[i] = reason
            self.block[i] = self.blocks

    # -- looking ahead (bounded) ------------------------------------------------------------------------------

    def verified(self, i: int) -> bool:
        """A weak header counts only when the lines after it look like that kind of furniture."""
        line = self.lines[i]
        # A one-word header ("Navne", "Stillinger") could also be a subhead: the lines after it must agree.
        if line.inline or (line.strong and " " in _normalise(line.text)):
            return True
        following = self.lines[i + 1:i + 5]
        if not following:
            return False
        cues = set().union(*(f.cues for f in following))
        short = sum(_short_caption(f) for f in following[:3])
        kind = line.header
        if kind == "teaser" or kind == "navigation":
            return short >= 2
        if kind == "event-listing":
            return len(cues & {"date", "time", "price", "place"}) >= 1 and short >= 1
        if kind == "job-ad":
            return "job" in cues or {"place", "date"} <= cues
        if kind == "people-news":
            return "people" in cues
        if kind == "newsletter":
            return any(f.kind == "newsletter" or "mail" in f.text.lower() for f in following[:3])
        return True

    def next_to_byline(self, i: int) -> bool:
        neighbours = self.lines[max(i - 1, 0):i] + self.lines[i + 1:i + 2]
        return any(n.kind in ("byline", "dateline", "share", "credit") for n in neighbours)

    def box_end(self, i: int) -> int:
        """Last line of a small box opened by the header at i: the header and up to two short lines."""
        line = self.lines[i]
        if line.inline or line.header not in BOX_KINDS or _normalise(line.text) in AD_LABELS:
            return i
        last = i
        for j in range(i + 1, min(i + 3, len(self.lines))):
            following = self.lines[j]
            if following.header or not _short_caption(following) or following.kind in ("byline",):
                break
            last = j
        return last

    def continues(self, after: int, inline: bool) -> bool:
        """The article clearly goes on after line `after`: the next lines are plain prose, not listing items.

        After a one-line box ("Læs også: ...") one prose line is enough; after a header on its own line two
        prose lines must follow each other, so teaser leads alternating with teaser headlines do not count.
        """
        needed = 1 if inline else 2
        seen = 0
        for j in range(after + 1, min(after + 1 + needed, len(self.lines))):
            line = self.lines[j]
            if not line.prose or line.header or line.kind or line.cues & {"job", "people"}:
                return False
            seen += 1
        return seen == needed

    def listing_run(self, i: int) -> int | None:
        """End of a run of short lines full of dates, times, prices, places or job terms starting at i."""
        categories: set[str] = set()
        with_cues = 0
        j = i
        while j < len(self.lines) and j < i + 12:
            line = self.lines[j]
            if line.prose or line.header or line.words > 14:
                break
            if line.cues:
                with_cues += 1
                categories |= line.cues
            j += 1
        if j - i >= 3 and with_cues >= 2 and len(categories - {"people"}) >= 2:
            return j - 1
        return None

    # -- the pass ---------------------------------------------------------------------------------------------

    def top(self) -> int:
        """Index of the first article line (normally the title); drops the page furniture above it.

        The article starts after the last menu or banner line above the first paragraph, so a site name or a
        stray menu word above the menus goes too; bylines, datelines, share buttons and photo credits belong to
        the article's head and are dropped without moving the start.
        """
        lines = self.lines
        stop = next((k for k, line in enumerate(lines) if line.prose), len(lines))
        kinds: list[str | None] = []
        for i in range(stop):
            line = lines[i]
            if line.kind == "dateline":
                # A bare date may be part of the article ("Tuesday, 1 March" above a match report).
                kinds.append("dateline" if self.next_to_byline(i) else None)
            elif _is_nav_line(line):
                kinds.append("navigation")
            elif line.header and (line.strong or self.verified(i)):
                kinds.append(line.header)
            else:
                kinds.append(line.kind)
        # A run of three or more one- or two-word lines is a menu; its last line may be a short title.
        i = 0
        while i < stop:
            run = i
            while run < stop and kinds[run] is None and lines[run].words <= 2 and lines[run].text[-1] not in ".!?":
                run += 1
            for k in range(i, run - 1 if run - i >= 3 else i):
                kinds[k] = "navigation"
            i = max(run, i + 1)
        # A list under a header above the title ("Most popular", "Seneste nyt") runs to the next paragraph
        # break, and never takes the last line before the first paragraph: that is the title.
        last_candidate = max((k for k in range(stop) if kinds[k] is None), default=-1)
        for k in range(stop):
            if lines[k].header and kinds[k] == lines[k].header and kinds[k] in TOP_SECTION_KINDS:
                j = k + 1
                while j < last_candidate and kinds[j] is None and _short_caption(lines[j]) and not lines[j].gap_before:
                    kinds[j] = kinds[k]
                    j += 1
        last_page = max((k for k in range(stop) if kinds[k] in PAGE_KINDS or kinds[k] in TOP_SECTION_KINDS),
                        default=-1)
        first = next((k for k in range(last_page + 1, stop) if kinds[k] is None), stop)
        for k in range(stop):
            kind = kinds[k] or ("navigation" if k < first else None)
            if kind:
                continues_block = k > 0 and kinds[k - 1] == kind and lines[k].header is None
                if continues_block and kind in TOP_SECTION_KINDS:
                    self.reason[k], self.block[k] = self.reason[k - 1], self.block[k - 1]
                else:
                    self.drop(k, k, _reason(kind))
        return first

    def article(self, first: int) -> int:
        """Walks the article from its first line; returns the index of the first line after it."""
        lines = self.lines
        seen_prose = False
        i = first
        while i < len(lines):
            line = lines[i]
            if self.reason[i] is not None:  # dropped already as part of the page head
                i += 1
                continue
            section_kind = line.header or (line.kind if line.kind in SECTION_KINDS else None)
            if section_kind and (line.header is None or self.verified(i)):
                if not seen_prose and section_kind != "footer":
                    last = self.box_end(i) if section_kind in INLINE_KINDS else i
                    self.drop(i, last, section_kind)
                    i = last + 1
                    continue
                if section_kind in INLINE_KINDS:
                    last = self.box_end(i)
                    if self.continues(last, inline=last == i):
                        self.drop(i, last, section_kind)
                        i = last + 1
                        continue
                return i
            if line.kind == "dateline" and not self.next_to_byline(i):
                line.kind = None
            if line.kind and line.kind not in SECTION_KINDS:
                self.drop(i, i, _reason(line.kind))
                i += 1
                continue
            if seen_prose and line.cues and not line.prose:
                run_end = self.listing_run(i)
                if run_end is not None and not self.continues(run_end, inline=False):
                    # The listing's first item often starts with a name without a date ("Jazz in the Park").
                    start = i
                    while start > max(i - 2, self.last_prose + 1, first + 1) and _short_caption(lines[start - 1]) \
                            and self.reason[start - 1] is None and not lines[start - 1].header:
                        start -= 1
                    return start
            if line.prose:
                seen_prose = True
                self.last_prose = i
            i += 1
        return i

    def trailing_headlines(self, first: int, end: int) -> None:
        """Drops a list of three or more headlines closing the page without a header (unlabelled teasers).

        Headlines have three or more words and no end period; a list that belongs to the article is introduced by
        a line ending in ":" or has bullet marks, and is kept.
        """
        lines = self.lines
        start = end
        while start - 1 > first and self.reason[start - 1] is None and _looks_like_headline(lines[start - 1]):
            start -= 1
        if end - start < 3:
            return
        before = lines[start - 1]
        if not before.prose or before.text.endswith(":"):
            return
        self.drop(start, end - 1, "teaser")

    def tail(self, first: int) -> None:
        """Everything after the article is furniture: one block per header (or line-pattern section)."""
        lines = self.lines
        i = first
        while i < len(lines):
            line = lines[i]
            kind = line.header or (line.kind if line.kind in SECTION_KINDS else None)
            j = i + 1
            while j < len(lines):
                following = lines[j]
                if following.header and (following.strong or self.verified(j)):
                    break
                if following.kind in SECTION_KINDS and following.kind != kind:
                    break
                j += 1
            self.drop(i, j - 1, kind or self.guess(i, j))
            i = j

    def guess(self, first: int, stop: int) -> str:
        """Kind of a furniture block without a header, from its lines' cues."""
        counts: dict[str, int] = {}
        for line in self.lines[first:stop]:
            for cue in line.cues:
                counts[cue] = counts.get(cue, 0) + 1
            if line.kind:
                counts[line.kind] = counts.get(line.kind, 0) + 2
        if counts.get("job"):
            return "job-ad"
        if counts.get("people"):
            return "people-news"
        if counts.get("date") or counts.get("time") or counts.get("price"):
            return "event-listing"
        best = max(counts, key=counts.__getitem__, default="")
        return best if best in SECTION_KINDS or best in ("share", "credit", "byline") else "furniture"

    def mark(self) -> tuple[int, int]:
        """Runs the pass: sets `reason` per line; returns the article's line range [first, end)."""
        first = self.top()
        end = self.article(first) if first < len(self.lines) else first
        if end == len(self.lines):
            self.trailing_headlines(first, end)
        self.tail(end)
        return first, end

    def run(self) -> tuple[tuple[int, int], list[Dropped]]:
        if not self.lines:
            return (0, 0), []
        first, end = self.mark()
        kept = [k for k in range(first, end) if self.reason[k] is None]
        body = (self.lines[kept[0]].start, self.lines[kept[-1]].end) if kept else (0, 0)
        dropped: list[Dropped] = []
        k = 0
        while k < len(self.lines):
            if self.reason[k] is None:
                k += 1
                continue
            last = k
            while last + 1 < len(self.lines) and self.block[last + 1] == self.block[k]:
                last += 1
            start, stop = self.lines[k].start, self.lines[last].end
            dropped.append(Dropped(start, stop, self.reason[k] or "furniture", self.text[start:stop]))
            k = last + 1
        return body, dropped


def find_furniture(text: str) -> tuple[tuple[int, int], list[Dropped]]:
    """The article's span in `text` and the furniture blocks around and inside it."""
    return _Cleaner(text).run()


@dataclass(slots=True)
class RuleView:
    """What the rules say about each non-empty line of a text: the detector's view of the rule cleaner."""

    lines: list[_Line]
    reasons: list[str | None]  # furniture kind per line, None = article
    first: int  # the rules' article runs over lines [first, end)
    end: int


def rule_view(text: str) -> RuleView:
    """Lines of `text` with the rule cleaner's verdict on each."""
    cleaner = _Cleaner(text)
    if not cleaner.lines:
        return RuleView([], [], 0, 0)
    first, end = cleaner.mark()
    return RuleView(cleaner.lines, cleaner.reason, first, end)
