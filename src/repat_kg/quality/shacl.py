"""Validate a graph against the SHACL shapes with pySHACL, the ontology mixed in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from repat_kg import paths
from repat_kg.quality.validation import Violation

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violation_count: int
    report_text: str
    focus_nodes: frozenset[str] = frozenset()
    value_nodes: frozenset[str] = frozenset()
    # One (focus node, source shape, source constraint component IRI) per result, the same from every
    # engine: a named shape is its IRI; a blank property shape, whose label differs from one parse of the
    # shapes to the next, is its path in SPARQL syntax in brackets, "[<p> / (<q>+)]" (see shape_label).
    results: frozenset[tuple[str, str, str]] = frozenset()
    # Every result as an engine-neutral Violation, sorted: what the build collects across units.
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
        # No SHACL-AF feature is used (sh:sparql constraints are SHACL-SPARQL, not AF); with advanced=True
        # pySHACL cloned the whole data graph. The data graph is ours alone, so it may be used in place.
        advanced=False,
        inplace=True,
        allow_warnings=False,
    )
    sh_result = rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult")
    results = list(report_graph.subjects(rdflib.RDF.type, sh_result))

    def reported(predicate: str) -> frozenset[str]:
        path = rdflib.URIRef(SH + predicate)
        return frozenset(str(node) for result in results for node in report_graph.objects(result, path))

    def one(result: Any, predicate: str) -> Any:
        return report_graph.value(result, rdflib.URIRef(SH + predicate))

    triples = frozenset(
        (
            str(one(r, "focusNode")),
            shape_label(shapes_graph, one(r, "sourceShape")),
            str(one(r, "sourceConstraintComponent")),
        )
        for r in results
    )
    def text(node: Any) -> str:
        return "" if node is None else str(node)

    def path_of(result: Any) -> str:
        path = one(result, "resultPath")
        return "" if path is None else sparql_path(report_graph, path)

    violations = tuple(
        sorted(
            {
                Violation(
                    text(one(r, "focusNode")),
                    text(one(r, "sourceConstraintComponent")),
                    path_of(r),
                    text(one(r, "value")),
                    text(one(r, "resultMessage")),
                )
                for r in results
            }
        )
    )
    return ValidationResult(
        bool(conforms),
        len(results),
        str(report_text),
        reported("focusNode"),
        reported("value"),
        triples,
        violations,
    )


def shape_label(shapes_graph: Any, shape: Any) -> str:
    """A shape's IRI, or for a blank shape its sh:path as SPARQL in brackets ("[]" without one).

    The path is written as shacl-rust writes sh:resultPath, so the labels of the two engines compare.
    """
    import rdflib

    if isinstance(shape, rdflib.URIRef):
        return str(shape)
    path = shapes_graph.value(shape, rdflib.URIRef(SH + "path"))
    return "[" + ("" if path is None else sparql_path(shapes_graph, path)) + "]"


def sparql_path(graph: Any, path: Any) -> str:
    """A SHACL property path as SPARQL: <p>, ^<p>, <p> / <q>, (<p> | <q>), (<p>+), (<p>*), (<p>?)."""
    import rdflib
    from rdflib.collection import Collection

    if isinstance(path, rdflib.URIRef):
        return f"<{path}>"
    if graph.value(path, rdflib.RDF.first) is not None:
        return " / ".join(sparql_path(graph, step) for step in Collection(graph, path))
    for predicate, before, after in (
        ("inversePath", "^", ""),
        ("oneOrMorePath", "(", "+)"),
        ("zeroOrMorePath", "(", "*)"),
        ("zeroOrOnePath", "(", "?)"),
    ):
        inner = graph.value(path, rdflib.URIRef(SH + predicate))
        if inner is not None:
            return before + sparql_path(graph, inner) + after
    alternatives = graph.value(path, rdflib.URIRef(SH + "alternativePath"))
    if alternatives is not None:
        return "(" + " | ".join(sparql_path(graph, step) for step in Collection(graph, alternatives)) + ")"
    raise ValueError(f"not a SHACL property path: {path!r}")


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
