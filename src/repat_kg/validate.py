"""Validate a graph against the SHACL shapes with pySHACL, the ontology mixed in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from repat_kg import paths


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violation_count: int
    report_text: str
    focus_nodes: frozenset[str] = frozenset()


def validate_quads(quads: list[ox.Quad], shapes: Path | None = None) -> ValidationResult:
    """Validate the quads (all graphs merged, the ontology graph among them) against the shapes.

    The ontology must be part of the data: pySHACL does not mix an ``ont_graph`` in when no
    inference is asked for, and the shapes need the class hierarchy and the concepts' types.
    """
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    data.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
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
    focus_path = rdflib.URIRef("http://www.w3.org/ns/shacl#focusNode")
    focus = frozenset(str(node) for result in results for node in report_graph.objects(result, focus_path))
    return ValidationResult(bool(conforms), len(results), str(report_text), focus)


def validate_with_ontology(quads: list[ox.Quad]) -> None:
    """Validate quads read from a file, adding the ontology graph; raise if they do not conform."""
    from repat_kg.errors import NonConformingError
    from repat_kg.mapping import IriMinter, ontology_quads
    from repat_kg.vocab import DEFAULT_BASE

    merged = sorted({*quads, *ontology_quads(paths.ontology_file(), IriMinter(DEFAULT_BASE))}, key=str)
    result = validate_quads(merged)
    if not result.conforms:
        raise NonConformingError(result.report_text, result.violation_count)
