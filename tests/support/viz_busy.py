"""A busy news world for the explorer's screenshot tests: 80 Danish and English articles generated from sentence
templates, every one naming Denmark, with 40 people, 14 organisations, 12 places, 5 countries and the arrests,
meetings and agreements they report. Deterministic (a seeded random), annotated as it is written (each filled slot
is a mention), and mapped with the real RDF mapping, so the views read what ingest writes."""
from __future__ import annotations

import random
from datetime import date, timedelta

from graph.model import Article, Doc, Entity, Event, Mention, Participant, Sentence
from graph.rdf.mapping import map_doc
from graph.store import Store
from graph.store.oxigraph import OxigraphStore

FIRST = ["Anne", "Mads", "Sofie", "Jens", "Mette", "Lars", "Camilla", "Henrik", "Louise", "Rasmus",
         "Ida", "Søren", "Freja", "Niels", "Karen", "Emil", "Julie", "Peter", "Maja", "Thomas"]
LAST = ["Kjær", "Holm", "Lund", "Bech", "Dahl", "Vinther", "Skov", "Brandt", "Krogh", "Møller",
        "Friis", "Nygaard", "Juul", "Bak", "Lauritsen", "Steen", "Østergaard", "Vestergaard", "Mortensen", "Bisgaard"]
ORGS = ["Havnekraft A/S", "Nordlys Energi", "Dansk Vindforum", "Jyllands Bank", "Fjordgas", "Øresund Logistik",
        "Miljøstyrelsen", "Energistyrelsen", "Rigspolitiet", "Vestkyst Rederi", "Grøn Fremtid", "Baltic Cable",
        "Aarhus Havn", "Fiskeriforeningen"]
PLACES = ["Aarhus", "Odense", "Aalborg", "Esbjerg", "Roskilde", "Vejle", "Kolding", "Horsens", "Randers",
          "Herning", "Silkeborg", "Næstved"]
# (id, Danish label, English label)
COUNTRIES = [("country-dk", "Danmark", "Denmark"), ("country-se", "Sverige", "Sweden"),
             ("country-de", "Tyskland", "Germany"), ("country-no", "Norge", "Norway"), ("country-cn", "Kina", "China")]

# Slots: {p} {q} people, {o} {r} organisations, {l} a place, {c} a country, {dk} Denmark. A template's event is
# built from its slots: (type, patient slot or None, agent slots).
SENTENCES = {
    "da": [
        ("{p} fra {o} sagde i {l}, at {dk} skal handle nu.", None),
        ("Politiet i {l} anholdt {p} tirsdag, mistænkt for bedrageri i {o}.", ("arrest", "p", [])),
        ("{p} mødtes med {q} i {l} for at drøfte fremtiden for {o}.", ("meeting", None, ["p", "q"])),
        ("Regeringen i {dk} vil fremlægge en plan for {l}, siger {p}.", None),
        ("{o} og {r} har indgået en aftale om vindmøller ved {l}.", ("agreement", None, ["o", "r"])),
        ("Ifølge {q} vil {o} flytte flere job fra {c} til {dk}.", None),
        ("{p} er ny direktør i {o}, oplyser selskabet.", None),
    ],
    "en": [
        ("{p} of {o} told reporters in {l} that {dk} must act on energy prices.", None),
        ("Police in {l} arrested {p} on Tuesday on suspicion of fraud at {o}.", ("arrest", "p", [])),
        ("{p} met {q} in {l} to discuss the future of {o}.", ("meeting", None, ["p", "q"])),
        ("The government of {dk} will present a plan for {l} next week, {p} said.", None),
        ("{o} and {r} signed an agreement on wind turbines near {l}.", ("agreement", None, ["o", "r"])),
        ("According to {q}, {o} will move more jobs from {c} to {dk}.", None),
        ("{p} is the new chief executive of {o}, the company said.", None),
    ],
}
TITLES = {
    "da": ["{p} anholdt i {l}", "{o} vil bygge ved {l}", "Møde om {o} i {l}", "{q}: {dk} og {c} strides om energi",
           "Ny aftale for {o} og {r}", "{p} vil have svar fra {o}"],
    "en": ["{p} arrested in {l}", "{o} plans to build near {l}", "Talks on {o} in {l}",
           "{q}: {dk} and {c} at odds on energy", "New deal for {o} and {r}", "{p} wants answers from {o}"],
}
EVENT_LABELS = {"arrest": "Arrest of {}", "meeting": "Meeting of {}", "agreement": "Agreement between {}"}


def entities() -> dict[str, Entity]:
    out: dict[str, Entity] = {}
    for i in range(40):
        name = f"{FIRST[i % 20]} {LAST[(i * 7) % 20]}"
        out[slug("person", name)] = Entity(slug("person", name), "Person", name)
    for name in ORGS:
        out[slug("org", name)] = Entity(slug("org", name), "Company" if "A/S" in name else "Organization", name)
    for name in PLACES:
        out[slug("place", name)] = Entity(slug("place", name), "Place", name)
    for cid, da, en in COUNTRIES:
        out[cid] = Entity(cid, "Country", en, aliases=[da], codes={"iso3166": cid[-2:].upper()})
    return out


