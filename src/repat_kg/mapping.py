"""Map a checked corpus to RDF quads: one named graph per article, plus entity and ontology graphs."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from repat_kg.annotations import (
    Annotation,
    Corpus,
    DateSpec,
    DateValue,
    Entity,
    EventMention,
    NumericClaim,
    Speaker,
    Statement,
    WikidataLink,
)
from repat_kg.evidence import Span
from repat_kg.vocab import OA, PROV, RDF, RDFS, RKG, SCHEMA, SKOS, XSD

TYPE = ox.NamedNode(RDF + "type")
ENTITY_PATHS = {"person": "person", "organization": "organization", "place": "place"}
ENTITY_CLASSES = {"person": RKG + "Person", "organization": RKG + "Organization", "place": RKG + "Place"}


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _string(value: str) -> ox.Literal:
    return ox.Literal(value)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _number(value: Decimal) -> ox.Literal:
    if value == value.to_integral_value():
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(format(value.normalize(), "f"), datatype=ox.NamedNode(XSD + "decimal"))


def _date(value: DateValue) -> ox.Literal:
    return ox.Literal(value.lexical, datatype=ox.NamedNode(value.datatype))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class IriMinter:
    """Deterministic IRIs under a configurable base: the same input always gets the same IRI."""

    def __init__(self, base: str):
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", base):
            raise ValueError(f"base IRI {base!r} must be an http(s) IRI ending in '/' or '#'")
        self.base = base

    def __call__(self, *parts: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + "/".join(parts))

    def graph(self, name: str) -> ox.NamedNode:
        return self("graph", name)

    def article(self, article_id: str) -> ox.NamedNode:
        return self("article", article_id)

    def entity(self, entity: Entity) -> ox.NamedNode:
        return self(ENTITY_PATHS[entity.category], entity.id)

    def span(self, span: Span) -> ox.NamedNode:
        return self("article", span.article_id, "span", f"{span.start}-{span.end}")


class _GraphWriter:
    """Collects the quads of one named graph."""

    def __init__(self, quads: set[ox.Quad], graph: ox.NamedNode, mint: IriMinter):
        self.quads = quads
        self.graph = graph
        self.mint = mint

    def add(self, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        self.quads.add(ox.Quad(subject, ox.NamedNode(predicate), obj, self.graph))

    def types(self, subject: ox.NamedNode, *classes: str) -> None:
        for cls in classes:
            self.quads.add(ox.Quad(subject, TYPE, ox.NamedNode(cls), self.graph))

    def span(self, span: Span) -> ox.NamedNode:
        node = self.mint.span(span)
        position, quote = ox.NamedNode(node.value + "/position"), ox.NamedNode(node.value + "/quote")
        self.types(node, RKG + "TextSpan", OA + "SpecificResource")
        self.add(node, OA + "hasSource", self.mint.article(span.article_id))
        self.add(node, OA + "hasSelector", position)
        self.add(node, OA + "hasSelector", quote)
        self.add(node, RKG + "line", ox.Literal(str(span.line), datatype=ox.NamedNode(XSD + "positiveInteger")))
        self.types(position, OA + "TextPositionSelector")
        count = ox.NamedNode(XSD + "nonNegativeInteger")
        self.add(position, OA + "start", ox.Literal(str(span.start), datatype=count))
        self.add(position, OA + "end", ox.Literal(str(span.end), datatype=count))
        self.types(quote, OA + "TextQuoteSelector")
        self.add(quote, OA + "exact", _string(span.exact))
        self.add(quote, OA + "prefix", _string(span.prefix))
        self.add(quote, OA + "suffix", _string(span.suffix))
        return node


class Mapper:
    """Turns a Corpus into a sorted list of quads."""

    def __init__(self, corpus: Corpus, base: str):
        self.corpus = corpus
        self.mint = IriMinter(base)
        self.quads: set[ox.Quad] = set()
        self.vocab_country = RKG + "Country"

    def agent(self, entity_id: str) -> ox.NamedNode:
        return self.mint.entity(self.corpus.entities[entity_id])

    def map(self) -> list[ox.Quad]:
        self.entities()
        for annotation in self.corpus.annotations:
            self.article(annotation)
        return sorted(self.quads, key=str)

    # ------------------------------------------------------------------ entities
    def entities(self) -> None:
        out = _GraphWriter(self.quads, self.mint.graph("entities"), self.mint)
        for entity in self.corpus.entities.values():
            node = self.mint.entity(entity)
            out.types(node, ENTITY_CLASSES[entity.category])
            out.add(node, SCHEMA + "identifier", _string(entity.id))
            out.add(node, SCHEMA + "name", _string(entity.name))
            out.add(node, RDFS + "label", _string(entity.name))
            for alias in entity.aliases:
                out.add(node, SKOS + "altLabel", _string(alias))
            if entity.category == "organization" and entity.kind:
                out.add(node, RKG + "organizationKind", _iri(entity.kind))
            if entity.category == "place" and entity.kind:
                out.types(node, entity.kind)
                if entity.kind == self.vocab_country:
                    out.types(node, RKG + "Agent")
            if entity.within is not None and entity.within_evidence is not None:
                out.add(node, RKG + "within", self.agent(entity.within))
                out.add(node, RKG + "withinEvidence", out.span(entity.within_evidence))
            if entity.wikidata is not None:
                self.wikidata_link(out, node, entity.wikidata)

    def wikidata_link(self, out: _GraphWriter, node: ox.NamedNode, link: WikidataLink) -> None:
        item = _iri(link.item_iri)
        record = ox.NamedNode(node.value + "/wikidata-link")
        out.add(node, RKG + "wikidataItem", item)
        out.add(node, RKG + "wikidataLink", record)
        out.types(record, RKG + "WikidataLink")
        out.add(record, RKG + "linkedEntity", node)
        out.add(record, RKG + "wikidataItem", item)
        out.add(record, RKG + "linkMethod", _iri(RKG + "link-" + link.method))
        out.add(record, RKG + "linkEvidence", _string(link.evidence))
        if link.matched_label is not None:
            out.add(record, RKG + "matchedLabel", _string(link.matched_label))
        if link.score is not None:
            score = format(link.score.quantize(Decimal("0.001")), "f")
            out.add(record, RKG + "matchScore", ox.Literal(score, datatype=ox.NamedNode(XSD + "decimal")))

    # ------------------------------------------------------------------ articles
    def article(self, annotation: Annotation) -> None:
        document = annotation.document
        article_id = document.article.article_id
        out = _GraphWriter(self.quads, self.mint.graph(article_id), self.mint)
        node = self.mint.article(article_id)
        outlet = self.agent(document.outlet)
        out.types(node, RKG + "SourceDocument", SCHEMA + "NewsArticle")
        out.add(node, SCHEMA + "identifier", _string(article_id))
        out.add(node, RDFS + "label", _string(document.headline.exact))
        out.add(node, SCHEMA + "headline", _string(document.headline.exact))
        out.add(node, RKG + "headlineEvidence", out.span(document.headline))
        out.add(node, SCHEMA + "publisher", outlet)
        out.add(node, PROV + "wasAttributedTo", outlet)
        out.add(node, RKG + "outletBasis", _string(document.outlet_basis))
        if document.url:
            out.add(node, SCHEMA + "url", ox.Literal(document.url, datatype=ox.NamedNode(XSD + "anyURI")))
        out.add(node, SCHEMA + "text", _string(document.article.text))
        out.add(node, RKG + "sha256", _string(document.article.sha256))
        out.add(node, RKG + "characterCount", _integer(len(document.article.text)))
        out.add(node, SCHEMA + "datePublished", _date(document.published))
        published = self.mint("article", article_id, "published")
        out.add(node, RKG + "published", published)
        out.types(published, RKG + "DateSpecification")
        out.add(published, RKG + "date", _date(document.published))
        out.add(published, RKG + "precision", _iri(RKG + "precision-" + document.published.precision))
        out.add(published, RKG + "dateRelation", _iri(document.published_relation_iri))
        if document.published_basis:
            out.add(published, RKG + "basis", _string(document.published_basis))
        if document.published_evidence:
            out.add(published, RKG + "evidence", out.span(document.published_evidence))
        for agency, span in document.wire:
            out.add(node, RKG + "wireService", self.agent(agency))
            out.add(node, RKG + "wireServiceEvidence", out.span(span))
        self.mentions(out, annotation)
        for event in annotation.events:
            self.event(out, annotation, event)
        for claim in annotation.claims:
            self.numeric_claim(out, annotation, claim)
        for statement in annotation.statements:
            self.statement(out, annotation, statement)

    def mentions(self, out: _GraphWriter, annotation: Annotation) -> None:
        """Record the first mention in the article's content of each registry entity it names."""
        article = annotation.document.article
        for entity in self.corpus.entities.values():
            spans = [article.first_mention(name) for name in (entity.name, *entity.aliases)]
            found = [span for span in spans if span is not None]
            if found:
                first = min(found, key=lambda span: (span.start, span.start - span.end))
                out.add(self.mint.entity(entity), RKG + "mention", out.span(first))

    def date_spec(self, out: _GraphWriter, node: ox.NamedNode, spec: DateSpec) -> None:
        out.types(node, RKG + "DateSpecification")
        if spec.date is not None:
            out.add(node, RKG + "date", _date(spec.date))
        if spec.start is not None:
            out.add(node, RKG + "startDate", _date(spec.start))
        if spec.end is not None:
            out.add(node, RKG + "endDate", _date(spec.end))
        out.add(node, RKG + "precision", _iri(RKG + "precision-" + spec.precision))
        if spec.basis:
            out.add(node, RKG + "basis", _string(spec.basis))
        if spec.evidence is not None:
            out.add(node, RKG + "evidence", out.span(spec.evidence))

    def event(self, out: _GraphWriter, annotation: Annotation, event: EventMention) -> None:
        article_id = annotation.document.article.article_id
        node = self.mint("event", event.key)
        out.types(node, RKG + "Event", *event.types)
        out.add(node, RDFS + "label", _string(event.label))
        out.add(node, PROV + "wasDerivedFrom", self.mint.article(article_id))
        out.add(node, RKG + "evidence", out.span(event.evidence))
        when = self.mint("event", event.key, "date", article_id)
        out.add(node, RKG + "when", when)
        out.add(when, PROV + "wasDerivedFrom", self.mint.article(article_id))
        self.date_spec(out, when, event.date)
        for role, place in event.places:
            out.add(node, role, self.agent(place))
        for agent_id, role in event.participants:
            agent = self.agent(agent_id)
            participation = self.mint("event", event.key, "participation", agent_id, role[len(RKG + "role-") :])
            out.add(node, RKG + "participant", agent)
            out.add(node, RKG + "participation", participation)
            out.types(participation, RKG + "Participation")
            out.add(participation, RKG + "agent", agent)
            out.add(participation, RKG + "role", _iri(role))

    def speaker(
        self, out: _GraphWriter, annotation: Annotation, claim: ox.NamedNode, speaker: Speaker, cue: str
    ) -> None:
        outlet = self.agent(annotation.document.outlet)
        out.add(claim, RKG + "reportedBy", outlet)
        out.add(claim, RKG + "cue", _iri(cue))
        reporter = ox.NamedNode(claim.value + "/attribution/reporter")
        out.add(claim, PROV + "qualifiedAttribution", reporter)
        out.types(reporter, PROV + "Attribution")
        out.add(reporter, PROV + "agent", outlet)
        out.add(reporter, PROV + "hadRole", _iri(RKG + "role-reporter"))
        if speaker.kind == "none":
            out.add(claim, RKG + "unattributed", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))
            return
        if speaker.kind == "unnamed":
            assert speaker.label is not None
            article_id = annotation.document.article.article_id
            agent = self.mint("source", article_id, _slug(speaker.label))
            out.types(agent, RKG + "UnnamedSource")
            out.add(agent, RDFS + "label", _string(speaker.label))
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
        out.add(attribution, PROV + "hadRole", _iri(RKG + "role-speaker"))
        out.add(attribution, RKG + "cue", _iri(cue))
        if speaker.title:
            out.add(claim, RKG + "speakerTitle", _string(speaker.title))
            out.add(attribution, RKG + "speakerTitle", _string(speaker.title))
        if speaker.affiliation and speaker.kind != "unnamed":
            out.add(attribution, RKG + "affiliation", self.agent(speaker.affiliation))

    def claim_common(
        self, out: _GraphWriter, annotation: Annotation, node: ox.NamedNode, evidence: Span, event: str | None
    ) -> None:
        out.add(node, PROV + "wasDerivedFrom", self.mint.article(annotation.document.article.article_id))
        out.add(node, RKG + "evidence", out.span(evidence))
        if event is not None:
            out.add(node, RKG + "aboutEvent", self.mint("event", event))

    def numeric_claim(self, out: _GraphWriter, annotation: Annotation, claim: NumericClaim) -> None:
        node = self.mint("claim", annotation.document.article.article_id, claim.id)
        value = ox.NamedNode(node.value + "/value")
        quantity = self.mint("quantity", claim.quantity)
        out.types(node, RKG + "Claim", RKG + "NumericClaim")
        out.add(node, SCHEMA + "description", _string(claim.description))
        out.add(node, RKG + "aboutQuantity", quantity)
        out.types(quantity, RKG + "Quantity")
        out.add(quantity, RDFS + "label", _string(claim.quantity.replace("-", " ")))
        out.add(node, RKG + "statedValue", value)
        out.types(value, RKG + "QuantityValue")
        if claim.value is not None:
            out.add(value, SCHEMA + "value", _number(claim.value))
        if claim.low is not None:
            out.add(value, SCHEMA + "minValue", _number(claim.low))
        if claim.high is not None:
            out.add(value, SCHEMA + "maxValue", _number(claim.high))
        out.add(value, RKG + "qualifier", _iri(claim.qualifier_iri))
        out.add(value, RKG + "counted", _iri(claim.counted_iri))
        minimum, maximum = claim.implied_bounds()
        out.add(value, RKG + "impliedMinimum", _number(minimum))
        if maximum is not None:
            out.add(value, RKG + "impliedMaximum", _number(maximum))
        if claim.as_of is not None:
            out.add(node, RKG + "asOf", _date(claim.as_of))
            if claim.as_of_basis:
                out.add(node, RKG + "asOfBasis", _string(claim.as_of_basis))
        self.speaker(out, annotation, node, claim.speaker, claim.cue_iri)
        self.claim_common(out, annotation, node, claim.evidence, claim.event)

    def statement(self, out: _GraphWriter, annotation: Annotation, statement: Statement) -> None:
        node = self.mint("claim", annotation.document.article.article_id, statement.id)
        kind = RKG + ("Quotation" if statement.direct else "ReportedStatement")
        out.types(node, RKG + "Claim", kind)
        out.add(node, SCHEMA + "text", _string(statement.text.exact))
        self.speaker(out, annotation, node, statement.speaker, statement.cue_iri)
        self.claim_common(out, annotation, node, statement.text, statement.event)


def ontology_quads(ontology: Path, mint: IriMinter) -> list[ox.Quad]:
    """The ontology's triples in the ontology named graph, blank nodes relabelled in file order.

    The parser names blank nodes at random; relabelling them keeps the output byte-identical.
    """
    graph = mint.graph("ontology")
    labels: dict[str, ox.BlankNode] = {}

    def stable(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term.value, ox.BlankNode(f"onto{len(labels)}"))
        return term

    quads = []
    for triple in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE):
        subject = stable(triple.subject)
        assert not isinstance(subject, ox.Literal)
        quads.append(ox.Quad(subject, triple.predicate, stable(triple.object), graph))
    return quads
