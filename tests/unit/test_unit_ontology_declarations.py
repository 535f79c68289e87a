"""Every term the ontology and the seed graph use is declared in the ontology with its OWL kind (OWL 2 DL)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

from repat_kg.mapping.ontology import ontology_quads
from repat_kg.pipeline.build import build_quads

ROOT = Path(__file__).resolve().parents[2]
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = RDF + "type"
# The OWL 2 vocabulary itself and the built-in annotation properties need no declaration.
BUILT_IN = {TYPE, RDF + "first", RDF + "rest", RDF + "nil", OWL + "Thing", OWL + "Nothing"} | {
    RDFS + name for name in ("label", "comment", "seeAlso", "isDefinedBy", "subClassOf", "subPropertyOf", "domain", "range")
}
KINDS = {OWL + "Class": "class", OWL + "ObjectProperty": "object", OWL + "DatatypeProperty": "data",
         OWL + "AnnotationProperty": "annotation", RDFS + "Datatype": "datatype"}


@cache
def ontology() -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ontology_quads(ROOT / "ontology" / "repat-kg.ttl")]


@cache
def seed_graph() -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in build_quads(ROOT / "seeds")]


def declared() -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for t in ontology():
        if t.predicate.value == TYPE and t.object.value in KINDS and isinstance(t.subject, ox.NamedNode):
            kinds.setdefault(t.subject.value, set()).add(KINDS[t.object.value])
    return kinds


def used_terms() -> dict[str, str]:
    """Each predicate and class the ontology or the seed graph uses (not the OWL vocabulary), with where."""
    used: dict[str, str] = {}
    for where, triples in (("ontology", ontology()), ("seeds", seed_graph())):
        for t in triples:
            if not t.predicate.value.startswith(OWL):
                used.setdefault(t.predicate.value, f"{where}: predicate of {t}")
            names_class = t.predicate.value in (TYPE, RDFS + "subClassOf", RDFS + "domain") or (
                t.predicate.value == RDFS + "range" and not t.object.value.startswith(XSD)
            )
            if names_class and isinstance(t.object, ox.NamedNode) and not t.object.value.startswith(OWL):
                used.setdefault(t.object.value, f"{where}: class in {t}")
            if t.predicate.value in (RDFS + "subPropertyOf", OWL + "inverseOf") and isinstance(t.object, ox.NamedNode):
                used.setdefault(t.object.value, f"{where}: property in {t}")
    return {term: where for term, where in used.items() if term not in BUILT_IN and not term.startswith(OWL)}


def test_every_used_term_is_declared_with_an_owl_kind() -> None:
    kinds = declared()
    undeclared = sorted(f"{term} ({where})" for term, where in used_terms().items() if term not in kinds)
    assert not undeclared, f"{len(undeclared)} undeclared terms, e.g.\n" + "\n".join(undeclared[:15])


def test_no_term_is_declared_as_two_kinds_of_property() -> None:
    clashing = sorted(term for term, kinds in declared().items() if len(kinds - {"class"}) > 1)
    assert not clashing, clashing


def test_object_and_datatype_properties_are_used_as_declared() -> None:
    """OWL 2 DL: an object property links to an IRI, a datatype property to a literal."""
    kinds = declared()
    misused = sorted(
        str(t) for t in ontology() + seed_graph()
        if ("object" in kinds.get(t.predicate.value, ()) and isinstance(t.object, ox.Literal))
        or ("data" in kinds.get(t.predicate.value, ()) and not isinstance(t.object, ox.Literal))
    )
    assert not misused, misused[:10]


def test_the_ontology_says_why_it_uses_dates_outside_the_owl_2_datatype_map() -> None:
    comments = [t.object.value for t in ontology()
                if t.subject.value == "https://w3id.org/repat-kg/ontology" and t.predicate.value == RDFS + "comment"]
    assert any(all(name in c for name in ("xsd:gYear", "xsd:gYearMonth", "xsd:date", "datatype map")) for c in comments)
