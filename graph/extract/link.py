"""The `link` component: turns mentions into canonical entities with stable ids.

Within one document it joins the mentions of one thing: a surname or first name alone ("Frederiksen", "Claus")
with the one full name it matches ("Claus Hjort Frederiksen"; a short form matching two full names, or a first
name matching none, links to no entity), a genitive ("Huaweis") with its base ("Huawei"), a company's leading
words ("Harcourt") with the company named in full ("Harcourt Devices Inc."), an acronym with the name it
abbreviates ("Den Europæiske Union (EU)", or initials that match a name in the document).

Across documents identity needs no shared state: the id is derived from type and normalised canonical name
(`graph.rdf.iris.entity_id`), so the same name and type always give the same id. Countries are keyed by ISO
3166 code (`country-dk`) whatever the language or form ("Danmark", "Denmark", "danske regering"), with Wikidata
ids from lexicons/ner_country_wikidata.tsv; places found in geonames carry the geonames IRI when the name is
unambiguous; known organisations use the canonical name from our lexicon, so "FN" and "UN" are one entity.
"""
from __future__ import annotations

import re

from graph.extract.gazetteers import GEONAMES, WIKIDATA, Gazetteer, gazetteer
from graph.extract.pipeline import component
from graph.model import Doc, Entity, Mention
from graph.rdf.iris import entity_id

_CONNECTORS = frozenset({"of", "for", "and", "&", "og", "af", "the", "de", "des", "du", "der", "i", "in", "on"})
_ACRONYM = re.compile(r"^[A-ZÆØÅ][A-ZÆØÅ0-9&]{1,7}$")


# The canonical name of a short form that matches more than one full name in the document.
AMBIGUOUS = ("", "")


def initials(name: str) -> str:
    """'Den Europæiske Union' -> 'DEU'; 'European Union' -> 'EU'; connectors are skipped."""
    return "".join(
        w[0] for w in re.split(r"[\s-]+", name) if w and w.lower() not in _CONNECTORS and w[0].isalpha()
    ).upper()


