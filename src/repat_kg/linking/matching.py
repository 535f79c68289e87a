"""Score registry entities against Wikidata candidates by name, with the type checked, and decide."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from repat_kg.linking.gazetteer import Candidate, Label
from repat_kg.model.records import Entity

DEFAULT_THRESHOLD = 0.9
# Two different items whose best scores lie closer than this are too close to call.
AMBIGUITY_MARGIN = 0.05
# A candidate scoring under this is not worth showing.
SHOW_FLOOR = 0.7
# A surname (or any single word) that is a whole word of a longer label: a hint, never a link alone.
PARTIAL_NAME_SCORE = 0.85
# Names shorter than this (IS, US, AFP) only count when they match exactly.
FUZZY_MIN_LENGTH = 5
_HONORIFICS = {"mr", "ms", "mrs", "dr", "the"}


def normalize(name: str) -> str:
    """Fold case and accents, drop punctuation and honorifics: 'Dr Ahmad Al-Sahaf' → 'ahmad al sahaf'."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("\u2019", "").replace("'", "").casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    while len(words) > 1 and words[0] in _HONORIFICS:
        words = words[1:]
    return " ".join(words)


def name_score(name: str, label: str) -> float:
    """Similarity of an entity's name to an item's label in [0, 1]: 1 when equal once normalised.

    Otherwise a fuzzy ratio (difflib), raised to PARTIAL_NAME_SCORE when the name is one word
    of a longer label (a surname): enough to flag two namesakes as ambiguous, never to link.
    """
    a, b = normalize(name), normalize(label)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if min(len(a), len(b)) < FUZZY_MIN_LENGTH:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    name_words, label_words = a.split(), b.split()
    if len(name_words) == 1 and len(label_words) > 1 and name_words[0] in label_words:
        ratio = max(ratio, PARTIAL_NAME_SCORE)
    return ratio


def entity_type(entity: Entity) -> str:
    """The gazetteer type an entity may link to: human, organization, or its place kind."""
    if entity.category == "person":
        return "human"
    if entity.category == "organization":
        return "organization"
    return entity.kind or "place"


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float
    name: str  # the entity's name or alias that matched
    label: Label  # the candidate's label that matched
    type_ok: bool


@dataclass(frozen=True)
class Proposal:
    """What linking decided for one entity, with the candidates that were weighed."""

    entity: Entity
    decision: str  # link | ambiguous | below-threshold | no-candidate
    best: Scored | None
    others: tuple[Scored, ...]
    reason: str

    @property
    def score(self) -> Decimal:
        return Decimal(str(round(self.best.score, 3))) if self.best else Decimal(0)


def score_candidates(entity: Entity, candidates: Iterable[Candidate]) -> list[Scored]:
    """Best-scoring name/label pair per candidate, best first; candidates under the floor are dropped."""
    wanted = entity_type(entity)
    scored = []
    for candidate in candidates:
        pairs = (
            (name_score(name, label.text), name, label)
            for name in (entity.name, *entity.aliases)
            for label in candidate.labels
        )
        score, name, label = max(pairs, key=lambda pair: pair[0])
        if score >= SHOW_FLOOR:
            scored.append(Scored(candidate, score, name, label, candidate.type == wanted))
    return sorted(scored, key=lambda s: (-s.score, not s.type_ok, s.candidate.qid))


def decide(entity: Entity, candidates: Iterable[Candidate], threshold: float = DEFAULT_THRESHOLD) -> Proposal:
    """Pick the item to link, or say why none: never below the threshold, never of the wrong type."""
    scored = score_candidates(entity, candidates)
    fitting = [s for s in scored if s.type_ok]
    mismatched = [s for s in scored if not s.type_ok]
    if not fitting:
        reason = "no candidate of type " + entity_type(entity)
        if mismatched:
            top = mismatched[0]
            reason += f" (best name match {top.candidate.qid} is of type {top.candidate.type})"
        return Proposal(entity, "no-candidate", None, tuple(mismatched), reason)
    best, rest = fitting[0], fitting[1:]
    rivals = [s for s in rest if s.candidate.qid != best.candidate.qid and best.score - s.score < AMBIGUITY_MARGIN]
    others = tuple(rest + mismatched)
    if rivals:
        names = ", ".join(s.candidate.qid for s in rivals)
        return Proposal(entity, "ambiguous", best, others, f"{best.candidate.qid} and {names} score too close to call")
    if best.score < threshold:
        return Proposal(
            entity, "below-threshold", best, others, f"best score {best.score:.3f} is under the threshold {threshold}"
        )
    return Proposal(entity, "link", best, others, f"'{best.name}' matches '{best.label}'")
