"""Roles and positions: who holds which role at which organisation or country, as of the article's date.

Patterns, all inside one sentence and anchored on a linked Person mention:

- before the name: "Huaweis bestyrelsesformand Liang Hua", "Huawei chairman Liang Hua", "den danske forsvarsminister
  Troels Lund Poulsen", "the Danish defence minister, Troels Lund Poulsen", "the CEO of Huawei, Ren Zhengfei";
- after the name: "Meng Wanzhou, CFO of Huawei", "Liang Hua, bestyrelsesformand i Huawei", "Meng Wanzhou, Huawei's
  CFO", "X, der er direktør i Y", "X, who is chairman of Y", "X is the chief executive of Y", with dates and verbs
  between ("X blev i 2015 udnævnt til", "X, der i 2021 blev ansat som", "X (kulturminister 2016-2019)");
- around it: a phrase opening the sentence ("Som formand for Y har X", "After eight years as mayor, X"), a clause by
  pronoun before the name ("Mens hun var direktør i Y, stod X"), a second predicate ("X tiltræder 1. april og var
  indtil sidste år økonomichef i Y"), the same post in another country ("hendes danske kollega, X").

Role words come from lexicons/roles_{da,en}.tsv (Danish compounds by their head: "*minister"), nationality adjectives
from lexicons/roles_nationalities.tsv. Words of time before the role ("tidligere", "former", "nuværende", "current",
"kommende", "ex-") are not articles: graph/extract/role_time.py reads them, with the verbs and dates around the role,
into its status (current, former, incoming, ended) and valid_from / valid_until. Each role is also stamped with the
article's date (when it was said). A role at an organisation also becomes a `worksFor` relation; at a country a
`holdsRoleAt` relation.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pycountry

from graph.dates import date_part
from graph.extract.events import LANGS, role_words
from graph.extract.lexicons import read_table
from graph.extract.pipeline import component
from graph.extract.role_time import cue_words, date_spans, opens_with_time_phrase, read_role_time
from graph.extract.text import SentenceWords
from graph.model import Doc, Entity, Mention, Relation, Role, linked_id
from graph.rdf.iris import entity_id


@cache
def _modifiers_en() -> frozenset[str]:
    return frozenset(row[0].lower() for row in read_table("roles_modifiers_en.tsv"))


@cache
def _nationalities() -> dict[str, str]:
    """Nationality adjective -> ISO country code."""
    return {row[0]: row[1] for row in read_table("roles_nationalities.tsv")}


@cache
def _nationality_pattern() -> re.Pattern[str]:
    words = sorted(_nationalities(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")\s+$")


@cache
def _status_words(lang: str) -> frozenset[str]:
    """One-word status cues of the role-time lexicon ("tidligere", "former", "kommende"): skipped like articles to
    find the role, and read by role_time for its status."""
    return frozenset(words[0] for words, (kind, _) in cue_words(lang).phrases.items()
                     if kind in ("former", "current", "incoming") and len(words) == 1)


@cache
def _skipped(lang: str) -> frozenset[str]:
    return ARTICLES | _status_words(lang)


@cache
def _genitive_gap(lang: str) -> re.Pattern[str]:
    """Between "Huawei" and the role word, maybe with a status word: "Huaweis tidligere finanschef"."""
    status = "|".join(sorted(map(re.escape, _status_words(lang))))
    return re.compile(rf"^(?:(?:'s|’s|'|s)?\s+(?:(?:{status})\s+)?|-)$", re.IGNORECASE)  # "-": "DBU-formand"


ORG_TYPES = {"Organization", "Company", "Country"}
ARTICLES = frozenset({"the", "a", "an", "den", "det", "en", "et", "new", "ny", "nye", "its", "their", "his", "her",
                      "sin", "sit", "sine"})
ROLE_PREPS = {"of", "at", "for", "in", "i", "hos", "ved", "fra", "from", "til", "on"}
# "X er direktør", "X har været direktør", "X bliver direktør", "X will become CEO": one or more of these
COPULA = {"er", "var", "blev", "bliver", "is", "was", "became", "becomes", "become", "will", "has", "had", "have",
          "been", "har", "havde", "været", "skal", "vil"}
RELATIVE = {"der", "som", "who"}
PRONOUN = re.compile(r"\s*(\w+)\b")
PRONOUNS = {"da": {"han", "hun"}, "en": {"he", "she"}}
ADVERBS = {"nu", "now", "også", "also", "fortsat", "still", "stadig", "snart", "soon"}  # "X er nu direktør"
# "skal være formand", "is set to become president", "is expected to be named": verbs and words of the future
MODAL = {"skal", "være", "vil", "fremover", "set", "to", "expected", "due", "poised", "likely", "going", "be"}
# "Regeringen har udnævnt X til ny ambassadør": a verb giving the person the post named after "til"
APPOINTING = {"udnævnt", "udnævnte", "udnævner", "valgt", "valgte", "ansat", "ansatte", "ansætter", "udpeget",
              "udpegede", "forfremmet", "indstillet", "peget"}
DATE_GAP = re.compile(r"\s+\d{1,2}\.?\s+")  # "Ole Brink 1. august overtager": a day's number after the name
# "X was named rector of Y", "X er udnævnt til direktør": the role follows the participle
APPOINTED = {"named", "appointed", "elected", "re-elected", "udnævnt", "valgt", "genvalgt", "ansat", "udpeget",
             "til"}
# what stands between a subject and its role word: "er nu", "blev udnævnt", "vil fremover være"
PREDICATE_WORDS = COPULA | ADVERBS | APPOINTED | MODAL
PRE_GAP = re.compile(r"^,?\s*$")  # between the role word and the name: "forsvarsminister Troels" or "minister, Troels"
# "chef fra 2010 til 2015, Finn": only an interval of years between the role word and the name
INTERVAL_GAP = re.compile(r"^\s+(?:fra|from|between|mellem)\s+\d{4}\s+(?:til|to|og|and|-)\s+\d{4},\s*$",
                          re.IGNORECASE)


def country_id(code: str) -> str:
    return entity_id("Country", code)


def normalise_role(words: list[str], lang: str) -> str:
    lexicon = role_words(lang)
    hit = lexicon.match(words, 0) if words else None
    if hit is not None and hit.kind == "phrase" and hit.length == len(words):
        return str(hit.value).lower()  # as the lexicon writes it: "adm. direktør", not "adm direktør"
    role = " ".join(words)
    if lang == "da" and len(words) == 1 and role.endswith("en"):
        base = role[:-2]
        if lexicon.match([base], 0) is not None:
            role = base  # "ministeren" -> "minister"
    return role


class RoleExtractor:
    def __init__(self, country_labels: bool = True) -> None:
        self.country_labels = country_labels
        for lang in LANGS:  # read the word lists when the component is built
            role_words(lang)
        _modifiers_en(), _nationality_pattern()
        for lang in LANGS:
            _genitive_gap(lang)

    def __call__(self, doc: Doc) -> Doc:
        doc.roles = self.extract(doc)
        seen = {(r.subject, r.predicate, r.object) for r in doc.relations}
        for role in doc.roles:
            if role.org is None:
                continue
            org_type = doc.entities[role.org].type if role.org in doc.entities else "Country"
            predicate = "holdsRoleAt" if org_type == "Country" else "worksFor"
            key = (role.person, predicate, role.org)
            if key not in seen:
                seen.add(key)
                doc.relations.append(Relation(role.person, predicate, role.org, role.sentence, role.confidence))
        return doc

    def extract(self, doc: Doc) -> list[Role]:
        lang = doc.lang if doc.lang in LANGS else "en"
        day = date_part(doc.article.published)
        roles: list[Role] = []
        by_sentence: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            if m.entity_id and doc.in_body(m.start, m.end):
                si = m.sentence if m.sentence is not None else doc.sentence_at(m.start)
                if si is not None:
                    by_sentence.setdefault(si, []).append(m)
        for si, mentions in by_sentence.items():
            persons = [m for m in mentions if self._type(doc, m) == "Person"]
            if not persons:
                continue
            s = doc.sentences[si]
            sent = _without_prefixes(SentenceWords.of(doc.text, s.start, s.end), lang, doc.text)
            orgs = [m for m in mentions if self._type(doc, m) in ORG_TYPES]
            places = [m for m in mentions if self._type(doc, m) == "Place"]
            for p in persons:
                ahead = self._pronoun_ahead(doc, lang, sent, p, orgs, si) if p is persons[0] else None
                if ahead is not None:
                    # the clause's verb tells the role's time ("Mens hun var ..."), not the main clause's
                    pronoun, clause_end, (words, org, span, confidence, words_span) = ahead
                    roles.append(self._role(doc, lang, si, pronoun, words, org, span, confidence, words_span,
                                            (s.start, clause_end), day))
                    roles[-1].person = linked_id(p)
                    continue
                before = self._before(doc, lang, sent, p, orgs, places)
                after = self._after(doc, lang, sent, p, orgs)
                if before is None and after is None and p is persons[0]:
                    fronted = self._fronted(doc, lang, sent, p, orgs)
                    if fronted is not None:
                        words, org, span, confidence, words_span = fronted
                        roles.append(self._role(doc, lang, si, p, words, org, span, confidence, words_span,
                                                (s.start, s.end), day))
                        continue
                if before is None and after is None:
                    same = self._counterpart(doc, lang, sent, p, roles, si)
                    if same is not None:
                        words, org, span, confidence, words_span = same
                        roles.append(self._role(doc, lang, si, p, words, org, span, confidence, words_span,
                                                (span[0], s.end), day))
                        continue
                found = before or after
                if found is None and (joined := self._joined_predicate(doc, lang, sent, p, orgs)) is not None:
                    # "X tiltræder 1. april og var indtil sidste år økonomichef i Y": the role's words of time
                    # start at "og"
                    at, (words, org, span, confidence, words_span) = joined
                    marker = Mention(at[0], at[1], "", "Person", p.entity_id, sentence=si)
                    roles.append(self._role(doc, lang, si, marker, words, org, span, confidence, words_span,
                                            (at[0], s.end), day))
                    roles[-1].person = linked_id(p)
                    continue
                later = self._later_predicate(doc, lang, sent, p, orgs, found[2][1] if found else p.end)
                statements = []
                if before is not None and after is not None and later is None:
                    # "hired former Netflix content chief X as its new chief content officer": one role each side
                    later = (p.end, after)
                if found is not None:
                    # the first role's words of time stop where the second statement starts
                    statements.append((found, (s.start, later[0] if later else s.end)))
                if later is not None:
                    # a relative clause with no role of its own ("X, who left in March, had been CFO") tells of
                    # the later role
                    relative = sent.index_from(p.end) < len(sent.words) \
                        and sent.words[sent.index_from(p.end)] in RELATIVE
                    statements.append((later[1], (s.start if found is None and relative else later[0], s.end)))
                for (words, org, span, confidence, words_span), clause in statements:
                    roles.append(self._role(doc, lang, si, p, words, org, span, confidence, words_span,
                                            clause, day))
        roles.extend(self._told_again(doc, lang, roles, by_sentence, day))
        roles.sort(key=lambda r: r.start)
        return roles

    def _told_again(self, doc: Doc, lang: str, roles: list[Role], by_sentence: dict[int, list[Mention]],
                    day: str | None) -> list[Role]:
        """The next sentence often goes on about the person by pronoun: "... udpeget X som ny finansdirektør. Han
        tiltræder 1. april", "X, Gentofte Kommunes borgmester, ... Han blev borgmester i 2007". A sentence opening
        with "han"/"hun"/"he"/"she" right after a sentence with one person's role is about that person: a role word
        there is another statement of theirs (its dates fill the earlier one's gaps), and with none, its words of time
        complete the earlier role."""
        added: list[Role] = []
        by_si: dict[int, list[Role]] = {}
        for r in roles:
            if r.sentence is not None:
                by_si.setdefault(r.sentence, []).append(r)
        for si, earlier in sorted(by_si.items()):
            if si + 1 >= len(doc.sentences) or len({r.person for r in earlier}) != 1:
                continue
            s = doc.sentences[si + 1]
            opening = PRONOUN.match(doc.text, s.start, s.end)
            if opening is None or opening.group(1).lower() not in PRONOUNS[lang]:
                continue
            if any(self._type(doc, m) == "Person" for m in by_sentence.get(si + 1, [])):
                continue  # the sentence names people of its own
            person = earlier[-1].person
            pronoun = Mention(opening.start(1), opening.end(1), opening.group(1), "Person", person,
                              sentence=si + 1)
            sent = _without_prefixes(SentenceWords.of(doc.text, s.start, s.end), lang, doc.text)
            orgs = [m for m in by_sentence.get(si + 1, []) if self._type(doc, m) in ORG_TYPES]
            found = self._after(doc, lang, sent, pronoun, orgs)
            if found is not None:
                words, org, span, confidence, words_span = found
                again = self._role(doc, lang, si + 1, pronoun, words, org, span, confidence, words_span,
                                   (s.start, s.end), day)
                same = next((r for r in earlier if r.role == again.role), None)
                if same is None:
                    added.append(again)
                    continue
                same.valid_from = same.valid_from or again.valid_from
                same.valid_until = same.valid_until or again.valid_until
                if same.status == "current":
                    same.status = again.status
                continue
            end = s.end
            if (joined := self._joined_predicate(doc, lang, sent, pronoun, orgs)) is not None:
                # "Han tiltræder 1. april og var indtil sidste år økonomichef i Y": a role of its own after "og";
                # the words before it still complete the earlier role
                at, (words, org, span, confidence, words_span) = joined
                marker = Mention(at[0], at[1], "", "Person", person, sentence=si + 1)
                added.append(self._role(doc, lang, si + 1, marker, words, org, span, confidence, words_span,
                                        (at[0], s.end), day))
                added[-1].person = person
                end = at[0]
            target = earlier[-1]
            time = read_role_time(doc.text, lang, (s.start, end), (pronoun.start, pronoun.end),
                                  (pronoun.start, pronoun.end), doc.article.published)
            if target.status == "current" and time.status != "current":
                target.status = time.status
            if target.status == time.status or time.status == "current":
                target.valid_from = target.valid_from or time.valid_from
                target.valid_until = target.valid_until or time.valid_until
        return added

    def _role(self, doc: Doc, lang: str, si: int, p: Mention, role_words: list[str], org: str | None,
              span: tuple[int, int], confidence: float, words_span: tuple[int, int], clause: tuple[int, int],
              day: str | None) -> Role:
        time = read_role_time(doc.text, lang, clause, words_span, (p.start, p.end),
                              doc.article.published, span)
        role = Role(
            id=f"role-{span[0]}-{span[1]}",
            person=linked_id(p),
            role=normalise_role(role_words, lang),
            org=org,
            start=span[0],
            end=span[1],
            sentence=si,
            date=day,
            confidence=confidence,
            status=time.status,
            valid_from=time.valid_from,
            valid_until=time.valid_until,
        )
        if org and org not in doc.entities and org.startswith("country-"):
            self._add_country(doc, org)
        return role

    def _later_predicate(self, doc: Doc, lang: str, sent: SentenceWords, p: Mention, orgs: list[Mention],
                         after: int) -> tuple[int, tuple] | None:
        """A second role of the same person, in the main clause after an appositive or relative one: "X, der
        indtil 2024 var kontorchef i Y, bliver ny direktør i Z", "X, formerly director of Y, will become CEO of
        Z", "X, Denmark's trade minister until 2024, returns to Y as chief executive". Returns the offset where
        that clause starts and the role found there."""
        s_end = sent.ends[-1] if sent.ends else p.end
        if not doc.text[p.end:s_end].lstrip().startswith(","):
            return None
        opening = doc.text.index(",", p.end)
        closing = doc.text.find(",", max(after, opening + 1), s_end)
        if closing < 0:
            return None
        q = sent.index_from(closing)
        if q >= len(sent.words) or sent.words[q] not in COPULA and self._as_within(doc, sent, q) is None:
            return None
        found = self._after(doc, lang, sent, p, orgs, start_word=q)
        return (closing + 1, found) if found is not None else None

    def _fronted(self, doc: Doc, lang: str, sent: SentenceWords, p: Mention, orgs: list[Mention]):
        """A role in a phrase opening the sentence, about its subject: "Som formand for Y har X ...", "As chief
        executive of Y, X oversaw ...", "Efter tolv år som borgmester går X af", "After eight years as mayor, X
        ..."; the person is named within a few words after it."""
        k = sent.index_before(p.start) + 1
        head = FRONTED.get(lang)
        if head is None or k < 2 or not head.match(doc.text, sent.starts[0], sent.ends[min(k, 5) - 1]):
            return None
        at = next((i for i in range(min(k, 5)) if sent.words[i] in {"som", "as"}), None)
        if at is None:
            return None
        found = self._after(doc, lang, sent, p, orgs, start_word=at + 1, direct=True)
        if found is None:
            return None
        words, org, span, confidence, words_span = found
        gap = doc.text[span[1]:p.start] if span[1] <= p.start else ""
        if span[1] > p.start or len(TOKEN_RE.findall(gap)) > 4 or lang == "en" and "," not in gap:
            return None
        return words, org, (words_span[0], p.end), confidence, words_span

    def _pronoun_ahead(self, doc: Doc, lang: str, sent: SentenceWords, p: Mention, orgs: list[Mention], si: int):
        """A clause opening the sentence about its subject by pronoun, before the name: "Mens hun var direktør i Y
        fra 2018 til 2023, stod X bag ...", "When he was CEO of Y, X ..."; the name follows the clause's comma
        within a few words. Returns the pronoun as a mention, where the clause ends, and the role found in it."""
        opening = PRONOUN_AHEAD[lang].match(doc.text, sent.starts[0] if sent.starts else p.start, p.start)
        if opening is None:
            return None
        comma = doc.text.rfind(",", opening.end(), p.start)
        if comma < 0 or len(TOKEN_RE.findall(doc.text, comma, p.start)) > 3:
            return None
        pronoun = Mention(opening.start("pron"), opening.end("pron"), opening["pron"], "Person", p.entity_id,
                          sentence=si)
        found = self._after(doc, lang, sent, pronoun, orgs)
        if found is None or found[2][1] > comma:
            return None
        return pronoun, comma, found

    def _counterpart(self, doc: Doc, lang: str, sent: SentenceWords, p: Mention, roles: list[Role], si: int):
        """"Sveriges finansminister, A, og hendes danske kollega, B": B holds the same post in the country of the
        adjective ("his Swedish counterpart, B"); the role is the one named last before in the sentence."""
        start = doc.sentences[si].start
        m = COUNTERPART[lang].search(doc.text, start, p.start)
        if m is None or m.end() != p.start:
            return None
        nationality = doc.text[m.start("adj"):m.end("adj")]
        code = _nationalities().get(nationality) or _nationalities().get(nationality.capitalize())
        earlier = [r for r in roles if r.sentence == si and r.end <= m.start()]
        if code is None or not earlier:
            return None
        role_text = earlier[-1].role
        span = (m.start("adj"), p.end)
        return role_text.split(), country_id(code), span, 0.7, (m.start("noun"), m.end("noun"))

    def _joined_predicate(self, doc: Doc, lang: str, sent: SentenceWords, p: Mention, orgs: list[Mention]):
        """A second predicate of the person joined by "og" / "and" with a verb of being: "Han tiltræder 1. april og
        var indtil sidste år økonomichef i Y", "She joins in May and was previously CFO of Y". Returns the span of
        "og" and the role found after it."""
        first = sent.index_from(p.end)
        for k in range(first, min(first + 8, len(sent.words) - 1)):
            if "," in doc.text[p.end:sent.starts[k]]:
                return None
            if sent.words[k] in {"og", "and"} and sent.words[k + 1] in COPULA:
                found = self._after(doc, lang, sent, p, orgs, start_word=k + 1)
                return ((sent.starts[k], sent.ends[k]), found) if found is not None else None
        return None

    @staticmethod
    def _type(doc: Doc, m: Mention) -> str:
        ent = doc.entities.get(m.entity_id or "")
        return ent.type if ent else m.type

    def _add_country(self, doc: Doc, cid: str) -> None:
        """A country named only by an adjective ("den danske minister") still needs a labelled node."""
        code = cid.split("-", 1)[1].upper()
        country = pycountry.countries.get(alpha_2=code)
        doc.entities[cid] = Entity(cid, "Country", country.name if country else code, codes={"iso3166": code})

    def _role_ending_at(self, lang: str, sent: SentenceWords, k: int, text: str = "") -> int | None:
        """Index of the first word of the longest role phrase ending just before word k, or None."""
        lexicon = role_words(lang)
        for j in range(max(0, k - 4), k):
            hit = lexicon.match(sent.words, j)
            if hit is not None and (j + hit.length == k or _head_of_end(lang, sent, text, j + hit.length) == k):
                while lang == "en" and j > 0 and sent.words[j - 1] in _modifiers_en() and k - j < MAX_ROLE_WORDS:
                    j -= 1  # "deputy police commissioner", "chief operating officer"
                return j
        return None

    def _role_starting_at(self, lang: str, sent: SentenceWords, j: int, text: str = "") -> int | None:
        """Index just after the role phrase starting at word j (after up to two English portfolio or department
        words: "sporting director", "deputy police commissioner"; with "head of research"), or None."""
        if j >= len(sent.words):
            return None
        lexicon = role_words(lang)
        first = j
        while lang == "en" and first - j < 2 and first + 1 < len(sent.words) and sent.words[first] in _modifiers_en():
            first += 1
        for start in range(first, j - 1, -1):  # most department words first; "general" may be the role itself
            hit = lexicon.match(sent.words, start)
            if hit is not None:
                end = start + hit.length
                return _head_of_end(lang, sent, text, end) or end
        return None

    def _org_ending_at(self, doc: Doc, lang: str, orgs: list[Mention], offset: int) -> Mention | None:
        for o in orgs:
            if o.end <= offset and _genitive_gap(lang).match(doc.text[o.end:offset]):
                return o
        return None

    def _nationality(self, doc: Doc, sent_start: int, offset: int, orgs: list[Mention]) -> str | None:
        window = doc.text[max(sent_start, offset - 40):offset]
        m = _nationality_pattern().search(window)
        if m is None:
            return None
        adj_start = offset - len(window) + m.start(1)
        for o in orgs:  # the recogniser may already link the adjective to the country
            if o.start <= adj_start < o.end and self._type(doc, o) == "Country":
                return o.entity_id
        return country_id(_nationalities()[m.group(1)])

    def _before(self, doc: Doc, lang: str, sent: SentenceWords, p: Mention, orgs: list[Mention],
                places: Sequence[Mention] = ()):
        """Role words right before the name: '[Org's|nationality] role[,] NAME' or 'role of Org, NAME'."""
        k = sent.index_before(p.start) + 1  # index of the first word of the name
        if k == 0:
            return None
        j = self._role_ending_at(lang, sent, k, doc.text)
        if j is None and k >= 3 and INTERVAL_GAP.match(doc.text[sent.ends[k - 3]:p.start]):
            k -= 2  # the role ends before "fra 2010 til 2015,"; role_time reads the interval
            j = self._role_ending_at(lang, sent, k, doc.text)
            gap_ok = j is not None
        elif j is None and (timed := self._time_phrase_before(doc, lang, sent, k, p)) is not None:
            k = timed  # "Vodafone's chief executive since 2019, Karen Wells": role_time reads "since 2019"
            j = self._role_ending_at(lang, sent, k, doc.text)
            gap_ok = j is not None
        else:
            gap_ok = j is not None and bool(PRE_GAP.match(doc.text[sent.ends[k - 1]:p.start]))
        if j is not None and gap_ok:
            role_words = sent.words[j:k]
            role_start = sent.starts[j]
            words_span = (role_start, sent.ends[k - 1])
            org = self._org_ending_at(doc, lang, orgs, role_start)
            if org is not None:
                return role_words, org.entity_id, (org.start, p.end), 0.85, words_span
            sent_start = doc.sentences[p.sentence].start if p.sentence is not None else 0
            nationality = self._nationality(doc, sent_start, role_start, orgs)
            if nationality:
                return role_words, nationality, (role_start, p.end), 0.85, words_span
            return role_words, None, (role_start, p.end), 0.7, words_span
        # "the CEO of Huawei, Ren Zhengfei": role, preposition, organisation, comma, name
        # (a place there, as the recogniser may take a club or a town for: "head coach of Chelsea, X", gives the
        # role with no organisation)
        # (or in Danish with no comma: "direktør i Salling Group Anders Holm"; not after a genitive, "minister of
        # India's Andhra Pradesh")
        org = next((o for o in [*orgs, *places] if o.end <= p.start and (
            doc.text[o.end:p.start].strip() == "," or lang == "da" and not doc.text[o.end:p.start].strip()
            and not doc.text[o.start:o.end].endswith(("'s", "’s", "s")))), None)
        if org is None:
            return None
        ko = sent.index_before(org.start)
        if ko < 0 or sent.words[ko] not in ROLE_PREPS:
            return None
        j = self._role_ending_at(lang, sent, ko, doc.text)
        if j is None:
            return None
        org_id = org.entity_id if org in orgs else None
        return sent.words[j:ko], org_id, (sent.starts[j], p.end), 0.8, (sent.starts[j], sent.ends[ko - 1])

    def _adjective_role(self, doc: Doc, lang: str, sent: SentenceWords, q: int) -> bool:
        """Whether the role word at q is an adjective of the next noun: "the government's chief witness"."""
        end = self._role_starting_at(lang, sent, q, doc.text)
        return end is not None and end == q + 1 and sent.words[q] in ADJECTIVE_ROLES and end < len(sent.words) \
            and not doc.text[sent.ends[q]:sent.starts[end]].strip() and sent.words[end] not in ROLE_PREPS

    @staticmethod
    def _time_phrase_before(doc: Doc, lang: str, sent: SentenceWords, k: int, p: Mention) -> int | None:
        """Index of the first word of a time phrase set off by a comma right before the name ("chief executive
        since 2019, X", "direktør frem til 2024, X"), or None."""
        comma = doc.text.rfind(",", sent.ends[k - 1] if k > 0 else p.start, p.start)
        if k < 3 or comma < 0 or doc.text[comma + 1:p.start].strip():
            return None
        dated = _date_words(doc, lang, sent)
        for m in range(k - 1, max(0, k - 6) - 1, -1):  # (digits are not words: "since 2019" is one)
            if opens_with_time_phrase(doc.text, lang, sent.starts[m], comma) and all(
                    i in dated or i == m or sent.words[i] in SPAN_WORDS for i in range(m, k)):
                return m
        return None

    @staticmethod
    def _appointed_before(sent: SentenceWords, p: Mention) -> bool:
        """Whether an appointing verb stands within two words before the name ("har udnævnt X", "valgt X")."""
        k = sent.index_before(p.start)
        return any(sent.words[i] in APPOINTING for i in range(max(0, k - 1), k + 1))

    def _past_time_phrase(self, doc: Doc, lang: str, sent: SentenceWords, q: int) -> int:
        """Past a time phrase between the verb and the role: "X bliver fra 1. maj ny direktør", "X will from
        Monday be ..."; role_time reads the phrase. Returns q unchanged when none is there."""
        if q >= len(sent.words) or self._role_starting_at(lang, sent, q, doc.text) is not None:
            return q
        for k in range(q + 1, min(q + 4, len(sent.words))):
            if opens_with_time_phrase(doc.text, lang, sent.starts[q], sent.starts[k]) and (
                    self._role_starting_at(lang, sent, k, doc.text) is not None
                    or sent.words[k] in _skipped(lang)):
                return k
        return q

    @staticmethod
    def _as_within(doc: Doc, sent: SentenceWords, q: int, reach: int = 6, dated: frozenset[int] = frozenset()
                   ) -> int | None:
        """Index of "som"/"as" within a few words after q, with no comma or clause break before it; words of a
        date (`dated`) and auxiliaries do not count towards the reach: "steps down at the end of the year as
        chairman"."""
        k, counted = q, 0
        while k < len(sent.words) and counted < reach:
            if sent.words[k] in {"som", "as"}:
                return k
            if sent.words[k] == "of" and k > q and sent.words[k - 1] in POST_WORDS:
                return k  # "took up the post of rector", "was given the role of chair"
            if "," in doc.text[sent.ends[k]:sent.starts[k + 1]] if k + 1 < len(sent.words) else True:
                return None
            counted += k not in dated and sent.words[k] not in COPULA  # "has been", "vil være": auxiliaries
            k += 1
        return None

    def _past_predicate(self, doc: Doc, lang: str, sent: SentenceWords, q: int) -> int:
        """Past the verbs, adverbs and dates between the subject and the role word: "er nu", "blev i 2015 udnævnt
        til", "was last year appointed", "har siden 2019 været"; role_time reads the dates."""
        dated: frozenset[int] | None = None
        while q < len(sent.words):
            if sent.words[q] in PREDICATE_WORDS:
                q += 1
                continue
            if tuple(sent.words[q:q + 2]) in FOR_NOW:
                q += 2  # "er indtil videre fungerende direktør"
                continue
            if dated is None:
                dated = _date_words(doc, lang, sent)
            if q not in dated or q + 1 >= len(sent.words):
                break
            q += 1
        return self._past_time_phrase(doc, lang, sent, q)

    def _after(self, doc: Doc, lang: str, sent: SentenceWords, p: Mention, orgs: list[Mention],
               start_word: int | None = None, direct: bool = False):
        """Role words after the name: 'NAME, [der er|who is] [the] [Org's|nationality] role [of|i|hos Org]'; or,
        from `start_word`, a main clause's predicate about the person ('..., er nu direktør i Y'), or with
        `direct` the role itself ("Som formand for Y ...")."""
        q = sent.index_before(p.end) + 1 if start_word is None else start_word
        if q >= len(sent.words):
            return None
        gap = doc.text[p.end:sent.starts[q]] if start_word is None else ""
        if DATE_GAP.fullmatch(gap):
            gap = " "  # only a date's digits between the name and the next word: "Ole Brink 1. august overtager"
        appointed_as = False
        between: tuple[int, int] | None = None  # words where the organisation of "who led Y as CEO" stands
        if direct:
            pass
        elif "," in gap:
            if sent.words[q] in RELATIVE:
                # "X, der er direktør", "X, der frem til 2024 var direktør" (a time phrase before the verb),
                # "X, who had led Coloplast as chief executive" (the role after "as")
                for k in range(q + 1, min(q + 6, len(sent.words))):
                    if "," in doc.text[sent.ends[k - 1]:sent.starts[k]]:
                        break
                    if sent.words[k] in COPULA:
                        q = self._past_predicate(doc, lang, sent, k)
                        # "X, der i 2021 blev ansat som salgsdirektør", "X, who was ousted as chairman"
                        if self._role_starting_at(lang, sent, q, doc.text) is None \
                                and _as_ahead(sent, q) \
                                and (as_at := self._as_within(doc, sent, q, dated=_uncounted(doc, lang, sent, orgs))):
                            between, q, appointed_as = (q, as_at), as_at + 1, True
                        break
                    if sent.words[k] in {"som", "as"} and k > q + 1:
                        between, q, appointed_as = (q + 1, k), k + 1, True
                        break
        elif gap.strip() == "(":
            pass  # "Anne Sørensen (kulturminister 2016-2019) modtog prisen": the role right inside the parenthesis
        elif gap.strip() == "" and _as_ahead(sent, q) and (
                as_at := self._as_within(doc, sent, q, dated=_uncounted(doc, lang, sent, orgs))) is not None:
            # "Mærsk har udnævnt X som ny topchef", "X was fired as coach of Y": a role the person is given or loses
            if as_at > q:
                # "..., returns to Danish Industry as chief executive", "X has led Y as CEO since 2019"
                between = (q, as_at)
            q = as_at + 1
            appointed_as = True
        elif gap.strip() == "" and sent.words[q] == "til" and self._appointed_before(sent, p):
            q += 1  # "Regeringen har udnævnt X til ny ambassadør": the post the person is given
            appointed_as = True
        elif gap.strip() == "" and sent.words[q] in COPULA:
            q = self._past_predicate(doc, lang, sent, q)
        elif gap.strip() == "" and lang == "da" and sent.index_before(p.start) >= 0 \
                and sent.words[sent.index_before(p.start)] in COPULA:
            # the verb before the subject: "Fra 1. marts bliver X ny direktør i Y", "I går blev X udnævnt til"
            q = self._past_predicate(doc, lang, sent, q)
        else:
            return None
        while q < len(sent.words) and sent.words[q] in _skipped(lang):
            q += 1
        if q >= len(sent.words):
            return None
        if q + 1 < len(sent.words) and doc.text[sent.starts[q]].islower() \
                and self._role_starting_at(lang, sent, q, doc.text) is None \
                and self._role_starting_at(lang, sent, q + 1, doc.text) is not None \
                and _common_genitive(doc.text, lang, sent, q) \
                and not self._adjective_role(doc, lang, sent, q + 1):
            q += 1  # "the bank's chief executive", "selskabets direktør": the organisation is not named
        org: str | None = None
        confidence = 0.75
        # "Huawei's CFO" / "Huaweis finanschef" / "the Danish minister"
        lead = next((o for o in orgs if o.start == sent.starts[q]), None)
        if lead is not None:
            nxt = sent.index_from(lead.end)
            if nxt < len(sent.words) and _genitive_gap(lang).match(doc.text[lead.end:sent.starts[nxt]]):
                org, q = lead.entity_id, nxt
                while q < len(sent.words) and sent.words[q] in _status_words(lang):
                    q += 1  # "Huawei's former CFO": the role starts after the status word
        elif doc.text[sent.starts[q]:sent.ends[q]] in _nationalities():
            org, q = country_id(_nationalities()[doc.text[sent.starts[q]:sent.ends[q]]]), q + 1
        end = self._role_starting_at(lang, sent, q, doc.text)
        if end is None:
            return None
        role_words = sent.words[q:end]
        span_end = sent.ends[end - 1]
        words_span = (sent.starts[q], span_end)
        if org is None:
            # "CFO of Huawei", "direktør i Vestas", "head of press at the Foreign Ministry": a preposition and an
            # organisation within a few words after the role, with no comma between
            for prep in range(end, min(end + 4, len(sent.words))):
                if prep > end and "," in doc.text[sent.ends[prep - 1]:sent.starts[prep]]:
                    break
                if sent.words[prep] not in ROLE_PREPS:
                    continue
                after_prep = prep + 1
                while after_prep < len(sent.words) and sent.words[after_prep] in _skipped(lang):
                    after_prep += 1
                target = next((o for o in orgs if after_prep < len(sent.words) and o.start == sent.starts[after_prep]),
                              None)
                if target is not None:
                    org, span_end, confidence = target.entity_id, target.end, 0.85
                    break
        elif org is not None:
            confidence = 0.85
        if org is None and between is not None:
            inside = [o for o in orgs if sent.starts[between[0]] <= o.start and o.end <= sent.ends[between[1] - 1]]
            if inside:
                org, confidence = inside[0].entity_id, 0.75
        if org is None and appointed_as:
            before = [o for o in orgs if o.end <= p.start and self._type(doc, o) != "Country"]
            if before:
                org, confidence = before[-1].entity_id, 0.6
        return role_words, org, (p.start, span_end), confidence, words_span


MAX_ROLE_WORDS = 5
DURATION = re.compile(r"(?<!\w)(?:i|for|in)\s+(?:\d+|\w+)\s+(?:år|måneder|uger|dage|years|months|weeks|days)"
                      r"(?!\w)|(?<!\w)for\s+a\s+(?:decade|year|while)(?!\w)", re.IGNORECASE)
FOR_NOW = {("indtil", "videre"), ("for", "now"), ("for", "nu")}
# role words that are also adjectives before a noun ("chief witness", "head office", "general election")
ADJECTIVE_ROLES = {"chief", "head", "general", "executive", "senior", "leading"}
# "the post of rector", "the role of chair": a noun of office before "of" introduces the role as "as" does
POST_WORDS = {"post", "role", "position", "job", "office", "title"}
# words of a time phrase that are not dates: "since", "frem til", "from ... until"
SPAN_WORDS = {"since", "siden", "from", "fra", "until", "till", "to", "til", "indtil", "frem", "and", "og", "mellem",
              "between", "through"}
# a word of start or end right before a date: "pr. 1. november", "siden januar"
DATE_LEADS = SPAN_WORDS | {"pr", "per"}
# A phrase opening the sentence with the subject's role: "Som formand ...", "Efter tolv år som borgmester ...",
# "As chief executive ...", "After eight years as mayor ..."
FRONTED = {
    "da": re.compile(r"\s*(?:Som|(?:Efter|Med)\s+(?:\w+\s+){1,3}som)\s", re.IGNORECASE),
    "en": re.compile(r"\s*(?:As|After\s+(?:\w+\s+){1,3}as)\s", re.IGNORECASE),
}
TOKEN_RE = re.compile(r"\w+")
# A clause about the subject by pronoun, opening the sentence before the name: "Mens hun var ...,", "When he was ...,"
PRONOUN_AHEAD = {
    "da": re.compile(r"\s*(?:Mens|Da|Dengang|Efter at|Før|Inden|Mens han|Siden)\s+(?P<pron>han|hun)\s", re.IGNORECASE),
    "en": re.compile(r"\s*(?:While|When|Before|After|Since|As|Until)\s+(?P<pron>he|she)\s", re.IGNORECASE),
}
# "hendes danske kollega, X", "his Swedish counterpart, X": the same post in another country. Only as an apposition
# set off by a comma: the events gold (tests/gold/events_en.jsonl en-02) reads "met his Swedish counterpart Pål
# Jonson" as no role statement.
COUNTERPART = {
    "da": re.compile(r"(?<!\w)(?:hans|hendes|sin|deres)\s+(?P<adj>\w+e)\s+(?P<noun>kollega|modpart)\s*,\s*",
                     re.IGNORECASE),
    "en": re.compile(r"(?<!\w)(?:his|her|their|its)\s+(?P<adj>[A-Z]\w+)\s+(?P<noun>counterpart|opposite number"
                     r"|colleague)\s*,\s*"),
}
HEAD_OF = {"head", "director", "chief", "manager", "editor", "professor", "dean"}
OF_STOP = {"the", "a", "an", "state", "staff"}


def _head_of_end(lang: str, sent: SentenceWords, text: str, end: int) -> int | None:
    """End of "head of research", "director of communications": a head word, "of" and a lower-case common noun (a
    capitalised word after "of" is the organisation: "director of Vestas")."""
    if lang != "en" or not text or end < 1 or end + 1 >= len(sent.words) or sent.words[end - 1] not in HEAD_OF:
        return None
    if sent.words[end] != "of" or sent.words[end + 1] in OF_STOP:
        return None
    return end + 2 if text[sent.starts[end + 1]].islower() else None


def _common_genitive(text: str, lang: str, sent: SentenceWords, q: int) -> bool:
    """Whether word q is a common noun in the genitive: "bank's", "company’s", Danish "selskabets", "klubbens"."""
    if lang == "en":
        return sent.words[q].endswith(("'s", "’s")) or text[sent.ends[q]:sent.ends[q] + 2] in ("'s", "’s")
    return sent.words[q].endswith(("ens", "ets", "ernes", "enes"))


def _as_ahead(sent: SentenceWords, q: int) -> bool:
    """Whether "som" / "as" / "of" stands within the furthest reach of `_as_within` (a quick test before the dates
    and names of the sentence are looked up)."""
    return any(w in {"som", "as", "of"} for w in sent.words[q:q + 16])


def _uncounted(doc: Doc, lang: str, sent: SentenceWords, orgs: list[Mention]) -> frozenset[int]:
    """Words that do not count towards how far "as" may stand from the verb: dates, and an organisation's name
    past its first word ("has been in charge of Leeds United as head coach")."""
    names = {i for o in orgs for i in range(sent.index_from(o.start) + 1, sent.index_from(o.end))}
    return _date_words(doc, lang, sent) | names


@dataclass
class _Words(SentenceWords):
    """A sentence's words as the roles patterns read them, with the indices of its date words once looked up."""

    dated: frozenset[int] | None = None


def _date_words(doc: Doc, lang: str, sent: SentenceWords) -> frozenset[int]:
    """Indices of the sentence's words inside a date ("i 2015", "sidste år", "i årene 2010-2015")."""
    if isinstance(sent, _Words):
        if sent.dated is None:
            sent.dated = _find_date_words(doc, lang, sent)
        return sent.dated
    return _find_date_words(doc, lang, sent)


def _find_date_words(doc: Doc, lang: str, sent: SentenceWords) -> frozenset[int]:
    if not sent.words:
        return frozenset()
    spans = date_spans(doc.text, lang, sent.starts[0], sent.ends[-1], doc.article.published)
    # a length of time between the verb and the role is passed over too: "har i fem år været", "has for a decade
    # been"; and a word of start or end right before a date: "er pr. 1. november udnævnt", "er siden januar"
    spans += [(m.start(), m.end()) for m in DURATION.finditer(doc.text, sent.starts[0], sent.ends[-1])]
    inside = {i for i, (a, b) in enumerate(zip(sent.starts, sent.ends, strict=True))
              if any(s <= a and b <= e for s, e in spans)}
    leads = {i for i in range(len(sent.words) - 1) if sent.words[i] in DATE_LEADS
             and (i + 1 in inside or any(sent.ends[i] < s and not doc.text[sent.ends[i]:s].strip(" .")
                                         for s, _ in spans))}
    return frozenset(inside | leads)


def _without_prefixes(sent: SentenceWords, lang: str, text: str) -> SentenceWords:
    """Words with a status prefix glued on ("eks-minister", "ex-CEO") or an organisation's name ("DBU-formand") as
    the role word alone, starting after it; role_time reads the prefix from the text."""
    prefixes = cue_words(lang).prefixes
    lexicon = role_words(lang)
    starts, words = list(sent.starts), list(sent.words)
    for i, w in enumerate(words):
        p = next((p for p in prefixes if w.startswith(p) and len(w) > len(p)), None)
        if p is not None:
            starts[i] += len(p)
            words[i] = w[len(p):]
        elif "-" in w and text[starts[i]].isupper():
            # an organisation glued to the role word: "DBU-formand", "Huawei-topchef"
            head = w.rsplit("-", 1)[1]
            if lexicon.match([head], 0) is not None:
                starts[i] += len(w) - len(head)
                words[i] = head
    return _Words(starts, list(sent.ends), words)


@component("roles", requires=["sentences", "mentions", "entities"], assigns=["roles", "relations"])
def make_roles() -> RoleExtractor:
    """Roles and positions held by people, at organisations or countries, as of the article date."""
    return RoleExtractor()


__all__ = ["RoleExtractor", "make_roles", "normalise_role"]
