"""The domain model: what an article says (documents, events, claims, statements) and the entity registry.

Plain frozen records with controlled values kept as their notations ('more-than', 'children',
'repatriating-state'); no file positions and no RDF: readers fill them, the mapping turns them into RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from repat_kg.model.text import ArticleText, Span

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
ENTITY_CATEGORIES = {"people": "person", "organizations": "organization", "places": "place"}
# Counted classes whose figures need not be whole numbers (an area, a share).
UNBOUNDED_COUNTS = {"square-kilometres", "proportion"}


@dataclass(frozen=True)
class DateValue:
    """An ISO date of day, month or year precision."""

    lexical: str
    precision: str  # a date precision notation: day | month | year


@dataclass(frozen=True)
class DateSpec:
    """When an event happened according to one article: a date, or an (open) range."""

    date: DateValue | None
    start: DateValue | None
    end: DateValue | None
    basis: str | None
    evidence: Span | None

    @property
    def precision(self) -> str:
        values = [v for v in (self.date, self.start, self.end) if v is not None]
        order = ["day", "month", "year"]
        return max((v.precision for v in values), key=order.index)


@dataclass(frozen=True)
class WikidataLink:
    """An entity's Wikidata item and how the pairing was made (curated, gazetteer or API)."""

    qid: str
    method: str  # a link method notation
    evidence: str
    matched_label: str | None = None  # automatic links: the item label that matched, as "text@lang"
    score: Decimal | None = None  # automatic links: the match score when accepted

    @property
    def item_iri(self) -> str:
        return WIKIDATA_ENTITY + self.qid


@dataclass(frozen=True)
class Entity:
    id: str
    category: str  # person | organization | place
    name: str
    aliases: tuple[str, ...]
    kind: str | None  # organisation kind or place kind notation ('ministry', 'city'); None for people
    within: str | None = None
    within_evidence: Span | None = None
    wikidata: WikidataLink | None = None
    draft: bool = False  # added by `repat-kg extract` and not yet checked by a person

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Speaker:
    kind: str  # none | person | org | unnamed
    entity: str | None = None
    label: str | None = None  # unnamed sources, as printed
    title: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True)
class Extracted:
    """A fact a machine extracted (``repat-kg extract``): its confidence, and whether a person has reviewed it."""

    confidence: Decimal
    reviewed: bool = False


@dataclass(frozen=True)
class ExtractionRun:
    """The extraction that drafted an article's facts: software, spaCy, model and rules versions."""

    software: str
    spacy: str
    model: str
    rules: str


@dataclass(frozen=True)
class NumericClaim:
    id: str
    quantity: str
    event: str | None
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str  # qualifier notation
    counted: str  # counted class notation
    description: str
    speaker: Speaker
    cue: str  # cue notation
    as_of: DateValue | None
    as_of_basis: str | None
    evidence: Span
    scope: str | None = None  # head-count scope notation: total | part | running-total
    part_of: str | None = None  # the quantity key this figure is included in
    extracted: Extracted | None = None

    def implied_bounds(self) -> tuple[Decimal, Decimal | None]:
        """The interval of numbers the figure and its qualifier allow (None: unbounded)."""
        tenth = Decimal("0.1")
        whole = self.counted not in UNBOUNDED_COUNTS
        if self.qualifier == "range":
            assert self.low is not None and self.high is not None
            return self.low, self.high
        if self.qualifier == "vague":
            assert self.low is not None
            return self.low, self.high
        assert self.value is not None
        value = self.value
        step = Decimal(1) if whole and value == value.to_integral_value() else Decimal(0)
        bounds: dict[str, tuple[Decimal, Decimal | None]] = {
            "exact": (value, value),
            "about": (value - value * tenth, value + value * tenth),
            "nearly": (value - value * tenth, value),
            "more-than": (value + step, None),
            "fewer-than": (Decimal(0), value - step),
            "at-least": (value, None),
            "up-to": (Decimal(0), value),
        }
        return bounds[self.qualifier]


@dataclass(frozen=True)
class Statement:
    """A direct quotation or a reported statement of a speaker."""

    id: str
    direct: bool
    speaker: Speaker
    cue: str  # cue notation
    event: str | None
    text: Span
    extracted: Extracted | None = None


@dataclass(frozen=True)
class EventMention:
    """An event as one article reports it."""

    key: str
    types: tuple[str, ...]  # event type notations
    label: str
    date: DateSpec
    places: tuple[tuple[str, str], ...]  # (place role notation, place id)
    participants: tuple[tuple[str, str], ...]  # (agent id, role notation)
    evidence: Span
    status: str = "happened"  # event status notation, as this article reports it
    status_evidence: Span | None = None
    distinct_from: tuple[tuple[str, str], ...] = ()  # (event key, basis): reviewed, not the same event
    extracted: Extracted | None = None


@dataclass(frozen=True)
class Document:
    article: ArticleText
    outlet: str
    outlet_basis: str
    url: str | None
    headline: Span
    published: DateValue
    published_relation: str  # date relation notation
    published_basis: str | None
    published_evidence: Span | None
    wire: tuple[tuple[str, Span], ...]
    extraction: ExtractionRun | None = None


@dataclass
class Annotation:
    """One article's checked annotation: its document facts, events, numeric claims and statements."""

    document: Document
    events: list[EventMention] = field(default_factory=list)
    claims: list[NumericClaim] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return self.document.article.article_id

    def entity_references(self) -> set[str]:
        """The registry ids this annotation refers to (outlet, wire, places, agents, speakers)."""
        refs = {self.document.outlet, *(agency for agency, _ in self.document.wire)}
        for event in self.events:
            refs.update(place for _, place in event.places)
            refs.update(agent for agent, _ in event.participants)
        for speaker in [c.speaker for c in self.claims] + [s.speaker for s in self.statements]:
            refs.update(x for x in (speaker.entity, speaker.affiliation) if x is not None)
        return refs
