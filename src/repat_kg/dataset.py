"""Find and load the graph a command works on: a built file, an on-disk store, or the seeds built in memory."""

from __future__ import annotations

import hashlib
import json
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


def open_persistent(directory: Path) -> ox.Store:
    """Open an on-disk store written by ``build --store`` for reading; nothing is parsed or rebuilt."""
    if not directory.is_dir():
        raise InputError("store folder not found (create it with: repat-kg build --store DIR)", directory)
    try:
        return ox.Store.read_only(str(directory))
    except OSError as exc:
        raise InputError(f"cannot open the store: {exc}", directory) from exc


def quads_of_store(directory: Path) -> list[ox.Quad]:
    """Every quad of an on-disk store, in a stable order."""
    return sorted(open_persistent(directory).quads_for_pattern(None, None, None), key=str)


def by_graph(quads: list[ox.Quad]) -> dict[str, list[ox.Quad]]:
    """Group quads by graph name ('' for the default graph), in graph-name order."""
    groups: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        groups.setdefault(name, []).append(quad)
    return dict(sorted(groups.items()))


STORE_DIGESTS = "repat-kg-graphs.json"


def _digest(quads: list[ox.Quad]) -> str:
    return hashlib.sha256("\n".join(sorted(str(q) for q in quads)).encode("utf-8")).hexdigest()


def save_to_store(quads: list[ox.Quad], directory: Path) -> tuple[list[str], list[str]]:
    """Put ``quads`` into the on-disk store in ``directory``, one named graph at a time.

    A graph whose content changed is replaced as a whole (so rebuilding an article replaces
    exactly its named graph); an unchanged one is left alone. Graphs of the store that the
    quads do not mention are kept. What each graph held is known by the SHA-256 of its sorted
    N-Quads, kept beside the store (the store itself normalises some literals). Returns the
    names of the replaced and of the unchanged graphs.
    """
    digests_file = directory / STORE_DIGESTS
    try:
        directory.mkdir(parents=True, exist_ok=True)
        known: dict[str, str] = json.loads(digests_file.read_text(encoding="utf-8")) if digests_file.is_file() else {}
        store = ox.Store(str(directory))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot open the store for writing: {exc}", directory) from exc
    replaced, unchanged = [], []
    for name, group in by_graph(quads).items():
        digest = _digest(group)
        if known.get(name) == digest:
            unchanged.append(name)
            continue
        graph: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(name) if name else ox.DefaultGraph()
        if isinstance(graph, ox.NamedNode):
            if store.contains_named_graph(graph):
                store.remove_graph(graph)
        else:
            store.clear_graph(graph)
        store.bulk_extend(group)
        known[name] = digest
        replaced.append(name)
    store.flush()
    from repat_kg.build import write_atomically

    write_atomically({digests_file: json.dumps(known, indent=1, sort_keys=True).encode("utf-8")})
    return replaced, unchanged
