"""The settings now live in graph/settings.py (graph services are built from them); kept so old imports work."""
from graph.settings import Settings

__all__ = ["Settings"]
