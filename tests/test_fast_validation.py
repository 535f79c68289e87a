"""The fast engine (shacl-rust) against pySHACL: the same results on the seeds and on every broken graph.

The changed graphs are the shape test table of shape_cases.py; each graph is validated once per
engine in a session (test_shapes.py shares the runs and checks each engine's exact results).
"""

from pathlib import Path

import pyoxigraph as ox
import pytest

from repat_kg.quality.fast_shacl import validate_fast
from shape_cases import ARTICLE, CASES, seed_quads, validated

SH = "http://www.w3.org/ns/shacl#"
EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def test_seed_graph_conforms_in_both_engines() -> None:
    slow, fast = validated(None, "pyshacl"), validated(None, "fast")
    assert fast.conforms, fast.report_text[:2000]
    assert slow.conforms and fast.violation_count == 0 and fast.results == slow.results == frozenset()


@pytest.mark.parametrize("shape", list(CASES))
def test_engines_report_the_same_results(shape: str) -> None:
    """Same (focus node, source shape, source constraint component) set, same focus and value nodes."""
    slow, fast = validated(shape, "pyshacl"), validated(shape, "fast")
    assert fast.results == slow.results, (sorted(slow.results - fast.results), sorted(fast.results - slow.results))
    assert fast.focus_nodes == slow.focus_nodes
    assert fast.value_nodes == slow.value_nodes
    assert fast.violation_count == slow.violation_count


@pytest.mark.parametrize(
    ("identifier", "conforms"),
    [
        ("000_f6cb99c41662595b", True),
        ("tass-2021-04-18", True),
        ("bbc_news-42", True),
        ("x", True),
        ("Tass-2021", False),
        ("tass--2021", False),
        ("tass-", False),
        ("_tass", False),
        ("tass 2021", False),
        ("", False),
    ],
)
def test_article_id_slug_pattern(identifier: str, conforms: bool) -> None:
    predicate = ox.NamedNode("http://schema.org/identifier")
    quads = [
        ox.Quad(q.subject, q.predicate, ox.Literal(identifier), q.graph_name)
        if q.subject.value == ARTICLE and q.predicate == predicate
        else q
        for q in seed_quads()
    ]
    result = validate_fast(quads)
    assert result.conforms is conforms, result.report_text[:2000]
    if not conforms:
        assert result.results == {(ARTICLE, "[<http://schema.org/identifier>]", SH + "PatternConstraintComponent")}


def test_ill_typed_decimal_fails_both_bounds(tmp_path: Path) -> None:
    """SHACL: a literal matches sh:datatype only if it is not ill-typed, and "abc"^^xsd:decimal fails
    sh:minInclusive and sh:maxInclusive alike (the comparison "does not return true"). pySHACL, which
    orders an ill-typed literal below every number, passes it on sh:maxInclusive."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        f"""@prefix sh: <{SH}> . @prefix xsd: <{XSD}> .
        <{EX}ScoreShape> a sh:NodeShape ; sh:targetClass <{EX}Link> ;
            sh:property [ sh:path <{EX}score> ; sh:datatype xsd:decimal ; sh:minInclusive 0 ; sh:maxInclusive 1 ] .
        """
    )
    link, score = ox.NamedNode(EX + "link"), ox.NamedNode(EX + "score")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    decimal = ox.NamedNode(XSD + "decimal")
    good = [
        ox.Quad(link, rdf_type, ox.NamedNode(EX + "Link")),
        ox.Quad(link, score, ox.Literal("0.5", datatype=decimal)),
    ]
    assert validate_fast(good, shapes).conforms
    bad = [good[0], ox.Quad(link, score, ox.Literal("abc", datatype=decimal))]
    result = validate_fast(bad, shapes)
    label = f"[<{EX}score>]"
    assert result.results == {
        (EX + "link", label, SH + component + "ConstraintComponent")
        for component in ("Datatype", "MinInclusive", "MaxInclusive")
    }
    assert result.value_nodes == {"abc"}
