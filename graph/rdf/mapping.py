"""Annotated Doc -> quads. Pure: no store, no I/O.

Everything the article says lives in its own named graph (`graph_iri(article_id)`): its metadata, mentions,
sentences, events as reported, quotes, roles and their provenance. Replacing that graph replaces the article
without touching any other.

Nodes many articles share (entities, sources, extractors) are described once, in the entities graph
(`ENTITIES_GRAPH`): their type, labels, ISO code and `owl:sameAs`. Writing a description again adds nothing, so a
query over the union of graphs sees each entity's label once, not once per article that names it.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from graph.model import Doc
from graph.rdf import assertions
from graph.rdf.iris import article_iri, content_id, entity_iri, graph_iri, node_iri, slugify
from graph.rdf.namespaces import ID, ITSRDF, NIF, NKG, OWL, RDF, SCHEMA, SKOS, TYPE_CLASSES
from graph.rdf.provenance import (
    SHARED,
    A,
    ProvenanceWriter,
    date_literal,
    integer,
    integer_text,
    text,
    vocabulary_term,
)

# How many of an article's most salient entities are stated as its `schema:about`.
ABOUT_LIMIT = 3


class MappedArticle:
    """An article's quads: its own in `graph`, and descriptions of shared nodes in the entities graph.

    Made from N-Quads text by the mapper (and again when it crossed from a worker process to the writer), or from
    quads (a backup read back): the writer hands the text to the store as it is, and Python objects for the quads
    are only made if asked for.
    """

    __slots__ = ("article_id", "graph", "_quads", "_nquads")

    def __init__(self, article_id: str, graph: NamedNode, quads: list[Quad]) -> None:
        self.article_id = article_id
        self.graph = graph
        self._quads: list[Quad] | None = quads
        self._nquads: tuple[str, tuple[str, ...]] | None = None

    @classmethod
    def from_nquads(
        cls, article_id: str, graph: str | NamedNode, own: str, shared: tuple[str, ...]
    ) -> MappedArticle:
        """The inverse of `nquads()`."""
        mapped = cls(article_id, graph if isinstance(graph, NamedNode) else NamedNode(graph), [])
        mapped._quads = None
        mapped._nquads = (own, tuple(shared))
        return mapped

    @property
    def quads(self) -> list[Quad]:
        if self._quads is None:
            own, shared = self._nquads or ("", ())
            text = "\n".join((own, *shared))
            self._quads = list(parse(text.encode("utf-8"), format=RdfFormat.N_QUADS)) if text.strip() else []
        return self._quads

    def placed_quads(self) -> Iterator[Quad]:
        """The quads in their graphs: shared descriptions in the entities graph, every other in the article's."""
        for q in self.quads:
            if q.graph_name == self.graph or q.graph_name == SHARED:
                yield q
            else:
                yield Quad(q.subject, q.predicate, q.object, self.graph)

    def nquads(self) -> tuple[str, tuple[str, ...]]:
        """The quads as N-Quads, placed as by `placed_quads`: the article's own as one text, and the shared
        descriptions one line each (so a writer can leave out the ones it has already stored)."""
        if self._nquads is not None:
            return self._nquads
        own: list[str] = []
        shared: list[str] = []
        for q in self.placed_quads():
            (shared if q.graph_name == SHARED else own).append(f"{q} .")
        return "\n".join(own), tuple(shared)

    def __reduce__(self):
        # Worker processes hand mapped articles to the writer by pickle. pyoxigraph terms pickle one by one at
        # about 13 µs a quad; as N-Quads text they go about 15x faster, and the writer can load the text as it is.
        return (MappedArticle.from_nquads, (self.article_id, self.graph.value, *self.nquads()))


def article_id_of(doc: Doc) -> str:
    """The article's id: the one the input gave, else a stable id derived from its content."""
    return doc.article.id or content_id(doc.text, doc.article.title)


def map_doc(doc: Doc) -> MappedArticle:
    """All quads for one annotated article, in its named graph."""
    aid = article_id_of(doc)
    g = NamedNode(graph_iri(aid))
    prov = ProvenanceWriter(doc, aid, g)
    _article(doc, aid, prov)
    _entities(doc, prov)
    _mentions(doc, aid, prov)
    assertions.map_assertions(doc, prov)
    # Written as N-Quads as it goes (see ProvenanceWriter): the writer loads that text as it is.
    return MappedArticle.from_nquads(aid, g, "\n".join(prov.own), tuple(prov.shared))


def _url_term(url: str) -> NamedNode | Literal:
    try:
        return NamedNode(url.strip())
    except ValueError:
        return text(url)


