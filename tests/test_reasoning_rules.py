"""The SPARQL-rule reasoner: the same inferences as owlrl on the seeds, per article as on the whole."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest

from conftest import SEEDS
from repat_kg.mapping.terms import IriMinter
from repat_kg.model.vocab import DEFAULT_BASE, OWL, RDF, RDFS
from repat_kg.pipeline.build import build_quads
from repat_kg.quality import owl as reasoning
from repat_kg.quality import rules as rules_reasoning
from repat_kg.quality.owl import infer
from repat_kg.quality.rules import FixpointNotReached, UnsupportedAxiom, infer_by_rules

INFERRED = IriMinter(DEFAULT_BASE).graph("inferred")


@pytest.fixture(scope="module")
def seed_quads() -> list[ox.Quad]:
    return build_quads(SEEDS)


@pytest.fixture(scope="module")
def owlrl_inferred(seed_quads: list[ox.Quad]) -> list[ox.Quad]:
    """The reference: owlrl's OWL-RL closure, filtered (about 6 s, so once per module)."""
    return infer(seed_quads, DEFAULT_BASE, INFERRED)


def difference(expected: set[ox.Quad], actual: set[ox.Quad], shown: int = 10) -> str:
    missing = sorted(map(str, expected - actual))
    extra = sorted(map(str, actual - expected))
    return (
        f"{len(missing)} missing, {len(extra)} extra\n"
        + "".join(f"  missing: {q}\n" for q in missing[:shown])
        + "".join(f"  extra:   {q}\n" for q in extra[:shown])
    )


def test_rules_infer_what_owlrl_infers_on_the_seeds(seed_quads: list[ox.Quad], owlrl_inferred: list[ox.Quad]) -> None:
    by_rules = infer_by_rules(seed_quads, DEFAULT_BASE, INFERRED)
    assert set(by_rules) == set(owlrl_inferred), difference(set(owlrl_inferred), set(by_rules))
    assert by_rules == owlrl_inferred  # the same sorted list, not just the same set


def test_the_union_of_per_article_inferences_is_the_whole_graph_inference(seed_quads: list[ox.Quad]) -> None:
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in seed_quads:
        assert isinstance(quad.graph_name, ox.NamedNode)
        graphs[quad.graph_name.value].append(quad)
    shared = graphs.pop(DEFAULT_BASE + "graph/ontology") + graphs.pop(DEFAULT_BASE + "graph/entities")
    # The corpus-level graphs (ranks and statuses, the dataset description) are not reasoned over by
    # the build: the whole-graph inference below, which includes them, shows they entail nothing new.
    graphs.pop(DEFAULT_BASE + "graph/corpus")
    graphs.pop(DEFAULT_BASE + "graph/dataset")
    assert len(graphs) == 5  # one graph per seed article is left
    union = set(infer_by_rules(shared, DEFAULT_BASE, INFERRED))
    for article_quads in graphs.values():
        union |= set(infer_by_rules(article_quads + shared, DEFAULT_BASE, INFERRED))
    asserted = {ox.Triple(q.subject, q.predicate, q.object) for q in seed_quads}
    union = {q for q in union if ox.Triple(q.subject, q.predicate, q.object) not in asserted}
    whole = set(infer_by_rules(seed_quads, DEFAULT_BASE, INFERRED))
    assert union == whole, difference(whole, union)


EX = "http://example.org/onto#"
ID = "http://example.org/id/"
GRAPH = ox.NamedNode("http://example.org/graph/inferred")
TYPE, SUBCLASS, SUBPROPERTY = RDF + "type", RDFS + "subClassOf", RDFS + "subPropertyOf"
Term = ox.NamedNode | ox.BlankNode | ox.Literal


def node(value: str | Term) -> Term:
    return ox.NamedNode(value) if isinstance(value, str) else value


def quad(subject: str | ox.BlankNode, predicate: str, obj: str | Term, graph: ox.NamedNode | None = None) -> ox.Quad:
    return ox.Quad(node(subject), ox.NamedNode(predicate), node(obj), graph or ox.DefaultGraph())  # type: ignore[arg-type]


def rdf_list(head: ox.BlankNode, *members: str) -> list[ox.Quad]:
    """The RDF collection (members...) starting at ``head``."""
    cells = [head, *(ox.BlankNode() for _ in members[1:])]
    rests: list[str | Term] = [*cells[1:], RDF + "nil"]
    return [
        q
        for cell, member, rest in zip(cells, members, rests, strict=True)
        for q in (quad(cell, RDF + "first", member), quad(cell, RDF + "rest", rest))
    ]


