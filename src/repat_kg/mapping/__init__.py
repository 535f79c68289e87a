"""The RDF mapping: one article, the registry, the ontology, each to its named graph."""
