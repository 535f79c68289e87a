"""Name matching for Wikidata linking: normalisation, scores, the type check and the decision rules."""

from __future__ import annotations

import pytest

from repat_kg.linking.gazetteer import Candidate, Label
from repat_kg.linking.matching import (
    AMBIGUITY_MARGIN,
    PARTIAL_NAME_SCORE,
    decide,
    entity_type,
    name_score,
    normalize,
    score_candidates,
)
from repat_kg.model.records import Entity


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Dr Ahmad Al-Sahaf", "ahmad al sahaf"),
        ("Ms Kuznetsova", "kuznetsova"),
        ("The Moscow Times", "moscow times"),
        ("the", "the"),  # a name that is only an honorific keeps it
        ("Mr Dr Smith", "smith"),
        ("Kassym-Jomart Tokayev", "kassym jomart tokayev"),
        ("Qamişli", "qamisli"),  # accents folded
        ("Saratova\u2019s", "saratovas"),
        ("ISIS", "isis"),
        ("  ", ""),
    ],
)
def test_normalize(name: str, normal: str) -> None:
    assert normalize(name) == normal


def test_name_scores() -> None:
    assert name_score("Dr Ahmad Al Sahaf", "Ahmad al-Sahaf") == 1.0
    assert name_score("IS", "US") == 0.0  # short names match exactly or not at all
    assert name_score("AFP", "AFP") == 1.0
    assert name_score("", "Syria") == 0.0
    fuzzy = name_score("Anna Kuznetzova", "Anna Kuznetsova")
    assert 0.9 < fuzzy < 1.0
    # A single word that is a whole word of the label (a surname) is a hint, under any link threshold.
    assert name_score("Kuznetsova", "Anna Kuznetsova") == PARTIAL_NAME_SCORE
    assert name_score("Baghdad", "Mosul") < 0.7


def person(name: str, *aliases: str) -> Entity:
    return Entity(name.lower().replace(" ", "-"), "person", name, aliases, None)


def candidate(qid: str, kind: str, *labels: str) -> Candidate:
    return Candidate(qid, kind, tuple(Label(text, "en") for text in labels), f"test row {qid}")


def test_entity_types() -> None:
    assert entity_type(person("A")) == "human"
    assert entity_type(Entity("x", "organization", "X", (), "ministry")) == "organization"
    assert entity_type(Entity("x", "place", "X", (), "city")) == "city"
    assert entity_type(Entity("x", "place", "X", (), None)) == "place"


def test_a_matching_name_of_the_right_type_links() -> None:
    proposal = decide(person("Vladimir Putin"), [candidate("Q7747", "human", "Vladimir Putin")])
    assert (proposal.decision, proposal.best and proposal.best.candidate.qid) == ("link", "Q7747")
    assert str(proposal.score) == "1.0"


def test_an_alias_can_match() -> None:
    proposal = decide(person("Ahmad Al Sahaf", "Mr Al Sahaf"), [candidate("Q1", "human", "Al Sahaf")])
    assert proposal.decision == "link" and proposal.best is not None and proposal.best.name == "Mr Al Sahaf"


def test_the_wrong_type_never_links_and_the_reason_says_so() -> None:
    proposal = decide(person("Mosul"), [candidate("Q83317", "city", "Mosul")])
    assert proposal.decision == "no-candidate" and proposal.best is None
    assert proposal.reason == "no candidate of type human (best name match Q83317 is of type city)"


def test_two_close_namesakes_are_ambiguous() -> None:
    cands = [candidate("Q1", "human", "Anna Kuznetsova"), candidate("Q2", "human", "Anna Kuznetsova")]
    proposal = decide(person("Anna Kuznetsova"), cands)
    assert proposal.decision == "ambiguous" and "Q1 and Q2" in proposal.reason


def test_a_clear_winner_is_not_ambiguous() -> None:
    cands = [candidate("Q1", "human", "Anna Kuznetsova"), candidate("Q2", "human", "Anna Kuznetsov Jr")]
    scores = [s.score for s in score_candidates(person("Anna Kuznetsova"), cands)]
    assert scores[0] - scores[1] >= AMBIGUITY_MARGIN
    assert decide(person("Anna Kuznetsova"), cands).decision == "link"


def test_below_the_threshold_is_not_linked() -> None:
    cands = [candidate("Q1", "human", "Anna Kuznetsova")]
    assert decide(person("Anna Kuznetzova"), cands, threshold=0.99).decision == "below-threshold"
    assert decide(person("Anna Kuznetzova"), cands, threshold=0.9).decision == "link"
    exact = decide(person("Anna Kuznetsova"), cands, threshold=1.0)
    assert exact.decision == "link"  # a score equal to the threshold is enough


def test_a_surname_alone_never_links() -> None:
    proposal = decide(person("Kuznetsova"), [candidate("Q1", "human", "Anna Kuznetsova")])
    assert proposal.decision == "below-threshold"


def test_candidates_are_ordered_best_first_then_right_type_then_qid() -> None:
    cands = [
        candidate("Q3", "city", "Deir ez-Zor"),
        candidate("Q2", "province", "Deir ez-Zor"),
        candidate("Q1", "province", "Deir ez-Zor Governorate"),
        candidate("Q9", "province", "Aleppo"),  # under the show floor: dropped
    ]
    place = Entity("deir-ez-zor-governorate", "place", "Deir ez-Zor", (), "province")
    order = [(s.candidate.qid, s.type_ok) for s in score_candidates(place, cands)]
    assert order[:2] == [("Q2", True), ("Q3", False)]
    assert "Q9" not in {qid for qid, _ in order}
    assert decide(place, cands).best.candidate.qid == "Q2"  # type: ignore[union-attr]
