"""The shapes bound a proportion by 1, as the reader does: a graph written by other means is checked too."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

# 004: "at its peak controlled nearly a third of the country", annotated as the proportion 0.3333.
THIRD = '<http://schema.org/value> "0.3333"^^<http://www.w3.org/2001/XMLSchema#decimal>'


@pytest.mark.parametrize("validator", ["fast", "pyshacl"])
@pytest.mark.parametrize(("value", "conforms"), [("33.33", False), ("1.0", True)])
def test_a_proportion_above_one_does_not_conform(built: Path, tmp_path: Path, validator: str, value: str, conforms: bool) -> None:
    text = (built / "repat-kg.nq").read_text(encoding="utf-8")
    assert text.count(THIRD) == 1
    broken = tmp_path / "broken.nq"
    broken.write_text(text.replace(THIRD, THIRD.replace("0.3333", value)), encoding="utf-8")
    result = run_cli("validate", str(broken), "--validator", validator)
    if conforms:
        assert result.returncode == 0, result.stdout[-2000:]
    else:
        assert result.returncode == 1, result.stderr
        assert "is-peak-control-iraq" in result.stdout and "1" in result.stdout
