"""Map the ontology file to the ontology named graph, with stable blank node labels."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

ONTOLOGY_GRAPH = "ontology"


def ontology_quads(ontology: Path) -> list[ox.Quad]:
    """The ontology's triples (as default-graph quads), blank nodes relabelled in file order, sorted.

    The parser names blank nodes at random; relabelling them keeps the output byte-identical.
    """
    labels: dict[str, ox.BlankNode] = {}

    def stable(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term.value, ox.BlankNode(f"onto{len(labels)}"))
        return term

    quads = []
    for triple in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE):
        subject = stable(triple.subject)
        assert not isinstance(subject, ox.Literal)
        quads.append(ox.Quad(subject, triple.predicate, stable(triple.object)))
    return sorted(quads, key=str)
