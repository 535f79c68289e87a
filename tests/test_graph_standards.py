"""The graph against the standards: reasoned and stored builds still conform, and PROV-O finds no clash."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS, run_cli


@pytest.mark.parametrize("validator", ["fast", "pyshacl"])
def test_a_reasoned_build_validates(built_reasoned: Path, validator: str) -> None:
    """README: `build --reason` then `validate build/repat-kg.trig`. The inferred closure of rkg:within
    (rkg:locatedWithin) must not break the shape that allows one direct container."""
    result = run_cli("validate", "--validator", validator, str(built_reasoned / "repat-kg.trig"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_a_graph_exported_from_the_store_validates(tmp_path: Path) -> None:
    """`build --store`, `export --store`, `validate`: the store must not change a literal the shapes check."""
    store, out, exported = tmp_path / "store", tmp_path / "out", tmp_path / "exported.nq"
    result = run_cli("build", str(SEEDS), "-o", str(out), "--store", str(store))
    assert result.returncode == 0, result.stderr
    result = run_cli("export", "--store", str(store), "--format", "nq", "-o", str(exported))
    assert result.returncode == 0, result.stderr
    result = run_cli("validate", str(exported))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
