"""Linking registry entities to Wikidata: gazetteer, matching, the API and the registry writer."""
