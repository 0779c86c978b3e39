"""Shared building blocks of the mapping: literals, sentence nodes and provenance of assertions.

Every extracted assertion (mention, event report, role, quote, relation) is a node that carries
- `nkg:sentence` a `nif:Sentence` node with the sentence's character span (`nif:beginIndex`, `nif:endIndex`) and
  `nif:referenceContext` the article: the article of an assertion is `nkg:sentence/nif:referenceContext`;
  `prov:wasDerivedFrom` the article is stated only for an assertion without a sentence (`ARTICLE_PATH` in SPARQL),
- `prov:qualifiedAttribution` a `prov:Attribution` node naming the extractor (`prov:agent`, a `prov:SoftwareAgent`
  with a name and version) and the confidence (`nkg:confidence`, a number in [0, 1]). The pair is stated once in the
  entities graph and shared by every assertion with the same extractor, version and confidence: one quad per
  assertion instead of two.

Facts stated once are not repeated on each assertion: the sentence's text is `schema:articleBody` between its
offsets (no `nif:anchorOf`), and the article is reached through the sentence (ontology/newskg.ttl says so).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

import graph
from graph.model import Doc
from graph.rdf.iris import article_iri, node_iri
from graph.rdf.namespaces import ENTITIES_GRAPH, ID, NIF, NKG, PROV, RDF, RDFS, SCHEMA, XSD


@lru_cache(maxsize=4096)
def vocabulary_term(value: str) -> NamedNode:
    """A predicate or class of the vocabulary, made once: checking an IRI costs more than looking it up."""
    return NamedNode(value)


A = vocabulary_term(RDF + "type")
XSD_INTEGER = vocabulary_term(XSD + "integer")
XSD_DOUBLE = vocabulary_term(XSD + "double")
XSD_DATE = vocabulary_term(XSD + "date")
XSD_DATETIME = vocabulary_term(XSD + "dateTime")
SHARED = NamedNode(ENTITIES_GRAPH)


def integer(value: int) -> Literal:
    return Literal(str(int(value)), datatype=XSD_INTEGER)


def number(value: float) -> Literal:
    return Literal(repr(round(float(value), 4)), datatype=XSD_DOUBLE)


def text(value: str, lang: str | None = None) -> Literal:
    # Literals must not carry lone surrogates or NUL: Oxigraph rejects them, and a bad byte must not sink an article.
    clean = value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    if lang and lang.isalpha() and lang != "und":
        return Literal(clean, language=lang)
    return Literal(clean)


def date_literal(value: str) -> Literal | None:
    """An xsd:date or xsd:dateTime literal from an ISO string, or None when it is not one."""
    from graph.dates import parse_iso

    parsed = parse_iso(value)
    if parsed is None:
        return None
    kind, normal = parsed
    return Literal(normal, datatype=XSD_DATE if kind == "date" else XSD_DATETIME)


def extractor_iri(component: str) -> NamedNode:
    return NamedNode(f"{ID}extractor/{component}/{graph.__version__}")


def attribution_iri(component: str, confidence: Literal) -> NamedNode:
    return NamedNode(f"{ID}attribution/{component}/{graph.__version__}/{confidence.value}")


def attribution_quads(component: str, confidence: Literal, g: NamedNode) -> list[Quad]:
    node = attribution_iri(component, confidence)
    return [
        Quad(node, A, vocabulary_term(PROV + "Attribution"), g),
        Quad(node, vocabulary_term(PROV + "agent"), extractor_iri(component), g),
        Quad(node, vocabulary_term(NKG + "confidence"), confidence, g),
    ]


def extractor_quads(component: str, g: NamedNode) -> list[Quad]:
    agent = extractor_iri(component)
    return [
        Quad(agent, A, vocabulary_term(PROV + "SoftwareAgent"), g),
        Quad(agent, vocabulary_term(RDFS + "label"), Literal(f"newskg {component}"), g),
        Quad(agent, vocabulary_term(SCHEMA + "softwareVersion"), Literal(graph.__version__), g),
    ]


class ProvenanceWriter:
    """Adds provenance to assertion nodes of one article, creating sentence and extractor nodes once each."""

    def __init__(self, doc: Doc, article_id: str, g: NamedNode, quads: list[Quad]) -> None:
        self.doc = doc
        self.article_id = article_id
        self.article = NamedNode(article_iri(article_id))
        self.g = g
        self.quads = quads
        self._sentences: dict[int, NamedNode] = {}
        self._agents: set[str] = set()
        self._attributions: set[NamedNode] = set()

    def add(self, s: NamedNode, p: str, o) -> None:
        """A statement of this article, in its named graph."""
        self.quads.append(Quad(s, vocabulary_term(p), o, self.g))

    def describe(self, s: NamedNode, p: str, o) -> None:
        """A description of a node many articles share (an entity's type or label), in the entities graph."""
        self.quads.append(Quad(s, vocabulary_term(p), o, SHARED))

    def sentence(self, index: int | None) -> NamedNode | None:
        if index is None or not (0 <= index < len(self.doc.sentences)):
            return None
        node = self._sentences.get(index)
        if node is None:
            sent = self.doc.sentences[index]
            node = NamedNode(node_iri("sentence", self.article_id, str(index)))
            self._sentences[index] = node
            # Its type nif:Sentence follows from the range of nkg:sentence (ontology/newskg.ttl): not stated.
            self.add(node, NIF + "beginIndex", integer(sent.start))
            self.add(node, NIF + "endIndex", integer(sent.end))
            self.add(node, NIF + "referenceContext", self.article)
        return node

    def attest(self, node: NamedNode, component: str, confidence: float, sentence: int | None) -> NamedNode | None:
        """Tie an assertion node to its evidence: article, sentence span, extractor and version, confidence.

        The sentence names the article (its nif:referenceContext); only without one is the article stated here.
        Returns the sentence node, if any."""
        sent = self.sentence(sentence)
        if sent is not None:
            self.add(node, NKG + "sentence", sent)
        else:
            self.add(node, PROV + "wasDerivedFrom", self.article)
        if component not in self._agents:
            self._agents.add(component)
            self.quads.extend(extractor_quads(component, SHARED))
        value = number(confidence)
        attribution = attribution_iri(component, value)
        if attribution not in self._attributions:
            self._attributions.add(attribution)
            self.quads.extend(attribution_quads(component, value, SHARED))
        self.add(node, PROV + "qualifiedAttribution", attribution)
        return sent

    def attest_span(self, node: NamedNode, component: str, confidence: float, sentence: int | None) -> None:
        """`attest` for a span of the text; without a sentence its offsets also need their NIF context."""
        if self.attest(node, component, confidence, sentence) is None:
            self.add(node, NIF + "referenceContext", self.article)


QuadMapper = Callable[[Doc, ProvenanceWriter], None]
