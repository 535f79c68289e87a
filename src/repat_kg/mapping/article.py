"""Map one article's checked annotation to the quads of its named graph."""

from __future__ import annotations

import pyoxigraph as ox

from repat_kg.mapping.terms import GraphWriter, IriMinter, date, integer, iri, number, slug, string
from repat_kg.model.records import (
    Annotation,
    DateSpec,
    Entity,
    EventMention,
    Extracted,
    NumericClaim,
    Speaker,
    Statement,
)
from repat_kg.model.text import Span
from repat_kg.model.vocab import PROV, RDFS, RKG, SCHEMA, XSD, Vocabulary

_TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
_ANY_URI = ox.NamedNode(XSD + "anyURI")


def map_article(
    annotation: Annotation,
    entities: dict[str, Entity],
    mentions: dict[str, Span],
    vocab: Vocabulary,
    mint: IriMinter,
) -> list[ox.Quad]:
    """The sorted triples of the article's named graph (as default-graph quads).

    ``mentions`` maps registry ids to their first mention in the article's content
    (see :func:`repat_kg.mapping.mentions.first_mentions`).
    """
    return _ArticleMapper(annotation, entities, vocab, mint).map(mentions)


class _ArticleMapper:
    def __init__(self, annotation: Annotation, entities: dict[str, Entity], vocab: Vocabulary, mint: IriMinter):
        self.annotation = annotation
        self.entities = entities
        self.vocab = vocab
        self.mint = mint
        self.article_id = annotation.article_id
        self.article_node = mint.article(self.article_id)
        self.out = GraphWriter(mint)

    def agent(self, entity_id: str) -> ox.NamedNode:
        return self.mint.entity(self.entities[entity_id])

    def term(self, vocabulary: str, notation: str) -> ox.NamedNode:
        return iri(self.vocab.iri(vocabulary, notation))

    def map(self, mentions: dict[str, Span]) -> list[ox.Quad]:
        self.document()
        for entity_id, span in mentions.items():
            self.out.add(self.agent(entity_id), RKG + "mention", self.out.span(span))
        for event in self.annotation.events:
            self.event(event)
        for claim in self.annotation.claims:
            self.numeric_claim(claim)
        for statement in self.annotation.statements:
            self.statement(statement)
        return self.out.sorted_quads()

    def document(self) -> None:
        out, node, document = self.out, self.article_node, self.annotation.document
        outlet = self.agent(document.outlet)
        out.types(node, RKG + "SourceDocument", SCHEMA + "NewsArticle")
        out.add(node, SCHEMA + "identifier", string(self.article_id))
        out.add(node, RDFS + "label", string(document.headline.exact))
        out.add(node, SCHEMA + "headline", string(document.headline.exact))
        out.add(node, RKG + "headlineEvidence", out.span(document.headline))
        out.add(node, SCHEMA + "publisher", outlet)
        out.add(node, PROV + "wasAttributedTo", outlet)
        out.add(node, RKG + "outletBasis", string(document.outlet_basis))
        if document.url:
            out.add(node, SCHEMA + "url", ox.Literal(document.url, datatype=_ANY_URI))
        out.add(node, SCHEMA + "text", string(document.article.text))
        out.add(node, RKG + "sha256", string(document.article.sha256))
        out.add(node, RKG + "characterCount", integer(len(document.article.text)))
        out.add(node, SCHEMA + "datePublished", date(document.published))
        published = self.mint("article", self.article_id, "published")
        out.add(node, RKG + "published", published)
        out.types(published, RKG + "DateSpecification")
        out.add(published, RKG + "date", date(document.published))
        out.add(published, RKG + "precision", self.term("date precision", document.published.precision))
        out.add(published, RKG + "dateRelation", self.term("date relation", document.published_relation))
        if document.published_basis:
            out.add(published, RKG + "basis", string(document.published_basis))
        if document.published_evidence:
            out.add(published, RKG + "evidence", out.span(document.published_evidence))
        for agency, span in document.wire:
            out.add(node, RKG + "wireService", self.agent(agency))
            out.add(node, RKG + "wireServiceEvidence", out.span(span))
        if document.extraction is not None:
            run = self.extraction_run()
            out.types(run, RKG + "ExtractionRun", PROV + "Activity")
            out.add(run, PROV + "used", node)
            out.add(run, RKG + "softwareVersion", string(document.extraction.software))
            out.add(run, RKG + "spacyVersion", string(document.extraction.spacy))
            out.add(run, RKG + "modelVersion", string(document.extraction.model))
            out.add(run, RKG + "rulesVersion", string(document.extraction.rules))

    def extraction_run(self) -> ox.NamedNode:
        return self.mint("activity", "extraction", self.article_id)

    def extracted(self, node: ox.NamedNode, extracted: Extracted | None) -> None:
        """A machine-drafted fact: the run that drafted it, its confidence, and extracted or reviewed."""
        if extracted is None:
            return
        self.out.add(node, RKG + "extractedBy", self.extraction_run())
        self.out.add(node, RKG + "confidence", number(extracted.confidence))
        self.out.add(
            node, RKG + "factMethod", self.term("fact method", "reviewed" if extracted.reviewed else "extracted")
        )

    def date_spec(self, node: ox.NamedNode, spec: DateSpec) -> None:
        out = self.out
        out.types(node, RKG + "DateSpecification")
        if spec.date is not None:
            out.add(node, RKG + "date", date(spec.date))
        if spec.start is not None:
            out.add(node, RKG + "startDate", date(spec.start))
        if spec.end is not None:
            out.add(node, RKG + "endDate", date(spec.end))
        out.add(node, RKG + "precision", self.term("date precision", spec.precision))
        if spec.basis:
            out.add(node, RKG + "basis", string(spec.basis))
        if spec.evidence is not None:
            out.add(node, RKG + "evidence", out.span(spec.evidence))

    def event(self, event: EventMention) -> None:
        out = self.out
        node = self.mint("event", event.key)
        out.types(node, RKG + "Event", *(self.vocab.iri("event type", t) for t in event.types))
        out.add(node, RDFS + "label", string(event.label))
        out.add(node, PROV + "wasDerivedFrom", self.article_node)
        out.add(node, RKG + "evidence", out.span(event.evidence))
        self.extracted(node, event.extracted)
        when = self.mint("event", event.key, "date", self.article_id)
        out.add(node, RKG + "when", when)
        out.add(when, PROV + "wasDerivedFrom", self.article_node)
        self.date_spec(when, event.date)
        report = self.mint("event", event.key, "report", self.article_id)
        out.add(node, RKG + "report", report)
        out.types(report, RKG + "EventReport")
        out.add(report, PROV + "wasDerivedFrom", self.article_node)
        out.add(report, RKG + "status", self.term("event status", event.status))
        if event.status_evidence is not None:
            out.add(report, RKG + "statusEvidence", out.span(event.status_evidence))
        for other, basis in event.distinct_from:
            other_node = self.mint("event", other)
            out.add(node, RKG + "distinctFrom", other_node)
            review = self.mint("event", event.key, "distinct-from", other)
            out.types(review, RKG + "DuplicateReview")
            out.add(review, RKG + "reviewedEvent", node)
            out.add(review, RKG + "reviewedEvent", other_node)
            out.add(review, RKG + "basis", string(basis))
            out.add(review, PROV + "wasDerivedFrom", self.article_node)
        for role, place in event.places:
            out.add(node, self.vocab.iri("place role", role), self.agent(place))
        for agent_id, role in event.participants:
            agent = self.agent(agent_id)
            participation = self.mint("event", event.key, "participation", agent_id, role)
            out.add(node, RKG + "participant", agent)
            out.add(node, RKG + "participation", participation)
            out.types(participation, RKG + "Participation")
            out.add(participation, RKG + "agent", agent)
            out.add(participation, RKG + "role", self.term("role", role))

    def speaker(self, claim: ox.NamedNode, speaker: Speaker, cue: str) -> None:
        out = self.out
        outlet = self.agent(self.annotation.document.outlet)
        cue_term = self.term("cue", cue)
        out.add(claim, RKG + "reportedBy", outlet)
        out.add(claim, RKG + "cue", cue_term)
        reporter = ox.NamedNode(claim.value + "/attribution/reporter")
        out.add(claim, PROV + "qualifiedAttribution", reporter)
        out.types(reporter, PROV + "Attribution")
        out.add(reporter, PROV + "agent", outlet)
        out.add(reporter, PROV + "hadRole", self.term("attribution role", "reporter"))
        if speaker.kind == "none":
            out.add(claim, RKG + "unattributed", _TRUE)
            return
        if speaker.kind == "unnamed":
            assert speaker.label is not None
            agent = self.mint("source", self.article_id, slug(speaker.label))
            out.types(agent, RKG + "UnnamedSource")
            out.add(agent, RDFS + "label", string(speaker.label))
            if speaker.affiliation:
                out.add(agent, RKG + "affiliation", self.agent(speaker.affiliation))
        else:
            assert speaker.entity is not None
            agent = self.agent(speaker.entity)
        out.add(claim, RKG + "speaker", agent)
        attribution = ox.NamedNode(claim.value + "/attribution/speaker")
        out.add(claim, PROV + "qualifiedAttribution", attribution)
        out.types(attribution, PROV + "Attribution")
        out.add(attribution, PROV + "agent", agent)
        out.add(attribution, PROV + "hadRole", self.term("attribution role", "speaker"))
        out.add(attribution, RKG + "cue", cue_term)
        if speaker.title:
            out.add(claim, RKG + "speakerTitle", string(speaker.title))
            out.add(attribution, RKG + "speakerTitle", string(speaker.title))
        if speaker.affiliation and speaker.kind != "unnamed":
            out.add(attribution, RKG + "affiliation", self.agent(speaker.affiliation))

    def claim_common(self, node: ox.NamedNode, evidence: Span, event: str | None) -> None:
        self.out.add(node, PROV + "wasDerivedFrom", self.article_node)
        self.out.add(node, RKG + "evidence", self.out.span(evidence))
        if event is not None:
            self.out.add(node, RKG + "aboutEvent", self.mint("event", event))

    def numeric_claim(self, claim: NumericClaim) -> None:
        out = self.out
        node = self.mint("claim", self.article_id, claim.id)
        value = ox.NamedNode(node.value + "/value")
        quantity = self.mint("quantity", claim.quantity)
        out.types(node, RKG + "Claim", RKG + "NumericClaim")
        out.add(node, SCHEMA + "description", string(claim.description))
        out.add(node, RKG + "aboutQuantity", quantity)
        out.types(quantity, RKG + "Quantity")
        out.add(quantity, RDFS + "label", string(claim.quantity.replace("-", " ")))
        out.add(node, RKG + "statedValue", value)
        out.types(value, RKG + "QuantityValue")
        if claim.value is not None:
            out.add(value, SCHEMA + "value", number(claim.value))
        if claim.low is not None:
            out.add(value, SCHEMA + "minValue", number(claim.low))
        if claim.high is not None:
            out.add(value, SCHEMA + "maxValue", number(claim.high))
        out.add(value, RKG + "qualifier", self.term("qualifier", claim.qualifier))
        out.add(value, RKG + "counted", self.term("counted", claim.counted))
        minimum, maximum = claim.implied_bounds()
        out.add(value, RKG + "impliedMinimum", number(minimum))
        if maximum is not None:
            out.add(value, RKG + "impliedMaximum", number(maximum))
        if claim.as_of is not None:
            out.add(node, RKG + "asOf", date(claim.as_of))
            if claim.as_of_basis:
                out.add(node, RKG + "asOfBasis", string(claim.as_of_basis))
        if claim.scope is not None:
            out.add(node, RKG + "scope", self.term("headcount scope", claim.scope))
        if claim.part_of is not None:
            whole = self.mint("quantity", claim.part_of)
            out.add(node, RKG + "partOf", whole)
            out.types(whole, RKG + "Quantity")
            out.add(whole, RDFS + "label", string(claim.part_of.replace("-", " ")))
        self.speaker(node, claim.speaker, claim.cue)
        self.claim_common(node, claim.evidence, claim.event)
        self.extracted(node, claim.extracted)

    def statement(self, statement: Statement) -> None:
        node = self.mint("claim", self.article_id, statement.id)
        kind = RKG + ("Quotation" if statement.direct else "ReportedStatement")
        self.out.types(node, RKG + "Claim", kind)
        self.out.add(node, SCHEMA + "text", string(statement.text.exact))
        self.speaker(node, statement.speaker, statement.cue)
        self.claim_common(node, statement.text, statement.event)
        self.extracted(node, statement.extracted)
