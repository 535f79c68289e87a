"""Shared fixtures: the project folders and one validated build of the seeds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run repat-kg as a user would, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "repat_kg", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of `repat-kg build seeds -o OUT` (validated)."""
    out = tmp_path_factory.mktemp("build")
    result = run_cli("build", str(SEEDS), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed folder, to break on purpose."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
