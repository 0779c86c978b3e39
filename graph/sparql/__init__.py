"""SPARQL beyond the store: result formats, query runners with limits, result writers, the update guard, prefixes."""
