"""Readers: YAML annotations, the entity registry, RDF files."""
