"""The vocabulary (ontology/): it parses, declares every nkg: term the code writes, and the shapes accept what the
mapping builds and reject broken article graphs. JSON-LD with context.jsonld round-trips an article graph."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import OWL, RDF, RDFS, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from graph.model import Article, Doc, Entity, Event, Mention, Participant, Quote, Relation, Role, Sentence
from graph.rdf.iris import article_iri, entity_iri, graph_iri
from graph.rdf.mapping import MappedArticle, map_doc
from graph.rdf.namespaces import ENTITIES_GRAPH
from graph.rdf.namespaces import NKG as NKG_NS
from graph.rdf.vocabulary import (
    ONTOLOGY_IRI,
    load_context,
    load_ontology,
    load_shapes,
    load_vocabulary,
    ontology_path,
    store_dataset,
    to_dataset,
    validate,
)
from graph.store import Store
from graph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
NKG = Namespace(NKG_NS)
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
VANN = Namespace("http://purl.org/vocab/vann/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

TERM_KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
PROPERTY_KINDS = TERM_KINDS - {OWL.Class}

# Prefix constants of graph/rdf/namespaces.py -> namespace IRI, for finding the reused terms the mapping writes.
REUSED = {
    "SCHEMA": "https://schema.org/",
    "SEM": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "PROV": "http://www.w3.org/ns/prov#",
    "SKOS": "http://www.w3.org/2004/02/skos/core#",
    "NIF": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "ITSRDF": "http://www.w3.org/2005/11/its/rdf#",
    "OWL": "http://www.w3.org/2002/07/owl#",
    "RDF": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}

ITSRDF_TA_IDENT_REF = URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef")
PROV_QUALIFIED_ATTRIBUTION = URIRef("http://www.w3.org/ns/prov#qualifiedAttribution")
PROV_ATTRIBUTION = URIRef("http://www.w3.org/ns/prov#Attribution")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return load_ontology()


def nkg_terms_in_code() -> set[str]:
    """Local names of nkg: terms the code writes (`NKG + "x"`, `f"{NKG}x"`) or queries (`nkg:x` in SPARQL text)."""
    names: set[str] = set()
    for path in sorted((ROOT / "graph" / "rdf").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        names.update(re.findall(r'NKG\s*\+\s*"(\w+)"', source))
        names.update(re.findall(r"\{NKG\}(\w+)", source))
    for folder in ("graph", "api"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".rq"} and ".venv" not in path.parts:
                names.update(re.findall(r"\bnkg:([A-Za-z_]\w*)", path.read_text(encoding="utf-8")))
    return names


def reused_terms_in_mapping() -> set[URIRef]:
    """Reused-vocabulary terms the mapping writes, e.g. `SCHEMA + "headline"`."""
    terms: set[URIRef] = set()
    for path in sorted((ROOT / "graph" / "rdf").glob("*.py")):
        for prefix, local in re.findall(r'\b(' + "|".join(REUSED) + r')\s*\+\s*"(\w+)"', path.read_text("utf-8")):
            terms.add(URIRef(REUSED[prefix] + local))
    return terms - {RDF.type}


# --- 1. The files parse, and the vocabulary declares what the code uses -----------------------------------------


def test_files_parse_and_ontology_header(ontology: rdflib.Graph) -> None:
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionInfo, RDFS.label, RDFS.comment):
        assert ontology.value(onto, prop) is not None, f"the ontology has no {prop}"
    assert len(load_shapes()) > 100
    assert "@context" in json.loads(ontology_path("context.jsonld").read_text("utf-8"))


def test_every_nkg_term_the_code_uses_is_declared(ontology: rdflib.Graph) -> None:
    used = nkg_terms_in_code()
    # The core terms of the mapping must be found, or the scan itself is broken.
    assert {"Mention", "confidence", "sentence", "bodyBeginIndex", "bodyEndIndex", "iso3166Code"} <= used
    for name in sorted(used):
        term = NKG[name]
        kinds = set(ontology.objects(term, RDF.type)) & TERM_KINDS
        assert kinds, f"nkg:{name} is used in the code but not declared in ontology/newskg.ttl"
        assert ontology.value(term, RDFS.label) is not None, f"nkg:{name} has no rdfs:label"
        assert ontology.value(term, RDFS.comment) is not None, f"nkg:{name} has no rdfs:comment"


def test_own_terms_are_complete(ontology: rdflib.Graph) -> None:
    """Every nkg: term has label, comment, isDefinedBy; properties a domain and range; classes a reused superclass."""
    own = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(NKG_NS)}
    assert len(own) >= 6
    for term in own:
        assert (term, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)) in ontology, term
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term
        kinds = set(ontology.objects(term, RDF.type))
        if kinds & PROPERTY_KINDS and OWL.AnnotationProperty not in kinds:
            assert ontology.value(term, RDFS.domain) is not None, f"{term} has no rdfs:domain"
            assert ontology.value(term, RDFS.range) is not None, f"{term} has no rdfs:range"
        if OWL.Class in kinds:
            assert ontology.value(term, RDFS.subClassOf) is not None, f"{term} has no rdfs:subClassOf link"
    assert (NKG.Mention, RDFS.subClassOf, NIF.Phrase) in ontology
    assert (NKG.iso3166Code, RDFS.subPropertyOf, SCHEMA.identifier) in ontology


def test_reused_terms_are_annotated_not_redefined(ontology: rdflib.Graph) -> None:
    allowed = {RDF.type, URIRef(VANN.usageNote)}
    for s, p, _o in ontology:
        if isinstance(s, URIRef) and not s.startswith(NKG_NS) and s != URIRef(ONTOLOGY_IRI):
            assert p in allowed, f"newskg.ttl states {p} about {s}, a term of another vocabulary"
    written = reused_terms_in_mapping()
    assert URIRef("https://schema.org/headline") in written  # the scan works
    for term in sorted(written):
        assert ontology.value(term, VANN.usageNote) is not None, f"{term} is written by the mapping but not documented"


def test_shapes_and_context_name_only_declared_nkg_terms() -> None:
    # Terms are declared in newskg.ttl; the event typology's concepts in event-types.ttl.
    vocabulary = load_vocabulary()
    declared = {str(s) for s in vocabulary.subjects(RDF.type, None)}
    in_shapes = {str(t) for triple in load_shapes() for t in triple if isinstance(t, URIRef) and t.startswith(NKG_NS)}
    context = load_context()
    in_context = set()
    for value in context.values():
        iri = value.get("@id") if isinstance(value, dict) else value
        if isinstance(iri, str) and iri.startswith("nkg:") and iri != "nkg:":
            in_context.add(NKG_NS + iri[4:])
    assert in_shapes and in_context
    assert not (in_shapes - declared), f"shapes.ttl uses undeclared terms: {in_shapes - declared}"
    assert not (in_context - declared), f"context.jsonld maps undeclared terms: {in_context - declared}"


def test_missing_ontology_file_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="no-such.ttl"):
        ontology_path("no-such.ttl")


# --- 2. What the mapping builds conforms ----------------------------------------------------------------------------


def handmade_doc(article_id: str = "onto-1") -> Doc:
    """A small annotated article covering every entity type, written here (not from any corpus)."""
    text = (
        "Statsminister Mette Frederiksen besøgte tirsdag Vestkyst Vind A/S i Esbjerg. "
        "Danmark og Norge vil bygge flere havvindmøller, sagde hun efter Nordsøtopmødet."
    )
    first_end = text.index(".") + 1
    sentences = [Sentence(0, first_end, text[:first_end]), Sentence(first_end + 1, len(text), text[first_end + 1 :])]

    def span(word: str) -> tuple[int, int]:
        start = text.index(word)
        return start, start + len(word)

    entities = {
        "person-mette-frederiksen": Entity(
            "person-mette-frederiksen", "Person", "Mette Frederiksen", aliases=["Frederiksen"],
            same_as=["http://www.wikidata.org/entity/Q57652"],
        ),
        "org-vestkyst-vind-a-s": Entity("org-vestkyst-vind-a-s", "Company", "Vestkyst Vind A/S"),
        "place-esbjerg": Entity("place-esbjerg", "Place", "Esbjerg"),
        "country-dk": Entity(
            "country-dk", "Country", "Danmark", codes={"iso3166": "DK"}, same_as=["http://www.wikidata.org/entity/Q35"]
        ),
        "country-no": Entity("country-no", "Country", "Norge", codes={"iso3166": "NO"}),
        "event-nordsoetopmoedet": Entity("event-nordsoetopmoedet", "Event", "Nordsøtopmødet"),
    }
    mentions = []
    for eid, word, conf, source in [
        ("person-mette-frederiksen", "Mette Frederiksen", 0.95, "mentions"),
        ("org-vestkyst-vind-a-s", "Vestkyst Vind A/S", 0.9, "mentions"),
        ("place-esbjerg", "Esbjerg", 0.8, "mentions"),
        ("country-dk", "Danmark", 1.0, "link"),
        ("country-no", "Norge", 1.0, "link"),
        ("event-nordsoetopmoedet", "Nordsøtopmødet", 0.6, "mentions"),
    ]:
        start, end = span(word)
        ent = entities[eid]
        mentions.append(Mention(start, end, word, ent.type, eid, ent.label, conf, source, sentence=None))
    article = Article(
        text=text, id=article_id, title="Mette Frederiksen i Esbjerg", url="https://example.dk/nyheder/1",
        published="2026-03-03T09:30:00+01:00", source="Vestkysten Test", lang="da",
    )
    visit_start, visit_end = span("besøgte")
    event = Event(
        "event-meeting-test-2026-03-03",
        "meeting",
        "Mette Frederiksen besøger Vestkyst Vind A/S",
        visit_start,
        visit_end,
        "besøgte",
        sentence=0,
        participants=[
            Participant("person-mette-frederiksen", "agent"),
            Participant("org-vestkyst-vind-a-s", "patient"),
        ],
        place="place-esbjerg",
        time="2026-03-03",
        confidence=0.7,
    )
    quote_start, quote_end = span("Danmark og Norge vil bygge flere havvindmøller")
    quote = Quote("q1", quote_start, quote_end, text[quote_start:quote_end], "person-mette-frederiksen",
                  kind="reported", cue="sagde", sentence=1, confidence=0.8)
    role_start, role_end = span("Statsminister Mette Frederiksen")
    role = Role("r1", "person-mette-frederiksen", "statsminister", "country-dk", role_start, role_end, sentence=0,
                date="2026-03-03", confidence=0.9)
    relation = Relation("person-mette-frederiksen", "holdsRoleAt", "country-dk", sentence=0, confidence=0.9)
    return Doc(article=article, text=text, lang="da", body=(0, len(text)), sentences=sentences,
               mentions=mentions, entities=entities, events=[event], quotes=[quote], roles=[role],
               relations=[relation])


@pytest.fixture(scope="module")
def handmade() -> MappedArticle:
    return map_doc(handmade_doc())


def test_handmade_article_conforms(handmade: MappedArticle) -> None:
    conforms, report = validate(handmade.quads)
    assert conforms, report
    g = _graph_of(handmade)
    assert (None, ITSRDF_TA_IDENT_REF, None) in g, "the hand-made article has no mention"
    assert (None, NKG.participation, None) in g, "the hand-made article has no event participant"
    assert (None, NKG.reports, None) in g, "the hand-made article has no event mention"
    # Stated once: an event mention's type follows from nkg:reports, a quote's from nkg:quoteKind, sem:eventType from
    # nkg:eventType, schema:Role from nkg:RoleAssignment.
    for stated_elsewhere in ((None, RDF.type, NKG.EventMention), (None, RDF.type, SCHEMA.Quotation),
                             (None, SEM.eventType, None), (None, RDF.type, SCHEMA.Role)):
        assert stated_elsewhere not in g, stated_elsewhere
    assert (None, NKG.quoteKind, None) in g, "the hand-made article has no quote"
    for cls in (
        PROV_ATTRIBUTION,
        SEM.Event,
        NKG.RoleAssignment,
        RDF.Statement,
    ):
        assert (None, RDF.type, cls) in g, f"the hand-made article has no {cls}: the test covers less than it says"


def test_body_offsets_only_where_they_say_something() -> None:
    """A body that is the whole text states no offsets; one inside page furniture states both, and conforms."""
    whole = handmade_doc("onto-whole")
    g = _graph_of(map_doc(whole))
    assert (None, NKG.bodyBeginIndex, None) not in g and (None, NKG.bodyEndIndex, None) not in g
    inside = handmade_doc("onto-inside")
    inside.body = (3, len(inside.text) - 2)
    mapped = map_doc(inside)
    g = _graph_of(mapped)
    article = URIRef(article_iri("onto-inside"))
    assert int(g.value(article, NKG.bodyBeginIndex)) == 3
    assert int(g.value(article, NKG.bodyEndIndex)) == len(inside.text) - 2
    conforms, report = validate(mapped.quads)
    assert conforms, report


def test_handmade_articles_conform_after_a_store_round_trip() -> None:
    store = OxigraphStore(None)
    try:
        store.replace_articles([map_doc(handmade_doc("onto-a")), map_doc(handmade_doc("onto-b"))])
        dataset = store_dataset(store)
        assert {str(g.identifier) for g in dataset.graphs() if len(g)} == {
            graph_iri("onto-a"),
            graph_iri("onto-b"),
            ENTITIES_GRAPH,
        }
        conforms, report = validate(dataset)
        assert conforms, report
        assert "Graphs checked: 2" in report
    finally:
        store.close()


def test_sample_articles_conform(sample_store: Store) -> None:
    dataset = store_dataset(sample_store)
    graphs = [g for g in dataset.graphs() if len(g)]
    assert len(graphs) >= 31  # 36 article graphs and the entities graph
    conforms, report = validate(dataset)
    assert conforms, report
    # The samples exercise every section of the shapes.
    assert any((None, ITSRDF_TA_IDENT_REF, None) in g for g in graphs), "no mention in the samples"
    assert any((None, NKG.participation, None) in g for g in graphs), "no event participant in the samples"
    assert any((None, NKG.reports, None) in g for g in graphs), "no event mention in the samples"
    assert any((None, NKG.quoteKind, None) in g for g in graphs), "no quote in the samples"
    for cls in (PROV_ATTRIBUTION, SCHEMA.Country, NKG.RoleAssignment):
        assert any((None, RDF.type, cls) in g for g in graphs), f"no {cls} in the samples"
    # Event types and participant roles in the data are concepts of the typology (event-types.ttl); the shapes
    # check only their form, as each article graph does not carry the typology.
    vocabulary = load_vocabulary()
    SKOS_CONCEPT = URIRef("http://www.w3.org/2004/02/skos/core#Concept")
    for g in graphs:
        for value in set(g.objects(None, NKG.eventType)) | set(g.objects(None, SEM.roleType)):
            assert (value, RDF.type, SKOS_CONCEPT) in vocabulary, f"{value} is not a concept in event-types.ttl"


# --- 3. Broken article graphs do not conform, and the report says why -------------------------------------------


def _graph_of(mapped: MappedArticle) -> rdflib.Graph:
    dataset = to_dataset(mapped.quads)
    g = rdflib.Graph()
    for name in (mapped.graph.value, ENTITIES_GRAPH):  # the article's own statements and its shared descriptions
        for triple in dataset.graph(URIRef(name)):
            g.add(triple)
    return g


def _first_mention(g: rdflib.Graph) -> URIRef:
    # A mention's type is not stated: it is what names an entity.
    return sorted(g.subjects(ITSRDF_TA_IDENT_REF, None))[0]


def drop_identifier(g: rdflib.Graph) -> None:
    g.remove((None, SCHEMA.identifier, None))


def begin_after_end(g: rdflib.Graph) -> None:
    m = _first_mention(g)
    end = int(g.value(m, NIF.endIndex))
    g.set((m, NIF.beginIndex, Literal(end + 5, datatype=XSD.integer)))


def confidence_too_high(g: rdflib.Graph) -> None:
    attribution = g.value(_first_mention(g), PROV_QUALIFIED_ATTRIBUTION)
    g.set((attribution, NKG.confidence, Literal("2.0", datatype=XSD.double)))


def lower_case_country_code(g: rdflib.Graph) -> None:
    g.set((URIRef(entity_iri("country-dk")), NKG.iso3166Code, Literal("dk")))


def untyped_entity(g: rdflib.Graph) -> None:
    g.remove((URIRef(entity_iri("place-esbjerg")), RDF.type, None))


def about_not_mentioned(g: rdflib.Graph) -> None:
    g.add((URIRef(article_iri("onto-1")), SCHEMA.about, URIRef(entity_iri("person-nobody"))))
    g.add((URIRef(entity_iri("person-nobody")), RDF.type, SCHEMA.Person))
    g.add((URIRef(entity_iri("person-nobody")), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("X")))


def bad_date(g: rdflib.Graph) -> None:
    g.set((URIRef(article_iri("onto-1")), SCHEMA.datePublished, Literal("last tuesday")))


def two_bodies(g: rdflib.Graph) -> None:
    g.add((URIRef(article_iri("onto-1")), SCHEMA.articleBody, Literal("another text")))


def non_wikidata_same_as(g: rdflib.Graph) -> None:
    g.set((URIRef(entity_iri("country-dk")), OWL.sameAs, URIRef("https://example.org/denmark")))


def mention_without_provenance(g: rdflib.Graph) -> None:
    g.remove((_first_mention(g), PROV_QUALIFIED_ATTRIBUTION, None))


def _event(g: rdflib.Graph) -> URIRef:
    return sorted(g.subjects(RDF.type, SEM.Event))[0]


def event_without_type(g: rdflib.Graph) -> None:
    g.remove((_event(g), NKG.eventType, None))


def event_time_backwards(g: rdflib.Graph) -> None:
    g.set((_event(g), SEM.hasEarliestBeginTimeStamp, Literal("2026-04-01", datatype=XSD.date)))


def event_time_not_iso(g: rdflib.Graph) -> None:
    g.set((_event(g), NKG.timeValue, Literal("next week")))


def unknown_participant_role(g: rdflib.Graph) -> None:
    role = sorted(g.objects(None, NKG.participation))[0]
    g.set((role, SEM.roleType, URIRef(NKG_NS + "participant-role/bystander")))


def quote_of_unknown_kind(g: rdflib.Graph) -> None:
    quote = sorted(g.subjects(NKG.quoteKind, None))[0]
    g.set((quote, NKG.quoteKind, Literal("paraphrase")))


def role_without_person(g: rdflib.Graph) -> None:
    role = sorted(g.subjects(RDF.type, NKG.RoleAssignment))[0]
    g.remove((role, NKG.person, None))


def role_at_a_place(g: rdflib.Graph) -> None:
    role = sorted(g.subjects(RDF.type, NKG.RoleAssignment))[0]
    g.set((role, NKG.roleAt, URIRef(entity_iri("place-esbjerg"))))


def relation_not_stated(g: rdflib.Graph) -> None:
    g.remove((URIRef(entity_iri("person-mette-frederiksen")), NKG.holdsRoleAt, None))


def event_mention_without_event(g: rdflib.Graph) -> None:
    g.remove((sorted(g.subjects(NKG.reports, None))[0], NKG.reports, None))


BREAKAGES = [
    (drop_identifier, "schema:identifier", None),
    (begin_after_end, "nif:beginIndex", "LessThan"),
    (confidence_too_high, "nkg:confidence", "2.0"),
    (lower_case_country_code, "nkg:iso3166Code", '"dk"'),
    (untyped_entity, "An entity is typed", "place-esbjerg"),
    (about_not_mentioned, "not among the article's schema:mentions", "person-nobody"),
    (bad_date, "schema:datePublished", "last tuesday"),
    (two_bodies, "schema:articleBody", "MaxCount"),
    (non_wikidata_same_as, "owl:sameAs", "example.org/denmark"),
    (mention_without_provenance, "prov:qualifiedAttribution", "MinCount"),
    (event_without_type, "nkg:eventType", "MinCount"),
    (event_time_backwards, "sem:hasEarliestBeginTimeStamp", "LessThanOrEquals"),
    (event_time_not_iso, "nkg:timeValue", "next week"),
    (unknown_participant_role, "sem:roleType", "bystander"),
    (quote_of_unknown_kind, "nkg:quoteKind", "paraphrase"),
    (role_without_person, "nkg:person", "MinCount"),
    (role_at_a_place, "nkg:roleAt", "place-esbjerg"),
    (relation_not_stated, "not stated directly", None),
    (event_mention_without_event, "nkg:reports", "OrConstraint"),
]


@pytest.mark.parametrize("breakage, names, detail", BREAKAGES, ids=[b[0].__name__ for b in BREAKAGES])
def test_each_breakage_is_reported(handmade: MappedArticle, breakage, names: str, detail: str | None) -> None:
    g = _graph_of(handmade)
    breakage(g)
    conforms, report = validate(g)
    assert not conforms, f"{breakage.__name__} was not caught"
    assert names in report, report
    if detail:
        assert detail in report, report


def test_broken_article_reports_every_problem(handmade: MappedArticle) -> None:
    g = _graph_of(handmade)
    for breakage in (drop_identifier, begin_after_end, confidence_too_high, lower_case_country_code):
        breakage(g)
    conforms, report = validate(g)
    assert not conforms
    for path in ("schema:identifier", "nif:beginIndex", "nkg:confidence", "nkg:iso3166Code"):
        assert f"Result Path: {path}" in report, report


def test_each_article_graph_must_stand_alone(handmade: MappedArticle) -> None:
    """An entity typed only in another article's graph breaks this one, though the union would look fine."""
    g = _graph_of(handmade)
    place = URIRef(entity_iri("place-esbjerg"))
    moved = list(g.triples((place, None, None)))
    for triple in moved:
        g.remove(triple)
    dataset = rdflib.Dataset()
    first = dataset.graph(URIRef(graph_iri("onto-1")))
    for triple in g:
        first.add(triple)
    other = dataset.graph(URIRef(graph_iri("onto-other")))
    for triple in moved:
        other.add(triple)
    conforms, report = validate(dataset)
    assert not conforms
    assert f"In <{graph_iri('onto-1')}>" in report and "place-esbjerg" in report


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.text(alphabet='<>:_"@^. \n\\abcz#01', max_size=80).map(str.encode)))
def test_bad_nquads_are_a_clear_error(data: bytes) -> None:
    """Any bytes either parse as N-Quads or raise ValueError naming the problem in one line; nothing else escapes."""
    try:
        to_dataset(data)
    except ValueError as e:
        assert str(e).startswith("not valid N-Quads") and "\n" not in str(e)


