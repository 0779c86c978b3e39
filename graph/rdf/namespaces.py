"""Namespaces every layer names its terms from. The vocabulary itself is in ontology/newskg.ttl."""
from __future__ import annotations

NKG = "https://w3id.org/newskg/ontology#"  # our own terms, only where the reused vocabularies lack one
ID = "https://w3id.org/newskg/id/"  # data: articles, entities, events, quotes
GRAPH = "https://w3id.org/newskg/graph/"  # one named graph per article
# Descriptions of nodes many articles share (entities, sources, extractors): stated once, not once per article.
ENTITIES_GRAPH = "https://w3id.org/newskg/entities"

SCHEMA = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITSRDF = "http://www.w3.org/2005/11/its/rdf#"
WD = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    "nkg": NKG,
    "schema": SCHEMA,
    "sem": SEM,
    "prov": PROV,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dct": DCT,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "wd": WD,
}


# Entity type name (graph.model.ENTITY_TYPES) -> schema.org class.
TYPE_CLASSES: dict[str, str] = {
    "Person": SCHEMA + "Person",
    "Organization": SCHEMA + "Organization",
    "Company": SCHEMA + "Corporation",
    "Country": SCHEMA + "Country",
    "Place": SCHEMA + "Place",
    "Event": SCHEMA + "Event",
}
# Class -> entity type name, for reading: an extracted event is typed sem:Event only (its schema:Event type is not
# stated), and reads as an Event as a named one does.
CLASS_TYPES: dict[str, str] = {v: k for k, v in TYPE_CLASSES.items()} | {SEM + "Event": "Event"}


def most_specific_type(types: list[str]) -> str:
    """An entity typed Company by one article and Organization by another is a Company."""
    for preferred in ("Company", "Country", "Person", "Organization", "Place", "Event"):
        if preferred in types:
            return preferred
    return types[0]
