"""Materialise OWL-RL inferences (owlrl) for the data, kept apart from the asserted triples.

owlrl computes the full closure, which grows fast with its input (its RDFS part roughly
quadratically), so it is never run by default and only sees the structural triples: triples
whose object is a literal (texts, labels, offsets, dates) take part in no class, property or
containment inference and are left out.
"""

from __future__ import annotations

import pyoxigraph as ox

from repat_kg.model.vocab import OWL, RDFS

NOT_WORTH_KEEPING = {OWL + "sameAs", OWL + "Thing", RDFS + "Resource", OWL + "NamedIndividual"}


def infer(quads: list[ox.Quad], data_base: str, inferred_graph: ox.NamedNode) -> list[ox.Quad]:
    """The triples OWL-RL entails about data resources that are not asserted, in ``inferred_graph``."""
    import owlrl
    import rdflib

    asserted = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    structural = sorted((t for t in asserted if not isinstance(t.object, ox.Literal)), key=str)
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(structural, format=ox.RdfFormat.N_TRIPLES), format="nt")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    inferred = set()
    for subject, predicate, obj in graph:
        if not isinstance(subject, rdflib.URIRef) or not isinstance(obj, rdflib.URIRef):
            continue
        if (
            not str(subject).startswith(data_base)
            or str(predicate) in NOT_WORTH_KEEPING
            or str(obj) in NOT_WORTH_KEEPING
        ):
            continue
        triple = ox.Triple(ox.NamedNode(str(subject)), ox.NamedNode(str(predicate)), ox.NamedNode(str(obj)))
        if triple not in asserted:
            inferred.add(ox.Quad(triple.subject, triple.predicate, triple.object, inferred_graph))
    return sorted(inferred, key=str)
