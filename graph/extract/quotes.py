"""Direct and reported quotes with their speaker, in Danish and English.

Direct quotes: text in quotation marks (“…”, "…", «…», „…“, ”…”) or a Danish dash quote ("- Det er alvorligt,
siger X."), attributed by a speech cue next to it: ', siger X' / ', said X' / ', X said' / 'X sagde: "…"'.
Reported quotes: 'X siger, at …' / 'X said (that) …' / 'X told Reuters that …' / '…, siger X.' / 'Ifølge X …' /
'According to X, …' / '…, according to X.'.

The speaker is the linked mention next to the cue; a pronoun ("han", "hun", "he", "she") is the last person named
before the quote; a role noun ("ministeren", "the minister") is the person holding that role in the article
(from the roles component). Cue words are in lexicons/quotes_{da,en}.tsv.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from graph.extract.lexicons import read_table
from graph.extract.pipeline import component
from graph.model import Doc, Mention, Quote

SPEAKER_TYPES = {"Person", "Organization", "Company", "Country"}
PRONOUNS = {"han", "hun", "he", "she"}
MIN_WORDS = 3


def _cues(lang: str) -> tuple[list[str], list[str]]:
    rows = read_table(f"quotes_{lang}.tsv")
    return [r[0] for r in rows if r[1] == "verb"], [r[0] for r in rows if r[1] == "according"]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# Danish words ending in -e that can open a clause after "at" (so "at" there is "that", not an infinitive marker).
CLAUSE_OPENERS_E = {"de", "disse", "alle", "mange", "flere", "nogle", "ingen", "hele", "begge", "denne", "samme",
                    "danske", "store", "nye", "andre", "første"}


def _infinitive(text: str, at: int) -> bool:
    """True when the word at offset looks like a Danish infinitive ("at sætte", "at komme")."""
    m = re.match(r"[a-zæøå]+", text[at : at + 30])
    return m is not None and m.group().endswith("e") and m.group() not in CLAUSE_OPENERS_E


class _LangPatterns:
    def __init__(self, lang: str) -> None:
        verbs, according = _cues(lang)
        v, acc = _alt(verbs), _alt(according)
        to = r"(?:\s+(?:til|to|over\s+for)\s+[\w.-]+(?:\s+[\w.-]+)?)?"
        self.verb = re.compile(rf"(?<!\w)(?:{v})(?!\w)", re.I)
        # after a quote or reported clause: ", siger X" / ", said X" -> the speaker follows the cue
        self.cue_then_speaker = re.compile(rf"^\s*[,.]?[\"”»“]?\s*(?:{v}){to}\s+(?:(?:the|den|det)\s+)?", re.I)
        # ", X said" -> the speaker comes first; group 'gap' is what lies between speaker and cue
        self.speaker_then_cue = re.compile(rf"^(?P<gap>[^.!?\"”»“]{{0,60}}?)\s(?:{v})(?!\w)", re.I)
        # "X sagde: " / "X said, " before an opening quote mark or a reported clause
        self.cue_before_quote = re.compile(rf"(?:{v}){to}(?:\s+[\w.-]+){{0,3}}?\s*[:,]\s*$", re.I)
        # reported: "X siger, at ..." / "X said (on Tuesday) that ..." / "X told Reuters the ..."
        that = "at" if lang == "da" else "that"
        self.reported_after_cue = re.compile(rf"\s*(?:{v})(?:\s+[\w.-]+){{0,6}}?\s*,?\s+{that}\s+", re.I)
        # English also reports without "that": "X said the charges were baseless"
        bare = _alt(["said", "says", "told", "tells", "added", "claimed", "insisted", "argued", "warned", "stressed"])
        self.reported_bare = re.compile(rf"\s*(?:{bare}){to}\s*,?\s+(?=[a-z])", re.I) if lang == "en" else None
        self.according = re.compile(rf"(?<!\w)(?:{acc})\s+", re.I)
        self.lang = lang


QUOTE_MARKS = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"|«([^«»\n]+)»|„([^„“”\n]+)[“”]|”([^”\n]+)”")
DASH_QUOTE = re.compile(r"(?m)^[ \t]*[–—-][ \t]+(?P<body>[^\n]+)")


class QuoteExtractor:
    def __init__(self) -> None:
        # Cue words are read once, when the component is built.
        self.patterns = {lang: _LangPatterns(lang) for lang in ("da", "en")}

    def __call__(self, doc: Doc) -> Doc:
        doc.quotes = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[Quote]:
        return _QuoteFinder(doc, self.patterns).find()


class _QuoteFinder:
    """The quotes of one document (holds that document's speaker mentions, sorted for lookups)."""

    def __init__(self, doc: Doc, patterns: dict[str, _LangPatterns]) -> None:
        self.doc = doc
        self._patterns = patterns
        self._mentions = sorted((m for m in doc.mentions if m.entity_id and self._type(doc, m) in SPEAKER_TYPES),
                                key=lambda m: m.start)
        self._starts = [m.start for m in self._mentions]

    def find(self) -> list[Quote]:
        doc = self.doc
        lang = doc.lang if doc.lang in self._patterns else "en"
        pat = self._patterns[lang]
        quotes: list[Quote] = []
        taken: list[tuple[int, int]] = []
        lo, hi = doc.body if doc.body else (0, len(doc.text))

        for m in QUOTE_MARKS.finditer(doc.text, lo, hi):
            g = next(i for i in range(1, 6) if m.group(i) is not None)
            q_start, q_end = m.start(g), m.end(g)
            if len(m.group(g).split()) < MIN_WORDS or not doc.in_body(q_start, q_end):
                continue
            found = self._direct_speaker(doc, pat, m.start(), m.end())
            if found is None:
                continue
            speaker, cue, confidence = found
            quotes.append(self._quote(doc, q_start, q_end, speaker, "direct", cue, confidence))
            taken.append((m.start(), m.end()))

        if lang == "da":
            for m in DASH_QUOTE.finditer(doc.text, lo, hi):
                if any(a <= m.start("body") < b for a, b in taken):
                    continue
                line_start, line_end = m.start("body"), m.end("body")
                cue = None
                for c in pat.verb.finditer(doc.text, line_start, line_end):
                    if doc.text[line_start:c.start()].rstrip().endswith(","):
                        cue = c
                if cue is None:
                    continue
                q_end = doc.text.rindex(",", line_start, cue.start())
                if len(doc.text[line_start:q_end].split()) < MIN_WORDS or not doc.in_body(line_start, q_end):
                    continue
                found = self._direct_speaker(doc, pat, line_start, q_end)
                if found is None:
                    continue
                speaker, cue_text, confidence = found
                quotes.append(self._quote(doc, line_start, q_end, speaker, "direct", cue_text, confidence))
                taken.append((line_start, line_end))

        for s in doc.sentences:
            if not doc.in_body(s.start, s.end) or any(a < s.end and s.start < b for a, b in taken):
                continue
            found = self._reported(doc, pat, s.start, s.end)
            if found is not None:
                q_start, q_end, speaker, cue, confidence = found
                quotes.append(self._quote(doc, q_start, q_end, speaker, "reported", cue, confidence))
        quotes.sort(key=lambda q: q.start)
        return quotes

    # -- speakers ---------------------------------------------------------------------------------------------

    @staticmethod
    def _type(doc: Doc, m: Mention) -> str:
        ent = doc.entities.get(m.entity_id or "")
        return ent.type if ent else m.type

    def _speaker_at(self, offset: int) -> tuple[str | None, float] | None:
        """The speaker named at offset: a role phrase's holder ("NATO's generalsekretær Mark Rutte" -> Rutte), or
        the mention starting there."""
        for role in self.doc.roles:
            starting = self._mention_starting(offset)
            if role.start == offset or (
                role.start <= offset < role.end and starting is not None and starting.entity_id == role.org
            ):
                return role.person, 0.9
        m = self._mention_starting(offset)
        if m is not None and m.start == offset:
            return m.entity_id, 0.9
        return None

    def _speaker_near(self, start: int, end: int) -> str | None:
        """A person (or role holder) named within a few words after start, in the same stretch of the sentence."""
        for role in self.doc.roles:
            if start <= role.start < end and self._short_gap(start, role.start):
                return role.person
        m = self._mention_starting(start, slack=end - start)
        if m is not None and self._type(self.doc, m) == "Person" and self._short_gap(start, m.start):
            return m.entity_id
        return None

    def _short_gap(self, start: int, end: int) -> bool:
        gap = self.doc.text[start:end]
        return len(gap.split()) <= 5 and not any(c in gap for c in ".!?\"“”«»:;")

    def _speaker_ending(self, offset: int) -> tuple[str | None, float] | None:
        """The speaker named just before offset: a role phrase ending there gives its holder, else the mention."""
        for role in self.doc.roles:
            if role.end == offset:
                return role.person, 0.85
        m = self._mention_ending(offset)
        return (m.entity_id, 0.85) if m is not None else None

    def _mention_starting(self, offset: int, slack: int = 0) -> Mention | None:
        i = bisect_left(self._starts, offset)
        if i < len(self._mentions) and self._mentions[i].start <= offset + slack:
            return self._mentions[i]
        return None

    def _mention_ending(self, offset: int) -> Mention | None:
        for m in reversed(self._mentions[: bisect_left(self._starts, offset)]):
            if m.end == offset:
                return m
            if m.end < offset - 80:
                break
        return None

    def _last_person_before(self, doc: Doc, offset: int) -> Mention | None:
        for m in reversed(self._mentions[: bisect_left(self._starts, offset)]):
            if self._type(doc, m) == "Person" and m.end <= offset:
                return m
        return None

    def _role_holder(self, doc: Doc, noun: str) -> str | None:
        noun = noun.lower()
        for role in doc.roles:
            base = noun[:-2] if noun.endswith("en") and len(noun) > 5 else noun  # "ministeren" -> "minister"
            if len(base) > 3 and role.role.endswith(base):
                return role.person
        return None

    def _resolve_word(self, doc: Doc, word: str, before: int) -> tuple[str | None, float]:
        """A pronoun or role noun used as speaker -> an entity id and a confidence, or (None, 0)."""
        low = word.lower()
        if low in PRONOUNS:
            person = self._last_person_before(doc, before)
            return (person.entity_id, 0.7) if person else (None, 0.0)
        holder = self._role_holder(doc, low)
        return (holder, 0.65) if holder else (None, 0.0)

    def _direct_speaker(self, doc: Doc, pat: _LangPatterns, q_open: int, q_close: int):
        """(speaker id, cue, confidence) for a quote spanning q_open..q_close, or None when no cue is found."""
        sent_i = doc.sentence_at(max(q_close - 1, q_open))
        sent_end = doc.sentences[sent_i].end if sent_i is not None else len(doc.text)
        after = doc.text[q_close:min(len(doc.text), q_close + 120)]
        m = pat.cue_then_speaker.match(after)
        if m:
            at = q_close + m.end()
            found = self._speaker_at(at)
            if found is not None:
                return found[0], self._cue(pat, after), found[1]
            word = re.match(r"\w+", doc.text[at:at + 30])
            if word:
                eid, conf = self._resolve_word(doc, word.group(), q_open)
                if eid:
                    return eid, self._cue(pat, after), conf
            # "siger rederiets administrerende direktør, Lars Brinch Mogensen": the speaker a few words on
            near = self._speaker_near(at, min(sent_end, at + 80))
            if near is not None:
                return near, self._cue(pat, after), 0.8
        m = pat.speaker_then_cue.match(after)
        if m and q_close + m.end() <= max(sent_end, q_close + 1) + 1:
            gap = m.group("gap")
            found = self._speaker_ending(q_close + len(gap.rstrip(" ,")))
            if found is None:  # '"…," Karen Holm Lindqvist, Vestkyst Vind's chief executive, told …'
                lead = re.match(r"^\s*[,.]?[\"”»“]?\s*", gap)
                assert lead is not None  # every part of the pattern is optional
                first = self._mention_starting(q_close + lead.end())
                if (
                    first is not None
                    and first.start == q_close + lead.end()
                    and self._type(self.doc, first) == "Person"
                    and gap[first.end - q_close :].lstrip().startswith(",")
                ):
                    found = first.entity_id, 0.8
            if found is not None:
                return found[0], self._cue(pat, after), found[1]
            word = re.search(r"(\w+)\s*$", gap)
            if word:
                eid, conf = self._resolve_word(doc, word.group(1), q_open)
                if eid:
                    return eid, self._cue(pat, after), conf
        # "X sagde: “...”" - the cue and speaker stand before the opening mark, in the same sentence
        q_sentence = doc.sentence_at(q_open)
        sent_start = doc.sentences[q_sentence].start if q_sentence is not None else 0
        before = doc.text[sent_start:q_open]
        m = pat.cue_before_quote.search(before)
        if m:
            cue_at = sent_start + m.start()
            head = doc.text[sent_start:cue_at].rstrip()
            found = self._speaker_ending(sent_start + len(head))
            if found is not None:
                return found[0], m.group().strip(" :,"), found[1]
            word = re.search(r"(\w+)$", head)
            if word:
                eid, conf = self._resolve_word(doc, word.group(1), q_open)
                if eid:
                    return eid, m.group().strip(" :,"), conf
        return None

    @staticmethod
    def _cue(pat: _LangPatterns, text: str) -> str:
        m = pat.verb.search(text)
        return m.group().lower() if m else ""

    def _reported(self, doc: Doc, pat: _LangPatterns, start: int, end: int):
        """(start, end, speaker, cue, confidence) of a reported quote in sentence start..end, or None."""
        text = doc.text
        tail = end
        while tail > start and text[tail - 1] in " .!?\n\"”»":
            tail -= 1
        # "Ifølge X, ..." / "According to X, ..." / "..., ifølge X."
        for m in pat.according.finditer(text, start, end):
            speaker = self._mention_starting(m.end())
            if speaker is None or speaker.start != m.end():
                continue
            cue = m.group().strip().lower()
            if m.start() == start or not text[start:m.start()].strip():
                q_start = speaker.end
                genitive = speaker.text.endswith(("'s", "’s")) or text[q_start:q_start + 2] in ("'s", "’s", "s ")
                owned = re.match(r"(?:'s|’s|s)?\s+\w+", text[q_start:q_start + 40]) if genitive else None
                if owned:  # "Ifølge EU's sanktionsregler må ...": the source is the rules, skip them
                    q_start += owned.end()
                while q_start < tail and text[q_start] in " ,":
                    q_start += 1
                if len(text[q_start:tail].split()) >= MIN_WORDS:
                    return q_start, tail, speaker.entity_id, cue, 0.8
            elif speaker.end >= tail - 1 and text[start:m.start()].rstrip().endswith(","):
                q_end = text.rindex(",", start, m.start())
                if len(text[start:q_end].split()) >= MIN_WORDS:
                    return start, q_end, speaker.entity_id, cue, 0.8
        for m in pat.verb.finditer(text, start, end):
            cue = m.group().lower()
            head = text[start:m.start()]
            # "..., siger X." / "..., said X." / "..., X said."
            if head.rstrip().endswith(",") and len(head.split()) > MIN_WORDS:
                q_end = start + len(head.rstrip()) - 1
                speaker = self._mention_starting(m.end() + 1, slack=5)
                if speaker is not None and not text[m.end():speaker.start].strip(" ").split()[1:] \
                        and len(text[speaker.end:tail].split()) <= 4 and ":" not in text[speaker.end:tail]:
                    return start, q_end, speaker.entity_id, cue, 0.75
            # "..., the IDF said." / "..., Huawei said in a statement." - the attribution ends the sentence
            comma = head.rfind(",")
            ends_sentence = len(text[m.end():tail].split()) <= 4 and ":" not in text[m.end():tail]
            if (
                comma > 0
                and ends_sentence
                and len(head[:comma].split()) >= MIN_WORDS
                and len(head[comma:].split()) <= 5
            ):
                found = self._speaker_ending(start + len(head.rstrip()))
                if found is not None and pat.reported_after_cue.match(text, m.start(), end) is None:
                    return start, start + comma, found[0], cue, 0.75
            # "X siger, at ..." / "X said that ..." / "Han sagde, at ..."
            rest = pat.reported_after_cue.match(text, m.start(), end)
            if rest is None and pat.reported_bare is not None:
                rest = pat.reported_bare.match(text, m.start(), end)
            if rest is None:
                continue
            before = head.rstrip()
            found = self._speaker_ending(start + len(before))
            eid, conf = found if found else (None, 0.0)
            if eid is None:
                word = re.search(r"(\w+)$", before)
                if word and len(before.split()) <= 3:
                    eid, conf = self._resolve_word(doc, word.group(1), start)
            if eid is None:
                continue
            q_start = rest.end()
            if pat.lang == "da" and _infinitive(text, q_start):
                continue  # "lover at sætte ...": "at" marks an infinitive here, not reported speech
            if len(text[q_start:tail].split()) >= MIN_WORDS:
                return q_start, tail, eid, cue, conf
        return None

    def _quote(self, doc: Doc, start: int, end: int, speaker: str | None, kind: str, cue: str,
               confidence: float) -> Quote:
        while end > start and doc.text[end - 1] in " ,;:":
            end -= 1
        return Quote(
            id=f"quote-{start}-{end}",
            start=start,
            end=end,
            text=doc.text[start:end],
            speaker=speaker,
            kind=kind,
            cue=cue,
            sentence=doc.sentence_at(start),
            confidence=confidence,
        )


@component("quotes", requires=["sentences", "mentions", "entities"], assigns=["quotes"])
def make_quotes() -> QuoteExtractor:
    """Direct and reported quotes attributed to the speaker's entity."""
    return QuoteExtractor()
