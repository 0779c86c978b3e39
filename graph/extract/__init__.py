"""Extraction: a pipeline of small components turning an Article into an annotated Doc."""

from graph.extract.pipeline import Pipeline, component

__all__ = ["Pipeline", "component"]
