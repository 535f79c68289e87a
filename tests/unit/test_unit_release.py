"""Release tables as library calls: cells and rows in a fixed order, and all files or none."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from repat_kg.errors import InputError, ServiceError
from repat_kg.output.release import table_rows, table_specs
from repat_kg.pipeline.release import export_tables
from repat_kg.store.queries import CannedQuery, Table


def empty_answer(canned: CannedQuery) -> Table:
    spec = next(s for s in table_specs() if s.name == canned.name)
    return Table([c.name for c in spec.columns], [])


def test_joined_cells_and_rows_come_out_sorted_whatever_the_engine_order() -> None:
    spec = next(s for s in table_specs() if s.name == "entities")
    names = [c.name for c in spec.columns]

    def row(entity: str, aliases: str) -> list[ox.Literal | None]:
        return [ox.Literal(entity), None, None, ox.Literal(aliases), None, None, None, None]

    one = Table(names, [row("b", "Zed | Alpha"), row("a10", "x"), row("a9", "y")])
    other = Table(names, [row("a9", "y"), row("b", "Alpha | Zed"), row("a10", "x")])
    assert table_rows(spec, one) == table_rows(spec, other)
    assert [r[0] for r in table_rows(spec, one)] == ["a10", "a9", "b"]
    assert table_rows(spec, one)[2][3] == "Alpha | Zed"


def test_a_query_whose_columns_differ_from_the_declared_ones_is_refused() -> None:
    spec = table_specs()[0]
    with pytest.raises(InputError, match="not the declared"):
        table_rows(spec, Table(["x"], []))


def test_a_failure_half_way_leaves_the_previous_release_untouched(tmp_path: Path) -> None:
    out = tmp_path / "release"
    export_tables(empty_answer, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(before) == ["claims.csv", "codebook.md", "entities.csv", "events.csv", "sources.csv",
                              "statements.csv"]
    asked: list[str] = []

    def dies_on_the_third(canned: CannedQuery) -> Table:
        asked.append(canned.name)
        if len(asked) == 3:
            raise ServiceError("the endpoint went away")
        return Table(empty_answer(canned).columns, [[ox.Literal("new")] + [None] * (len(empty_answer(canned).columns) - 1)])

    with pytest.raises(ServiceError):
        export_tables(dies_on_the_third, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]  # no temporary folder left behind


def test_a_new_release_replaces_the_old_one_whole(tmp_path: Path) -> None:
    out = tmp_path / "release"
    export_tables(empty_answer, out)
    export_tables(empty_answer, out, hxl=True)
    assert (out / "claims.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("#meta+id")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]


def test_a_disk_full_while_writing_leaves_the_previous_release_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk filling up after two files (simulated: we cannot fill this machine's disk in a test)."""
    out = tmp_path / "release"
    export_tables(empty_answer, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = Path.write_bytes
    calls: list[Path] = []

    def write_bytes(self: Path, data: bytes) -> int:
        calls.append(self)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(InputError, match="No space left"):
        export_tables(empty_answer, out, hxl=True)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
