"""Each SHACL shape: the seed graph conforms, and a graph broken for that shape is reported.

The violating graphs are the seed graph with one targeted change each (a SPARQL Update, the
table in shape_cases.py); the test checks that the validation names the node that was broken,
with the constraint component the change breaks.
"""

import pyoxigraph as ox
import pytest

from repat_kg.quality.shacl import validate_quads
from shape_cases import ARTICLE, BREAKAGES, broken, seed_quads, validated


def test_seed_graph_conforms() -> None:
    result = validated(None, "pyshacl")
    assert result.conforms, result.report_text[:2000]
    assert result.violation_count == 0 and not result.results


@pytest.mark.parametrize("shape", list(BREAKAGES))
def test_broken_graph_is_reported(shape: str) -> None:
    breakage = BREAKAGES[shape]
    result = validated(shape, "pyshacl")
    node = broken(shape)[1]
    assert not result.conforms
    assert node in (result.value_nodes if breakage.role == "value" else result.focus_nodes), result.report_text[:3000]
    if breakage.role == "focus":
        components = {component for focus, _, component in result.results if focus == node}
        assert breakage.component_iri in components, result.report_text[:3000]


def test_article_id_may_be_any_lower_case_slug() -> None:
    """The identifier pattern takes a slug of letters, digits, '-' and '_', not only NNN_<16 hex digits>."""
    identifier = ox.NamedNode("http://schema.org/identifier")
    quads = [
        ox.Quad(q.subject, q.predicate, ox.Literal("tass-2021_04-18"), q.graph_name)
        if q.subject.value == ARTICLE and q.predicate == identifier
        else q
        for q in seed_quads()
    ]
    result = validate_quads(quads)
    assert result.conforms, result.report_text[:2000]
