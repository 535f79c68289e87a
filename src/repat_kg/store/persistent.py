"""The on-disk pyoxigraph store: open it, read it, and keep it in step with a build graph by graph."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pyoxigraph as ox

from repat_kg.atomic import write_atomically
from repat_kg.errors import InputError

STORE_DIGESTS = "repat-kg-graphs.json"


def open_store(quads: list[ox.Quad]) -> ox.Store:
    """An in-memory store holding ``quads``."""
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


class StoreSync:
    """Bring an on-disk store in step with a build, one named graph at a time.

    A graph whose N-Quads changed (by SHA-256, kept beside the store, since the store normalises
    some literals) is replaced whole; an unchanged one is left alone; a graph this class put in
    the store before that the build no longer has (a deleted article) is dropped by :meth:`finish`.
    """

    def __init__(self, directory: Path):
        self.directory = directory
        self.digests_file = directory / STORE_DIGESTS
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self.known: dict[str, str] = (
                json.loads(self.digests_file.read_text(encoding="utf-8")) if self.digests_file.is_file() else {}
            )
            self.store = ox.Store(str(directory))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot open the store for writing: {exc}", directory) from exc
        self.current: dict[str, str] = {}
        self.replaced: list[str] = []
        self.unchanged: list[str] = []
        # The changed graphs' N-Quads, gathered in a temporary file and bulk-loaded at once: one
        # bulk load per graph costs about 40 % more (each writes its own sorted files).
        self._pending = tempfile.NamedTemporaryFile(prefix="repat-kg-store-", suffix=".nq")  # noqa: SIM115

    def offer(self, graph_name: str, nquads: bytes, content_key: str | None = None) -> None:
        """The graph named ``graph_name`` should hold exactly these N-Quads (all in that graph).

        ``content_key``, when the caller has one, is a digest that identifies the content as surely
        as its SHA-256 (the build's unit key, a digest of all the unit's inputs), and saves hashing it.
        """
        digest = f"unit:{content_key}" if content_key is not None else hashlib.sha256(nquads).hexdigest()
        self.current[graph_name] = digest
        if self.known.get(graph_name) == digest:
            self.unchanged.append(graph_name)
            return
        self._pending.write(nquads)
        self.replaced.append(graph_name)

    def finish(self) -> tuple[list[str], list[str], list[str]]:
        """Replace the changed graphs, drop those no longer built, record the digests.

        Returns the replaced, unchanged and dropped graphs.
        """
        dropped = sorted(set(self.known) - set(self.current))
        try:
            for name in [*self.replaced, *dropped]:
                graph = ox.NamedNode(name)
                if self.store.contains_named_graph(graph):
                    self.store.remove_graph(graph)
            self._pending.flush()
            self.store.bulk_load(path=self._pending.name, format=ox.RdfFormat.N_QUADS)
            self.store.flush()
        except OSError as exc:
            raise InputError(f"cannot write the store: {exc}", self.directory) from exc
        finally:
            self._pending.close()
        write_atomically({self.digests_file: json.dumps(self.current, indent=1, sort_keys=True).encode("utf-8")})
        return self.replaced, self.unchanged, dropped
