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

from pyoxigraph import Literal, NamedNode

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
_XSD_INTEGER_TEXT = str(XSD_INTEGER)
XSD_DOUBLE = vocabulary_term(XSD + "double")
XSD_DATE = vocabulary_term(XSD + "date")
XSD_DATETIME = vocabulary_term(XSD + "dateTime")
SHARED = NamedNode(ENTITIES_GRAPH)


def integer(value: int) -> Literal:
    return Literal(str(int(value)), datatype=XSD_INTEGER)


def integer_text(value: int) -> str:
    """`integer(value)` as N-Quads writes it, without making the Literal (an article states hundreds of offsets)."""
    return f'"{int(value)}"^^{_XSD_INTEGER_TEXT}'


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


@lru_cache(maxsize=4096)
def _term_text(value: str) -> str:
    """A vocabulary IRI as N-Quads writes it ("<...>"), made once."""
    return str(vocabulary_term(value))


def attribution_lines(component: str, confidence: Literal) -> list[str]:
    """The attribution node of `component` at `confidence`, as N-Quads lines of the entities graph."""
    node = attribution_iri(component, confidence)
    return [
        f"{node} {A} {_term_text(PROV + 'Attribution')} {SHARED} .",
        f"{node} {_term_text(PROV + 'agent')} {extractor_iri(component)} {SHARED} .",
        f"{node} {_term_text(NKG + 'confidence')} {confidence} {SHARED} .",
    ]


def extractor_lines(component: str) -> list[str]:
    """The software agent `component`, as N-Quads lines of the entities graph."""
    agent = extractor_iri(component)
    return [
        f"{agent} {A} {_term_text(PROV + 'SoftwareAgent')} {SHARED} .",
        f"{agent} {_term_text(RDFS + 'label')} {Literal(f'newskg {component}')} {SHARED} .",
        f"{agent} {_term_text(SCHEMA + 'softwareVersion')} {Literal(graph.__version__)} {SHARED} .",
    ]


class ProvenanceWriter:
    """Adds provenance to assertion nodes of one article, creating sentence and extractor nodes once each.

    Statements are written straight to N-Quads lines (`own`: the article's graph, `shared`: the entities graph),
    each term as pyoxigraph writes it: building a pyoxigraph Quad per statement only to write it out again cost
    about half of the mapping's time. A term is a pyoxigraph term (so every IRI and literal from the text is
    checked), or its N-Quads text where the mapping builds it from parts that need no check (`integer_text`, the
    IRIs of nodes inside the article, whose ids are escaped by graph/rdf/iris.py)."""

    def __init__(self, doc: Doc, article_id: str, g: NamedNode) -> None:
        self.doc = doc
        self.article_id = article_id
        self.article = NamedNode(article_iri(article_id))
        self.g = g
        self.own: list[str] = []
        self.shared: list[str] = []
        self._own_end = f" {g} ."
        self._shared_end = f" {SHARED} ."
        self._article_text = str(self.article)
        self._sentences: dict[int, str] = {}  # sentence index -> its node, as N-Quads text
        self._agents: set[str] = set()
        self._attributions: set[str] = set()
        # (component, confidence) -> its attribution node as N-Quads text: most assertions share a few.
        self._attributed: dict[tuple[str, float], str] = {}

    def add(self, s: NamedNode | str, p: str, o: object) -> None:
        """A statement of this article, in its named graph."""
        self.own.append(f"{s} {_term_text(p)} {o}{self._own_end}")

    def describe(self, s: NamedNode | str, p: str, o: object) -> None:
        """A description of a node many articles share (an entity's type or label), in the entities graph."""
        self.shared.append(f"{s} {_term_text(p)} {o}{self._shared_end}")

    def sentence(self, index: int | None) -> str | None:
        """The node of sentence `index` (as N-Quads text), stated on first use; None for no sentence."""
        if index is None or not (0 <= index < len(self.doc.sentences)):
            return None
        node = self._sentences.get(index)
        if node is None:
            sent = self.doc.sentences[index]
            node = self._sentences[index] = f"<{node_iri('sentence', self.article_id, str(index))}>"
            # Its type nif:Sentence follows from the range of nkg:sentence (ontology/newskg.ttl): not stated.
            self.add(node, NIF + "beginIndex", integer_text(sent.start))
            self.add(node, NIF + "endIndex", integer_text(sent.end))
            self.add(node, NIF + "referenceContext", self._article_text)
        return node

    def attest(self, node: NamedNode | str, component: str, confidence: float, sentence: int | None) -> str | None:
        """Tie an assertion node to its evidence: article, sentence span, extractor and version, confidence.

        The sentence names the article (its nif:referenceContext); only without one is the article stated here.
        Returns the sentence node (as N-Quads text), if any."""
        sent = self.sentence(sentence)
        if sent is not None:
            self.add(node, NKG + "sentence", sent)
        else:
            self.add(node, PROV + "wasDerivedFrom", self._article_text)
        attribution = self._attributed.get((component, confidence))
        if attribution is None:
            if component not in self._agents:
                self._agents.add(component)
                self.shared.extend(extractor_lines(component))
            value = number(confidence)
            iri = attribution_iri(component, value)
            if iri.value not in self._attributions:  # two confidences may round to one value
                self._attributions.add(iri.value)
                self.shared.extend(attribution_lines(component, value))
            attribution = self._attributed[(component, confidence)] = str(iri)
        self.add(node, PROV + "qualifiedAttribution", attribution)
        return sent

    def attest_span(self, node: NamedNode | str, component: str, confidence: float, sentence: int | None) -> None:
        """`attest` for a span of the text; without a sentence its offsets also need their NIF context."""
        if self.attest(node, component, confidence, sentence) is None:
            self.add(node, NIF + "referenceContext", self._article_text)


QuadMapper = Callable[[Doc, ProvenanceWriter], None]