def slug(kind: str, name: str) -> str:
    keep = "".join(c if c.isalnum() else "-" for c in name.lower().replace("a/s", "").strip())
    return f"{kind}-" + "-".join(w for w in keep.split("-") if w)


class Writer:
    """One article's text, written sentence by sentence; every filled slot becomes a mention."""

    def __init__(self, ents: dict[str, Entity], lang: str) -> None:
        self.ents, self.lang = ents, lang
        self.text, self.sentences, self.mentions = "", [], []
        self.events: list[Event] = []

    def name(self, eid: str) -> str:
        e = self.ents[eid]
        return e.aliases[0] if e.type == "Country" and self.lang == "da" else e.label

    def fill(self, template: str, slots: dict[str, str], mentions: list[tuple[int, int, str]] | None) -> str:
        out, i = "", 0
        while i < len(template):
            if template[i] == "{":
                key = template[i + 1 : template.index("}", i)]
                name = self.name(slots[key])
                if mentions is not None:
                    mentions.append((len(out), len(out) + len(name), slots[key]))
                out += name
                i += len(key) + 2
            else:
                out += template[i]
                i += 1
        return out

    def sentence(self, template: str, slots: dict[str, str], event: tuple | None, day: str) -> None:
        if self.text:
            self.text += " "
        start, index = len(self.text), len(self.sentences)
        spans: list[tuple[int, int, str]] = []
        body = self.fill(template, slots, spans)
        self.text += body
        self.sentences.append(Sentence(start, start + len(body), body))
        for s, e, eid in spans:
            ent = self.ents[eid]
            self.mentions.append(Mention(start + s, start + e, body[s:e], ent.type, eid, ent.label, sentence=index,
                                         source="test"))
        if event:
            kind, patient, agents = event
            # One id per real-world event: the same two sides in either order are the same meeting.
            who = [slots[patient]] if patient else sorted(slots[k] for k in agents)
            eid = f"event-{kind}-" + "-".join(w.split("-", 1)[1] for w in who)
            label = EVENT_LABELS[kind].format(" and ".join(self.ents[w].label for w in who))
            trigger = next(w for w in body.split() if w[:4].lower() in ("anho", "arre", "mødt", "met", "indg", "sign"))
            at = start + body.index(trigger)
            parts = [Participant(w, "patient" if patient else "agent") for w in who]
            self.events.append(Event(eid, kind, label, at, at + len(trigger), trigger, sentence=index,
                                     participants=parts, place=slots["l"], time=day))


def docs(n: int = 80, seed: int = 19) -> list[Doc]:
    """`n` articles, alternately Danish and English, two days apart from 2026-01-01."""
    rnd = random.Random(seed)
    ents = entities()
    by_kind = {k: [e for e in ents if e.startswith(k + "-")] for k in ("person", "org", "place")}
    countries = [c for c, _, _ in COUNTRIES if c != "country-dk"]
    # A few people and organisations are in the news far more than the rest: a view has a clear top.
    people = by_kind["person"][:8] * 4 + by_kind["person"]
    orgs = by_kind["org"][:4] * 3 + by_kind["org"]
    out = []
    for i in range(n):
        lang = "da" if i % 2 == 0 else "en"
        day = (date(2026, 1, 1) + timedelta(days=2 * i)).isoformat()
        w = Writer(ents, lang)
        p, q = rnd.sample(people, 2) if len(set(people)) > 1 else (people[0], people[0])
        while q == p:
            q = rnd.choice(people)
        o, r = rnd.choice(orgs), rnd.choice(orgs)
        while r == o:
            r = rnd.choice(orgs)
        slots = {"p": p, "q": q, "o": o, "r": r, "l": rnd.choice(by_kind["place"]), "c": rnd.choice(countries),
                 "dk": "country-dk"}
        title = Writer(ents, lang).fill(rnd.choice(TITLES[lang]), slots, None)
        for template, event in rnd.sample(SENTENCES[lang], 4):
            w.sentence(template, slots, event, day)
            # The next sentence names someone else too: more co-mentions, a busier neighbourhood.
            slots = {**slots, "q": rnd.choice(people), "l": rnd.choice(by_kind["place"])}
        art = Article(text=w.text, id=f"b{i:03d}", title=title, published=day, source="Testavisen", lang=lang)
        doc = Doc(art, w.text, lang=lang)
        doc.sentences, doc.body, doc.mentions = w.sentences, (0, len(w.text)), w.mentions
        doc.entities = {m.entity_id: ents[m.entity_id] for m in w.mentions}
        doc.events = w.events
        out.append(doc)
    return out


def build_busy_store(n: int = 80) -> Store:
    store = OxigraphStore(None)
    store.replace_articles([map_doc(d) for d in docs(n)])
    return store
