"""The on-disk store sync: a store update that stops part-way is redone by the next build, not taken as done."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
import pytest

from repat_kg.errors import InputError
from repat_kg.store.persistent import StoreSync, check_store_folder

GRAPH = "https://w3id.org/repat-kg/id/graph/article/a1"
NQUADS = f'<https://w3id.org/repat-kg/id/article/a1> <http://purl.org/dc/terms/title> "A" <{GRAPH}> .\n'.encode()


def sync(directory: Path, nquads: bytes) -> tuple[list[str], list[str], list[str]]:
    syncer = StoreSync(directory)
    try:
        syncer.offer(GRAPH, nquads)
        return syncer.finish()
    finally:
        del syncer
        gc.collect()  # close the store, releasing its lock


def graph_size(directory: Path) -> int:
    store = ox.Store.read_only(str(directory))
    return len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH))))


def test_a_store_update_that_fails_part_way_is_redone_by_the_next_run(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert sync(store, NQUADS)[0] == [GRAPH]
    with pytest.raises(SyntaxError):
        sync(store, b"<not n-quads")  # the old graph is removed, then the load fails
    gc.collect()
    replaced, unchanged, _ = sync(store, NQUADS)  # the same content as the first run
    assert (replaced, unchanged) == ([GRAPH], [])
    assert graph_size(store) == 1


def test_an_unchanged_graph_is_left_alone(tmp_path: Path) -> None:
    store = tmp_path / "store"
    sync(store, NQUADS)
    assert sync(store, NQUADS)[:2] == ([], [GRAPH])


def test_check_store_folder_accepts_new_empty_and_store_folders_only(tmp_path: Path) -> None:
    check_store_folder(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    check_store_folder(tmp_path / "empty")
    sync(tmp_path / "store", NQUADS)
    check_store_folder(tmp_path / "store")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "CURRENT").write_text("not RocksDB\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no Oxigraph store"):
        check_store_folder(tmp_path / "other")
    with pytest.raises(InputError, match="must be a folder"):
        check_store_folder(tmp_path / "other" / "CURRENT")
