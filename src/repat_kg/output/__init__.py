"""Output: RDF serialisation and result tables."""
