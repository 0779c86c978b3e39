"""The ontology files (ontology/): where they are, and SHACL validation of article graphs against shapes.ttl.

Validation uses rdflib and pyshacl, not Oxigraph: it is a check run by tests and `newskg` tooling, not on the
ingest path. Each article's named graph, together with the shared entities graph (see ontology/newskg.ttl), must
conform on its own, so a dataset is validated one article graph at a time, without inference.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
import rdflib
from rdflib.exceptions import ParserError
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.rdf.namespaces import ENTITIES_GRAPH

ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
ONTOLOGY_FILE = "newskg.ttl"
SHAPES_FILE = "shapes.ttl"
CONTEXT_FILE = "context.jsonld"
TYPOLOGY_FILE = "event-types.ttl"


def ontology_path(name: str = ONTOLOGY_FILE) -> Path:
    """Filesystem path of a file in the ontology package (newskg.ttl, shapes.ttl, context.jsonld, ...)."""
    resource = files("ontology") / name
    if not resource.is_file():
        raise FileNotFoundError(f"no ontology file {name!r} in the ontology package")
    # The package is a plain directory (source tree or installed wheel), so as_file yields the file itself.
    with as_file(resource) as path:
        return Path(path)


def load_ontology() -> rdflib.Graph:
    """newskg.ttl as an rdflib Graph: the classes and properties."""
    return rdflib.Graph().parse(ontology_path(ONTOLOGY_FILE), format="turtle")


def load_vocabulary() -> rdflib.Graph:
    """newskg.ttl together with the event typology (event-types.ttl, SKOS concepts): every term newskg writes."""
    g = load_ontology()
    return g.parse(ontology_path(TYPOLOGY_FILE), format="turtle")


@lru_cache(maxsize=1)
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path(SHAPES_FILE), format="turtle")


def load_shapes() -> rdflib.Graph:
    """shapes.ttl as an rdflib Graph (a fresh copy: callers may add to it)."""
    copy = rdflib.Graph()
    for prefix, ns in _shapes().namespaces():
        copy.bind(prefix, ns)
    for triple in _shapes():
        copy.add(triple)
    return copy


def load_context() -> dict[str, Any]:
    """context.jsonld as a dict: the value of its "@context", ready for rdflib's JSON-LD serializer and parser."""
    with ontology_path(CONTEXT_FILE).open(encoding="utf-8") as f:
        return json.load(f)["@context"]


Quads = Iterable[ox.Quad]


def to_dataset(data: rdflib.Dataset | rdflib.Graph | Quads | bytes | IO[bytes]) -> rdflib.Dataset:
    """An rdflib Dataset from pyoxigraph quads, N-Quads bytes or file, or an rdflib Graph/Dataset (returned as is)."""
    if isinstance(data, rdflib.Dataset):
        return data
    ds = rdflib.Dataset()
    if isinstance(data, rdflib.Graph):
        g = ds.graph(data.identifier if isinstance(data.identifier, rdflib.URIRef) else None)
        for triple in data:
            g.add(triple)
        return ds
    if isinstance(data, (bytes, bytearray)):
        payload = bytes(data)
    elif hasattr(data, "read"):
        payload = data.read()
    else:
        payload = ox.serialize(data, format=ox.RdfFormat.N_QUADS) or b""
    try:
        ds.parse(data=payload.decode("utf-8"), format="nquads")
    except (UnicodeDecodeError, ParserError) as e:
        first = (str(e).splitlines() or [e.__class__.__name__])[0]
        raise ValueError(f"not valid N-Quads: {first}") from e
    return ds


def store_dataset(store: Any) -> rdflib.Dataset:
    """Every article graph of a graph.store.Store as an rdflib Dataset (through its N-Quads dump)."""
    buf = io.BytesIO()
    store.dump(buf, "nquads")
    return to_dataset(buf.getvalue())


def validate(data: rdflib.Dataset | rdflib.Graph | Quads | bytes | IO[bytes]) -> tuple[bool, str]:
    """Validate article graphs against shapes.ttl: (conforms, report text naming every violation).

    Takes pyoxigraph quads (e.g. MappedArticle.quads), N-Quads, or an rdflib Graph or Dataset. Each article graph
    is checked on its own together with the entities graph (the shared descriptions of entities: types, labels),
    because an article graph must stand with those alone: an entity typed only in another article's graph would be
    a violation here, though the union would hide it.
    """
    dataset = to_dataset(data)
    graphs = [g for g in dataset.graphs() if len(g)]
    if not graphs:
        return True, "Validation Report\nConforms: True\n(no triples to validate)\n"
    shared = next((g for g in graphs if str(g.identifier) == ENTITIES_GRAPH), None)
    if shared is not None and len(graphs) > 1:
        graphs.remove(shared)
    conforms = True
    reports: list[str] = []
    for g in sorted(graphs, key=lambda g: str(g.identifier)):
        ok, text = _validate_graph(g, shared)
        conforms = conforms and ok
        if not ok:
            name = "the default graph" if g.identifier == DATASET_DEFAULT_GRAPH_ID else f"<{g.identifier}>"
            reports.append(f"In {name}:\n{text}")
    summary = f"Validation Report\nConforms: {conforms}\nGraphs checked: {len(graphs)}\n"
    return conforms, summary + "".join(reports)


def _validate_graph(g: rdflib.Graph, shared: rdflib.Graph | None = None) -> tuple[bool, str]:
    import pyshacl

    # A plain Graph copy: pyshacl would otherwise read a Dataset member as the union of the whole dataset.
    plain = rdflib.Graph()
    for triple in g:
        plain.add(triple)
    if shared is not None and shared is not g:
        for triple in shared:
            plain.add(triple)
    conforms, _report_graph, report_text = pyshacl.validate(
        plain,
        shacl_graph=_shapes(),
        inference="none",
        advanced=True,  # sh:sparql constraints (schema:about within schema:mentions)
        allow_warnings=True,
    )
    return bool(conforms), str(report_text)
