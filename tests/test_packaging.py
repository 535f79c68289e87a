"""The ontology, shapes, queries and seeds are reachable from an installed wheel, not only a checkout."""

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_ships_data_and_finds_it(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("repat_kg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for required in (
        "repat_kg/data/ontology/repat-kg.ttl",
        "repat_kg/data/shapes/repat-kg-shapes.ttl",
        "repat_kg/data/queries/official-claims.rq",
        "repat_kg/data/seeds/entities.yaml",
        "repat_kg/data/seeds/000_f6cb99c41662595b.txt",
        "repat_kg/extraction/lexicon.yaml",  # the extractor's phrase lists
        "repat_kg/data/queries/report/timeline.rq",  # the report's own queries and its templates
        "repat_kg/output/templates/report.html.j2",
        "repat_kg/output/templates/report.js",
        "repat_kg/output/templates/report.css",
    ):
        assert required in names
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    # Run from an unrelated folder with only the unpacked wheel on the path for repat_kg.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import repat_kg, repat_kg.paths as p; print(repat_kg.__file__); print(p.queries_dir()); print(p.shipped_seeds_dir())",
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    for line in probe.stdout.splitlines():
        assert line.startswith(str(unpacked)), probe.stdout
    query = subprocess.run(
        [sys.executable, "-m", "repat_kg", "query", "official-claims", "--format", "csv"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert query.returncode == 0, query.stderr
    assert "Abdulkarim Omar" in query.stdout
    report = subprocess.run(
        [sys.executable, "-m", "repat_kg", "report", "-o", str(tmp_path / "report.html")],
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert report.returncode == 0, report.stderr
    assert "Abdulkarim Omar" in (tmp_path / "report.html").read_text(encoding="utf-8")
