"""The atomic writer stages each file as a hidden sibling in the target's own folder (same file system)."""

from __future__ import annotations

from pathlib import Path

from repat_kg.atomic import AtomicFiles, write_atomically


def test_files_are_staged_beside_their_targets_and_appear_on_a_clean_exit(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "graph.nq", tmp_path / "b" / "graph.ttl"
    with AtomicFiles([first, second]) as files:
        files.stream(first).write(b"one")
        files.stream(second).write(b"two")
        # While writing: one hidden ".graph.nq.*" sibling in the target's folder (a rename within one
        # file system is atomic), and no target yet.
        staged = sorted(p.name for p in first.parent.iterdir())
        assert len(staged) == 1 and staged[0].startswith(".graph.nq.")
        assert sorted(p.name for p in second.parent.iterdir())[0].startswith(".graph.ttl.")
        assert not first.exists() and not second.exists()
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")
    assert [p.name for p in first.parent.iterdir()] == ["graph.nq"]
    assert [p.name for p in second.parent.iterdir()] == ["graph.ttl"]


def test_write_atomically_writes_every_file(tmp_path: Path) -> None:
    targets = {tmp_path / "x.json": b"{}", tmp_path / "y.json": b"[]"}
    assert write_atomically(targets) == list(targets)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"x.json": b"{}", "y.json": b"[]"}
