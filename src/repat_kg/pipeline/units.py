"""One article, one unit of work: read, check, map, validate and (optionally) reason over a single article.

:func:`map_unit` is the pure core: an article's text and annotation, the registry and the
vocabulary in, that article's quads and its summary out. :func:`process_unit` adds what a build
does with a unit (validation with the entities and class hierarchy it needs, inferences, the
serialised chunks of every output) and is what the worker processes run. Everything crossing a
process boundary is bytes or plain data: pickling pyoxigraph terms is about 100 times slower
than N-Quads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from repat_kg.mapping.article import map_article
from repat_kg.mapping.entities import ENTITIES_GRAPH
from repat_kg.mapping.mentions import NameIndex, first_mentions
from repat_kg.mapping.terms import IriMinter
from repat_kg.model.ranking import ClaimFacts, is_official
from repat_kg.model.records import Annotation, Entity
from repat_kg.model.text import ArticleText
from repat_kg.model.vocab import RDF, RDFS, Vocabulary
from repat_kg.output.rdf import chunk, named_graph_chunks
from repat_kg.pipeline.corpus import ArticleFiles
from repat_kg.quality.inference import infer
from repat_kg.quality.validation import Violation, validate
from repat_kg.readers.annotation import read_annotation
from repat_kg.readers.yamlfile import parse_yaml

NQ = ox.RdfFormat.N_QUADS
HIERARCHY = {RDF + "type", RDFS + "subClassOf"}


@dataclass(frozen=True)
class UnitSummary:
    """What the corpus-wide checks and the build report need to know of one article."""

    article_id: str
    outlet: str
    references: tuple[str, ...]  # registry ids the annotation refers to
    mentions: tuple[str, ...]  # registry ids the article's content names
    event_keys: tuple[str, ...]
    quantity_keys: tuple[str, ...]
    events: int
    claims: int
    statements: int
    quads: int
    published: str = ""  # the article's publication date (ISO)
    claim_facts: tuple[tuple[str, ...], ...] = ()  # ClaimFacts.to_row() of each numeric claim, for the ranks
    event_reports: tuple[tuple[str, str], ...] = ()  # (event key, status notation)
    distinct_from: tuple[str, ...] = ()  # event keys named by duplicate reviews: must exist in the corpus
    part_of: tuple[str, ...] = ()  # quantity keys named by part_of: must be some claim's quantity


@dataclass(frozen=True)
class UnitResult:
    """A processed unit: its summary, its outputs as chunks, what validation found."""

    summary: UnitSummary | None  # None for the entities unit
    graph: str  # the named graph's IRI
    chunks: dict[str, bytes]  # nq, trig, ttl (triples no other graph can hold), shared (N-Triples), inferred
    violations: tuple[Violation, ...] = ()
    report: str = ""


@dataclass
class UnitSettings:
    """How units are processed; the same for every unit of a build."""

    base: str
    validate: bool = True
    validator: str = "fast"
    reason: bool = False
    reasoner: str = "rules"


@dataclass
class UnitContext:
    """What every unit of a build shares: registry, vocabulary, name index, the entity and ontology quads."""

    settings: UnitSettings
    entities: dict[str, Entity]
    vocab: Vocabulary
    ontology: list[ox.Quad]
    entity_quads: list[ox.Quad]
    mint: IriMinter = field(init=False)
    index: NameIndex = field(init=False)
    schema: list[ox.Quad] = field(init=False)
    by_entity: dict[str, list[ox.Quad]] = field(init=False)
    within_spans: dict[str, list[ox.Quad]] = field(init=False)

    def __post_init__(self) -> None:
        self.mint = IriMinter(self.settings.base)
        self.index = NameIndex(self.entities.values())
        self.schema = [q for q in self.ontology if q.predicate.value in HIERARCHY]
        self.by_entity, self.within_spans = _entity_context(self.entities, self.entity_quads, self.mint)

    def dependencies(self, refs: Iterable[str]) -> list[str]:
        """The registry ids a unit depends on: ``refs`` and the places that contain them, sorted."""
        todo, seen = list(refs), set()
        while todo:
            current = todo.pop()
            if current in seen or current not in self.entities:
                continue
            seen.add(current)
            if self.entities[current].within is not None:
                todo.append(self.entities[current].within)  # type: ignore[arg-type]
        return sorted(seen)


def _entity_context(
    entities: dict[str, Entity], quads: list[ox.Quad], mint: IriMinter
) -> tuple[dict[str, list[ox.Quad]], dict[str, list[ox.Quad]]]:
    """The entities graph split by entity (its node and Wikidata record), and the 'within' spans by article."""
    node_of = {mint.entity(entity).value: entity_id for entity_id, entity in entities.items()}
    span_article = {mint.span(e.within_evidence).value: e.within_evidence.article_id
                    for e in entities.values() if e.within_evidence is not None}
    by_entity: dict[str, list[ox.Quad]] = {}
    spans: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        subject = str(quad.subject.value) if not isinstance(quad.subject, ox.Triple) else ""
        owner = node_of.get(subject) or node_of.get(subject.removesuffix("/wikidata-link"))
        if owner is not None:
            by_entity.setdefault(owner, []).append(quad)
            continue
        span = subject.removesuffix("/position").removesuffix("/quote")
        if span in span_article:
            spans.setdefault(span_article[span], []).append(quad)
    return by_entity, spans


def map_unit(
    article: ArticleText, files: ArticleFiles, annotation_text: str, context: UnitContext
) -> tuple[list[ox.Quad], UnitSummary]:
    """Check one article's annotation and map it: the quads of its named graph and its summary."""
    data = parse_yaml(annotation_text, files.annotation)
    annotation = read_annotation(files.annotation, data, article, context.entities, context.vocab)
    mentions = first_mentions(article, context.index)
    quads = map_article(annotation, context.entities, mentions, context.vocab, context.mint)
    summary = UnitSummary(
        article_id=annotation.article_id,
        outlet=annotation.document.outlet,
        references=tuple(sorted(annotation.entity_references())),
        mentions=tuple(mentions),
        event_keys=tuple(sorted({event.key for event in annotation.events})),
        quantity_keys=tuple(sorted({claim.quantity for claim in annotation.claims})),
        events=len(annotation.events),
        claims=len(annotation.claims),
        statements=len(annotation.statements),
        quads=len(quads),
        published=annotation.document.published.lexical,
        claim_facts=_claim_facts(annotation, context),
        event_reports=tuple((event.key, event.status) for event in annotation.events),
        distinct_from=tuple(sorted({key for event in annotation.events for key, _ in event.distinct_from})),
        part_of=tuple(sorted({claim.part_of for claim in annotation.claims if claim.part_of is not None})),
    )
    return quads, summary


