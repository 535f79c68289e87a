"""Validate a graph against the SHACL shapes with pySHACL, the ontology mixed in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from repat_kg import paths
from repat_kg.quality.validation import Violation

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violation_count: int
    report_text: str
    focus_nodes: frozenset[str] = frozenset()
    value_nodes: frozenset[str] = frozenset()
    violations: tuple[Violation, ...] = ()


def validate_quads(quads: list[ox.Quad], shapes: Path | None = None) -> ValidationResult:
    """Validate the quads (all graphs merged, the ontology graph among them) against the shapes.

    The ontology must be part of the data: pySHACL does not mix an ``ont_graph`` in when no
    inference is asked for, and the shapes need the class hierarchy and the concepts' types.
    """
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    data.addN((_rdflib_term(q.subject), _rdflib_term(q.predicate), _rdflib_term(q.object), data) for q in quads)
    shapes_graph = rdflib.Graph().parse(str(shapes or paths.shapes_file()), format="turtle")
    conforms, report_graph, report_text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,
        allow_warnings=False,
    )
    sh_result = rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult")
    results = list(report_graph.subjects(rdflib.RDF.type, sh_result))

    def reported(predicate: str) -> frozenset[str]:
        path = rdflib.URIRef("http://www.w3.org/ns/shacl#" + predicate)
        return frozenset(str(node) for result in results for node in report_graph.objects(result, path))

    def one(result: Any, predicate: str) -> str:
        value = report_graph.value(result, rdflib.URIRef("http://www.w3.org/ns/shacl#" + predicate))
        return "" if value is None or isinstance(value, rdflib.BNode) else str(value)

    violations = tuple(
        sorted(
            {
                Violation(
                    one(r, "focusNode"),
                    one(r, "sourceConstraintComponent"),
                    one(r, "resultPath"),
                    one(r, "value"),
                    one(r, "resultMessage"),
                )
                for r in results
            }
        )
    )
    return ValidationResult(
        bool(conforms), len(results), str(report_text), reported("focusNode"), reported("value"), violations
    )


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> Any:
    """The rdflib term for a pyoxigraph term (faster than serialising and re-parsing)."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return rdflib.Literal(term.value, datatype=None if datatype == XSD_STRING else rdflib.URIRef(datatype))
    raise TypeError(f"cannot validate RDF-star or graph terms: {term!r}")


def validate_with_ontology(quads: list[ox.Quad]) -> None:
    """Validate quads read from a file, adding the ontology graph; raise if they do not conform."""
    from repat_kg.errors import NonConformingError
    from repat_kg.mapping.ontology import ontology_quads

    merged = sorted({*quads, *ontology_quads(paths.ontology_file())}, key=str)
    result = validate_quads(merged)
    if not result.conforms:
        raise NonConformingError(result.report_text, result.violation_count)
