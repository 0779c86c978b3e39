"""A small hand-made news world for the visual explorer's tests: six articles, known entities, one event, one quote,
one role. Built as annotated Docs and mapped with the real RDF mapping, so the views read what ingest writes."""
from __future__ import annotations

from graph.model import Article, Doc, Entity, Event, Mention, Participant, Quote, Role, Sentence
from graph.rdf.mapping import map_doc
from graph.store import Store
from graph.store.oxigraph import OxigraphStore

ENTITIES = {
    "person-ida-vester": Entity("person-ida-vester", "Person", "Ida Vester", aliases=["Vester"]),
    "org-havnekraft": Entity("org-havnekraft", "Company", "Havnekraft A/S", aliases=["Havnekraft"]),
    "country-dk": Entity("country-dk", "Country", "Denmark", codes={"iso3166": "DK"}),
    "place-aarhus": Entity("place-aarhus", "Place", "Aarhus"),
    "person-jon-berg": Entity("person-jon-berg", "Person", "Jon Berg", aliases=["Berg"]),
    "org-energistyrelsen": Entity("org-energistyrelsen", "Organization", "Energistyrelsen"),
    "person-lone-ravn": Entity("person-lone-ravn", "Person", "Lone Ravn"),
    "person-otto-krag": Entity("person-otto-krag", "Person", "Otto Krag"),
}

# (id, date, title, sentences); every name in ENTITIES (label or alias) found in a sentence becomes a mention.
ARTICLES = [
    ("a1", "2026-01-05", "Havnekraft plans a wind farm off Aarhus", [
        "Havnekraft A/S wants to build forty turbines in the bay off Aarhus.",
        "Ida Vester, chief executive of Havnekraft, said the farm would power half of Denmark's second city.",
    ]),
    ("a2", "2026-01-20", "Energistyrelsen questions the Havnekraft plan", [
        "Energistyrelsen has asked Havnekraft for a new noise study.",
        "Jon Berg, who chairs the local fishing association, welcomed the request.",
    ]),
    ("a3", "2026-02-02", "Ida Vester steps down at Havnekraft", [
        "Ida Vester resigned on Monday as chief executive of Havnekraft A/S in Aarhus.",
        "\u201cIt is time for new energy,\u201d Vester said.",
        "Jon Berg called the resignation overdue.",
    ]),
    ("a4", "2026-02-15", "Aarhus council backs the wind farm", [
        "The council in Aarhus voted for the wind farm on Thursday.",
        "Mayor Lone Ravn said the city needs the jobs.",
    ]),
    ("a5", "2026-03-01", "Havnekraft names a new chief", [
        "Havnekraft A/S has appointed a new chief executive after Ida Vester left.",
        "Jon Berg said little would change for the fishermen.",
    ]),
    ("a6", "2026-03-10", "Otto Krag opens a bakery", [
        "Otto Krag opened his third bakery on Tuesday.",
    ]),
]

RESIGNATION = "event-resignation-ida-vester"


def _mentions(text: str, sentences: list[Sentence]) -> list[Mention]:
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    names = sorted(
        ((name, e) for e in ENTITIES.values() for name in [e.label, *e.aliases]), key=lambda ne: -len(ne[0])
    )
    for name, ent in names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                index = next(i for i, s in enumerate(sentences) if s.start <= start < s.end)
                found.append(Mention(start, end, name, ent.type, ent.id, ent.label, sentence=index, source="test"))
            start = text.find(name, end)
    return sorted(found, key=lambda m: m.start)


def make_doc(aid: str, date: str, title: str, sentence_texts: list[str]) -> Doc:
    text = " ".join(sentence_texts)
    sentences, pos = [], 0
    for s in sentence_texts:
        sentences.append(Sentence(pos, pos + len(s), s))
        pos += len(s) + 1
    doc = Doc(Article(text=text, id=aid, title=title, published=date, source="Testposten", lang="en"), text, lang="en")
    doc.sentences = sentences
    doc.body = (0, len(text))
    doc.mentions = _mentions(text, sentences)
    doc.entities = {m.entity_id: ENTITIES[m.entity_id] for m in doc.mentions}
    if aid == "a3":
        trigger = text.index("resigned")
        doc.events = [
            Event(RESIGNATION, "resignation", "Resignation: Ida Vester", trigger, trigger + 8, "resigned", sentence=0,
                  participants=[Participant("person-ida-vester", "agent")], place="place-aarhus", time=date)
        ]
        q = text.index("It is time")
        doc.quotes = [
            Quote(
                "q1",
                q,
                q + len("It is time for new energy,"),
                "It is time for new energy,",
                "person-ida-vester",
                cue="said",
                sentence=1,
            )
        ]
        r = text.index("chief executive")
        doc.roles = [
            Role("r1", "person-ida-vester", "chief executive", "org-havnekraft", r, r + 15, sentence=0, date=date)
        ]
    return doc


def build_store(store: Store | None = None) -> Store:
    store = store if store is not None else OxigraphStore(None)
    store.replace_articles([map_doc(make_doc(*a)) for a in ARTICLES])
    return store
