"""The `mentions` component: finds names of people, organisations, companies, countries and places.

A rule-based recogniser for Danish and English news that needs no model download. It works in two passes:

1. Per sentence: runs of capitalised tokens (with connectors such as "of", "for", "og", "van" inside) become
   candidates, split where they hold several names ("Karen Holm til Nordposten", "China's Ministry").
   Each is typed from the strongest evidence: gazetteers (countries, cities, known organisations), legal forms
   ("A/S", "Inc."), business words ending a name ("Telekom", "Shipping", "Devices": a Company even without a
   legal form), organisation and place head words ("Ministry", "-ministeriet", "Dagblad", "-vej"), a noun right
   before the name ("telecom maker", "forældrenetværket"), club and place prefixes ("Real", "Mount"), given
   names (or a Chinese/Korean/Vietnamese family name first: "Gao Mingyuan"), titles before ("statsminister",
   "German Chancellor") and speech verbs ("siger") and prepositions ("i", "på", "hos"). A capitalised frequent
   word at the start of a sentence is not a name unless something else says it is; a role or head noun in the
   definite form ("Statsadvokaten", "Rederiet") and title-case everyday words ("City Hall", "Foreign Minister")
   are not names; shouted headlines keep only the names the gazetteers or the article confirm. A given name then a
   word that is also a head word ("Lucy Park", "Henriette Bay") is a person only when the sentence says so (a
   speech verb, "who", a title before); a former title ("Ex-CEO") is a title, never part of the name.
2. Per document: a weakly typed name takes the type it has where the evidence is strong, a surname alone after a
   full name is that person (the family name, for names written family name first), a company is the company
   with or without its legal form and by its leading words alone ("Harcourt" after "Harcourt Devices Inc."), a
   Danish name ending in -s keeps it unless the article shows it is a genitive ("Nanna Friis siger" but
   "Lindqvists forslag" after "Lindqvist"), and in a sports report a town next to a score or "beat" is the team.
   "Lucy Park" typed a place for want of evidence is the person when the article gives it: the surname alone as a
   speaker or a subject ("Park said"), or "she"/"hun" opening the next sentence (of the given name's gender, no
   other person named); "at Albert Park", "i Victoria Park" stay places.
   A lone capitalised word that nothing explains gets no mention: measured on the dev and train sets, any type
   guessed for it is wrong about half the time.

The rules that type a capitalised run are data: `RULES` lists small named functions, tried in order, the first
that applies deciding. Each mention carries a `confidence`, its `rule` (the rule that typed it) and `source` (the
rule with "+document" when the document gave the type: the provenance written to RDF), and `label` set to its base
form (genitive removed: "Huaweis" -> "Huawei"), which the linker turns into a canonical entity.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from graph.extract.gazetteers import Gazetteer, gazetteer, zipf
from graph.extract.pipeline import component
from graph.extract.tokenize import Token, tokenize
from graph.model import Doc, Mention

_T = TypeVar("_T")


class cached_property(Generic[_T]):  # noqa: N801 - stands in for functools.cached_property, under its name
    """functools.cached_property without its lock: Python 3.11 takes an RLock on every first access, and a run asks
    a dozen of them per capitalised word (a sixth of the recogniser's time). Two threads racing on a first access
    would both compute the value and keep one: harmless for the values cached here (a Run lives in one thread; the
    recogniser's gazetteer is one shared object whoever loads it)."""

    def __init__(self, fn: Callable[[Any], _T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> _T:
        if obj is None:  # looked up on the class (introspection): the descriptor itself
            return self  # type: ignore[return-value]
        # Stored in the instance's __dict__, which Python reads before this (non-data) descriptor from then on.
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


# Lower-case words that may sit inside a name between capitalised words.
ORG_CONNECTORS = frozenset({"of", "for", "and", "&", "og", "upon", "af", "the"})
# Connectors that usually join two names rather than sit inside one: kept inside only for known names.
LIST_CONNECTORS = frozenset({"and", "og"})
NAME_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "la", "le", "du", "del", "di", "da", "dos", "bin", "al", "ter"}
)
# Words right before a name that make it a place, or an organisation.
PLACE_PREPOSITIONS = frozenset({"i", "på", "fra", "til", "in", "from", "near", "nær", "outside", "towards"})
ORG_PREPOSITIONS = frozenset({"hos"})
# Tokens that may open a sentence before the first word: quotes, dashes, brackets.
OPENERS = frozenset({'"', "'", "«", "»", "“", "”", "„", "-", "–", "—", "(", "[", "*", "•", ":"})
# How common (wordfreq Zipf) a capitalised first word must be to be taken as an ordinary word, not a name.
SENTENCE_START_ZIPF = 3.9
# Words of a match report: with results tables, they make a document a sports report.
SCORE_WORDS = frozenset({"v", "vs", "vs.", "beat", "drew", "scored", "goals", "goal", "innings", "wickets", "halftime",
                         "half-time", "mål", "kamp", "kampen", "slog", "uafgjort"})
# Danish roles whose definite form before "for ..." names a public office: "Statsadvokaten for Særlig Kriminalitet".
OFFICE_ROLES = ("advokaten", "ombudsmanden")
# Words after a Danish name ending in -s that show it is no genitive: "Nanna Friis fra ...", "Friis siger".
NOMINATIVE_NEXT = frozenset({"og", "eller", "fra", "i", "på", "til", "med", "om", "ved", "hos", "efter", "for", "mod",
                             "er", "var", "har", "havde", "vil", "ville", "kan", "kunne", "skal", "skulle", "blev",
                             "bliver", "får", "fik", "som", "der", "selv", "kalder", "mener", "mente"})
# Words joined to a title by a hyphen that make it a former one: "Ex-CEO Mark Fields", "Eks-minister". They belong
# to the title, never to the name.
FORMER_PREFIXES = frozenset({"ex", "eks", "fhv", "former"})
# Words after a name that only a person has: "Lucy Park, who leads the union"; Danish "som"/"der" follow places as
# well ("Victoria Park, som ligger ..."), so they count only where no preposition puts the name somewhere.
PERSON_RELATIVES = frozenset({"who", "whose", "whom"})
PERSON_RELATIVES_WEAK = frozenset({"som", "der"})
# Subject pronouns opening the next sentence: they take up a person named just before (of that gender).
PERSON_PRONOUNS = {"he": "m", "she": "f", "han": "m", "hun": "f"}
# Words before a speech verb that make the name after it the speaker: '"...," said Lucy Park', "..., siger Bay";
# "The council said Victoria Park would close" has the name as what is said.
QUOTE_ENDS = frozenset({",", '"', "'", "”", "“", "»", "«", "’", "-", "–", "—", ":"})
# Verbs and auxiliaries right after a lone surname that make it the subject of a sentence: "Park has led ...".
SUBJECT_VERBS = frozenset({"is", "was", "has", "had", "will", "would", "can", "could", "should", "must", "may",
                           "added", "argued", "believes", "thinks", "wants", "wanted", "leads", "led", "joined",
                           "er", "var", "har", "havde", "vil", "ville", "kan", "kunne", "skal", "skulle", "blev",
                           "bliver", "mener", "mente", "tilføjer", "tilføjede"})
# Words before a name that make it a thing or a place, not a person: "the Park", "at Albert Park", "i Victoria Park".
NOT_PERSON_BEFORE = PLACE_PREPOSITIONS | {"the", "den", "det", "at", "ved"}
# Rules that type a name only for want of other evidence.
DEFAULT_RULES = frozenset({"default-single", "default-multi"})
# Confidence at or above which a typing is trusted for the whole document.
TRUSTED = 0.7
# Gazetteer look-ups remembered by the recogniser (a few MB at most).
LOOKUP_MEMO = 50_000

_ALPHA = re.compile(r"[^\W\d_]")
# A romanised Chinese, Korean or Vietnamese given name: pinyin-like syllables ("mingyuan", "haoran", "yi"), or
# short hyphenated parts ("ji-sung", "jae-in").
_GIVEN_NAME_SYLLABLES = re.compile(
    r"^(?:(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en"
    r"|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|e|i|o|u))+|[a-z]{1,5}(?:-[a-z]{1,5})+)$")
_INITIAL = re.compile(r"^(?:[A-ZÆØÅÄÖÜ]\.)+$")  # "H.", "H.L."


@dataclass
class Candidate:
    start: int  # token index of the first token
    end: int  # token index after the last token
    type: str | None
    confidence: float
    rule: str  # the rule that typed it: "legal-form", "first-name", "known-org", "gazetteer-place", ...
    key: str  # the name without genitive, as looked up
    sentence: int | None
    known: bool = False  # typed by a gazetteer lookup
    table: bool = False  # found in a results-table line
    document: bool = False  # its type was taken from the same name elsewhere in the document
    # a given name then a place or organisation head word ("Lucy Park", "Tom Banks"), typed as a place or an
    # organisation for want of evidence that it is a person: the document may still give that evidence
    person_reading: bool = False

    @property
    def source(self) -> str:
        """The provenance string written to RDF: the rule, "-table" for a known place in a results table,
        "+document" when the document gave the type."""
        return self.rule + ("-table" if self.known and self.table else "") + ("+document" if self.document else "")

    @property
    def from_table(self) -> bool:
        """Typed from a results-table line, not from the document."""
        return self.table and not self.document

    def retype(self, typ: str | None, confidence: float, rule: str) -> None:
        """A later rule decides: the type, confidence and rule are all its own."""
        self.type, self.confidence, self.rule = typ, confidence, rule
        self.known = self.table = self.document = False


def _is_cap(text: str) -> bool:
    c = text[0]
    return c.isupper() and c.isalpha()


def _is_allcaps(text: str) -> bool:
    return len(text) > 1 and text.isupper() and any(c.isalpha() for c in text)


def _genitive_variants(name: str) -> list[str]:
    """The name itself, then forms with a genitive ending removed ("FN's" -> "FN", "Danmarks" -> "Danmark").
    The stripped forms are only looked up in the gazetteers, so "Paris" never becomes "Pari" by accident."""
    out = [name]
    if name.endswith(("'s", "’s")):
        out.append(name[:-2])
    elif name.endswith(("'", "’")):
        out.append(name[:-1])
    elif name.endswith("s") and len(name) > 3:
        out.append(name[:-1])
    return out


class Recogniser:
    def __init__(self, gaz: Gazetteer | None = None) -> None:
        self._gaz = gaz
        # `_lookup` by surface: the gazetteers do not change once loaded, and a run asks about the same strings
        # several times (its surface, its first word, its parts), as do the articles after it.
        self._lookups: dict[str, tuple[str, float, str, str] | None] = {}

    @cached_property
    def gaz(self) -> Gazetteer:
        # Loaded on first use; from then on an attribute of the instance, read hundreds of times per sentence.
        return self._gaz if self._gaz is not None else gazetteer()

    # -- lookups ---------------------------------------------------------------------------------------------

    def _lookup(self, surface: str, lang: str) -> tuple[str, float, str, str] | None:
        """Type a name from the gazetteers: (type, confidence, source, base name) or None."""
        try:
            return self._lookups[surface]
        except KeyError:
            pass
        if len(self._lookups) > LOOKUP_MEMO:  # names in news are many but repeat: never let the memo grow unbounded
            self._lookups.clear()
        found = self._lookups[surface] = self._lookup_gazetteers(surface)
        return found

    def _lookup_gazetteers(self, surface: str) -> tuple[str, float, str, str] | None:
        gaz = self.gaz
        variants = _genitive_variants(surface)
        if surface.upper() == surface and any(c.isupper() for c in surface):  # the cheap test first
            titled = " ".join("-".join(p.capitalize() for p in w.split("-")) for w in surface.split(" "))
            variants += _genitive_variants(titled)
        for i, name in enumerate(variants):
            stripped = len(name) < len(surface)
            if stripped and surface in gaz.first_names:
                continue  # "Lars" is a name, not the genitive of the town Lar
            i = min(i, 1)
            org = gaz.orgs.get(name)
            if org is not None:
                return org.type, 0.95 - 0.05 * i, "known-org", name
            place = gaz.places.get(name)
            if place is not None and not (stripped and place.type == "Place" and len(name) < 4):
                return place.type, 0.9 - 0.05 * i, f"gazetteer-{place.type.lower()}", name
        return None

    def _norm(self, text: str, headline: bool) -> str:
        """A token as it would be written in running text: 'LEICESTERSHIRE' -> 'Leicestershire' in headlines."""
        if (
            (headline or len(text) > 4)
            and _is_allcaps(text)
            and text not in self.gaz.orgs
            and text not in self.gaz.places
        ):
            return "-".join(p.capitalize() for p in text.split("-"))
        return text

    # -- pass 1: candidates per sentence ---------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        # Norwegian and Swedish capitalise like Danish: only names; other languages get the English rules.
        lang = "da" if doc.lang in ("da", "no", "nb", "nn", "sv") else "en"
        regions: list[tuple[int | None, int, int]] = [(i, s.start, s.end) for i, s in enumerate(doc.sentences)]
        if not regions:
            lo, hi = doc.body if doc.body is not None else (0, len(doc.text))
            regions = [(None, lo, hi)]
        all_tokens: list[list[Token]] = []
        candidates: list[tuple[int, Candidate]] = []
        for region_index, (sent_index, lo, hi) in enumerate(regions):
            toks = tokenize(doc.text, lo, hi)
            all_tokens.append(toks)
            for cand in self._sentence(toks, lang, sent_index):
                candidates.append((region_index, cand))
        resolved = self._resolve_document(candidates, all_tokens, lang)
        mentions: list[Mention] = []
        for region_index, cand in resolved:
            toks = all_tokens[region_index]
            start, end = toks[cand.start].start, toks[cand.end - 1].end
            if not doc.in_body(start, end):
                continue
            mentions.append(
                Mention(start, end, doc.text[start:end], cand.type, label=cand.key,
                        confidence=round(cand.confidence, 3), source=cand.source, sentence=cand.sentence,
                        rule=cand.rule)
            )
        mentions.extend(m for m in self._compound_parts(doc, all_tokens, regions, lang) if doc.in_body(m.start, m.end))
        teams = [m for m in _match_line_teams(doc.text, all_tokens, regions, self.gaz.first_names)
                 if doc.in_body(m.start, m.end)]
        if teams:
            # "AaB-Vejle 2-1" is two clubs, not one name "AaB-Vejle" (nor a town "Brøndby-FC København").
            mentions = [m for m in mentions if not any(m.start < t.end and t.start < m.end for t in teams)] + teams
        mentions.sort(key=lambda m: (m.start, -m.end))
        doc.mentions = _drop_overlaps(mentions)
        return doc

    def _sentence(self, toks: list[Token], lang: str, sent_index: int | None) -> list[Candidate]:
        gaz = self.gaz
        n = len(toks)
        words = [t.text for t in toks]  # read once: the passes below look at every token
        alpha = [w for w in words if len(w) > 1 and _ALPHA.match(w)]
        headline = len(alpha) >= 2 and sum(1 for a in alpha if a.isupper()) >= 0.7 * len(alpha)
        # Title Case: every content word capitalised ("Ad Sales Boost Time Warner Profit").
        content = [a for a in alpha if len(a) > 3]
        titlecase = not headline and lang == "en" and len(content) >= 4 and all(a[0].isupper() for a in content)
        numbers = sum(1 for w in words if w[0].isdigit())
        lower_words = sum(1 for w in words if w[0].islower() and w not in ("v", "vs", "and", "og", "-"))
        table = numbers >= 2 and lower_words <= 1
        first_word = 0
        while first_word < n and words[first_word] in OPENERS:
            first_word += 1
        out: list[Candidate] = []
        # Nationality adjectives standing for the country: "den danske regering", "the Danish government".
        demonyms = gaz.demonyms
        for i in range(n - 1):
            iso = demonyms.get(words[i])
            if iso is not None and iso in gaz.countries:
                nxt = words[i + 1].lower()
                if nxt in gaz.authority_words:
                    out.append(Candidate(i, i + 1, "Country", 0.8, "demonym-authority", iso, sent_index))
        i = 0
        while i < n:
            text = words[i]
            c = text[0]
            # Most tokens are not capitalised: said here, without the calls of `_starts_name`.
            if not (c.isupper() and c.isalpha()) or ("-" in text and not self._starts_name(text, headline)):
                i += 1
                continue
            known = self._known_with_lower_words(toks, i, lang, sent_index)
            if known is not None:
                out.append(known)
                i = known.end
                continue
            j = i + 1
            while j < n:
                t = toks[j].text
                if self._continues_name(t, headline):
                    j += 1
                elif (
                    (t in ORG_CONNECTORS or t in NAME_PARTICLES)
                    and j + 1 < n
                    and self._starts_name(toks[j + 1].text, headline)
                    and not headline
                ):
                    j += 2
                elif t in NAME_PARTICLES and not headline and self._particles_then_name(toks, j):
                    # "von der Leyen", "de la Cruz": several particles in a row inside one name
                    while toks[j].text in NAME_PARTICLES:
                        j += 1
                    j += 1
                else:
                    break
            at_start = i <= first_word or toks[i - 1].text in OPENERS
            out.extend(self._run(toks, i, j, lang, sent_index, at_start, headline or titlecase, table))
            i = j
        return out

    def _known_with_lower_words(self, toks: list[Token], i: int, lang: str, sent_index: int | None) -> Candidate | None:
        """A known name with lower-case words inside starting at toks[i]: "National enhed for Særlig Kriminalitet"."""
        for words in self.gaz.names_with_lower_words.get(toks[i].text, ()):
            if tuple(t.text for t in toks[i:i + len(words)]) == words:
                known = self._lookup(" ".join(words), lang)
                if known is not None:
                    typ, conf, rule, base = known
                    return Candidate(i, i + len(words), typ, conf, rule, base, sent_index, known=True)
        return None

    def _title_word(self, text: str) -> bool:
        """A title or role before a name, also a former one: "CEO", "Ex-CEO", "Eks-minister"."""
        word = text.rstrip(".")
        if self.gaz.is_title(word):
            return True
        head, sep, rest = word.partition("-")
        return bool(sep) and head.lower() in FORMER_PREFIXES and self.gaz.is_title(rest)

    def _verb_after(self, toks: list[Token], j: int) -> bool:
        """A speech verb or a verb of a subject right after toks[j - 1] ("Park said", "Bay siger", "Park has")."""
        nxt = toks[j].text.lower() if j < len(toks) else ""
        return nxt in self.gaz.speech_verbs or nxt in SUBJECT_VERBS

    def _particles_then_name(self, toks: list[Token], j: int) -> bool:
        """Two or three name particles from toks[j], then a capitalised word."""
        k = j
        while k < len(toks) and k - j < 3 and toks[k].text in NAME_PARTICLES:
            k += 1
        return k - j >= 2 and k < len(toks) and _is_cap(toks[k].text)

    def _starts_name(self, text: str, headline: bool) -> bool:
        if not _is_cap(text):
            return False
        if "-" in text:
            # "Kina-besøget" is a word about China, not a name; "Jyllands-Posten" and "Slesvig-Holsten" are names.
            parts = text.split("-")
            return all(p[:1].isupper() or p.isdigit() for p in parts if p)
        return True

    def _continues_name(self, text: str, headline: bool) -> bool:
        return (self._starts_name(text, headline) or text in self.gaz.legal_forms or bool(_INITIAL.match(text)))

    def _run(self, toks: list[Token], i: int, j: int, lang: str, sent_index: int | None, at_start: bool,
             careful: bool, table: bool = False) -> list[Candidate]:
        """Type the capitalised run toks[i:j], splitting it where it holds several names: the first rule in
        RULES that applies decides."""
        gaz = self.gaz
        # Connectors and particles only count inside a name, never at its edges: "Tiananmen Square on".
        while i < j and not _is_cap(toks[i].text):
            i += 1
        while j > i and not _is_cap(toks[j - 1].text) and toks[j - 1].text not in gaz.legal_forms:
            j -= 1
        if i >= j:
            return []
        texts = [self._norm(t.text, careful) for t in toks[i:j]]
        if len(texts) == 1 and (len(texts[0]) == 1 or texts[0] in gaz.legal_forms):
            return []  # a lone capital letter ("N", "A": a list item, a grade) or a legal form without a name
        run = Run(self, toks, i, j, lang, sent_index, at_start, careful, table, texts)
        for _name, rule in RULES:
            found = rule(run)
            if found is not None:
                return found
        raise AssertionError("the last rule always decides")

    def _danish_multi(self, toks: list[Token], i: int, j: int, texts: list[str], base: str,
                      sent_index: int | None) -> list[Candidate]:
        """Several capitalised Danish words nothing else explains. In Danish only names are capitalised, so this
        is mostly a person, except a title of a work (in quotes), a name after an article ("Det Røde Hav") or a
        phrase of ordinary words ("Anden Verdenskrig")."""
        gaz = self.gaz
        for k in range(1, len(texts)):
            if texts[k] in gaz.first_names and texts[0] not in gaz.first_names:
                # "Ungareren György Dalos": a noun opening the sentence, then the name.
                return self._run(toks, i + k, j, "da", sent_index, False, False)
        prev = toks[i - 1].text if i > 0 else ""
        quoted = prev in OPENERS and j < len(toks) and toks[j].text in OPENERS
        after_article = prev in gaz.stop_caps
        everyday = any(zipf(t.lower(), "da") >= 4.5 or zipf(t.lower(), "en") >= 4.8 for t in texts)
        if quoted or after_article:
            return []
        if any(t.lower().endswith(("erne", "ene", "ernes", "enes", "ets")) and len(t) > 5 for t in texts):
            # "Bevar Skolerne", "Byggeriets Arbejdsgivere": a definite noun belongs to the name of a movement or an
            # organisation, never to a person's name
            j, base = self._local_branch(toks, i, j, base)
            return [Candidate(i, j, "Organization", 0.5, "definite-noun", base, sent_index)]
        if everyday:
            return [Candidate(i, j, "Organization", 0.4, "default-multi", base, sent_index)]
        return [Candidate(i, j, "Person", 0.45, "default-multi", base, sent_index)]

    def _local_branch(self, toks: list[Token], i: int, j: int, base: str) -> tuple[int, str]:
        """A movement or network named with its town: "Bevar Skolerne i Aarhus" is one name, in Danish and in
        English articles quoting it. Returns the (possibly longer) end and base name."""
        if j + 1 < len(toks) and toks[j].text == "i" and (j + 2 == len(toks) or not _is_cap(toks[j + 2].text)):
            place = self.gaz.places.get(toks[j + 1].text)
            if place is not None and place.type == "Place":
                return j + 2, f"{base} i {toks[j + 1].text}"
        return j, base

    def _family_name_first(self, texts: list[str]) -> bool:
        """A Chinese, Korean or Vietnamese name, family name first: "Wang Yi", "Gao Mingyuan", "Park Ji-sung".
        The given name must be made of romanised syllables ("Mingyuan", "Ji-sung") and be a rare word, so "Sun
        Microsystems" or "Park Lane" are not people."""
        gaz = self.gaz
        if len(texts) not in (2, 3) or texts[0] not in gaz.family_first_surnames or texts[0] in gaz.stop_caps:
            return False
        for t in texts[1:]:
            low = t.lower()
            if (
                not _GIVEN_NAME_SYLLABLES.match(low)
                or t in gaz.legal_forms
                or t in gaz.stop_caps
                or gaz.is_org_head(t)
                or gaz.is_company_head(t)
                or gaz.is_place_head(t)
                or t in gaz.places
                or zipf(low, "en") >= 3.0
                or zipf(low, "da") >= 3.0
            ):
                return False
        return True

    def _company_opening(self, texts: list[str], lang: str) -> bool:
        """A company name that needs its everyday first word: "Grøn Energi har ...", "Global Shipping said"; not
        "Hos Vestkyst Vind er ...", where the first word is a preposition and the rest is the name."""
        low = texts[0].lower()
        if low in PLACE_PREPOSITIONS or low in ORG_PREPOSITIONS or low in ORG_CONNECTORS or low in NOMINATIVE_NEXT:
            return False
        return self._company_name(texts, lang) and not (len(texts) > 2 and self._company_name(texts[1:], lang))

    def _company_name(self, texts: list[str], lang: str) -> bool:
        """A name ending in a business word ("Nordlys Telekom", "Crescent Maritime Trading", "Havørn Shippings"),
        with no "of"/"for" inside ("Ministry of Energy" is an organisation)."""
        gaz = self.gaz
        if any(t in ORG_CONNECTORS for t in texts) or texts[0] in gaz.stop_caps:
            return False
        last = texts[-1]
        if last.endswith(("'s", "’s")):
            last = last[:-2]
        elif lang == "da" and last.endswith("s") and last not in gaz.company_heads:
            last = last[:-1]
        if lang == "en" and all(zipf(t.lower(), "en") >= 4.5 for t in texts):
            return False  # "Nuclear Power", "Mental Health": English title case of everyday words, no company
        return gaz.is_company_head(last)

    def _definite_role(self, word: str) -> bool:
        """A Danish role noun in the definite form, with or without genitive: "Statsadvokaten", "Borgmesterens"."""
        low = word.lower()
        if low.endswith("s") and len(low) > 5:
            low = low[:-1]
        for ending in ("en", "n"):
            if low.endswith(ending) and len(low) > len(ending) + 3 and self.gaz.is_title(low[: -len(ending)]):
                return True
        return False

    def _generic_noun(self, word: str, lang: str, prev: str) -> bool:
        """A lone head word used as a noun: "Rederiet", "Ministeriets" (Danish definite), "the Schools" (a plural
        after "the"; "Banks said" may be Tony Banks)."""
        gaz = self.gaz
        if lang == "da":
            low = word.lower()
            if low.endswith("s") and low[:-1] in gaz.org_heads_da_words:
                low = low[:-1]
            return low in gaz.org_heads_da_words and low.endswith(("et", "en", "ne"))
        return prev == "the" and word.endswith("s") and word not in gaz.org_heads_en and word[:-1] in gaz.org_heads_en

    @staticmethod
    def _definite_noun(word: str) -> bool:
        """Danish definite or plural noun endings ("Parken", "Hjemmeværnet", "Korstogene"), not "-sen" names."""
        low = word.lower()
        return low.endswith(("en", "et", "ne")) and not low.endswith(("sen", "son"))

    def _segment(self, toks: list[Token], i: int, j: int, lang: str, sent_index: int | None,
                 careful: bool) -> list[Candidate]:
        """Headlines and title-case lines capitalise every word: keep only the known names in them, longest
        first ("GERMANY BEAT POLAND IN WARSAW" -> Germany, Poland, Warsaw)."""
        out: list[Candidate] = []
        k = i
        while k < j:
            for end in range(min(j, k + self.gaz.max_name_tokens), k, -1):
                known = self._lookup(self._surface(toks, k, end, careful), lang)
                if known is not None:
                    typ, conf, rule, base = known
                    out.append(Candidate(k, end, typ, conf, rule, base, sent_index, known=True))
                    k = end
                    break
            else:
                if _is_cap(toks[k].text) and len(toks[k].text) > 2:
                    # Unknown here; a name if the article's text says so ("SHEARER" after "Alan Shearer").
                    key = self._base(self._surface(toks, k, k + 1, careful), lang)
                    out.append(Candidate(k, k + 1, None, 0.0, "headline", key, sent_index))
                k += 1
        return out

    def _has_org_head(self, texts: list[str], careful: bool) -> bool:
        """An organisation head word ends the name or is followed by "of"/"for": "Bank of England"."""
        gaz = self.gaz
        for k, t in enumerate(texts):
            if gaz.is_org_head(t) or (t.endswith("s") and gaz.is_org_head(t[:-1])):
                if careful and len(texts) == 1:
                    return False
                if k == len(texts) - 1 or texts[k + 1] in ORG_CONNECTORS:
                    return True
        return False

    def _surface(self, toks: list[Token], i: int, j: int, headline: bool) -> str:
        parts: list[str] = []
        for k in range(i, j):
            t = toks[k]
            if parts and toks[k - 1].end < t.start:
                parts.append(" ")
            parts.append(self._norm(t.text, headline))
        return "".join(parts)

    def _known(self, surface: str, lang: str) -> bool:
        return self._lookup(surface, lang) is not None

    def _base(self, surface: str, lang: str) -> str:
        """The name without a genitive ending: "Huaweis" -> "Huawei", "Frederiksens" -> "Frederiksen"."""
        if surface.endswith(("'s", "’s")):
            return surface[:-2]
        if surface.endswith(("'", "’")):
            return surface[:-1]
        if lang == "da" and surface.endswith("s") and len(surface) > 3 and surface[-2] not in "sxzSXZ":
            last = surface.rsplit(" ", 1)[-1]
            plural_head = " " in surface and (last in self.gaz.company_heads or last in self.gaz.org_heads_en)
            if last not in self.gaz.first_names and not last.isupper() and not plural_head:
                return surface[:-1]
        return surface

    def _ordinary_word(self, text: str, lang: str, followed_by_name: bool = False) -> bool:
        if _INITIAL.match(text):
            return False
        if text in self.gaz.first_names and (
            followed_by_name or zipf(text.lower(), lang) < (4.5 if lang == "en" else 5.5)
        ):
            return False  # "Lars svarede"; but "Ad sales", "Will the" open English sentences with words
        return zipf(text.lower(), lang) >= SENTENCE_START_ZIPF

    # -- hyphen compounds ------------------------------------------------------------------------------------

    def _compound_parts(self, doc: Doc, all_tokens: list[list[Token]], regions, lang: str) -> list[Mention]:
        """Names inside hyphen compounds: "Kina-besøget" mentions China, "EU-landene" the EU."""
        out: list[Mention] = []
        for toks, (sent_index, _, _) in zip(all_tokens, regions, strict=True):
            for t in toks:
                if "-" not in t.text or not _is_cap(t.text) or self._starts_name(t.text, False):
                    continue
                head = t.text.split("-", 1)[0]
                known = self._lookup(head, lang)
                if known is None:
                    continue
                typ, conf, rule, base = known
                out.append(Mention(t.start, t.start + len(head), head, typ, label=base, confidence=round(conf - 0.1, 3),
                                   source=f"compound-{rule}", sentence=sent_index, rule="compound"))
        return out

    # -- pass 2: one document, one type per name -------------------------------------------------------------

    def _resolve_document(self, candidates: list[tuple[int, Candidate]], all_tokens, lang: str):
        if lang == "da":
            self._keep_name_final_s(candidates, all_tokens)
        self._person_readings(candidates, all_tokens)
        self._document_companies(candidates)
        best: dict[str, tuple[float, str]] = {}
        person_parts: set[str] = set()
        strong_parts: set[str] = set()  # from names with real evidence (a given name, a title)
        for _, c in candidates:
            if c.type is None:
                continue
            if c.confidence >= TRUSTED and (c.key not in best or best[c.key][0] < c.confidence):
                best[c.key] = (c.confidence, c.type)
            if c.type == "Person" and c.confidence >= 0.45:
                parts = c.key.split()
                if len(parts) > 1:
                    person_parts.update((parts[0], parts[-1]))
                    if c.confidence >= 0.75:
                        strong_parts.add(parts[-1])  # a surname; "Israel" in "Israel Shahak" stays a country
                        if len(parts) <= 3 and parts[0] in self.gaz.family_first_surnames:
                            strong_parts.add(parts[0])  # "Gao" after "Gao Mingyuan": the family name comes first
        sports = self._is_sports_report(candidates, all_tokens)
        teams: set[str] = set()
        out: list[tuple[int, Candidate]] = []
        for region_index, c in candidates:
            single = c.end - c.start == 1
            if single and c.key in person_parts and c.type == "Place" and self._speaks(c, all_tokens[region_index]):
                # "said Washington" after "MaliVai Washington": the person speaks, the city does not.
                c.retype("Person", 0.7, "document-person-part")
            elif single and c.key in strong_parts and c.type != "Person" and c.rule not in ("known-org", "acronym"):
                # "Dole", "Jordan", "Washington" after "Bob Dole", "Michael Jordan": the person, not the place.
                c.retype("Person", 0.75, "document-person-part")
            elif c.type is not None and c.from_table and not sports:
                if c.known:
                    c.table = False  # a known place in a table of prices or the like: just the place
            elif c.rule == "frequent-first-word":
                pass  # an everyday word opening the sentence: a name only as a surname the article gave above
            elif c.confidence < TRUSTED:
                if c.key in best:
                    c.type = best[c.key][1]
                    c.confidence = max(c.confidence, best[c.key][0] - 0.1)
                    c.document = True
                elif c.key in person_parts:
                    c.retype("Person", 0.75, "document-person-part")
                elif c.type is None and c.rule == "results-table" and not c.document:
                    if sports:
                        c.type, c.confidence = "Organization", 0.6
                    elif c.end - c.start == 1:
                        c.type, c.confidence = self._default_single(c, all_tokens[region_index], lang)
                elif c.type is None and c.rule == "default-single" and not c.document:
                    if sports and self._near_sports_cue(c, all_tokens[region_index]):
                        c.retype("Organization", 0.5, "sports-team")
                    else:
                        c.type, c.confidence = self._default_single(c, all_tokens[region_index], lang)
            if sports and c.type == "Place" and c.rule == "gazetteer-place" and self._team(c, all_tokens[region_index]):
                from_table = c.from_table
                c.retype("Organization", 0.65, "results-table" if from_table else "sports-team")
                c.table = from_table
                teams.add(c.key)
            if c.type is not None:
                out.append((region_index, c))
        if teams:
            # A town that is a team once in a sports report is the team throughout, except "in"/"at" the town.
            for region_index, c in out:
                if c.type == "Place" and c.key in teams and c.rule == "gazetteer-place":
                    toks = all_tokens[region_index]
                    prev = toks[c.start - 1].text.lower() if c.start > 0 else ""
                    dateline = c.start == 0 and c.end < len(toks) and toks[c.end].text[:1].isdigit()
                    if prev not in PLACE_PREPOSITIONS and prev not in ("at", "på", "ved") and not dateline:
                        c.retype("Organization", 0.6, "sports-team")
                        c.document = True
        return out

    def _person_readings(self, candidates: list[tuple[int, Candidate]], all_tokens) -> None:
        """A given name then a head word ("Lucy Park") typed as a place or an organisation for want of evidence is
        the person when the article says so elsewhere: the same name a person in another sentence, the surname
        alone next to a speech verb or as the subject of a verb ("Park said", "said Park", "Park has"), or "he",
        "she", "han", "hun" opening the next sentence when no other person is named in the name's sentence. "at
        Albert Park", "i Victoria Park" stay places: the preposition puts the name somewhere."""
        ambiguous = [(ri, c) for ri, c in candidates if c.person_reading and c.type != "Person"]
        if not ambiguous:
            return
        persons = {c.key for _, c in candidates if c.type == "Person" and c.confidence >= TRUSTED}
        for region_index, c in ambiguous:
            toks = all_tokens[region_index]
            prev = toks[c.start - 1].text.lower() if c.start > 0 else ""
            if prev in NOT_PERSON_BEFORE:
                continue
            surname = c.key.split()[-1]
            institution = surname in self.gaz.org_heads_en  # "Victoria University ... She said": she is someone else
            if c.key in persons or self._surname_acts(surname, c, region_index, all_tokens) or (
                    not institution and self._pronoun_follows(c, region_index, candidates, all_tokens)):
                c.retype("Person", 0.8, "first-name-document")

    def _surname_acts(self, surname: str, c: Candidate, region_index: int, all_tokens) -> bool:
        """The surname alone, not the full name, next to a speech verb or before a subject's verb."""
        verbs = self.gaz.speech_verbs
        for ri, toks in enumerate(all_tokens):
            for k, t in enumerate(toks):
                if t.text != surname or (ri == region_index and c.start <= k < c.end):
                    continue
                prev = toks[k - 1].text if k > 0 else ""
                if prev[:1].isupper() or prev.lower() in NOT_PERSON_BEFORE:
                    continue  # part of a longer name, or a place again
                nxt = toks[k + 1].text if k + 1 < len(toks) else ""
                if nxt[:1].isupper():
                    continue
                if prev.lower() in verbs or self._verb_after(toks, k + 1) or (
                        nxt == "," and k + 2 < len(toks) and toks[k + 2].text.lower() in verbs):
                    return True
        return False

    def _pronoun_follows(self, c: Candidate, region_index: int, candidates: list[tuple[int, Candidate]],
                         all_tokens) -> bool:
        """"he"/"she"/"han"/"hun" opens the next sentence, and the name is the only one in its sentence that may be
        a person."""
        if region_index + 1 >= len(all_tokens):
            return False
        nxt = all_tokens[region_index + 1]
        k = 0
        while k < len(nxt) and nxt[k].text in OPENERS:
            k += 1
        gender = PERSON_PRONOUNS.get(nxt[k].text.lower()) if k < len(nxt) else None
        given = self.gaz.given_genders.get(c.key.split()[0].split("-")[0])
        if gender is None or given not in (None, gender):
            return False
        return not any(ri == region_index and o is not c and (o.type == "Person" or o.person_reading)
                       for ri, o in candidates)

    def _keep_name_final_s(self, candidates: list[tuple[int, Candidate]], all_tokens) -> None:
        """A Danish name ending in -s is a genitive only if the article says so. "Nanna Friis" keeps its -s when
        the stripped form is named nowhere in the article and the -s form stands where a genitive cannot: before
        a comma or a full stop, a verb or a preposition, or after "siger". "Vestkyst Vinds aktie" after
        "Vestkyst Vind", or "Harcourts" after "Harcourt Devices", stays a genitive."""
        seen: set[str] = set()  # every name as written, its leading words and its last word
        written: list[tuple[Candidate, str, list[Token]]] = []
        for region_index, c in candidates:
            toks = all_tokens[region_index]
            surface = self._surface(toks, c.start, c.end, False)
            words = surface.split()
            seen.add(surface)
            seen.update(" ".join(words[:k]) for k in range(1, len(words)))
            seen.add(words[-1])
            written.append((c, surface, toks))
        nominative: set[str] = set()
        for c, surface, toks in written:
            if c.key + "s" != surface or c.key in seen or c.known:
                continue  # "Danmarks" is always the genitive of a country the gazetteer knows
            if c.type != "Person":
                # A place or organisation loses its -s only when the stripped form is known, if only by its head
                # word ("Ravnholt Shippings" -> "Ravnholt Shipping"): "Davos" stays, no "Davo" is named anywhere.
                if not self._known_head(c.key):
                    nominative.add(surface)
                continue
            nxt = toks[c.end].text if c.end < len(toks) else "."
            prev = toks[c.start - 1].text.lower() if c.start > 0 else ""
            if not nxt[0].isalnum() or nxt.lower() in NOMINATIVE_NEXT or nxt.lower() in self.gaz.speech_verbs \
                    or prev in self.gaz.speech_verbs:
                nominative.add(surface)
        for c, surface, _ in written:
            if surface in nominative:
                c.key = surface

    def _known_head(self, name: str) -> bool:
        """Whether a name ends in a word that makes it a company, organisation or place ("Shipping", "Kommune")."""
        last = name.rsplit(" ", 1)[-1]
        gaz = self.gaz
        return " " in name and (
            last in gaz.company_heads
            or last in gaz.org_heads_en
            or last.lower() in gaz.org_heads_da_words
            or gaz.is_place_head(last)
        )

    def _document_companies(self, candidates: list[tuple[int, Candidate]]) -> None:
        """One company, one type: after "Vestkyst Vind A/S" or "Harcourt Devices" (a business word), the same
        name without its legal form ("Vestkyst Vind", "Vestkyst Vinds") and its leading words alone ("Harcourt",
        "Harcourt's") are the company, unless they are a given name or a place in their own right."""
        gaz = self.gaz
        companies: set[str] = set()
        for _, c in candidates:
            if c.type == "Company" and c.rule in ("legal-form", "company-head") and not c.document and " " in c.key:
                name = c.key.rsplit(" ", 1)[0] if c.rule == "legal-form" else c.key
                if name.split()[-1] in gaz.legal_forms:  # "Harcourt Devices Inc" said as "Harcourt Devices Inc."
                    name = name.rsplit(" ", 1)[0]
                companies.add(name)
        short: dict[str, set[str]] = {}
        for name in companies:
            words = name.split()
            for k in range(1, len(words)):
                head = " ".join(words[:k])
                if words[0] in gaz.first_names or k == 1 and (head in gaz.places or head in gaz.stop_caps):
                    continue  # "Lars Larsen" in "Lars Larsen Group" is the founder; "Esbjerg" a town
                short.setdefault(head, set()).add(name)
        for _, c in candidates:
            if c.type == "Company" or c.known or c.rule == "acronym":
                continue
            if (
                c.key in companies
                or len(short.get(c.key, ())) == 1
                and not (c.type == "Person" and c.confidence >= 0.85)
            ):
                c.retype("Company", 0.8, "document-company")

    def _team(self, c: Candidate, toks: list[Token]) -> bool:
        """In a sports report, a town named in a results line or next to "beat", "v", a score is the team."""
        place = self.gaz.places.get(c.key)
        if place is None or not place.geonames:
            return False  # England, Scotland, regions: national sides are named as places
        if c.from_table:
            return True
        if not place.population:
            return False  # a state or a continent named in prose is the place
        return self._near_sports_cue(c, toks)

    def _near_sports_cue(self, c: Candidate, toks: list[Token]) -> bool:
        """A name next to "beat", "v", "captain" or a score, and not "in"/"at" it nor a dateline."""
        prev = toks[c.start - 1].text.lower() if c.start > 0 else ""
        if prev in PLACE_PREPOSITIONS or prev in ("at", "på", "ved") or (
                c.start == 0 and c.end < len(toks) and toks[c.end].text[:1].isdigit()):
            return False  # "in London", a dateline "LONDON 1996-08-30"
        window = toks[max(0, c.start - 3):c.start] + toks[c.end:c.end + 3]
        return any(t.text.lower() in self.gaz.sports_cues or t.text[0].isdigit() for t in window)

    def _speaks(self, c: Candidate, toks: list[Token]) -> bool:
        """A speech verb right before or after the name, or "X , who"."""
        prev = toks[c.start - 1].text.lower() if c.start > 0 else ""
        nxt = [t.text.lower() for t in toks[c.end:c.end + 2]]
        verbs = self.gaz.speech_verbs
        return prev in verbs or (bool(nxt) and nxt[0] in verbs) or nxt in ([",", "who"], [",", "der"])

    def _is_sports_report(self, candidates: list[tuple[int, Candidate]], all_tokens) -> bool:
        """A sports report names its subject in the first line ("CRICKET - ...") or lists results."""
        head = [t for toks in all_tokens[:2] for t in toks[:6]]
        if any(t.text.lower() in self.gaz.sports_words for t in head):
            return True
        if sum(1 for _, c in candidates if c.from_table) < 2:
            return False
        # Tables of prices list towns too: a results table comes with a match in the text.
        return any(t.text.lower() in SCORE_WORDS for toks in all_tokens for t in toks)

    def _default_single(self, c: Candidate, toks: list[Token], lang: str) -> tuple[str | None, float]:
        """A lone capitalised word that nothing in the sentence or the document explains ("Pirelli", "Vaas",
        "Legionen"). Measured on the dev and train sets, any type guessed for these is wrong about half the time
        (companies, surnames, venues and nouns alike), so no mention is made: trust comes first."""
        prev = toks[c.start - 1].text.lower() if c.start > 0 else ""
        if prev == "at" and lang == "en":
            return "Place", 0.45  # "at Headingley": a venue; known organisations are found before this
        word = toks[c.start].text
        if prev == "the" and lang == "en" and word.endswith("s") and not word.endswith("ss"):
            return "Organization", 0.45  # "the Yankees", "the Mariners": a team or a band
        return None, 0.0


# -- the rules that type one capitalised run -------------------------------------------------------------------

@dataclass
class Run:
    """A capitalised run toks[i:j] being typed, and what the rules read about it (each worked out once, when a
    rule first asks)."""

    rec: Recogniser
    toks: list[Token]
    i: int
    j: int
    lang: str
    sent_index: int | None
    at_start: bool
    careful: bool  # a headline or a title-case line: every word is capitalised
    table: bool  # a results-table line
    texts: list[str]  # the tokens as written in running text

    @cached_property
    def gaz(self) -> Gazetteer:
        return self.rec.gaz

    def cand(self, typ: str | None, confidence: float, rule: str, key: str | None = None,
             end: int | None = None) -> list[Candidate]:
        """One candidate over the run, keyed by its base name unless told otherwise."""
        return [Candidate(self.i, self.j if end is None else end, typ, confidence, rule,
                          self.base if key is None else key, self.sent_index)]

    def sub(self, i: int, j: int) -> list[Candidate]:
        """Type toks[i:j], a part of this run that does not open the sentence."""
        return self.rec._run(self.toks, i, j, self.lang, self.sent_index, False, self.careful, self.table)

    def split(self, k: int, skip: int = 0) -> list[Candidate]:
        """Two names: the first k words, then the rest after skipping `skip` words."""
        i = self.i
        return (self.rec._run(self.toks, i, i + k, self.lang, self.sent_index, self.at_start, self.careful, self.table)
                + self.sub(i + k + skip, self.j))

    def surface_of(self, i: int, j: int) -> str:
        return self.rec._surface(self.toks, i, j, self.careful)

    def known(self, text: str) -> bool:
        return self.rec._known(text, self.lang)

    @cached_property
    def surface(self) -> str:
        return self.surface_of(self.i, self.j)

    @cached_property
    def lookup(self) -> tuple[str, float, str, str] | None:
        return self.rec._lookup(self.surface, self.lang)

    @cached_property
    def title_before(self) -> bool:
        toks, i, gaz = self.toks, self.i, self.gaz
        if i > 0 and self.rec._title_word(toks[i - 1].text):
            return True
        return i > 1 and toks[i - 1].text == "." and gaz.is_title(toks[i - 2].text)

    @cached_property
    def family_first(self) -> bool:
        return self.rec._family_name_first(self.texts)

    @cached_property
    def first_name(self) -> bool:
        """The run opens with a given name (or a family name written first)."""
        texts, gaz = self.texts, self.gaz
        first = texts[0].split("-")[0]
        given = first in gaz.first_names and not _is_allcaps(self.toks[self.i].text) and not (
            len(texts) > 1 and texts[0] in gaz.demonyms)  # "German Chancellor ...": a nationality, not "Germán"
        return given or self.family_first

    @cached_property
    def base(self) -> str:
        return self.rec._base(self.surface, self.lang)

    @cached_property
    def acronym(self) -> bool:
        short = self.rec._base(self.toks[self.i].text, self.lang)
        return (len(self.texts) == 1 and _is_allcaps(short) and len(short) <= 5 and zipf(short.lower(), "en") < 4.0
                and not any(ch.isdigit() for ch in short))

    @cached_property
    def prev(self) -> str:
        return self.toks[self.i - 1].text if self.i > 0 else ""

    @cached_property
    def speech(self) -> bool:
        """A speech verb right before or after the run ("siger X", "X said", "X, said")."""
        toks, j, verbs = self.toks, self.j, self.gaz.speech_verbs
        nxt = toks[j].text.lower() if j < len(toks) else ""
        return self.prev.lower() in verbs or nxt in verbs or (
            nxt == "," and j + 1 < len(toks) and toks[j + 1].text.lower() in verbs)

    @cached_property
    def given_then_head(self) -> bool:
        """Given names (or initials), then one word that is also a place or organisation head word: "Lucy Park",
        "Henriette Bay", "Tom Banks". Surnames like these are common; "Victoria Park", "Albert Park" are places."""
        texts, gaz = self.texts, self.gaz
        if len(texts) < 2 or self.careful or not self.first_name or self.family_first:
            return False
        if not all(t.split("-")[0] in gaz.first_names or _INITIAL.match(t) for t in texts[:-1]):
            return False
        last = self.rec._base(texts[-1], self.lang)
        return last in gaz.place_heads or last in gaz.org_heads_en or (
            last.endswith("s") and last[:-1] in gaz.org_heads_en)

    @cached_property
    def institution_head(self) -> bool:
        """The last word is itself an organisation head word ("Victoria University", "Jackson County"): such names
        say things too, so a speech verb after them is no evidence of a person ("Tom Banks said" is: no "Banks"
        institution)."""
        return self.rec._base(self.texts[-1], self.lang) in self.gaz.org_heads_en

    @cached_property
    def person_context(self) -> bool:
        """The sentence says the run is a person: a title or role before it, a speech verb next to it, "who" (or
        "som"/"der" where no preposition puts the name somewhere) after it, or an age in commas ("Lucy Park, 45,").
        A place preposition before ("at Albert Park, said police") leaves only "who"."""
        toks, j = self.toks, self.j
        nxt = [t.text.lower() for t in toks[j:j + 3]]
        if nxt[:1] == [","]:
            nxt = nxt[1:]
        if nxt[:1] and nxt[0] in PERSON_RELATIVES:
            return True
        prev = self.prev.lower()
        if prev in NOT_PERSON_BEFORE:
            return False
        verbs = self.gaz.speech_verbs
        if self.title_before or (prev in verbs and self.i > 1 and toks[self.i - 2].text in QUOTE_ENDS):
            return True  # '"...," understreger Jesper Bank': a given name after the quote is the speaker
        if not self.institution_head and nxt[:1] and nxt[0] in verbs:
            return True
        if nxt[:1] and nxt[0] in PERSON_RELATIVES_WEAK:
            # "Henriette Bay, som er formand", not "Victoria Park, som ligger i London": a role or a speech verb in
            # the relative clause
            clause = [t.text.rstrip(".") for t in toks[j:j + 6]]
            return any(self.rec._title_word(w) or w.lower() in verbs and not self.institution_head for w in clause)
        return len(nxt) > 1 and toks[j].text == "," and nxt[0].isdigit() and len(nxt[0]) <= 2 and nxt[1] == ","


Rule = Callable[[Run], "list[Candidate] | None"]  # the candidates, or None when the rule does not apply


def _definite_role(r: Run) -> list[Candidate] | None:
    """A role or a head word in the definite form is a noun, not a name: "Statsadvokaten", "Rederiet",
    "Ministeriets"; followed by "for ..." it names an office: "Statsadvokaten for Særlig Kriminalitet"."""
    texts = r.texts
    if not (r.lang == "da" and r.rec._definite_role(texts[0]) and not r.known(texts[0]) and not (
            len(texts) > 1 and texts[0].endswith("s"))):  # "Kongens Have": a genitive opens a place name
        return None
    if len(texts) > 2 and texts[1] in ORG_CONNECTORS:
        if texts[0].lower().endswith(OFFICE_ROLES):
            return r.cand("Organization", 0.75, "office", key=r.surface)
        return r.sub(r.i + 2, r.j)  # "Formanden for Dansk Fiskeri"
    return r.sub(r.i + 1, r.j) if len(texts) > 1 else []


def _generic_noun(r: Run) -> list[Candidate] | None:
    """A lone head word used as a noun: "Rederiet", "the Schools"."""
    if len(r.texts) == 1 and r.rec._generic_noun(r.texts[0], r.lang, r.prev) and not r.known(r.texts[0]):
        return []
    return None


def _leading_title(r: Run) -> list[Candidate] | None:
    """Titles and stop words at the front are not part of the name: "Statsminister Poul Nyrup Rasmussen"."""
    texts, gaz = r.texts, r.gaz
    title = r.rec._title_word(texts[0])
    if not (r.rec._base(texts[0], r.lang) in gaz.stop_caps or (len(texts) > 1 and title and not r.known(r.surface))):
        return None
    rest = r.sub(r.i + 1, r.j)
    if title and rest and rest[0].start == r.i + 1 and rest[0].type in (None, "Person") and not rest[0].known:
        rest[0].retype("Person", 0.85, "title")
    return rest


def _common_phrase(r: Run) -> list[Candidate] | None:
    return [] if r.surface in r.gaz.common_phrases else None  # "outside City Hall": an ordinary noun in title case


def _gazetteer(r: Run) -> list[Candidate] | None:
    """A name the gazetteers know."""
    if r.lookup is None:
        return None
    typ, conf, rule, base = r.lookup
    in_table = r.table and typ == "Place"  # a team when the report turns out to be about sport
    c = Candidate(r.i, r.j, typ, conf, "gazetteer-place" if in_table else rule, base, r.sent_index, known=True,
                  table=in_table)
    return [c]


def _shouted_headline(r: Run) -> list[Candidate] | None:
    """A whole shouted headline ("KEANE SIGNS FOUR-YEAR CONTRACT WITH MANCHESTER UNITED"): known names only."""
    if r.careful and len(r.texts) > 3 and all(_is_allcaps(t.text) or not t.text[0].isalpha()
                                              for t in r.toks[r.i:r.j]):
        return r.rec._segment(r.toks, r.i, r.j, r.lang, r.sent_index, r.careful)
    return None


def _org_prefix(r: Run) -> list[Candidate] | None:
    if len(r.texts) > 1 and r.texts[0] in r.gaz.org_prefixes and not r.first_name:
        return r.cand("Organization", 0.75, "org-prefix")
    return None


def _lone_demonym(r: Run) -> list[Candidate] | None:
    """"Danish", "Chinese": a nationality, named as a country only before "government" etc."""
    return [] if len(r.texts) == 1 and r.texts[0] in r.gaz.demonyms else None


def _demonym_then_person(r: Run) -> list[Candidate] | None:
    """"Dutchman Arnoud Okken", "Danish Anders Holm": the nationality, then the person."""
    texts, gaz = r.texts, r.gaz
    if not (len(texts) > 2 and texts[0] in gaz.demonyms and texts[1] in gaz.first_names):
        return None
    rest = r.sub(r.i + 1, r.j)
    for c in rest[:1]:
        if c.type is None or c.rule in DEFAULT_RULES:
            c.retype("Person", 0.8, "first-name")
    return rest


def _title_inside(r: Run) -> list[Candidate] | None:
    """A title inside the run splits it: "German Chancellor Helmut Kohl"."""
    texts, gaz = r.texts, r.gaz
    if not r.first_name:
        for k in range(1, len(texts) - 1):
            if gaz.is_title(texts[k].rstrip(".")) and not any(gaz.is_org_head(t) for t in texts):
                return r.split(k)
    return None


def _words_before_full_name(r: Run) -> list[Candidate] | None:
    """Everyday words left before a full name: "(Minister for) Industry Jakob Ellemann", "Democrat Walter
    Mondale" -> the person (and no known name across the split: "Former South Carolina Gov.")."""
    texts, gaz, i = r.texts, r.gaz, r.i
    if not (r.lang == "en" and not r.first_name and not r.careful and len(texts) > 2
            and not r.rec._has_org_head(texts, r.careful)):
        return None
    for k in range(1, len(texts) - 1):
        if texts[k] in gaz.first_names and all(
                _is_cap(t) and zipf(t.lower(), "en") >= 4.0 and not gaz.is_title(t) for t in texts[:k]) \
                and not r.known(r.surface_of(i, i + k)) and not any(
                    r.known(r.surface_of(m, i + k + 1)) for m in range(i, i + k)):
            return r.sub(i + k, r.j)
        if not _is_cap(texts[k]):
            break
    return None


def _stop_word_inside(r: Run) -> list[Candidate] | None:
    """Days, months and the like inside a run split it."""
    for k in range(1, len(r.texts)):
        if r.texts[k] in r.gaz.stop_caps:
            return r.split(k, 1)
    return None


def _danish_noun_first(r: Run) -> list[Candidate] | None:
    """A Danish noun opening the sentence before a name: "Vindmølleproducenten Vestkyst Vind A/S"."""
    texts = r.texts
    if r.at_start and r.lang == "da" and len(texts) > 1 and r.rec._definite_noun(texts[0]) and (
            texts[0] not in r.gaz.first_names and not r.known(texts[0])):
        return r.sub(r.i + 1, r.j)
    return None


def _frequent_first_word(r: Run) -> list[Candidate] | None:
    """A frequent word opening the sentence is not part of the name: "Men Danmark ...", "The Pentagon ..."."""
    texts = r.texts
    if r.at_start and not r.family_first and r.rec._ordinary_word(texts[0], r.lang, len(texts) > 1) \
            and not r.known(texts[0]) and not (len(texts) == 2 and texts[1] in r.gaz.legal_forms) and not (
                len(texts) > 1 and not r.careful and r.rec._company_opening(texts, r.lang)):
        if len(texts) == 1 and not r.careful and r.rec._verb_after(r.toks, r.j):
            # "Park said ...", "Fields has ...": no name unless the article named a person so ("Lucy Park")
            return r.cand(None, 0.0, "frequent-first-word")
        return [] if len(texts) == 1 else r.sub(r.i + 1, r.j)
    return None


def _genitive_owner(r: Run) -> list[Candidate] | None:
    """"China's Ministry of Commerce": the owner and the thing owned are two names."""
    for k in range(len(r.texts) - 1):
        if r.texts[k].endswith(("'s", "’s")) and len(r.texts[k]) > 2:
            return r.split(k + 1)
    return None


def _list_connector(r: Run) -> list[Candidate] | None:
    """"John Casesa of Schroder Wertheim & Co", "Johnson Controls Inc and Lear Corp": two names."""
    texts = r.texts
    for k in range(1, len(texts) - 1):
        if texts[k] in LIST_CONNECTORS and any(t in ("of", "for", "af") for t in texts[:k]) and \
                r.rec._has_org_head(texts, r.careful):
            continue  # "National Institute of Economic and Social Research": one name
        if texts[k] in LIST_CONNECTORS or (texts[k] in ORG_CONNECTORS and texts[k] != "&" and r.first_name):
            return r.split(k, 1)
    return None


def _legal_form(r: Run) -> list[Candidate] | None:
    """Company legal form at the end: "Mærsk A/S", "Acme Corp."."""
    last, forms = r.texts[-1], r.gaz.legal_forms
    if len(r.texts) > 1 and (last in forms or last.rstrip(".") in forms):
        return r.cand("Company", 0.9, "legal-form", key=r.surface)
    return None


def _ampersand(r: Run) -> list[Candidate] | None:
    return r.cand("Company", 0.75, "ampersand", key=r.surface) if "&" in r.texts else None


def _given_name_in_context(r: Run) -> list[Candidate] | None:
    """"Lucy Park, who leads the union", "siger Henriette Bay": a given name and a surname that is also a head
    word, said by the sentence to be a person. Without such evidence the head word decides ("i Victoria Park")."""
    if r.given_then_head and r.person_context:
        return r.cand("Person", 0.85, "first-name-context")
    return None


def _company_head(r: Run) -> list[Candidate] | None:
    """A business word ends the name: "Tang Electronics" is a company, "Anders Vind" a person."""
    texts = r.texts
    if len(texts) > 1 and not r.careful and r.rec._company_name(texts, r.lang) and not (
            r.first_name and len(texts[-1]) < 6):
        return r.cand("Company", 0.8, "company-head")
    return None


def _org_head(r: Run) -> list[Candidate] | None:
    if not r.acronym and r.rec._has_org_head(r.texts, r.careful):
        c = r.cand("Organization", 0.8, "org-head")
        c[0].person_reading = r.given_then_head
        return c
    return None


def _place_prefix(r: Run) -> list[Candidate] | None:
    if len(r.texts) > 1 and r.texts[0] in r.gaz.place_prefixes and not r.first_name:
        return r.cand("Place", 0.75, "place-prefix")
    return None


def _place_head(r: Run) -> list[Candidate] | None:
    texts, gaz, toks, j = r.texts, r.gaz, r.toks, r.j
    if not r.acronym and not (r.careful and len(texts) == 1) and gaz.is_place_head(texts[-1]) and (
            len(texts) > 1 or texts[-1] not in gaz.place_heads) and not (
            r.first_name and texts[-1] not in gaz.place_heads):  # "Ellen Marstrand": a surname in -strand
        if j < len(toks) and toks[j].text.isdigit() and len(toks[j].text) <= 4 and r.lang == "da":
            j += 1  # a street address: "Bredegade 55"
        c = r.cand("Place", 0.75, "place-head", end=j)
        c[0].person_reading = r.given_then_head and j == r.j
        return c
    return None


def _full_name(r: Run) -> list[Candidate] | None:
    """A given name or an initial, then more: "Mette Frederiksen", "H.C. Andersen" (in running text)."""
    if len(r.texts) > 1 and (r.first_name or bool(_INITIAL.match(r.texts[0]))) and not r.careful:
        return r.cand("Person", 0.85, "first-name")
    return None


def _nationality(r: Run) -> list[Candidate] | None:
    """"Sjeng Schalken ( Netherlands )": a competitor and his or her country in a results list."""
    toks, j = r.toks, r.j
    if j + 2 < len(toks) and toks[j].text == "(" and toks[j + 2].text == ")" and not r.careful:
        country = r.gaz.places.get(r.rec._norm(toks[j + 1].text, True))
        if country is not None and country.type == "Country":
            return r.cand("Person", 0.7, "nationality")
    return None


def _connector_split(r: Run) -> list[Candidate] | None:
    """Connectors without an organisation head: the run is several names ("Bank of England" has its head)."""
    for k in range(1, len(r.texts) - 1):
        if r.texts[k] in ORG_CONNECTORS:
            return r.split(k, 1)
    return None


def _known_in_front(r: Run) -> list[Candidate] | None:
    """A known country or place in front of something else: "U.S. Labor Day"."""
    if len(r.texts) > 1 and not r.first_name:
        for k in range(len(r.texts) - 1, 0, -1):
            if r.known(r.surface_of(r.i, r.i + k)):
                return r.split(k)
    return None


def _known_behind(r: Run) -> list[Candidate] | None:
    """A known organisation or country behind something else: "mødte Løkke Huaweis ledelse"."""
    if len(r.texts) > 1 and not r.first_name:
        for k in range(1, len(r.texts)):
            known = r.rec._lookup(r.surface_of(r.i + k, r.j), r.lang)
            if known is not None and known[2] in ("known-org", "gazetteer-country"):
                return r.split(k)
    return None


def _full_name_title_case(r: Run) -> list[Candidate] | None:
    """A full name in a title-case line."""
    if len(r.texts) > 1 and (r.first_name or bool(_INITIAL.match(r.texts[0]))):
        return r.cand("Person", 0.85, "first-name")
    return None


def _org_cue(r: Run) -> list[Candidate] | None:
    """"telecom maker Nordlys Telekom", "forældrenetværket Bevar Skolerne": the noun before says what it is."""
    prev = r.prev
    cue = r.gaz.org_cue(prev.lower()) if prev[:1].islower() and not r.first_name and not r.title_before else None
    if cue is None or r.acronym or (len(r.texts) == 1 and zipf(r.texts[0].lower(), r.lang) >= 4.0):
        return None
    j, base = r.j, r.base
    if cue == "Organization":
        j, base = r.rec._local_branch(r.toks, r.i, j, base)
    return r.cand(cue, 0.75, "org-cue", key=base, end=j)


def _title_before(r: Run) -> list[Candidate] | None:
    return r.cand("Person", 0.85, "title") if r.title_before and not r.acronym else None


def _acronym(r: Run) -> list[Candidate] | None:
    if r.acronym and not (r.careful and _is_allcaps(r.toks[r.i].text) and not r.table):
        return r.cand("Organization", 0.6, "acronym")
    return None


def _shouted_word(r: Run) -> list[Candidate] | None:
    """A shouted word, not a name: "GEOLOGI", "RUBRIK"."""
    return [] if len(r.texts) == 1 and _is_allcaps(r.toks[r.i].text) else None


def _results_table(r: Run) -> list[Candidate] | None:
    """A team in a results table, if the report is about sport (decided per document); else unknown."""
    if not r.table:
        return None
    c = r.cand(None, 0.0, "results-table")
    c[0].table = True
    return c


def _speech_verb(r: Run) -> list[Candidate] | None:
    """A Danish speaker ("siger Hansen"), but "I Folketingssalen sagde ...": a definite noun is a place or a
    thing, never a speaker's name."""
    if r.speech and not r.careful and r.lang == "da" and not (
            len(r.texts) == 1 and r.rec._definite_noun(r.texts[0])):
        return r.cand("Person", 0.75, "speech-verb")
    return None


def _lone_first_name(r: Run) -> list[Candidate] | None:
    return r.cand("Person", 0.6, "first-name") if len(r.texts) == 1 and r.first_name else None


def _capitals_first(r: Run) -> list[Candidate] | None:
    """"AOL Europe": an English name opening with capitals."""
    if len(r.texts) > 1 and _is_allcaps(r.texts[0]) and not r.careful and r.lang == "en":
        return r.cand("Organization", 0.5, "default-multi")
    return None


def _preposition_place(r: Run) -> list[Candidate] | None:
    """"i Hirtshals", "in Aarhus"; but "i Camillas sofa": a genitive before a noun owns something, it is not where
    something is ("i Hirtshals med": "med" is no noun owned)."""
    toks, j, texts = r.toks, r.j, r.texts
    possessive = (r.base != r.surface and j < len(toks) and toks[j].text[:1].islower()
                  and zipf(toks[j].text, r.lang) < 5.0)
    if r.prev.lower() in PLACE_PREPOSITIONS and not possessive and not (r.lang == "da" and (
            len(texts) > 1 or r.rec._definite_noun(texts[0]))):
        return r.cand("Place", 0.5, "preposition-place")
    return None


def _preposition_org(r: Run) -> list[Candidate] | None:
    return r.cand("Organization", 0.5, "preposition-org") if r.prev.lower() in ORG_PREPOSITIONS else None


def _headline(r: Run) -> list[Candidate] | None:
    """In a headline, only known names, or a word the article's text may confirm."""
    if not r.careful:
        return None
    if len(r.texts) > 1:
        return r.rec._segment(r.toks, r.i, r.j, r.lang, r.sent_index, r.careful)
    return r.cand(None, 0.0, "headline")


def _sentence_start(r: Run) -> list[Candidate] | None:
    return r.cand(None, 0.0, "sentence-start") if r.at_start and len(r.texts) == 1 else None


def _several_words(r: Run) -> list[Candidate] | None:
    """Several capitalised words nothing above explains."""
    texts, gaz = r.texts, r.gaz
    if len(texts) == 1:
        return None
    if r.lang == "da":
        return r.rec._danish_multi(r.toks, r.i, r.j, texts, r.base, r.sent_index)
    # Names of people are rarely made of everyday words; "Air France", "Human Rights Watch" are.
    if any(t in NAME_PARTICLES for t in texts):
        return r.cand("Person", 0.6, "name-particle")
    last = gaz.places.get(texts[-1])
    # (a city big enough to have clubs; small towns share their names with surnames: "Lopez", "Quesada")
    if last is not None and last.population >= 100_000 or _is_allcaps(texts[0]) and not r.careful:
        return r.cand("Organization", 0.5, "default-multi")  # "PSV Eindhoven", "Ruch Chorzow": a club, a company
    if all(zipf(t.lower(), "en") >= 4.5 for t in texts):
        return []  # "Foreign Minister", "Human Rights": everyday words in title case, nothing says a name
    if texts[0] == "The" or any(zipf(t.lower(), "en") >= 4.3 and t not in gaz.first_names for t in texts):
        return r.cand("Organization", 0.45, "default-multi")
    return r.cand("Person", 0.45, "default-multi")


def _everyday_word(r: Run) -> list[Candidate] | None:
    """"Prime", "Foreign": a capitalised everyday word left over from a longer phrase."""
    return [] if r.lang == "en" and zipf(r.texts[0].lower(), "en") >= 4.0 else None


def _single_word(r: Run) -> list[Candidate] | None:
    """A lone capitalised word: typed per document, if anything there explains it."""
    return r.cand(None, 0.0, "default-single")


# The rules in the order they are tried: the first that returns candidates (or [] for "no name") decides.
RULES: tuple[tuple[str, Rule], ...] = (
    ("definite-role", _definite_role),
    ("generic-noun", _generic_noun),
    ("leading-title", _leading_title),
    ("common-phrase", _common_phrase),
    ("gazetteer", _gazetteer),
    ("shouted-headline", _shouted_headline),
    ("org-prefix", _org_prefix),
    ("lone-demonym", _lone_demonym),
    ("demonym-then-person", _demonym_then_person),
    ("title-inside", _title_inside),
    ("words-before-full-name", _words_before_full_name),
    ("stop-word-inside", _stop_word_inside),
    ("danish-noun-first", _danish_noun_first),
    ("frequent-first-word", _frequent_first_word),
    ("genitive-owner", _genitive_owner),
    ("list-connector", _list_connector),
    ("legal-form", _legal_form),
    ("ampersand", _ampersand),
    ("given-name-in-context", _given_name_in_context),
    ("company-head", _company_head),
    ("org-head", _org_head),
    ("place-prefix", _place_prefix),
    ("place-head", _place_head),
    ("full-name", _full_name),
    ("nationality", _nationality),
    ("connector-split", _connector_split),
    ("known-in-front", _known_in_front),
    ("known-behind", _known_behind),
    ("full-name-title-case", _full_name_title_case),
    ("org-cue", _org_cue),
    ("title-before", _title_before),
    ("acronym", _acronym),
    ("shouted-word", _shouted_word),
    ("results-table", _results_table),
    ("speech-verb", _speech_verb),
    ("lone-first-name", _lone_first_name),
    ("capitals-first", _capitals_first),
    ("preposition-place", _preposition_place),
    ("preposition-org", _preposition_org),
    ("headline", _headline),
    ("sentence-start", _sentence_start),
    ("several-words", _several_words),
    ("everyday-word", _everyday_word),
    ("single-word", _single_word),
)


_SCORE = re.compile(r"^\d{1,2}-\d{1,2}$")


def _match_line_teams(text: str, all_tokens: list[list[Token]], regions, first_names) -> list[Mention]:
    """The two clubs of a match line, "AaB-Vejle 2-1" or "Brøndby-FC København 0-0": capitalised words joined by
    one tight hyphen right before a score, opening the line (or following a colon). "beat Jean-Marc Rosset 6-3" is a
    player: a given name on the left is never a club."""
    out: list[Mention] = []
    for toks, (sent_index, _, _) in zip(all_tokens, regions, strict=True):
        for k, t in enumerate(toks):
            if not _SCORE.match(t.text):
                continue
            first = k
            while first > 0 and (_is_cap(toks[first - 1].text) or toks[first - 1].text in ("-", "–")) \
                    and k - first < 6:
                first -= 1
            if first == k or (first > 0 and toks[first - 1].text not in (":", ";")):
                continue
            start, end = toks[first].start, toks[k - 1].end
            pair = re.fullmatch(r"(.+?)[-–](.+)", text[start:end])  # a tight hyphen: "CRICKET - AUSTRALIA" is a head
            if pair is None or pair.group(1).count("-") or pair.group(2).count("-"):
                continue  # no hyphen, or more than one: not a pairing of two clubs
            home, away = pair.span(1), pair.span(2)
            if not all(_is_cap(text[start + a:start + b]) for a, b in (home, away)) \
                    or text[start + home[0]:start + home[1]] in first_names:
                continue
            for a, b in (home, away):
                name = text[start + a:start + b]
                out.append(Mention(start + a, start + b, name, "Organization", label=name, confidence=0.75,
                                   source="match-line", sentence=sent_index, rule="match-line"))
    return out


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            if (m.end - m.start, m.confidence) > (out[-1].end - out[-1].start, out[-1].confidence):
                out[-1] = m
            continue
        out.append(m)
    return out


@component("mentions", requires=["sentences"], assigns=["mentions"])
def make_mentions() -> Recogniser:
    """The rule-based name recogniser (see module docstring)."""
    return Recogniser()
