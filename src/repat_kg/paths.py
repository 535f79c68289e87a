"""The one place that knows where ontology/, shapes/, queries/ and seeds/ live.

In an installed wheel they are shipped inside the package as ``repat_kg/data/<name>``;
in a checkout (including an editable install) they are the top-level folders of the
repository. Everything else asks this module.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_DATA_NAMES = ("ontology", "shapes", "queries", "seeds")


def data_dir(name: str) -> Path:
    """Return the folder holding the project's ``name`` data (ontology, shapes, queries, seeds)."""
    if name not in _DATA_NAMES:
        raise ValueError(f"unknown data folder {name!r}")
    shipped = _PACKAGE_DIR / "data" / name
    if shipped.is_dir():
        return shipped
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"repat_kg data folder {name!r} is missing from the installation")


def is_inside_package(path: Path) -> bool:
    """True for a path inside the installed package (its code or its shipped data): read-only to us."""
    return Path(path).resolve().is_relative_to(_PACKAGE_DIR)


def ontology_file() -> Path:
    return data_dir("ontology") / "repat-kg.ttl"


def shapes_file() -> Path:
    return data_dir("shapes") / "repat-kg-shapes.ttl"


def queries_dir() -> Path:
    return data_dir("queries")


def report_templates_dir() -> Path:
    """The HTML report's Jinja2 templates, style sheet and script: package data beside the code."""
    return _PACKAGE_DIR / "output" / "templates"


def shipped_seeds_dir() -> Path:
    return data_dir("seeds")
