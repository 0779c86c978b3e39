"""RDF: namespaces, IRIs and the pure mapping from an annotated Doc to quads."""
