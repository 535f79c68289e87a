"""The graph against the standards: reasoned and stored builds still conform, and PROV-O finds no clash."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS, run_cli


@pytest.mark.parametrize("validator", ["fast", "pyshacl"])
def test_a_reasoned_build_validates(built_reasoned: Path, validator: str) -> None:
    """README: `build --reason` then `validate build/repat-kg.trig`. The inferred closure of rkg:within
    (rkg:locatedWithin) must not break the shape that allows one direct container."""
    result = run_cli("validate", "--validator", validator, str(built_reasoned / "repat-kg.trig"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_a_graph_exported_from_the_store_validates(tmp_path: Path) -> None:
    """`build --store`, `export --store`, `validate`: the store must not change a literal the shapes check."""
    store, out, exported = tmp_path / "store", tmp_path / "out", tmp_path / "exported.nq"
    result = run_cli("build", str(SEEDS), "-o", str(out), "--store", str(store))
    assert result.returncode == 0, result.stderr
    result = run_cli("export", "--store", str(store), "--format", "nq", "-o", str(exported))
    assert result.returncode == 0, result.stderr
    result = run_cli("validate", str(exported))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


PROV_O = Path(__file__).parent / "data" / "prov-o.ttl"
OWL_NS = "http://www.w3.org/2002/07/owl#"


@pytest.fixture(scope="module")
def closure_with_prov_o() -> tuple[object, list[str]]:
    """owlrl's OWL 2 RL closure of PROV-O (the W3C file), our ontology and the seed graph; and its error messages."""
    import owlrl
    import pyoxigraph as ox
    import rdflib

    from repat_kg.pipeline.build import build_quads

    # The structural triples (object not a literal), as the build's reasoners see them: class membership,
    # and so every disjointness clash, comes from these (texts, labels, offsets and dates add none).
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in build_quads(SEEDS) if not isinstance(q.object, ox.Literal)}
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES), format="nt")
    graph.parse(PROV_O, format="turtle")
    closure = owlrl.OWLRL_Semantics(graph, False, False)
    closure.closure()
    # owlrl records what it finds inconsistent (cax-dw, cls-nothing2, prp-pdw, ...) as error messages.
    return graph, sorted(map(str, closure.error_messages))


def test_prov_o_with_our_graph_is_consistent(closure_with_prov_o: tuple[object, list[str]]) -> None:
    """PROV-O makes prov:Entity and prov:Activity disjoint (and both disjoint with prov:InstantaneousEvent).
    An event that is a prov:Activity and carries prov:wasDerivedFrom (domain prov:Entity) is both."""
    import rdflib

    graph, errors = closure_with_prov_o
    assert isinstance(graph, rdflib.Graph)
    # cls-nothing2: nothing is a member of owl:Nothing.
    nothing = sorted(map(str, graph.subjects(rdflib.RDF.type, rdflib.URIRef(OWL_NS + "Nothing"))))
    assert not nothing, nothing[:5]
    # cax-dw: no node is typed with two classes declared disjoint.
    clashes = []
    for first, second in graph.subject_objects(rdflib.URIRef(OWL_NS + "disjointWith")):
        both = set(graph.subjects(rdflib.RDF.type, first)) & set(graph.subjects(rdflib.RDF.type, second))
        clashes += [f"{node} is a {first} and a {second}" for node in sorted(both)]
    assert not clashes, f"{len(clashes)} clashes, e.g. {clashes[:3]}"
    # prp-pdw: no two nodes linked by two properties declared disjoint.
    for first, second in graph.subject_objects(rdflib.URIRef(OWL_NS + "propertyDisjointWith")):
        shared = set(graph.subject_objects(first)) & set(graph.subject_objects(second))
        assert not shared, (first, second, sorted(shared)[:3])
    # Every other inconsistency owlrl's OWL 2 RL rules detect.
    assert not errors, errors[:5]
    # The check has something to check: PROV-O's disjointness axioms were read, and events are typed.
    assert (rdflib.URIRef("http://www.w3.org/ns/prov#Activity"), rdflib.URIRef(OWL_NS + "disjointWith"),
            rdflib.URIRef("http://www.w3.org/ns/prov#Entity")) in graph
