"""Write a release: the CSV tables and their codebook, from any graph a query can run on, all files or none."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from repat_kg import paths
from repat_kg.errors import InputError
from repat_kg.output.codebook import codebook
from repat_kg.output.release import CODEBOOK, TABLE_NAMES, csv_bytes, table_rows, table_specs
from repat_kg.store.queries import CannedQuery, Table

RELEASE_FILES = frozenset([*(f"{name}.csv" for name in TABLE_NAMES), CODEBOOK])


def export_tables(run: Callable[[CannedQuery], Table], out_dir: Path, hxl: bool = False) -> list[Path]:
    """Run every table query with ``run`` (local or remote) and write the CSV files and the codebook into ``out_dir``.

    Nothing is written until every query has answered. The files are written into a new folder
    beside ``out_dir`` that then takes its place, so readers see the old release or the new one,
    never a mix. ``out_dir`` may be missing, empty, or an earlier release; anything else is refused.
    """
    _check_target(out_dir)
    specs = table_specs()
    outputs: dict[str, bytes] = {}
    for spec in specs:
        outputs[f"{spec.name}.csv"] = csv_bytes(spec, table_rows(spec, run(spec.query)), hxl)
    outputs[CODEBOOK] = codebook(specs, paths.ontology_file(), paths.shapes_file()).encode("utf-8")
    _swap_in(out_dir, outputs)
    return [out_dir / name for name in outputs]


def _check_target(out_dir: Path) -> None:
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise InputError("release folder is not a folder", out_dir)
    if out_dir.is_dir():
        foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in RELEASE_FILES or not p.is_file())
        if foreign:
            raise InputError(f"release folder holds files that are not release tables ({', '.join(foreign[:3])})",
                             out_dir)


def _swap_in(out_dir: Path, outputs: dict[str, bytes]) -> None:
    """Write the files into a fresh sibling folder, then rename it into place (the old release moved aside first)."""
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new.", dir=parent))
    except OSError as exc:
        raise InputError(f"cannot write the release: {exc}", out_dir) from exc
    old: Path | None = None
    try:
        for name, content in outputs.items():
            (fresh / name).write_bytes(content)
        os.chmod(fresh, 0o755)
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=parent))
            os.replace(out_dir, old / "release")
        try:
            os.replace(fresh, out_dir)
        except OSError:
            if old is not None:
                os.replace(old / "release", out_dir)
            raise
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise InputError(f"cannot write the release: {exc}", out_dir) from exc
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
