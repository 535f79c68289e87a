"""The claim-ranking rule: which of several figures for one quantity is preferred, which normal, which superseded.

Pure and deterministic: plain facts about each claim in, a rank and a reason per claim out. The
rule (stated in the README and the ontology), for the claims about one quantity:

- a claim's reference date is its as-of date, else its article's publication date; ISO strings
  are compared as text, so a coarser date ("2019-07") sorts before the days it contains;
- if any claim comes from an official source, the preferred claim is the official one with the
  latest reference date, then the narrowest implied range, then the lowest implied minimum, then
  the claim IRI ("latest-official");
- otherwise the most conservative: the lowest implied minimum, then the narrowest range, then the
  latest reference date, then the claim IRI ("most-conservative");
- a claim whose reference date is earlier than the preferred claim's is superseded
  ("earlier-figure"); every other claim is normal ("not-chosen"); a lone claim is preferred
  ("only-figure").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from repat_kg.model.records import Entity, Speaker

INFINITE = Decimal("Infinity")


@dataclass(frozen=True)
class ClaimFacts:
    """What the rule needs to know of one numeric claim."""

    claim: str  # the claim's IRI
    quantity: str  # the quantity key
    reference_date: str  # ISO date: the as-of date, else the article's publication date
    official: bool
    minimum: Decimal  # implied minimum
    maximum: Decimal | None  # implied maximum; None when unbounded

    @property
    def width(self) -> Decimal:
        return INFINITE if self.maximum is None else self.maximum - self.minimum

    def to_row(self) -> tuple[str, ...]:
        """Plain strings, for a build summary (JSON) and back with :meth:`from_row`."""
        return (self.claim, self.quantity, self.reference_date, "1" if self.official else "0", str(self.minimum),
                "" if self.maximum is None else str(self.maximum))

    @classmethod
    def from_row(cls, row: Iterable[str]) -> ClaimFacts:
        claim, quantity, date, official, minimum, maximum = row
        return cls(claim, quantity, date, official == "1", Decimal(minimum), Decimal(maximum) if maximum else None)


@dataclass(frozen=True)
class Ranked:
    claim: str
    quantity: str
    rank: str  # rank notation: preferred | normal | superseded
    reason: str  # rank reason notation


def is_official(speaker: Speaker, entities: dict[str, Entity], official_kinds: frozenset[str]) -> bool:
    """A state, or an organisation of an official kind, speaking as such or through a person or unnamed source."""
    for entity_id in (speaker.entity, speaker.affiliation):
        entity = entities.get(entity_id) if entity_id is not None else None
        if entity is None:
            continue
        if entity.category == "place" and entity.kind == "country":
            return True
        if entity.category == "organization" and entity.kind in official_kinds:
            return True
    return False


def _invert(date: str) -> tuple[int, ...]:
    """A key that sorts later dates first (ISO strings compared as text, character by character)."""
    return (*(-ord(c) for c in date), 1)


def rank_claims(facts: Iterable[ClaimFacts]) -> list[Ranked]:
    """Rank every claim among the claims about the same quantity; sorted by quantity, then claim."""
    by_quantity: dict[str, list[ClaimFacts]] = defaultdict(list)
    for fact in facts:
        by_quantity[fact.quantity].append(fact)
    ranked: list[Ranked] = []
    for quantity in sorted(by_quantity):
        claims = by_quantity[quantity]
        if len(claims) == 1:
            ranked.append(Ranked(claims[0].claim, quantity, "preferred", "only-figure"))
            continue
        official = [c for c in claims if c.official]
        if official:
            best = min(official, key=lambda c: (_invert(c.reference_date), c.width, c.minimum, c.claim))
            reason = "latest-official"
        else:
            best = min(claims, key=lambda c: (c.minimum, c.width, _invert(c.reference_date), c.claim))
            reason = "most-conservative"
        for claim in sorted(claims, key=lambda c: c.claim):
            if claim is best:
                ranked.append(Ranked(claim.claim, quantity, "preferred", reason))
            elif claim.reference_date < best.reference_date:
                ranked.append(Ranked(claim.claim, quantity, "superseded", "earlier-figure"))
            else:
                ranked.append(Ranked(claim.claim, quantity, "normal", "not-chosen"))
    return ranked


def current_statuses(reports: Iterable[tuple[str, str, str, str]]) -> dict[str, str]:
    """Each event's status from its latest report: (event key, published, article id, status) in."""
    latest: dict[str, tuple[str, str, str]] = {}
    for key, published, article, status in reports:
        candidate = (published, article, status)
        if key not in latest or candidate[:2] > latest[key][:2]:
            latest[key] = candidate
    return {key: value[2] for key, value in sorted(latest.items())}