def test_empty_input_conforms_trivially() -> None:
    conforms, report = validate([])
    assert conforms and "no triples" in report


MENTION_TEMPLATE = """
PREFIX schema: <https://schema.org/>
PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
<urn:a> a schema:NewsArticle ; schema:identifier "a" ; schema:articleBody "some text" ; schema:mentions <urn:e> .
<urn:e> a schema:Person ; skos:prefLabel "E" .
<urn:x> a prov:SoftwareAgent ; rdfs:label "x" ; schema:softwareVersion "1" .
<urn:m> nif:beginIndex {begin} ; nif:endIndex {end} ;
    nif:referenceContext <urn:a> ; itsrdf:taIdentRef <urn:e> ; prov:wasDerivedFrom <urn:a> ;
    prov:qualifiedAttribution <urn:t> .
<urn:t> a prov:Attribution ; prov:agent <urn:x> ; nkg:confidence "{confidence!r}"^^xsd:double .
"""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    begin=st.integers(min_value=-5, max_value=40),
    end=st.integers(min_value=-5, max_value=40),
    confidence=st.floats(min_value=-1.0, max_value=2.0, allow_nan=False),
)
def test_mention_span_and_confidence_rules(begin: int, end: int, confidence: float) -> None:
    """A mention conforms exactly when 0 <= begin < end <= the body's length and 0 <= confidence <= 1."""
    data = MENTION_TEMPLATE.format(begin=begin, end=end, confidence=confidence)
    g = rdflib.Graph().parse(data=data, format="turtle")
    conforms, report = validate(g)
    assert conforms == (0 <= begin < end <= len("some text") and 0.0 <= confidence <= 1.0), report