def _claim_facts(annotation: Annotation, context: UnitContext) -> tuple[tuple[str, ...], ...]:
    """What the ranking rule needs of each numeric claim (its reference date: as-of, else publication)."""
    official_kinds = context.vocab.collections["official source kinds"]
    published = annotation.document.published.lexical
    rows = []
    for claim in annotation.claims:
        minimum, maximum = claim.implied_bounds()
        facts = ClaimFacts(
            claim=context.mint("claim", annotation.article_id, claim.id).value,
            quantity=claim.quantity,
            reference_date=claim.as_of.lexical if claim.as_of is not None else published,
            official=is_official(claim.speaker, context.entities, official_kinds),
            minimum=minimum,
            maximum=maximum,
        )
        rows.append(facts.to_row())
    return tuple(rows)


def process_unit(files: ArticleFiles, text: str, annotation_text: str, context: UnitContext) -> UnitResult:
    """Map, validate and reason over one article; return its summary and output chunks."""
    article = ArticleText(files.article_id, files.text, text)
    quads, summary = map_unit(article, files, annotation_text, context)
    deps = context.dependencies([*summary.references, *summary.mentions])
    neighbours = [q for entity_id in deps for q in context.by_entity.get(entity_id, ())]
    neighbours += context.within_spans.get(files.article_id, [])
    return _finish(quads, context.mint.graph(files.article_id).value, neighbours, context, summary)


def process_entities(context: UnitContext) -> UnitResult:
    """Validate and reason over the entities graph, the spans of 'within' evidence left to their articles."""
    span_quads = {q for spans in context.within_spans.values() for q in spans}
    own = [q for q in context.entity_quads if q not in span_quads]
    return _finish(context.entity_quads, context.mint.graph(ENTITIES_GRAPH).value, [], context, None, own)


def _finish(
    quads: list[ox.Quad],
    graph: str,
    neighbours: list[ox.Quad],
    context: UnitContext,
    summary: UnitSummary | None,
    validated: list[ox.Quad] | None = None,
) -> UnitResult:
    settings = context.settings
    violations: tuple[Violation, ...] = ()
    report = ""
    if settings.validate:
        result = validate([*(validated if validated is not None else quads), *neighbours, *context.schema],
                          settings.validator)
        violations, report = result.violations, result.report_text
    elsewhere = context.within_spans.get(summary.article_id, []) if summary is not None else []
    chunks = _chunks(quads, graph, elsewhere, context)
    if settings.reason:
        inferred_graph = context.mint.graph("inferred")
        inferred = infer([*quads, *neighbours, *context.ontology], settings.base, inferred_graph, settings.reasoner)
        chunks["inferred"] = ox.serialize(inferred, format=NQ) or b""  # already in the inferred graph
    return UnitResult(summary, graph, chunks, violations, report)


def _chunks(quads: list[ox.Quad], graph: str, elsewhere: list[ox.Quad], context: UnitContext) -> dict[str, bytes]:
    """The unit's output chunks; for the merged Turtle view, the triples another graph may also hold go apart.

    Events and quantities are shared by the articles that report them, and a 'within' span of the
    registry may also be an article's evidence (``elsewhere``): such triples reach the merged view once.
    """
    base = context.settings.base
    nquads, trig = named_graph_chunks(quads, graph, base)
    chunks: dict[str, bytes] = {"nq": nquads, "trig": trig}
    shared_prefixes = (base + "event/", base + "quantity/")
    skip = set(elsewhere)
    own: list[ox.Quad] = []
    shared: list[ox.Quad] = []
    for quad in quads:
        if skip and quad in skip:
            continue
        subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
        (shared if subject.startswith(shared_prefixes) else own).append(quad)
    chunks["ttl"] = chunk(own, "ttl", base)
    chunks["shared"] = ox.serialize(shared, format=ox.RdfFormat.N_TRIPLES) or b""
    return chunks