class Linker:
    def __init__(self, gaz: Gazetteer | None = None) -> None:
        self._gaz = gaz

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = gazetteer()
        return self._gaz

    def __call__(self, doc: Doc) -> Doc:
        lang = doc.lang or "en"
        entities: dict[str, Entity] = {}
        canon: list[tuple[str, str]] = [self._canonical(m, lang) for m in doc.mentions]  # (type, key) per mention
        self._join_people(doc.mentions, canon)
        self._leave_lone_first_names(doc.mentions, canon)
        self._join_companies(canon)
        self._join_acronyms(doc, canon)
        for m, (typ, key) in zip(doc.mentions, canon, strict=True):
            if (typ, key) == AMBIGUOUS:
                m.entity_id = None  # components after the linker skip mentions without an entity
                continue
            ent = self._entity(typ, key, lang)
            existing = entities.get(ent.id)
            if existing is None:
                entities[ent.id] = existing = ent
            elif typ == "Company" and existing.type == "Organization":
                existing.type = "Company"  # a legal form anywhere settles it
            if m.text not in existing.aliases:
                existing.aliases.append(m.text)
            full = m.label or m.text
            if existing.type == "Company" and full != existing.label and full.startswith(existing.label + " "):
                existing.label = full  # the name with its legal form: "Vestkyst Vind A/S"
            m.entity_id = existing.id
        # Labels and types once every mention is in: a mention says what its entity is.
        for m in doc.mentions:
            if m.entity_id is None:
                continue
            ent = entities[m.entity_id]
            m.label, m.type = ent.label, ent.type
        doc.entities = entities
        return doc

    # -- canonical names -------------------------------------------------------------------------------------

    def _canonical(self, m: Mention, lang: str) -> tuple[str, str]:
        """The (type, key) a mention stands for before in-document joining. For countries the key is ISO."""
        gaz = self.gaz
        base = m.label or m.text
        if m.type == "Country":
            if base in gaz.countries:  # demonym mentions carry the ISO code
                return "Country", base
            place = gaz.places.get(base)
            if place is not None and place.type == "Country":
                return "Country", place.key
            return "Place", base
        if m.type == "Place":
            place = gaz.places.get(base)
            if place is not None:
                return place.type, place.key
            return "Place", base
        if m.type in ("Organization", "Company"):
            org = gaz.orgs.get(base)
            if org is not None:
                return org.type, org.canonical
            name, _, last = base.rpartition(" ")
            if name and (last in gaz.legal_forms or last.rstrip(".") in gaz.legal_forms):
                # "Mærsk A/S" and "Mærsk" are one company: the id leaves the legal form out.
                org = gaz.orgs.get(name)
                return ("Company", org.canonical) if org is not None else ("Company", name)
            return m.type, base
        return m.type, base

    def _join_people(self, mentions: list[Mention], canon: list[tuple[str, str]]) -> None:
        """A shorter name of a person said in full elsewhere in the document is that person."""
        full: list[tuple[int, list[str]]] = []
        for k, (typ, key) in enumerate(canon):
            if typ == "Person" and len(key.split()) > 1:
                full.append((k, key.split()))
        if not full:
            return
        for k, (typ, key) in enumerate(canon):
            if typ != "Person" and mentions[k].type != "Person":
                continue
            words = key.split()
            matches = [
                (i, w)
                for i, w in full
                if len(w) > len(words) and (w[-len(words) :] == words or w[: len(words)] == words)
            ]
            if not matches:
                continue
            if len({tuple(w) for _, w in matches}) > 1:
                # "Mortensen" in an article about Anders and Maja Kjær Mortensen: either could be meant, so it names
                # neither; the mention stays (a person's name was said) but links to no entity.
                canon[k] = AMBIGUOUS
                continue
            before = [x for x in matches if x[0] < k]
            _, words_full = before[-1] if before else matches[0]
            canon[k] = ("Person", " ".join(words_full))
        # Full names that are a tail of a longer full name: "Hjort Frederiksen" -> "Claus Hjort Frederiksen".
        longest = sorted({" ".join(w) for _, w in full}, key=lambda s: -len(s.split()))
        for k, (typ, key) in enumerate(canon):
            if typ == "Person":
                for name in longest:
                    if name != key and name.endswith(" " + key):
                        canon[k] = ("Person", name)
                        break

    def _leave_lone_first_names(self, mentions: list[Mention], canon: list[tuple[str, str]]) -> None:
        """A first name alone that no full name in the document explains ("his wife, Maja") names nobody the graph can
        tell apart from every other Maja: the mention stays, linked to no entity."""
        for k, (typ, key) in enumerate(canon):
            if typ == "Person" and " " not in key and mentions[k].text in self.gaz.first_names:
                canon[k] = AMBIGUOUS

    def _join_companies(self, canon: list[tuple[str, str]]) -> None:
        """The leading words of a company named in full elsewhere in the document are that company: "Harcourt"
        and "Harcourt's" after "Harcourt Devices Inc.". Left alone when two companies share those words."""
        names = {key for typ, key in canon if typ == "Company" and " " in key}
        if not names:
            return
        owners: dict[str, set[str]] = {}
        for name in names:
            words = name.split()
            for k in range(1, len(words)):
                owners.setdefault(" ".join(words[:k]), set()).add(name)
        for k, (typ, key) in enumerate(canon):
            if typ in ("Company", "Organization") and len(owners.get(key, ())) == 1:
                canon[k] = ("Company", next(iter(owners[key])))

    def _join_acronyms(self, doc: Doc, canon: list[tuple[str, str]]) -> None:
        """"Den Europæiske Union (EU)" and an acronym matching a name's initials are one organisation."""
        mentions = doc.mentions
        orgs = [k for k, (typ, _) in enumerate(canon) if typ in ("Organization", "Company")]
        introduced: dict[str, tuple[str, str]] = {}  # acronym -> what it was introduced for, in brackets
        for k in orgs:
            key = canon[k][1]
            if not _ACRONYM.match(key) or key in self.gaz.orgs or k == 0:
                continue
            prev = k - 1
            between = doc.text[mentions[prev].end:mentions[k].start]
            if canon[prev][0] in ("Organization", "Company") and between.strip() == "(":
                introduced.setdefault(key, canon[prev])
        # Initials of every organisation named in full, by its words as written and by its canonical name.
        by_initials: dict[str, tuple[str, str]] = {}
        for k in orgs:
            for name in (mentions[k].label or mentions[k].text, canon[k][1]):
                if len(name.split()) > 1:
                    by_initials.setdefault(initials(name), canon[k])
        for k in orgs:
            key = canon[k][1]
            if not _ACRONYM.match(key) or key in self.gaz.orgs:
                continue
            target = introduced.get(key) or by_initials.get(key)
            if target is not None and target[1] != key:
                canon[k] = target

    # -- entities --------------------------------------------------------------------------------------------

    def _entity(self, typ: str, key: str, lang: str) -> Entity:
        gaz = self.gaz
        if typ == "Country":
            country = gaz.countries[key]
            return Entity(
                id=entity_id("Country", key), type="Country", label=country.label(lang),
                codes={"iso3166": key}, same_as=[WIKIDATA + q for q in country.qids],
            )
        if typ == "Place":
            place = gaz.places.get(key)
            same_as = []
            codes: dict[str, str] = {}
            if place is not None and place.type == "Place" and place.key == key:
                if place.geonames and not place.ambiguous:
                    same_as.append(f"{GEONAMES}{place.geonames}/")
                    codes["geonames"] = str(place.geonames)
                if place.country:
                    codes["country"] = place.country
            return Entity(id=entity_id("Place", key), type="Place", label=key, same_as=same_as, codes=codes)
        return Entity(id=entity_id(typ, key), type=typ, label=key)


@component("link", requires=["mentions"], assigns=["entities"])
def make_linker() -> Linker:
    """Canonical entities and in-document coreference (see module docstring)."""
    return Linker()
