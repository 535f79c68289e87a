"""Read RDF files (N-Quads, TriG, Turtle, N-Triples, JSON-LD), their format chosen by suffix."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from repat_kg.errors import InputError

FORMAT_BY_SUFFIX = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def read_quads(path: Path) -> list[ox.Quad]:
    """Parse an RDF file, its format chosen by its suffix; errors name the file and line; no triples is an error."""
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
    if not quads:
        # An empty graph has nothing to violate a shape: "conforms" would be a wrong success.
        raise InputError(f"no triples in the file: an empty {path.suffix[1:]} file is not a graph", path)
    return [q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object) for q in quads]
