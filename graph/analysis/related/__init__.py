"""Related stories: date signals, the ranking index and the service routes and CLI use."""
from graph.analysis.related.service import RelatedService

__all__ = ["RelatedService"]
