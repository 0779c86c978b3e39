"""The newskg vocabulary as data files: newskg.ttl (OWL), shapes.ttl (SHACL), context.jsonld (JSON-LD context).

No code lives here; graph/rdf/vocabulary.py loads the files. This file makes the folder a package so the files
ship with the wheel and importlib.resources can find them.
"""
