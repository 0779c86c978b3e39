"""Typed events found from trigger words and sentence structure, in Danish and English.

For each sentence, trigger words from `lexicons/events_{da,en}.tsv` mark an event of a type from the typology in
ontology/event-typology.md. Participants, place and time are joined only from the clause around the trigger (time
may also come from elsewhere in the same sentence): the sentence is cut at ";", ":", dashes and at commas followed by
a conjunction or relative pronoun (", men", ", but", ", der", ", who" ...). Roles come from voice and prepositions:

- before an active verb -> agent, before a passive one ("blev anholdt", "was arrested", "anholdes") -> patient;
- after an active verb -> patient; "af"/"by" after a passive verb -> agent; "af"/"of" after a noun -> patient
  ("anholdelsen af X", "the arrest of X"); "mod"/"against"/"on" -> patient;
- "med"/"with" -> patient for two-sided events (meetings, agreements, trade disputes), other otherwise;
- "og"/"and" right after a participant -> the same role ("X og Y mødtes");
- a Place, or a Country after a locative preposition ("i", "in", "på", "at"), is the event's place.

The event id is a hash of what identifies the real-world event (see `event_id`), so two articles reporting the
same event, in any language, give it the same id without any global lookup.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from graph.extract.lexicons import read_table
from graph.extract.pipeline import component
from graph.extract.text import Lexicon, LexiconHit, SentenceWords
from graph.extract.timex import Timex, anchor_date, find_timexes, week_of
from graph.model import Doc, Event, Mention, Participant, linked_id

EXTRACTOR_VERSION = "events/1"

# The typology (codes and English labels); ontology/event-typology.md documents each and event-types.ttl holds the
# SKOS concepts.
EVENT_TYPES: dict[str, str] = {
    "arrest": "Arrest or detention",
    "sanction": "Ban, exclusion or sanction",
    "trade-dispute": "Trade dispute",
    "meeting": "Meeting or summit",
    "statement": "Statement or accusation",
    "appointment": "Appointment, hiring or resignation",
    "acquisition": "Acquisition, merger or investment",
    "lawsuit": "Lawsuit or court ruling",
    "election": "Election",
    "attack": "Attack or armed conflict",
    "agreement": "Agreement or deal",
    "investigation": "Investigation or suspicion",
    "protest": "Protest",
}
ROLES = ("agent", "patient", "other")

# Which participants identify the real-world event (see event_id): for events that happen *to* someone the patient
# is what stays the same across reports (police, courts and employers are named inconsistently); two-sided events are
# identified by both sides; elections and protests by where they happen.
PATIENT_KEYED = {"arrest", "sanction", "appointment", "lawsuit", "investigation", "acquisition"}
PLACE_KEYED = {"election", "protest"}
TWO_SIDED = {"meeting", "agreement", "trade-dispute"}
# A genitive before a noun trigger: "Mengs anholdelse" / "Meng's arrest" names the patient for these types,
# the agent for the others ("Microsoft's acquisition of X").
GENITIVE_PATIENT = PATIENT_KEYED | {"election"}

PARTICIPANT_TYPES = {"Person", "Organization", "Company", "Country"}
KEY_TIERS = ("person-", "org-", "country-")



# ---------------------------------------------------------------------------------------------------------------
# Lexicons: word lists we write, matched by dict lookups (exact words, stems, compound heads, phrases).


def _event_lexicon(lang: str) -> Lexicon:
    entries = []
    for row in read_table(f"events_{lang}.tsv"):
        etype = row[1]
        if etype not in EVENT_TYPES:
            raise ValueError(f"events_{lang}.tsv: unknown event type {etype!r} for {row[0]!r}")
        entries.append((row[0], (etype, row[2] if len(row) > 2 and row[2] else None)))
    return Lexicon(entries)


LANGS = ("da", "en")


@dataclass(frozen=True)
class ContextCues:
    """Words around a trigger that change what it reports (lexicons/events_context.tsv), per cue kind and type."""

    words: dict[tuple[str, str], frozenset[str]]

    def has(self, kind: str, event_type: str, word: str) -> bool:
        """True when `word` is a cue of this kind for the type: listed, or starting with a listed stem ("pris*")."""
        cues = self.words.get((kind, event_type))
        if not cues:
            return False
        return word in cues or any(c.endswith("*") and word.startswith(c[:-1]) and len(word) > len(c) - 1
                                   for c in cues)


@cache
def context_cues() -> ContextCues:
    """The context cues, read once when a component first asks."""
    words: dict[tuple[str, str], set[str]] = {}
    for row in read_table("events_context.tsv"):
        kind, etype, *cues = row
        if etype not in EVENT_TYPES:
            raise ValueError(f"events_context.tsv: unknown event type {etype!r} for cue kind {kind!r}")
        words.setdefault((kind, etype), set()).update(c.lower() for c in cues if c)
    return ContextCues({k: frozenset(v) for k, v in words.items()})


@cache
def trigger_words(lang: str) -> Lexicon:
    """The event trigger words of a language (read once, when a component first asks)."""
    return _event_lexicon(lang)


@cache
def role_words(lang: str) -> Lexicon:
    """Role words (lexicons/roles_*.tsv), shared with the roles component: a name right before one
    ("Huawei-topchef", "Huawei executive") describes an unnamed person, it is not a participant itself."""
    return Lexicon((row[0], row[0].lstrip("*")) for row in read_table(f"roles_{lang}.tsv"))


ROLE_ADJECTIVES = {
    "tidligere",
    "nye",
    "ny",
    "nuværende",
    "afgåede",
    "daværende",
    "former",
    "new",
    "current",
    "outgoing",
    "then",
}
ROLE_OF = {"of", "at", "i", "hos", "ved", "for"}
ROLE_MODIFIER_GAP = re.compile(r"(?:'s|’s|s)?[\s-]")
# Words that block a trigger when they stand just before it ("blev ikke anholdt", "was not arrested").
NEGATIONS = {"ikke", "aldrig", "ingen", "not", "never", "no", "n't"}
# Trigger words that mean something else before these words ("agreed to buy" is not an agreement, "mødte op i
# retten" is not a meeting).
NOT_BEFORE = {"agreed": {"to"}, "mødte": {"op", "frem"}, "møder": {"op", "frem"}, "møde": {"op", "frem"},
              "aftalte": {"at"}}
# Natural hazards "strike" and "hit" too ("a quake struck Aceh"); they are not attacks.
HAZARDS = {"quake", "earthquake", "tsunami", "storm", "hurricane", "typhoon", "cyclone", "tornado", "lightning",
           "flood", "floods", "fire", "wildfire", "jordskælv", "jordskælvet", "stormen", "orkan", "orkanen",
           "oversvømmelse", "branden", "lynet", "magnitude"}
# Where a source is named ("ifølge Reuters", "according to Reuters"): the source is not a participant.
SOURCE_MARKERS = {"ifølge", "according"}
# A noun trigger after one of these ("since his arrest", "om anholdelsen af X", "efter angrebet") refers to the event
# from inside another clause: the names before it belong to that clause's verb, not to the event.
REFERRING_PREPS = {"since", "after", "about", "over", "following", "before", "despite", "siden", "efter", "om", "før",
                   "trods", "på"}
POSSESSIVES = {"his", "her", "its", "their", "hans", "hendes", "dens", "dets", "deres", "sin", "sit", "sine"}

# ---------------------------------------------------------------------------------------------------------------
# Sentence structure: clauses, voice, prepositions.

def _speech_verbs(lang: str) -> str:
    return "|".join(row[0] for row in read_table(f"quotes_{lang}.tsv") if row[1] == "verb")


RELATIVE_START = re.compile(r"\s*,?\s*(?:der|som|hvor|who|which|that)\b", re.I)
PASSIVE_AUX = {
    "da": {"blev", "bliver", "blive", "er", "var", "været", "blevet", "vil", "skal", "kan"},
    "en": {"was", "were", "been", "being", "is", "are", "be", "get", "got", "gets"},
}
# Danish verbs ending in -s that are active in meaning ("de mødtes": they met).
DEPONENTS = {"mødes", "mødtes", "enes", "enedes", "slås", "sloges", "findes", "fandtes", "synes", "syntes",
             "samles", "samledes", "ses", "sås", "skændes", "skændtes", "følges", "fulgtes"}
DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "den", "det", "de", "en", "et", "sin", "sit", "sine"}
BY = {"da": {"af"}, "en": {"by"}}
OF = {"da": {"af", "på"}, "en": {"of", "into"}}
AGAINST = {"mod", "imod", "against", "on", "over", "overfor", "toward", "towards"}
WITH = {"med", "with"}
BETWEEN = {"mellem", "between"}
AND = {"og", "and", "&"}
PARTICIPLE_TYPES = {"arrest", "sanction", "lawsuit", "investigation", "appointment"}
# Words that follow a participle but not a transitive verb with its object ("arrested in", "anholdt i").
PARTICIPLE_FOLLOWERS = {"i", "in", "på", "on", "at", "by", "af", "for", "after", "efter", "over", "during", "under",
                        "yesterday", "today", "i går", "tirsdag", "mandag", "onsdag", "torsdag", "fredag", "lørdag",
                        "søndag", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
PLACE_PREPS = {"i", "in", "på", "at", "ved", "near", "inside", "outside"}
LOCATIVE = PLACE_PREPS | {"fra", "from", "til", "to", "across"}
NOUN_ENDINGS = {
    "da": ("else", "elsen", "elser", "ing", "ingen", "inger", "ion", "ionen", "tion", "met", "et", "en"),
    "en": ("ion", "ions", "ment", "ments", "al", "ure", "ship", "ings"),
}


@cache
def _clause_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(clause break, speech complement) patterns of a language, built from its speech verbs when first used.

    Clause boundaries: ";", ":", a dash, and a comma before a conjunction, a relative pronoun or an attribution
    (", siger X" / ", the IDF said"), so an attributed speaker is not taken for a participant. The clause a speech
    verb introduces ("confirmed that X had been detained", "siger, at X blev anholdt") is its own: the speaker is
    not a participant of what is reported."""
    verbs = _speech_verbs(lang)
    if lang == "da":
        brk = (r";|:\s|\s[–—-]\s|,\s+(?=(?:men|mens|og|der|som|hvor|hvis|hvilket|fordi|selvom|efter\s+at|da"
               rf"|når|så|{verbs})\b)")
    else:
        brk = (r";|:\s|\s[–—-]\s|,\s+(?=(?:but|while|and|who|whom|whose|which|where|because|although|after|when"
               rf"|as|so|(?:[\w'’.-]+\s+){{0,6}}(?:{verbs}))\b)")
    that = "at" if lang == "da" else "that"
    complement = re.compile(rf"\b(?:{verbs})\b(?:\s+[\w'’.-]+){{0,6}}?\s*,?\s+{that}\s+", re.I)
    return re.compile(brk, re.I), complement


