"""Validate a graph against the SHACL shapes with shacl-rust, a SHACL engine in Rust, many times faster than pySHACL.

It checks the same shapes as :func:`repat_kg.validate.validate_quads` and returns the same
:class:`~repat_kg.validate.ValidationResult`, so the two can be swapped and compared.

What shacl-rust reports, and what it cannot:

- every result's focus node, value, sh:resultPath (as SPARQL path text), source constraint
  component, source shape and messages;
- a source shape that is a blank node (every ``sh:property [ ... ]``) only as a label made up for the
  run (``_:`` and a random hex string), which names nothing in the shapes file; such a shape is given
  here, as in ``validate_quads``, as its path in brackets (``[<http://schema.org/publisher>]``);
- no compiled shapes object: its API takes the shapes as text (or a file) on every call and parses
  them again (about 5 ms for the project's shapes). What this module keeps for the process is the
  shapes file's content.

On one point it follows the SHACL specification where pySHACL does not: an ill-typed literal such as
``"abc"^^xsd:decimal`` fails sh:maxInclusive as well as sh:minInclusive ("does not return true"),
where pySHACL, which orders ill-typed literals below every number, reports sh:minInclusive only.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from repat_kg import paths
from repat_kg.quality.shacl import ValidationResult
from repat_kg.quality.validation import Violation

# The fastest input measured (146,597 quads, 20 times the seeds): N-Quads bytes from pyoxigraph, given
# as a binary stream, into shacl-rust's interned index. shacl-rust merges the graphs of N-Quads into one
# data graph, as validate_quads does. N-Triples needs a Triple made per quad in Python first, Turtle
# serialises slower; without experimental_index shacl-rust validated 1.5 to 2 times slower.
DATA_FORMAT = "nq"
EXPERIMENTAL_INDEX = True


def validate_fast(quads: list[ox.Quad], shapes: Path | None = None) -> ValidationResult:
    """Validate the quads (all graphs merged, the ontology graph among them) against the shapes with shacl-rust.

    ``shapes`` defaults to the project's shapes file; its text is read once per process.
    """
    import shacl_rust

    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None  # no output stream given, so pyoxigraph returns the bytes
    report: dict[str, Any] = shacl_rust.validate_file(
        io.BytesIO(data),
        io.BytesIO(_shapes_content(Path(shapes or paths.shapes_file()).resolve())),
        data_format=DATA_FORMAT,
        shapes_format="turtle",
        experimental_index=EXPERIMENTAL_INDEX,
    )
    results: list[dict[str, Any]] = report["results"]
    return ValidationResult(
        conforms=bool(report["conforms"]),
        violation_count=len(results),
        report_text=_report_text(bool(report["conforms"]), results),
        focus_nodes=frozenset(_plain(r["focusNode"]) for r in results),
        value_nodes=frozenset(_plain(r["value"]) for r in results if r.get("value") is not None),
        results=frozenset(
            (_plain(r["focusNode"]), _shape_label(r), _iri(r["sourceConstraintComponent"])) for r in results
        ),
        violations=tuple(
            sorted(
                {
                    Violation(
                        _plain(r["focusNode"]),
                        _iri(r["sourceConstraintComponent"]),
                        r.get("resultPath") or "",
                        _plain(r["value"]) if r.get("value") is not None else "",
                        " ".join(r.get("messages", [])),
                    )
                    for r in results
                }
            )
        ),
    )


@lru_cache(maxsize=4)
def _shapes_content(path: Path) -> bytes:
    """The shapes file's content, read once per process and path."""
    return path.read_bytes()


def _shape_label(result: dict[str, Any]) -> str:
    """The source shape's IRI; for a blank shape its path in brackets, as validate_quads labels it."""
    shape: str = result["sourceShape"]
    if shape.startswith("<"):
        return _iri(shape)
    return "[" + (result.get("resultPath") or "") + "]"


def _iri(text: str) -> str:
    return text[1:-1] if text.startswith("<") and text.endswith(">") else text


@lru_cache(maxsize=65536)
def _plain(term: str) -> str:
    """An N-Triples term as validate_quads gives it (rdflib's str): the IRI, the blank node id, the lexical form."""
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    if term.startswith("_:"):
        return term[2:]
    node = next(iter(ox.parse(f"<urn:s> <urn:p> {term} .".encode(), format=ox.RdfFormat.N_TRIPLES))).object
    assert isinstance(node, ox.Literal)
    return node.value


def _report_text(conforms: bool, results: list[dict[str, Any]]) -> str:
    """A report in the manner of pySHACL's text report: one block per result."""
    lines = ["Validation Report (shacl-rust)", f"Conforms: {conforms}", f"Results ({len(results)}):"]
    for r in sorted(results, key=lambda r: (r["focusNode"], r["sourceConstraintComponent"], r.get("resultPath") or "")):
        lines.append(f"Constraint Violation in {_iri(r['sourceConstraintComponent']).rsplit('#', 1)[-1]}:")
        lines.append(f"    Severity: {_iri(r['severity'])}")
        lines.append(f"    Source Shape: {_shape_label(r)}")
        lines.append(f"    Focus Node: {r['focusNode']}")
        for key, label in (("value", "Value Node"), ("resultPath", "Result Path")):
            if r.get(key) is not None:
                lines.append(f"    {label}: {r[key]}")
        lines.extend(f"    Message: {message}" for message in r.get("messages", []))
    return "\n".join(lines)
