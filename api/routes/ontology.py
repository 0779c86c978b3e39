"""The vocabulary, its SHACL shapes and the JSON-LD context, served as files for clients and validators."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from graph.rdf.vocabulary import CONTEXT_FILE, ONTOLOGY_FILE, SHAPES_FILE, TYPOLOGY_FILE, ontology_path

router = APIRouter(tags=["ontology"])


@router.get("/ontology", response_class=FileResponse)
def ontology() -> FileResponse:
    """The newskg vocabulary (OWL, Turtle)."""
    return FileResponse(ontology_path(ONTOLOGY_FILE), media_type="text/turtle")


@router.get("/ontology/event-types", response_class=FileResponse)
def event_types() -> FileResponse:
    """The event typology (SKOS concept scheme, Turtle)."""
    return FileResponse(ontology_path(TYPOLOGY_FILE), media_type="text/turtle")


@router.get("/ontology/shapes", response_class=FileResponse)
def shapes() -> FileResponse:
    """SHACL shapes an ingested article graph conforms to (Turtle)."""
    return FileResponse(ontology_path(SHAPES_FILE), media_type="text/turtle")


@router.get("/context.jsonld", response_class=FileResponse)
def context() -> FileResponse:
    """The JSON-LD context for newskg data."""
    return FileResponse(ontology_path(CONTEXT_FILE), media_type="application/ld+json")