def clauses(text: str, lang: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of text[start:end]."""
    spans = []
    pos = start
    brk, complement = _clause_patterns(lang if lang in LANGS else "en")
    breaks = [(m.start(), m.end()) for m in brk.finditer(text, start, end)]
    breaks += [(m.end(), m.end()) for m in complement.finditer(text, start, end)]
    for b_start, b_end in sorted(breaks):
        if b_start < pos:
            continue
        if b_start > pos:
            spans.append((pos, b_start))
        pos = b_end
    if pos < end:
        spans.append((pos, end))
    return spans or [(start, end)]


def _is_passive(lang: str, sent: SentenceWords, i: int, n: int) -> bool:
    word = sent.words[i + n - 1]
    if lang == "da" and len(word) > 4 and word.endswith("es") and word not in DEPONENTS:
        return True  # s-passive: "anholdes", "dømmes"
    aux = PASSIVE_AUX.get(lang, PASSIVE_AUX["en"])
    for j in range(max(0, i - 3), i):
        if sent.words[j] in aux:
            if lang == "en":
                return word.endswith("ed") or word in {"held", "taken", "shot", "bought", "sold", "met", "won"}
            return word.endswith(("t", "et"))
    return False


def _is_noun(lang: str, sent: SentenceWords, i: int, pos: str | None) -> bool:
    if pos:
        return pos == "n"
    word = sent.words[i]
    if i > 0 and sent.words[i - 1] in DETERMINERS:
        return True
    return word.endswith(NOUN_ENDINGS.get(lang, ()))


def _in_context(doc: Doc, sent: SentenceWords, spans: list[tuple[int, int]],
                triggers: list[tuple[int, int, LexiconHit]], mentions: list[Mention]
                ) -> list[tuple[int, int, LexiconHit]]:
    """The triggers that report a new event of their type, read against the context cues (events_context.tsv):
    not one the sentence reports undone (a release, an acquittal), not a state reported again ("held since June"),
    not a figurative one ("a price war", "a war for talent"), not a deal "struck"."""
    cues = context_cues()
    words = sent.words
    places = [m for m in mentions if m.type in ("Place", "Country")]

    def clause_of(ti: int) -> tuple[int, int]:
        start = sent.starts[ti]
        return next(((a, b) for a, b in spans if a <= start < b), spans[0])

    def words_in(span: tuple[int, int]) -> range:
        return range(sent.index_from(span[0]), sent.index_before(span[1]) + 1)

    def place_at(k: int) -> bool:
        return k < len(words) and any(m.start <= sent.starts[k] < m.end for m in places)

    def figurative(ti: int, n: int, hit: LexiconHit) -> bool:
        etype = hit.value[0]
        before = words[ti - 1] if ti > 0 else ""
        after = ti + n
        if cues.has("figurative_before", etype, before) or (hit.kind == "head" and cues.has(
                "figurative_before", etype, words[ti])):
            return True
        return after < len(words) and cues.has("figurative_after", etype, words[after]) and not any(
            place_at(k) for k in range(after + 1, min(after + 3, len(words))))

    def state(ti: int, n: int, etype: str) -> bool:
        """A duration right after the trigger (within four words): "held for four weeks", "detained since June"."""
        end = min(ti + n + 4, len(words))
        for k in range(ti + n, end):
            if cues.has("since", etype, words[k]):
                return True
            if cues.has("for", etype, words[k]) and any(
                cues.has("unit", etype, words[u]) and (words[u - 1].isdigit() or cues.has("count", etype, words[u - 1]))
                for u in range(k + 2, min(k + 5, len(words)))
            ):
                return True
        return False

    undone_types = {h.value[0] for _, _, h in triggers if any(cues.has("undone", h.value[0], w) for w in words)}
    figurative_clauses = {(h.value[0], clause_of(ti)) for ti, n, h in triggers if figurative(ti, n, h)}
    kept = []
    for ti, n, hit in triggers:
        etype = hit.value[0]
        clause = clause_of(ti)
        if etype in undone_types or (etype, clause) in figurative_clauses or state(ti, n, etype):
            continue
        if cues.has("deal_verb", etype, words[ti]) and any(cues.has("deal", etype, words[k]) for k in words_in(clause)):
            continue
        kept.append((ti, n, hit))
    return kept


DEFINITE = {"the", "this", "that", "these", "those", "denne", "dette", "disse"}
DEFINITE_ENDINGS = ("en", "et", "ene", "elsen", "ingen")


def _definite_noun(lang: str, sent: SentenceWords, ti: int, n: int, hit: LexiconHit) -> bool:
    """A noun trigger naming an event as known: "the arrest", "his arrest", "anholdelsen", "angrebet"."""
    if hit.value[1] == "v":
        return False
    before = sent.words[ti - 1] if ti > 0 else ""
    if before in DEFINITE or before in POSSESSIVES:
        return True
    return lang == "da" and hit.value[1] == "n" and sent.words[ti + n - 1].endswith(DEFINITE_ENDINGS)


def _referred_to(sent: SentenceWords, ti: int) -> bool:
    """A noun trigger after a preposition, past a determiner or possessive: "since his arrest", "om anholdelsen"."""
    j = ti - 1
    while j >= 0 and (sent.words[j] in DETERMINERS or sent.words[j] in POSSESSIVES):
        j -= 1
    return j >= 0 and sent.words[j] in REFERRING_PREPS


def _negated(sent: SentenceWords, i: int) -> bool:
    return any(w in NEGATIONS for w in sent.words[max(0, i - 2) : i])


def _word_before(sent: SentenceWords, offset: int, floor: int) -> str | None:
    """The word just before offset (skipping determiners), if it lies at or after floor."""
    j = sent.index_before(offset)
    while j >= 0 and sent.words[j] in DETERMINERS and sent.starts[j] >= floor:
        j -= 1
    if j < 0 or sent.starts[j] < floor:
        return None
    return sent.words[j]


def _compound(text: str, m: Mention, trigger_start: int) -> bool:
    """A name right before a noun trigger modifies it: "the ATI acquisition", "Huawei-sagen"."""
    return text[m.end:trigger_start] in (" ", "-")


def _genitive(text: str, m: Mention) -> bool:
    tail = text[m.end : m.end + 3]
    return tail.startswith(("'s ", "’s ", "' ", "s ")) or (m.text.endswith("s") and tail.startswith(" "))


# ---------------------------------------------------------------------------------------------------------------
# Event identity


def key_participants(event_type: str, participants: list[Participant], salience: dict[str, int] | None = None
                     ) -> list[str]:
    """Entity ids that identify the real-world event (see the typology document for why).

    People identify an event best, then organisations, then countries; the first tier with anyone in a key role
    gives the key. For events that happen to someone, only the patient counts, and when several are named only
    the one the article names most often (`salience`: mentions per entity id), so "Peterson convicted of
    murdering Laci" and "Peterson convicted" still agree.
    """
    if event_type in PATIENT_KEYED:
        # Not the agent when no patient is named: "AMD buys" two different companies in two reports would merge.
        roles_in_order: list[set[str]] = [{"patient"}]
    else:
        roles_in_order = [{"agent", "patient"}]
    for roles in roles_in_order:
        for prefix in KEY_TIERS:
            ids = sorted({p.entity_id for p in participants if p.role in roles and p.entity_id.startswith(prefix)})
            if ids and event_type in PATIENT_KEYED and len(ids) > 1:
                counts = salience or {}
                ids = [min(ids, key=lambda i: (-counts.get(i, 0), i))]
            if ids:
                return ids
    return []


def place_key(participants: list[Participant], place: str | None) -> str | None:
    """What keys an election or protest: the country it happens in (the place, else a country taking part), else
    the place."""
    if place and place.startswith("country-"):
        return place
    countries = sorted(p.entity_id for p in participants if p.entity_id.startswith("country-"))
    return countries[0] if countries else place


def time_bucket(time: str | None, published: date | None) -> str:
    """The time part of an event key: the ISO week of the event (or of publication when the text gives no time)."""
    if time:
        return week_of(time) or time  # a month or year stays as it is
    if published is not None:
        year, week, _ = published.isocalendar()
        return f"{year}-W{week:02d}"
    return "undated"


def event_id(event_type: str, participants: list[Participant], place: str | None, bucket: str,
             local: str | None = None, salience: dict[str, int] | None = None) -> tuple[str, str]:
    """(id, key kind). Key: type + key participants + time bucket; place when no participant identifies it (and
    always for elections and protests: their country); a document-local key when neither is known, so it never
    merges."""
    keys = key_participants(event_type, participants, salience)
    where = place_key(participants, place) if event_type in PLACE_KEYED else None
    if where:
        key, kind = f"place={where}", "place"
    elif keys:
        key, kind = "participants=" + ",".join(keys), "participants"
    elif place:
        key, kind = f"place={place}", "place"
    else:
        key, kind = f"local={local}", "local"
    digest = hashlib.sha1(f"{event_type}|{key}|{bucket}".encode()).hexdigest()[:12]
    return f"event-{event_type}-{digest}", kind


# ---------------------------------------------------------------------------------------------------------------
# Extraction


def _mentions_by_sentence(doc: Doc) -> dict[int, list[Mention]]:
    by_sentence: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if not m.entity_id or not doc.in_body(m.start, m.end):
            continue
        si = m.sentence if m.sentence is not None else doc.sentence_at(m.start)
        if si is not None:
            by_sentence.setdefault(si, []).append(m)
    for ms in by_sentence.values():
        ms.sort(key=lambda m: m.start)
    return by_sentence


def _salience(doc: Doc) -> dict[str, int]:
    """Mentions per entity id in the article: how central each entity is to it."""
    counts: dict[str, int] = {}
    for m in doc.mentions:
        if m.entity_id:
            counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
    return counts


def _entity_type(doc: Doc, m: Mention) -> str:
    ent = doc.entities.get(m.entity_id or "")
    return ent.type if ent else m.type


def _label(doc: Doc, eid: str) -> str:
    ent = doc.entities.get(eid)
    return ent.label if ent else eid.split("-", 1)[-1].replace("-", " ")


@dataclass(frozen=True)
class _SentenceScope:
    """What every trigger of one sentence is read against."""

    doc: Doc
    lang: str
    index: int  # of the sentence in doc.sentences
    sent: SentenceWords
    mentions: list[Mention]
    timexes: list[Timex]
    published: date | None
    spans: list[tuple[int, int]]  # clause spans
    triggers: list[tuple[int, int, LexiconHit]]  # (first word, word count, hit)
    salience: dict[str, int]


class EventExtractor:
    def __init__(self, min_confidence: float = 0.0) -> None:
        self.min_confidence = min_confidence
        for lang in LANGS:  # read the word lists now, not in the middle of the first article
            trigger_words(lang), role_words(lang), _clause_patterns(lang)

    def __call__(self, doc: Doc) -> Doc:
        doc.events = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[Event]:
        lang = doc.lang if doc.lang in LANGS else "en"
        lexicon = trigger_words(lang)
        published = anchor_date(doc.article.published)
        by_sentence = _mentions_by_sentence(doc)
        salience = _salience(doc)
        # The non-person parts of a role phrase ("Huaweis" in "Huaweis finanschef Meng") describe the person,
        # they are not participants of their own.
        in_roles = [(r.start, r.end, r.person) for r in doc.roles]
        events: list[Event] = []
        references: set[int] = set()  # id() of the events named by a definite noun: "the arrest", "anholdelsen"
        for si, s in enumerate(doc.sentences):
            if not doc.in_body(s.start, s.end):
                continue
            sent = SentenceWords.of(doc.text, s.start, s.end)
            if not sent.words:
                continue
            mentions = [m for m in by_sentence.get(si, [])
                        if not any(a <= m.start and m.end <= b and m.entity_id != person for a, b, person in in_roles)]
            triggers = self._triggers(doc, lexicon, sent, mentions)
            if not triggers:
                continue
            spans = clauses(doc.text, lang, s.start, s.end)
            triggers = _in_context(doc, sent, spans, triggers, mentions)
            if not triggers:
                continue
            timexes = find_timexes(doc.text, lang, published, s.start, s.end)
            scope = _SentenceScope(doc, lang, si, sent, mentions, timexes, published, spans, triggers, salience)
            done: set[tuple[str, int]] = set()  # (type, clause): one event per type and clause
            for ti, n, hit in triggers:
                start = sent.starts[ti]
                ci = next((k for k, (a, b) in enumerate(spans) if a <= start < b), 0)
                if (hit.value[0], ci) in done:
                    continue
                event = self._event(scope, ti, n, hit, ci)
                if event is not None and event.confidence >= self.min_confidence:
                    done.add((event.type, ci))
                    events.append(event)
                    if _definite_noun(lang, sent, ti, n, hit):
                        references.add(id(event))
        return _merge_within_article(events, doc, references)

    @staticmethod
    def _modifies_role_word(doc: Doc, lang: str, sent: SentenceWords, m: Mention) -> bool:
        """True for 'Huawei executive' / 'Huawei-topchef' / 'Huaweis direktør': a name describing a role holder."""
        j = sent.index_before(m.end) + 1  # the mention may end inside a hyphenated word ("Huawei-topchef")
        if j < len(sent.words) and sent.starts[j] < m.end < sent.ends[j] and doc.text[m.end] == "-":
            return role_words(lang).match([sent.words[j].rsplit("-", 1)[1]], 0) is not None
        gap = ROLE_MODIFIER_GAP.match(doc.text, m.end)
        if gap is None:
            return False
        k = sent.index_from(gap.end())
        if k >= len(sent.words) or sent.starts[k] != gap.end():
            return False
        while k + 1 < len(sent.words) and sent.words[k] in ROLE_ADJECTIVES:
            k += 1  # "Havørn Shippings tidligere økonomidirektør"
        return role_words(lang).match(sent.words, k) is not None

    @staticmethod
    def _after_role_word(lang: str, sent: SentenceWords, m: Mention) -> bool:
        """True for the organisation in "chief financial officer of X", "direktør i X": it describes the person."""
        first = sent.index_before(m.start)
        lexicon = role_words(lang)
        # Up to four describing words between: "topchef i teleselskabet X", "executive of the Danish telecom maker X";
        # a role may itself have a complement: "head of sales for X" (the role word before an earlier "of").
        for j in range(first, max(0, first - 6), -1):
            if sent.words[j] not in ROLE_OF:
                continue
            for i in range(max(0, j - 3), j):
                hit = lexicon.match(sent.words, i)
                if hit is not None and i + hit.length == j:
                    return True
        return False

    @staticmethod
    def _headline_passive(lang: str, sent: SentenceWords, after: int, mentions: list[Mention], end: int, c_end: int
                          ) -> bool:
        """A verb with no object, followed by a preposition or nothing, reads as a participle: "Huawei executive
        arrested in Canada", "Topchef anholdt i Canada". In Danish an adverbial may stand between the verb and its
        object ("anholdt i går Meng"), so there no name may follow except after a locative preposition."""
        for m in mentions:
            if lang == "da" and end <= m.start < c_end:
                j = sent.index_before(m.start)
                if m.type != "Place" and not (j >= 0 and sent.words[j] in PLACE_PREPS):
                    return False
        if after >= len(sent.words) or sent.starts[after] >= c_end:
            return True
        return sent.words[after] in PARTICIPLE_FOLLOWERS

    @staticmethod
    def _triggers(doc: Doc, lexicon: Lexicon, sent: SentenceWords, mentions: list[Mention]
                  ) -> list[tuple[int, int, LexiconHit]]:
        """(first word, word count, lexicon hit) of every trigger in the sentence."""
        found = []
        i = 0
        while i < len(sent.words):
            hit = lexicon.match(sent.words, i)
            if hit is None:
                i += 1
                continue
            ti, n = i, hit.length
            i += n
            start, end = sent.starts[ti], sent.ends[ti + n - 1]
            if _negated(sent, ti) or not doc.in_body(start, end):
                continue
            if i < len(sent.words) and sent.words[i] in NOT_BEFORE.get(sent.words[i - 1], ()):
                continue
            if any(m.start < end and start < m.end for m in mentions):
                continue  # a trigger word inside a name ("Valgkommissionen") is not an event
            if hit.value[0] == "attack" and any(w in HAZARDS for w in sent.words[max(0, ti - 3):ti]):
                continue
            found.append((ti, n, hit))
        return found

    def _event(self, at: _SentenceScope, ti: int, n: int, hit: LexiconHit, ci: int) -> Event | None:
        """The event the trigger words at[ti:ti + n] name in clause ci, or None."""
        doc, lang, si, sent, mentions = at.doc, at.lang, at.index, at.sent, at.mentions
        timexes, published, spans, triggers, salience = at.timexes, at.published, at.spans, at.triggers, at.salience
        event_type, pos = hit.value
        start, end = sent.starts[ti], sent.ends[ti + n - 1]
        c_start, c_end = spans[ci]
        passive = _is_passive(lang, sent, ti, n)
        noun = not passive and _is_noun(lang, sent, ti, pos)
        if not passive and not noun and pos != "u":
            headline = not doc.sentences[si].text.rstrip().endswith((".", "!", "?", ":"))
            # In running English text only a past participle of a done-to event can stand without its auxiliary:
            # "the executive detained in China", "Meng, arrested in Vancouver,"
            participle = lang == "en" and event_type in PARTICIPLE_TYPES and sent.words[ti + n - 1].endswith("ed")
            if headline or participle:
                passive = self._headline_passive(lang, sent, ti + n, mentions, end, c_end)
        subject_is_patient = passive or pos == "u"  # "fratræder", "steps down": the subject is who changes post
        # Another trigger (of another type) between a mention and this one claims the mention:
        # in "Putin fordømte angrebet i Kursk", Putin belongs to "fordømte" and Kursk to "angrebet".
        others = [sent.starts[t] for t, _, h in triggers if t != ti and h.value[0] != event_type]

        def claimed(m: Mention) -> bool:
            lo, hi = (m.end, start) if m.end <= start else (end, m.start)
            return any(lo <= o < hi for o in others)

        in_clause = [m for m in mentions if c_start <= m.start and m.end <= c_end and not claimed(m)]
        if noun and _referred_to(sent, ti):
            in_clause = [m for m in in_clause if m.start >= end]
        participants: list[Participant] = []
        place: str | None = None
        before_roles: list[Mention] = []
        after_plain: list[int] = []
        previous: tuple[Mention, str] | None = None
        for m in in_clause:
            etype = _entity_type(doc, m)
            j = sent.index_before(m.start)
            if j >= 0 and (sent.words[j] in SOURCE_MARKERS or (j > 0 and sent.words[j - 1] in SOURCE_MARKERS)):
                continue  # "ifølge Reuters" names a source, not a participant
            prep = _word_before(sent, m.start, c_start)
            if etype == "Place" or (etype == "Country" and prep in PLACE_PREPS):
                if self._after_role_word(lang, sent, m):
                    continue  # "head of sales for Asia", "salgsdirektør for Asien": a job title, not where it happened
                if place is None:
                    place = m.entity_id
                continue
            if etype not in PARTICIPANT_TYPES:
                continue
            if self._modifies_role_word(doc, lang, sent, m) or self._after_role_word(lang, sent, m):
                continue  # "Huaweis finanschef", "CFO of Huawei": it describes someone else
            before = m.end <= start
            role: str
            if prep in AND and previous is not None and doc.text[previous[0].end : m.start].strip().lower() in AND:
                role = previous[1]
            elif prep in BETWEEN:
                role = "agent"
            elif prep in BY.get(lang, set()) and not before:
                if noun and lang == "da" and prep == "af":  # "anholdelsen af X"; farther off it is not the patient
                    role = "patient" if sent.index_before(m.start) <= ti + n + 1 else "other"
                else:
                    role = "agent"
            elif prep in OF.get(lang, set()) and not before and noun and sent.index_before(m.start) <= ti + n + 1:
                role = "patient"  # right after the noun: "anholdelsen af X", "the arrest of X"
            elif prep in AGAINST and not before:
                role = "patient"
            elif prep in WITH:
                role = "patient" if event_type in TWO_SIDED else "other"
            elif prep in LOCATIVE or prep in {"for", "hos", "ved", "under", "efter", "after", "about", "om"}:
                role = "other"
            elif before:
                if noun and sent.index_from(m.end) == ti and (_genitive(doc.text, m) or _compound(doc.text, m, start)):
                    role = "patient" if event_type in GENITIVE_PATIENT else "agent"
                elif noun and (before_roles or "," in doc.text[m.end:start]):
                    role = "other"  # a light verb takes one subject, and not across a comma
                else:  # the subject of the verb, or of the light verb before a noun ("indførte sanktioner")
                    role = "patient" if subject_is_patient else "agent"
                before_roles.append(m)
            else:
                role = "other" if (noun or passive) else "patient"
                after_plain.append(len(participants))
            participants.append(Participant(linked_id(m), role))
            previous = (m, role)

        # Danish verb-second order ("I går anholdt politiet X"): with no subject before the verb, the first of two
        # bare noun phrases after it is the subject.
        if lang == "da" and not noun and not passive and not before_roles and len(after_plain) >= 2:
            participants[after_plain[0]].role = "agent"
        # A relative clause ("X, der blev anholdt i går, ...") takes its subject from the clause before it.
        if not before_roles and ci > 0 and not noun and RELATIVE_START.match(doc.text, c_start):
            prev_start, prev_end = spans[ci - 1]
            antecedent = [m for m in mentions if prev_start <= m.start and m.end <= prev_end
                          and _entity_type(doc, m) in PARTICIPANT_TYPES]
            if antecedent:
                participants.insert(0, Participant(linked_id(antecedent[-1]),
                                                   "patient" if subject_is_patient else "agent"))
        if place is None:
            # The sentence may name the place outside the trigger's clause ("blev dræbt, da en bombe sprang i
            # Kabul"): a Place mention of the same sentence, unless another trigger claims it.
            place = next((m.entity_id for m in mentions if _entity_type(doc, m) == "Place" and not claimed(m)), None)

        participants = _dedupe(participants)
        time = _nearest_time(timexes, c_start, c_end, start)
        if place is None and not any(p.role != "other" for p in participants):
            return None  # "the war", "a deal", "ifølge aftalen": background, not a reported event
        bucket = time_bucket(time.value if time else None, published)
        eid, key_kind = event_id(event_type, participants, place, bucket, f"{doc.article.id or id(doc)}:{si}:{start}",
                                 salience)
        confidence = 0.7 if hit.kind in ("exact", "phrase") else 0.6
        confidence += 0.1 if any(p.role in ("agent", "patient") for p in participants) else 0.0
        confidence += 0.05 if place else 0.0
        confidence += 0.05 if time else 0.0
        confidence -= 0.1 if key_kind == "local" else 0.0
        where = place_key(participants, place) if key_kind == "place" else None
        names = [_label(doc, where)] if where else [_label(doc, e) for e in key_participants(event_type, participants,
                                                                                             salience)]
        names = names or [_label(doc, p.entity_id) for p in participants if p.role != "other"] or (
            [_label(doc, place)] if place else [])
        # The label depends only on what the id depends on, so every report of the event gives the same label.
        label = f"{EVENT_TYPES[event_type]}: {', '.join(names) or 'unnamed'} ({bucket})"
        return Event(
            id=eid,
            type=event_type,
            label=label,
            trigger_start=start,
            trigger_end=end,
            trigger=doc.text[start:end],
            sentence=si,
            participants=participants,
            place=place,
            time=time.value if time else None,
            confidence=round(min(confidence, 0.95), 3),
        )


def _merge_within_article(events: list[Event], doc: Doc, references: set[int] | None = None) -> list[Event]:
    """Reports in one article that name no key participant ("Topchef anholdt i Canada" in a headline) take the id of
    the article's one event of that type that does, when exactly one does and place and time do not conflict.

    A report by a definite noun ("confirmed the arrest", "kaldte anholdelsen ulovlig") refers back to that event: the
    time in its clause is another verb's, so it is not compared, and the report takes the event's time."""
    references = references or set()
    keyed: dict[str, list[Event]] = {}
    for e in events:
        if key_participants(e.type, e.participants):
            keyed.setdefault(e.type, []).append(e)
    for e in events:
        full = {x.id: x for x in keyed.get(e.type, [])}
        if key_participants(e.type, e.participants) or e.type in PLACE_KEYED or len(full) != 1:
            continue
        target = next(iter(full.values()))
        refers_back = id(e) in references
        if not refers_back and e.time and target.time and week_of(e.time) != week_of(target.time):
            continue
        e.id, e.label = target.id, target.label
        if refers_back:
            e.time = target.time
        e.confidence = round(max(0.05, e.confidence - 0.1), 3)
    return events


def _dedupe(participants: list[Participant]) -> list[Participant]:
    """One role per entity: the first agent/patient reading wins over 'other'."""
    best: dict[str, Participant] = {}
    rank = {"agent": 0, "patient": 0, "other": 1}
    for p in participants:
        seen = best.get(p.entity_id)
        if seen is None or rank[p.role] < rank[seen.role]:
            best[p.entity_id] = Participant(p.entity_id, p.role)
    return list(best.values())


def _nearest_time(timexes: list[Timex], c_start: int, c_end: int, at: int) -> Timex | None:
    """The time expression in the clause nearest the trigger, else the nearest in the sentence."""
    in_clause = [t for t in timexes if c_start <= t.start and t.end <= c_end]
    pool = in_clause or timexes
    if not pool:
        return None
    return min(pool, key=lambda t: abs(t.start - at))


@component("events", requires=["sentences", "mentions", "entities"], assigns=["events"])
def make_events(min_confidence: float = 0.0) -> EventExtractor:
    """Typed events with participants, place and time, keyed for cross-document identity."""
    return EventExtractor(min_confidence=min_confidence)
