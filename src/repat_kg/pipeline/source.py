"""Find the graph a command works on: a built file, an on-disk store, or the seeds built in memory."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from repat_kg.errors import InputError
from repat_kg.pipeline.build import build_quads, default_seeds_dir
from repat_kg.readers.rdf import read_quads
from repat_kg.store.persistent import open_persistent, open_store, quads_of_store

DEFAULT_GRAPH_FILE = Path("build") / "repat-kg.nq"


def load_quads(data: Path | None, seeds: Path | None = None) -> list[ox.Quad]:
    """The quads of ``data``; else of ./build/repat-kg.nq; else the seeds, built in memory."""
    if data is not None:
        return read_quads(data)
    if seeds is None and DEFAULT_GRAPH_FILE.is_file():
        return read_quads(DEFAULT_GRAPH_FILE)
    return build_quads(seeds or default_seeds_dir())


def graph_quads(data: Path | None, store_dir: Path | None) -> list[ox.Quad]:
    """The quads of a graph file or of an on-disk store (not both), else the default graph."""
    if data is not None and store_dir is not None:
        raise InputError("give --data or --store, not both")
    return quads_of_store(store_dir) if store_dir is not None else load_quads(data)


def graph_store(data: Path | None, store_dir: Path | None) -> ox.Store:
    """A store to query: the on-disk one as it is, or an in-memory one holding the chosen graph."""
    if store_dir is not None and data is None:
        return open_persistent(store_dir)
    return open_store(graph_quads(data, store_dir))


def validate_file(path: Path, validator: str = "fast") -> None:
    """Validate an RDF file, the ontology added, with the chosen engine; raise if it does not conform."""
    from repat_kg import paths
    from repat_kg.errors import NonConformingError
    from repat_kg.mapping.ontology import ontology_quads
    from repat_kg.quality.validation import validate

    outcome = validate([*read_quads(path), *ontology_quads(paths.ontology_file())], validator)
    if not outcome.conforms:
        raise NonConformingError(outcome.report_text, len(outcome.violations))