# --- 4. JSON-LD with context.jsonld ---------------------------------------------------------------------------------


def _jsonld_round_trip(g: rdflib.Graph) -> tuple[str, rdflib.Graph]:
    context = load_context()
    text = g.serialize(format="json-ld", context=context)
    back = rdflib.Graph().parse(data=text, format="json-ld")
    return text, back


def test_jsonld_round_trip_of_an_article_graph(handmade: MappedArticle) -> None:
    g = _graph_of(handmade)
    text, back = _jsonld_round_trip(g)
    assert isomorphic(g, back), "JSON-LD with context.jsonld did not give back the same triples"
    doc = json.loads(text)
    nodes = doc["@graph"]
    article = next(n for n in nodes if n.get("@type") == "NewsArticle")
    assert article["identifier"] == "onto-1"
    assert {"headline", "articleBody", "mentions", "about", "datePublished"} <= set(article)
    mention = next(n for n in nodes if "taIdentRef" in n)
    assert {"beginIndex", "endIndex", "taIdentRef", "qualifiedAttribution"} <= set(mention)
    attribution = next(n for n in nodes if n.get("@id") == mention["qualifiedAttribution"])
    assert attribution["@type"] == "Attribution" and {"agent", "confidence"} <= set(attribution)
    # A second, independent JSON-LD 1.1 processor (Oxigraph's) reads the same triples from it.
    oxigraph_triples = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.JSON_LD)
    ntriples = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in oxigraph_triples)
    assert isomorphic(g, rdflib.Graph().parse(data=ntriples, format="nt"))
    report = next(n for n in nodes if "reports" in n)
    assert {"reports", "beginIndex", "qualifiedAttribution"} <= set(report)
    quote = next(n for n in nodes if "quoteKind" in n)
    assert {"text", "spokenByCharacter", "quoteKind"} <= set(quote)


def test_jsonld_round_trip_of_a_sample_article(sample_store: Store) -> None:
    dataset = store_dataset(sample_store)
    g = max((g for g in dataset.graphs() if len(g)), key=len)
    plain = rdflib.Graph()
    for triple in g:
        plain.add(triple)
    _text, back = _jsonld_round_trip(plain)
    assert isomorphic(plain, back)


def test_context_is_json_ld_1_1_with_every_prefix() -> None:
    from graph.rdf.namespaces import PREFIXES

    context = load_context()
    assert context["@version"] == 1.1
    for prefix, namespace in PREFIXES.items():
        assert context.get(prefix) == namespace, f"context.jsonld lacks prefix {prefix}"
