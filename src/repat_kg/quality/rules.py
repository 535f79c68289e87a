"""Materialise the OWL-RL inferences ``reasoning.infer`` keeps, with a few generic SPARQL rules over pyoxigraph.

The rules are data (``RULES``): SPARQL updates, each named after the OWL 2 RL rule it
implements (W3C OWL 2 Profiles, section 4.3), driven only by the schema axioms present in the
input (rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain, rdfs:range, owl:equivalentClass,
owl:equivalentProperty, owl:inverseOf, owl:SymmetricProperty, owl:TransitiveProperty,
owl:propertyChainAxiom). They are applied, all of them in turn, until a pass adds nothing, at
most ``max_iterations`` passes (``FixpointNotReached`` otherwise).

As ``reasoning.infer`` does, only the structural triples (object not a literal) are reasoned
over, and only inferred triples whose subject is a data IRI (``data_base``), whose subject and
object are IRIs, that do not use a term of ``NOT_WORTH_KEEPING`` and are not asserted are
returned. On this project's ontology the result is the same as owlrl's full OWL-RL closure
(the tests check it on the seeds): the other OWL-RL rules either derive nothing from it or
derive only triples that the filter drops (schema triples about ontology terms, ``owl:Thing``,
``owl:sameAs`` reflexivity). scm-sco and scm-spo (transitive rdfs:subClassOf and
rdfs:subPropertyOf) are left out: iterating cax-sco and prp-spo1 to the fixpoint reaches the
same data triples. Input that uses OWL-RL features these rules do not implement (owl:sameAs,
functional or inverse-functional properties, keys, class expressions, cardinalities, property
chains of other lengths than two) is refused with ``UnsupportedAxiom`` rather than answered
incompletely.

Which rules join two data triples (not one schema triple and one data triple):

* prp-trp (transitivity): ``x p y`` and ``y p z`` (e.g. rkg:locatedWithin, the closure of rkg:within);
* prp-spo2 (property chain): ``x p1 y`` and ``y p2 z`` (e.g. rkg:place then rkg:locatedWithin).

Every other rule joins schema axioms with ONE data triple (cax-sco, prp-spo1, prp-inv1/2,
prp-symp, prp-dom, prp-rng) or reads schema axioms only (scm-eqc1, scm-eqp1). So reasoning over
parts of the data (each with the ontology) and taking the union gives the whole-graph result as
long as every two data triples, asserted or inferred, that prp-trp or prp-spo2 combine lie in one
part. Per article (article graph + entities graph + ontology) that holds when no such pair spans
two article graphs, e.g. when all rkg:within links are in the entities graph, as in the seeds
(the tests check the union on them).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from repat_kg.model.vocab import OWL, RDF, RDFS

NOT_WORTH_KEEPING = frozenset({OWL + "sameAs", OWL + "Thing", RDFS + "Resource", OWL + "NamedIndividual"})

DEFAULT_MAX_ITERATIONS = 50

_PREFIXES = f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\nPREFIX owl: <{OWL}>\n"

# One SPARQL update per OWL 2 RL rule, applied to the default graph of a scratch store.
RULES: tuple[tuple[str, str], ...] = (
    # scm-eqc1: equivalent classes are subclasses of each other.
    (
        "scm-eqc1",
        "INSERT { ?c1 rdfs:subClassOf ?c2 . ?c2 rdfs:subClassOf ?c1 } WHERE { ?c1 owl:equivalentClass ?c2 }",
    ),
    # scm-eqp1: equivalent properties are subproperties of each other.
    (
        "scm-eqp1",
        "INSERT { ?p1 rdfs:subPropertyOf ?p2 . ?p2 rdfs:subPropertyOf ?p1 } WHERE { ?p1 owl:equivalentProperty ?p2 }",
    ),
    # cax-sco: an instance of a class is an instance of its superclasses.
    ("cax-sco", "INSERT { ?x rdf:type ?c2 } WHERE { ?c1 rdfs:subClassOf ?c2 . ?x rdf:type ?c1 }"),
    # prp-spo1: a subproperty statement holds for the superproperty too.
    ("prp-spo1", "INSERT { ?x ?p2 ?y } WHERE { ?p1 rdfs:subPropertyOf ?p2 . ?x ?p1 ?y }"),
    # prp-spo2: a property chain (p1 p2), the only length supported (longer ones are refused).
    (
        "prp-spo2",
        "INSERT { ?x ?p ?z } WHERE { ?p owl:propertyChainAxiom ?l . ?l rdf:first ?p1 ; rdf:rest ?r ."
        " ?r rdf:first ?p2 ; rdf:rest rdf:nil . ?x ?p1 ?y . ?y ?p2 ?z }",
    ),
    # prp-inv1 and prp-inv2: a statement holds reversed for the inverse property, both ways.
    (
        "prp-inv",
        "INSERT { ?y ?q ?x } WHERE { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } ?x ?p ?y }",
    ),
    # prp-symp: a symmetric property's statements hold reversed.
    ("prp-symp", "INSERT { ?y ?p ?x } WHERE { ?p rdf:type owl:SymmetricProperty . ?x ?p ?y }"),
    # prp-trp: a transitive property's statements chain.
    ("prp-trp", "INSERT { ?x ?p ?z } WHERE { ?p rdf:type owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z }"),
    # prp-dom: the subject of a statement is an instance of the property's domain.
    ("prp-dom", "INSERT { ?x rdf:type ?c } WHERE { ?p rdfs:domain ?c . ?x ?p ?y }"),
    # prp-rng: the object of a statement is an instance of the property's range.
    ("prp-rng", "INSERT { ?y rdf:type ?c } WHERE { ?p rdfs:range ?c . ?x ?p ?y }"),
)

# Input the rules above would answer incompletely: OWL-RL would derive more from it.
_UNSUPPORTED = (
    _PREFIXES
    + """SELECT ?term WHERE {
  { ?s ?term ?o . VALUES ?term { owl:sameAs owl:hasKey owl:someValuesFrom owl:allValuesFrom owl:hasValue
      owl:intersectionOf owl:unionOf owl:oneOf owl:maxCardinality owl:maxQualifiedCardinality } }
  UNION { ?s rdf:type ?term . VALUES ?term { owl:FunctionalProperty owl:InverseFunctionalProperty } }
  UNION { ?p owl:propertyChainAxiom ?l . FILTER NOT EXISTS { ?l rdf:rest/rdf:rest rdf:nil }
          BIND (owl:propertyChainAxiom AS ?term) }
} LIMIT 1"""
)


class FixpointNotReached(RuntimeError):
    """The rules still added triples after the allowed number of passes."""


class UnsupportedAxiom(ValueError):
    """The input uses an OWL-RL feature the rules do not implement."""


def closure(triples: Iterable[ox.Triple], max_iterations: int = DEFAULT_MAX_ITERATIONS) -> set[ox.Triple]:
    """Every triple of the rules' closure of ``triples`` (the input included)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    unsupported = store.query(_UNSUPPORTED)
    assert isinstance(unsupported, ox.QuerySolutions)
    for solution in unsupported:
        raise UnsupportedAxiom(f"the input uses {solution['term']}, which the reasoning rules do not implement")
    size = len(store)
    for _ in range(max_iterations):
        for _name, rule in RULES:
            store.update(_PREFIXES + rule)
        if len(store) == size:
            return {ox.Triple(q.subject, q.predicate, q.object) for q in store}
        size = len(store)
    raise FixpointNotReached(f"the reasoning rules still added triples after {max_iterations} passes")


def infer_by_rules(
    quads: Iterable[ox.Quad],
    data_base: str,
    inferred_graph: ox.NamedNode,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> list[ox.Quad]:
    """The inferred triples about data resources that are not asserted, in ``inferred_graph``, sorted."""
    asserted = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    structural = (t for t in asserted if not isinstance(t.object, ox.Literal))
    inferred = []
    for triple in closure(structural, max_iterations) - asserted:
        subject, predicate, obj = triple.subject, triple.predicate, triple.object
        if (
            isinstance(subject, ox.NamedNode)
            and isinstance(obj, ox.NamedNode)
            and subject.value.startswith(data_base)
            and predicate.value not in NOT_WORTH_KEEPING
            and obj.value not in NOT_WORTH_KEEPING
        ):
            inferred.append(ox.Quad(subject, predicate, obj, inferred_graph))
    return sorted(inferred, key=str)
