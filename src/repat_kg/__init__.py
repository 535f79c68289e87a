"""repat_kg: a validated, provenance-rich knowledge graph of news reporting on repatriations."""

__version__ = "0.1.0"
