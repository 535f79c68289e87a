"""Materialise the inferences the queries rely on, with the chosen reasoner (rules, or owlrl as reference)."""

from __future__ import annotations

import pyoxigraph as ox

REASONERS = ("rules", "owlrl")


def infer(quads: list[ox.Quad], data_base: str, inferred_graph: ox.NamedNode, reasoner: str = "rules") -> list[ox.Quad]:
    """The inferred triples about data resources that ``quads`` do not assert, in ``inferred_graph``, sorted."""
    if reasoner == "owlrl":
        from repat_kg.quality.owl import infer as infer_owlrl

        return infer_owlrl(quads, data_base, inferred_graph)
    if reasoner == "rules":
        from repat_kg.quality.rules import infer_by_rules

        return infer_by_rules(quads, data_base, inferred_graph)
    raise ValueError(f"unknown reasoner {reasoner!r}")