def _article(doc: Doc, aid: str, prov: ProvenanceWriter) -> None:
    art = doc.article
    node = prov.article
    add = prov.add
    add(node, RDF + "type", vocabulary_term(SCHEMA + "NewsArticle"))
    add(node, SCHEMA + "identifier", Literal(aid))
    if art.title:
        add(node, SCHEMA + "headline", text(art.title, doc.lang))
    if art.url:
        add(node, SCHEMA + "url", _url_term(art.url))
    if art.published:
        published = date_literal(art.published)
        if published is not None:
            add(node, SCHEMA + "datePublished", published)
    if art.source:
        publisher = NamedNode(f"{ID}source/{slugify(art.source)}")
        add(node, SCHEMA + "publisher", publisher)
        prov.describe(publisher, RDF + "type", vocabulary_term(SCHEMA + "Organization"))
        prov.describe(publisher, SCHEMA + "name", text(art.source))
    if doc.lang:
        add(node, SCHEMA + "inLanguage", Literal(doc.lang))
    add(node, SCHEMA + "articleBody", text(doc.text, doc.lang))
    # Offsets only where they say something: a body that is the whole text needs none (the ontology says so).
    if doc.body is not None and tuple(doc.body) != (0, len(doc.text)):
        add(node, NKG + "bodyBeginIndex", integer(doc.body[0]))
        add(node, NKG + "bodyEndIndex", integer(doc.body[1]))
    add(node, SCHEMA + "wordCount", integer(len(doc.text.split())))


def _entities(doc: Doc, prov: ProvenanceWriter) -> None:
    counts = Counter(m.entity_id for m in doc.mentions if m.entity_id)
    title = (doc.article.title or "").lower()
    # Salience: mentions in the body, doubled when the entity is named in the title.
    salience = {
        eid: n * (2 if any(a.lower() in title for a in doc.entities[eid].aliases + [doc.entities[eid].label]) else 1)
        for eid, n in counts.items()
        if eid in doc.entities
    }
    about = {eid for eid, _ in sorted(salience.items(), key=lambda kv: (-kv[1], kv[0]))[:ABOUT_LIMIT]}
    for eid, ent in doc.entities.items():
        node = NamedNode(entity_iri(eid))
        cls = TYPE_CLASSES.get(ent.type)
        if cls is None:
            continue
        prov.describe(node, RDF + "type", NamedNode(cls))
        country_names = _country_names(ent.codes.get("iso3166"), doc.lang) if ent.type == "Country" else {}
        if country_names:
            # One prefLabel per language, from CLDR: "Danmark"@da, "Denmark"@en, whichever article names it.
            for lang, name in country_names.items():
                prov.describe(node, SKOS + "prefLabel", text(name, lang))
        else:
            prov.describe(node, SKOS + "prefLabel", text(ent.label))
        for alias in sorted(set(ent.aliases) - {ent.label}):
            prov.describe(node, SKOS + "altLabel", text(alias))
        for same in ent.same_as:
            try:
                prov.describe(node, OWL + "sameAs", NamedNode(same))
            except ValueError:
                continue
        if "iso3166" in ent.codes:
            prov.describe(node, NKG + "iso3166Code", Literal(ent.codes["iso3166"]))
        if eid in counts:
            prov.add(prov.article, SCHEMA + "mentions", node)
        if eid in about:
            prov.add(prov.article, SCHEMA + "about", node)


# Languages every country is labelled in, besides the article's own.
COUNTRY_LABEL_LANGS = ("da", "en")


@lru_cache(maxsize=4096)
def _country_names(code: str | None, doc_lang: str | None) -> dict[str, str]:
    """CLDR names of a country (ISO 3166 alpha-2) in Danish, English and the article's language."""
    if not code:
        return {}
    names: dict[str, str] = {}
    for lang in dict.fromkeys((*COUNTRY_LABEL_LANGS, doc_lang or "en")):
        try:
            name = Locale.parse(lang).territories.get(code.upper())
        except (ValueError, TypeError, UnknownLocaleError):
            continue
        if name:
            names[lang] = name
    return names


def _mentions(doc: Doc, aid: str, prov: ProvenanceWriter) -> None:
    for m in doc.mentions:
        if not m.entity_id or m.entity_id not in doc.entities:
            continue
        # As N-Quads text: an IRI of escaped ids (graph/rdf/iris.py) needs no check.
        node = f"<{node_iri('mention', aid, f'{m.start}-{m.end}')}>"
        # Its type nkg:Mention follows from itsrdf:taIdentRef (ontology/newskg.ttl): not stated, as for sentences.
        prov.add(node, NIF + "beginIndex", integer_text(m.start))
        prov.add(node, NIF + "endIndex", integer_text(m.end))
        prov.add(node, ITSRDF + "taIdentRef", f"<{entity_iri(m.entity_id)}>")
        sentence = m.sentence if m.sentence is not None else doc.sentence_at(m.start)
        prov.attest_span(node, m.source or "mentions", m.confidence, sentence)


__all__ = ["MappedArticle", "map_doc", "article_id_of", "A", "article_iri"]
