"""Find and load the graph a command works on: a built file, or the seeds built in memory."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from repat_kg.errors import InputError

DEFAULT_GRAPH_FILE = Path("build") / "repat-kg.nq"
FORMAT_BY_SUFFIX = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def read_quads(path: Path) -> list[ox.Quad]:
    """Parse an RDF file, its format chosen by its suffix; errors name the file and line."""
    fmt = FORMAT_BY_SUFFIX.get(path.suffix)
    if fmt is None:
        raise InputError(f"unknown RDF file type {path.suffix!r}; expected one of: {', '.join(FORMAT_BY_SUFFIX)}", path)
    try:
        quads = list(ox.parse(path=str(path), format=fmt))
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(
            f"malformed {path.suffix[1:]} file: {exc.msg if hasattr(exc, 'msg') else exc}", path, line
        ) from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path) from exc
    return [q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object) for q in quads]


def load_quads(data: Path | None, seeds: Path | None = None) -> list[ox.Quad]:
    """The quads of ``data``; else of ./build/repat-kg.nq; else the seeds, built in memory."""
    if data is not None:
        return read_quads(data)
    if seeds is None and DEFAULT_GRAPH_FILE.is_file():
        return read_quads(DEFAULT_GRAPH_FILE)
    from repat_kg.build import build_quads, default_seeds_dir

    return build_quads(seeds or default_seeds_dir())[1]


def open_store(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store
