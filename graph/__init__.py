"""newskg core: reading, extraction, RDF mapping, store, analysis and visualisation. No web code here."""

__version__ = "0.1.0"