CHAIN = ox.BlankNode("chain")
TINY_ONTOLOGY = [
    quad(EX + "Dog", SUBCLASS, EX + "Mammal"),
    quad(EX + "Mammal", SUBCLASS, EX + "Animal"),
    quad(EX + "Dog", OWL + "equivalentClass", EX + "Hound"),
    quad(EX + "hasPuppy", SUBPROPERTY, EX + "hasChild"),
    quad(EX + "hasParent", OWL + "inverseOf", EX + "hasChild"),
    quad(EX + "hasChild", RDFS + "range", EX + "Animal"),
    quad(EX + "kennelIn", RDFS + "domain", EX + "Kennel"),
    quad(EX + "friendOf", TYPE, OWL + "SymmetricProperty"),
    quad(EX + "friendOf", OWL + "equivalentProperty", EX + "palOf"),
    quad(EX + "partOf", TYPE, OWL + "TransitiveProperty"),
    quad(EX + "livesIn", OWL + "propertyChainAxiom", CHAIN),
    *rdf_list(CHAIN, EX + "kennelIn", EX + "partOf"),
]
TINY_DATA = [
    quad(ID + "rex", TYPE, EX + "Dog"),
    quad(ID + "rex", EX + "name", ox.Literal("Rex")),
    quad(ID + "rex", EX + "hasPuppy", ID + "fido"),
    quad(ID + "rex", EX + "friendOf", ID + "tom"),
    quad(ID + "rex", EX + "kennelIn", ID + "yard"),
    quad(ID + "yard", EX + "partOf", ID + "farm"),
    quad(ID + "farm", EX + "partOf", ID + "county"),
    quad(ID + "county", EX + "partOf", ID + "country"),
    quad(ID + "yard", EX + "partOf", ID + "county"),  # asserted, so never returned as inferred
]

# Written out by hand from the axioms above, rule by rule.
TINY_EXPECTED = [
    # cax-sco, twice (Dog < Mammal < Animal); scm-eqc1 then cax-sco (Dog = Hound)
    (ID + "rex", TYPE, EX + "Mammal"),
    (ID + "rex", TYPE, EX + "Animal"),
    (ID + "rex", TYPE, EX + "Hound"),
    # prp-spo1
    (ID + "rex", EX + "hasChild", ID + "fido"),
    # prp-inv2 (hasParent inverseOf hasChild, read right to left)
    (ID + "fido", EX + "hasParent", ID + "rex"),
    # prp-rng
    (ID + "fido", TYPE, EX + "Animal"),
    # prp-dom
    (ID + "rex", TYPE, EX + "Kennel"),
    # prp-symp
    (ID + "tom", EX + "friendOf", ID + "rex"),
    # scm-eqp1 then prp-spo1, also on what prp-symp gave
    (ID + "rex", EX + "palOf", ID + "tom"),
    (ID + "tom", EX + "palOf", ID + "rex"),
    # prp-trp (yard partOf county is asserted)
    (ID + "yard", EX + "partOf", ID + "country"),
    (ID + "farm", EX + "partOf", ID + "country"),
    # prp-spo2 (kennelIn then partOf), also on what prp-trp gave
    (ID + "rex", EX + "livesIn", ID + "farm"),
    (ID + "rex", EX + "livesIn", ID + "county"),
    (ID + "rex", EX + "livesIn", ID + "country"),
]


def test_rules_on_a_tiny_hand_written_graph() -> None:
    inferred = infer_by_rules([*TINY_ONTOLOGY, *TINY_DATA], ID, GRAPH)
    expected = {quad(s, p, o, GRAPH) for s, p, o in TINY_EXPECTED}
    assert set(inferred) == expected, difference(expected, set(inferred))
    assert inferred == sorted(inferred, key=str)


def test_the_iteration_bound_raises() -> None:
    with pytest.raises(FixpointNotReached, match="after 1 passes"):
        infer_by_rules([*TINY_ONTOLOGY, *TINY_DATA], ID, GRAPH, max_iterations=1)


@pytest.mark.parametrize(
    "axioms",
    [
        [quad(EX + "hasChild", TYPE, OWL + "FunctionalProperty")],
        [quad(ID + "rex", OWL + "sameAs", ID + "rexie")],
        [
            quad(EX + "roams", OWL + "propertyChainAxiom", ox.BlankNode("long")),
            *rdf_list(ox.BlankNode("long"), EX + "kennelIn", EX + "partOf", EX + "partOf"),
        ],
    ],
    ids=["functional property", "owl:sameAs", "chain of three"],
)
def test_axioms_the_rules_do_not_implement_are_refused(axioms: list[ox.Quad]) -> None:
    with pytest.raises(UnsupportedAxiom):
        infer_by_rules([*TINY_ONTOLOGY, *axioms, *TINY_DATA], ID, GRAPH)


def test_both_reasoners_drop_the_same_terms() -> None:
    assert set(reasoning.NOT_WORTH_KEEPING) == set(rules_reasoning.NOT_WORTH_KEEPING)
