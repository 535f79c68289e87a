"""Conflict rules: the interval each qualifier implies, and which claim pairs `conflicting-claims` reports.

The intervals follow the ontology's reading of the qualifiers (rkg:impliedMinimum / impliedMaximum):
"more than n" of a count is at least n + 1, "fewer than n" at most n - 1, "about n" within 10 %,
"nearly n" up to n and at most 10 % under, "at least"/"up to" are closed, ranges and vague
figures give their own low (and high).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from tiny_article import claims_yaml, read, store_of

from repat_kg.model.records import NumericClaim, Speaker
from repat_kg.model.text import Span
from repat_kg.store.queries import resolve, run

D = Decimal
SPAN = Span("a", 0, 1, "x", "", "", 1)


def claim(qualifier: str, value: str | None = None, low: str | None = None, high: str | None = None,
          counted: str = "children") -> NumericClaim:  # fmt: skip
    return NumericClaim(
        id="c", quantity="q", event=None, value=None if value is None else D(value),
        low=None if low is None else D(low), high=None if high is None else D(high), qualifier=qualifier,
        counted=counted, description="d", speaker=Speaker("none"), cue="none", as_of=None, as_of_basis=None,
        evidence=SPAN,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("qualifier", "value", "bounds"),
    [
        ("exact", "140", (D(140), D(140))),
        ("more-than", "140", (D(141), None)),  # a count above 140 is 141 or more
        ("fewer-than", "140", (D(0), D(139))),
        ("at-least", "140", (D(140), None)),
        ("up-to", "140", (D(0), D(140))),
        ("about", "30", (D(27), D(33))),  # 10 % either side, both bounds
        ("nearly", "4500", (D(4050), D(4500))),  # just under, never above
    ],
)
def test_each_qualifier_implies_its_interval(qualifier: str, value: str, bounds: tuple[D, D | None]) -> None:
    assert claim(qualifier, value).implied_bounds() == bounds


def test_range_and_vague_figures_give_their_own_bounds() -> None:
    assert claim("range", low="3", high="14", counted="age-in-years").implied_bounds() == (D(3), D(14))
    assert claim("vague", low="24").implied_bounds() == (D(24), None)  # "dozens of women": 24 or more
    assert claim("vague", low="3000", high="9000").implied_bounds() == (D(3000), D(9000))


def test_strict_bounds_step_by_one_only_for_whole_counts() -> None:
    # A share or an area is not counted in units: "more than 0.5" is not "at least 1.5".
    assert claim("more-than", "0.5", counted="proportion").implied_bounds() == (D("0.5"), None)
    assert claim("fewer-than", "12", counted="square-kilometres").implied_bounds() == (D(0), D(12))
    # A fractional figure of a count (an average) does not step either.
    assert claim("more-than", "2.5").implied_bounds() == (D("2.5"), None)
    assert claim("fewer-than", "2.5").implied_bounds() == (D(0), D("2.5"))


# --------------------------------------------------------------------------------------- the query

# Evidence quoted from tiny_article.TEXT; ids are chosen so that the claim with the smaller IRI
# is sometimes the high one and sometimes the low one (the query compares each pair once).
FEWER_90 = "{qualifier: fewer-than, value: 90, evidence: 'fewer than 90 were left'}"
AT_LEAST_100 = "{qualifier: at-least, value: 100, evidence: 'at least 100 left there'}"
UP_TO_100 = "{qualifier: up-to, value: 100, evidence: 'up to 100 remained'}"
MORE_100 = "{qualifier: more-than, value: 100, evidence: 'more than 100 residents'}"
EXACT_100 = "{qualifier: exact, value: 100, evidence: 'gave 100 residents'}"
ABOUT_100 = "{qualifier: about, value: 100, evidence: 'about 100 families'}"
EXACT_111 = "{qualifier: exact, value: 111, evidence: 'held 111 families'}"


def conflicts(*pairs: tuple[str, str]) -> set[tuple[str, str]]:
    """Annotate each (id, claim) under one quantity per call and return the reported (evidence, evidence)."""
    items = []
    for claim_id, spec in pairs:
        fields = spec.strip("{}")
        items.append(f"{{id: {claim_id}, quantity: left, counted: people, description: d, speaker: none, {fields}}}")
    store = store_of(read(claims_yaml(*items)))
    table = run(store, resolve("conflicting-claims"), {})
    col = {name: i for i, name in enumerate(table.columns)}
    return {
        (str(row[col["evidence_a"]].value), str(row[col["evidence_b"]].value))  # type: ignore[union-attr]
        for row in table.rows
    }


def test_disjoint_intervals_conflict_whichever_claim_comes_first() -> None:
    # The low claim has the smaller IRI ...
    assert conflicts(("a-low", FEWER_90), ("b-high", AT_LEAST_100)) == {
        ("fewer than 90 were left", "at least 100 left there")
    }
    # ... and the high one has it: the pair is still reported.
    assert conflicts(("a-high", AT_LEAST_100), ("b-low", FEWER_90)) == {
        ("at least 100 left there", "fewer than 90 were left")
    }


def test_touching_intervals_do_not_conflict() -> None:
    # "up to 100" and "at least 100" can both be true: exactly 100.
    assert conflicts(("a", UP_TO_100), ("b", AT_LEAST_100)) == set()
    assert conflicts(("a", AT_LEAST_100), ("b", UP_TO_100)) == set()
    assert conflicts(("a", EXACT_100), ("b", UP_TO_100)) == set()


def test_more_than_n_conflicts_with_exactly_n() -> None:
    assert conflicts(("a", MORE_100), ("b", EXACT_100)) == {("more than 100 residents", "gave 100 residents")}
    assert conflicts(("a", EXACT_100), ("b", MORE_100)) == {("gave 100 residents", "more than 100 residents")}
    assert conflicts(("a", MORE_100), ("b", AT_LEAST_100)) == set()


def test_about_n_has_an_upper_bound() -> None:
    # "about 100" allows 90 to 110; 111 lies outside, 100 inside.
    assert conflicts(("a", ABOUT_100), ("b", EXACT_111)) == {("about 100 families", "held 111 families")}
    assert conflicts(("a", EXACT_111), ("b", ABOUT_100)) == {("held 111 families", "about 100 families")}
    assert conflicts(("a", ABOUT_100), ("b", EXACT_100)) == set()
    assert conflicts(("a", ABOUT_100), ("b", FEWER_90)) == {("about 100 families", "fewer than 90 were left")}


def test_claims_about_different_quantities_never_conflict() -> None:
    items = [
        "{id: a, quantity: left, counted: people, description: d, speaker: none, qualifier: exact, value: 100,"
        " evidence: 'gave 100 residents'}",
        "{id: b, quantity: other, counted: people, description: d, speaker: none, qualifier: exact, value: 111,"
        " evidence: 'held 111 families'}",
    ]
    table = run(store_of(read(claims_yaml(*items))), resolve("conflicting-claims"), {})
    assert table.rows == []
