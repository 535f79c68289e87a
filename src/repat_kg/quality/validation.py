"""Validate quads against the SHACL shapes with the chosen engine, results in one engine-neutral form."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

VALIDATORS = ("fast", "pyshacl")


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the focus node, the constraint component, the path and value (as strings, '' if none)."""

    focus: str
    component: str
    path: str
    value: str
    message: str


@dataclass(frozen=True)
class Outcome:
    violations: tuple[Violation, ...]
    report_text: str

    @property
    def conforms(self) -> bool:
        return not self.violations


def validate(quads: list[ox.Quad], validator: str = "fast") -> Outcome:
    """Validate ``quads`` (which must include the class hierarchy the shapes rely on) against the shapes."""
    if validator == "pyshacl":
        from repat_kg.quality.shacl import validate_quads

        reference = validate_quads(quads)
        return Outcome(reference.violations, reference.report_text if not reference.conforms else "")
    if validator == "fast":
        from repat_kg.quality.fast_shacl import validate_fast

        fast = validate_fast(quads)
        return Outcome(fast.violations, fast.report_text if not fast.conforms else "")
    raise ValueError(f"unknown validator {validator!r}")
