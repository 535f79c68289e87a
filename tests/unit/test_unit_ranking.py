"""The claim-ranking rule and the current status of an event, as pure library calls."""

from __future__ import annotations

import itertools
from decimal import Decimal

from repat_kg.model.ranking import ClaimFacts, current_statuses, rank_claims


def fact(claim: str, date: str, official: bool, low: int, high: int | None, quantity: str = "q") -> ClaimFacts:
    return ClaimFacts(claim, quantity, date, official, Decimal(low), None if high is None else Decimal(high))


def ranks(*facts: ClaimFacts) -> dict[str, tuple[str, str]]:
    return {r.claim: (r.rank, r.reason) for r in rank_claims(facts)}


def test_a_lone_claim_is_preferred() -> None:
    assert ranks(fact("a", "2019", False, 3, None)) == {"a": ("preferred", "only-figure")}


def test_the_latest_official_figure_wins_and_earlier_ones_are_superseded() -> None:
    # "Nearly 4,500" (Russian authorities, 2022) against 3,417 (the Soufan Group, 2017) and
    # "several thousand" (the Russian security services, 2018-12-30).
    result = ranks(
        fact("authorities", "2022-10-20", True, 4050, 4500),
        fact("soufan", "2017", False, 3417, 3417),
        fact("security-services", "2018-12-30", True, 3000, None),
    )
    assert result == {
        "authorities": ("preferred", "latest-official"),
        "soufan": ("superseded", "earlier-figure"),
        "security-services": ("superseded", "earlier-figure"),
    }


def test_an_official_figure_beats_a_later_unofficial_one() -> None:
    result = ranks(fact("ministry", "2019-07", True, 31, None), fact("paper", "2019-08", False, 33, 33))
    assert result["ministry"] == ("preferred", "latest-official")
    assert result["paper"] == ("normal", "not-chosen")


def test_among_official_figures_of_one_date_the_narrowest_wins() -> None:
    # "More than 30" (the ministry) and 33 (its spokesman), the same day.
    result = ranks(fact("more-than-30", "2019-07", True, 31, None), fact("exactly-33", "2019-07", True, 33, 33))
    assert result == {"exactly-33": ("preferred", "latest-official"), "more-than-30": ("normal", "not-chosen")}


def test_then_the_lowest_official_figure() -> None:
    result = ranks(fact("high", "2019", True, 40, 40), fact("low", "2019", True, 30, 30))
    assert result["low"] == ("preferred", "latest-official")


def test_without_an_official_source_the_most_conservative_figure_wins() -> None:
    result = ranks(fact("late-high", "2021", False, 50, 50), fact("early-low", "2019", False, 40, 40))
    assert result == {"early-low": ("preferred", "most-conservative"), "late-high": ("normal", "not-chosen")}


def test_a_coarser_date_is_earlier_than_the_days_it_contains() -> None:
    result = ranks(fact("month", "2019-07", True, 30, 30), fact("day", "2019-07-10", True, 33, 33))
    assert result == {"day": ("preferred", "latest-official"), "month": ("superseded", "earlier-figure")}


def test_ranks_do_not_depend_on_the_order_claims_come_in() -> None:
    facts = [
        fact("a", "2019", True, 30, 30),
        fact("b", "2019", True, 30, 30),
        fact("c", "2018", False, 20, 20),
        fact("d", "2019", False, 10, None, quantity="other"),
    ]
    results = {tuple(rank_claims(order)) for order in itertools.permutations(facts)}
    assert len(results) == 1
    assert ranks(*facts)["a"] == ("preferred", "latest-official")  # a tie is broken by the claim IRI


def test_facts_survive_the_build_summary_round_trip() -> None:
    original = fact("a", "2019-07", True, 31, None)
    assert ClaimFacts.from_row(original.to_row()) == original


def test_the_current_status_is_the_latest_report() -> None:
    reports = [
        ("programme", "2019-07", "002", "under-way"),
        ("programme", "2022-10-20", "001", "happened"),
        ("programme", "2018-12-30", "004", "under-way"),
        ("plan", "2019-07", "002", "planned"),
    ]
    assert current_statuses(reports) == {"plan": "planned", "programme": "happened"}
    assert current_statuses(reversed(reports)) == current_statuses(reports)
