"""The shape test table: for every shape, changes to the seed graph that break it, and changes it must accept.

Each case runs on the graphs a change touches: one article's named graph, the entities graph
(without the spans of 'within' evidence from other articles) and the ontology's class hierarchy,
as a build validates one unit. The unchanged graph must conform; the changed graph must give
exactly the expected SHACL results, as (focus node, result path, constraint component), and no
other (an empty set: the changed graph conforms). Shared by test_shapes.py and test_fast_validation.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import pyoxigraph as ox

from repat_kg.pipeline.build import build_quads
from repat_kg.quality.fast_shacl import validate_fast
from repat_kg.quality.shacl import ValidationResult, validate_quads

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ID = "https://w3id.org/repat-kg/id/"
RKG = "https://w3id.org/repat-kg/ontology#"
SH = "http://www.w3.org/ns/shacl#"
NAMESPACES = {
    "rkg": RKG,
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
PREFIXES = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in NAMESPACES.items())
HIERARCHY = {NAMESPACES["rdf"] + "type", NAMESPACES["rdfs"] + "subClassOf"}

ARTICLE_ID = "000_f6cb99c41662595b"
ARTICLE = ID + "article/" + ARTICLE_ID
CLAIM = ID + "claim/000_f6cb99c41662595b/children-taken-back-so-far"
QUOTE = ID + "claim/000_f6cb99c41662595b/omar-dna-analysis"
EVENT = ID + "event/handover-qamishli-2021-04-18"
EVENT_DATE = EVENT + "/date/" + ARTICLE_ID
PUBLISHED = ARTICLE + "/published"
REPORT = EVENT + "/report/" + ARTICLE_ID
REVIEW = ID + "event/russia-repatriations-from-syria-before-2021-04/distinct-from/chechen-repatriation-programme"
# The evidence span of CLAIM, written in the update as a variable and named in the results as this placeholder.
SPAN_OF_CLAIM = "SPAN_OF_CLAIM"
SPAN_WHERE = f"<{CLAIM}> rkg:evidence ?s ."
DATES = ("xsd:date", "xsd:gYearMonth", "xsd:gYear")


def expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return NAMESPACES[prefix] + local


def path(*steps: str) -> str:
    """A result path as the engines write it in SPARQL syntax: <p>, or <p> / <q> for a sequence."""
    return " / ".join(f"<{expand(step)}>" for step in steps)


def result(focus: str, result_path: str, component: str) -> tuple[str, str, str]:
    """An expected result: focus node, path (path(...), '' for a node-level constraint), component ("MinCount")."""
    return (focus, result_path, f"{SH}{component}ConstraintComponent")


@dataclass(frozen=True)
class Case:
    """A change to the graph of one article (with entities and class hierarchy) and the exact results it gives."""

    shape: str  # the shape the case exercises (local name in the shapes file)
    update: str  # a SPARQL Update over the named graphs (GRAPH ?g)
    expected: frozenset[tuple[str, str, str]] = field(default_factory=frozenset)  # empty: still conforms
    article: str = ARTICLE_ID
    value: str | None = None  # the value node every result must name, where it matters

    @property
    def violating(self) -> bool:
        return bool(self.expected)


def violates(
    shape: str, update: str, *expected: tuple[str, str, str], article: str = ARTICLE_ID, value: str | None = None
) -> Case:
    return Case(shape, update, frozenset(expected), article, value)


def conforms(shape: str, update: str, article: str = ARTICLE_ID) -> Case:
    return Case(shape, update, frozenset(), article)


def delete(subject: str, predicate: str) -> str:
    return (
        f"DELETE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }} WHERE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }}"
    )


def insert(subject: str, predicate: str, obj: str, graph: str = "entities") -> str:
    return f"INSERT DATA {{ GRAPH <{ID}graph/{graph}> {{ <{subject}> {predicate} {obj} }} }}"


def replace(subject: str, predicate: str, obj: str) -> str:
    """Replace every value of ``predicate`` on ``subject`` by ``obj`` (SPARQL term syntax)."""
    return (
        f"DELETE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }} INSERT {{ GRAPH ?g {{ <{subject}> {predicate} {obj} }} }} "
        f"WHERE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }}"
    )


def replace_on_span(predicate: str, obj: str) -> str:
    """Replace the value of ``predicate`` on CLAIM's evidence span."""
    return (
        f"DELETE {{ GRAPH ?g {{ ?s {predicate} ?o }} }} INSERT {{ GRAPH ?g {{ ?s {predicate} {obj} }} }} "
        f"WHERE {{ GRAPH ?g {{ {SPAN_WHERE} ?s {predicate} ?o }} }}"
    )


def drop_selector(kind: str) -> str:
    """Unlink CLAIM's evidence span from its selector of class oa:KIND (the selector itself stays)."""
    return (
        f"DELETE {{ GRAPH ?g {{ ?s oa:hasSelector ?sel }} }} "
        f"WHERE {{ GRAPH ?g {{ {SPAN_WHERE} ?s oa:hasSelector ?sel . ?sel a oa:{kind} }} }}"
    )


def retype_selector(old: str, new: str) -> str:
    return (
        f"DELETE {{ GRAPH ?g {{ ?sel a oa:{old} }} }} INSERT {{ GRAPH ?g {{ ?sel a oa:{new} }} }} "
        f"WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:evidence/oa:hasSelector ?sel . ?sel a oa:{old} }} }}"
    )


def date_cases(shape: str, where: str, subject: str, predicate: str, day: str) -> dict[str, Case]:
    """``where`` names the subject in the case names (short: pytest shortens long parameter ids)."""
    """A date accepts each of the three precision datatypes and refuses a plain string or an xsd:dateTime."""
    focus = result(subject, path(predicate), "Or")
    year_month, year = day[:7], day[:4]
    other_day = year_month + ("-02" if day[8:] == "01" else "-01")  # another day, so that the update changes the graph
    return {
        f"{shape} ({predicate} of {where} as xsd:date)": conforms(
            shape, replace(subject, predicate, f'"{other_day}"^^xsd:date')
        ),
        f"{shape} ({predicate} of {where} as xsd:gYearMonth)": conforms(
            shape, replace(subject, predicate, f'"{year_month}"^^xsd:gYearMonth')
        ),
        f"{shape} ({predicate} of {where} as xsd:gYear)": conforms(
            shape, replace(subject, predicate, f'"{year}"^^xsd:gYear')
        ),
        f"{shape} ({predicate} of {where} as a plain string)": violates(
            shape, replace(subject, predicate, f'"{day}"'), focus
        ),
        f"{shape} ({predicate} of {where} as xsd:dateTime)": violates(
            shape, replace(subject, predicate, f'"{day}T12:00:00"^^xsd:dateTime'), focus
        ),
    }


_QAMISHLI, _MOSUL, _BAGHDAD = ID + "place/qamishli", ID + "place/mosul", ID + "place/baghdad"
_WD = "http://www.wikidata.org/entity/"

CASES: dict[str, Case] = {
    # --- SourceDocumentShape ---
    "SourceDocumentShape (no publisher)": violates(
        "SourceDocumentShape",
        delete(ARTICLE, "schema:publisher"),
        result(ARTICLE, path("schema:publisher"), "MinCount"),
    ),
    "SourceDocumentShape (span text differs from the document)": violates(
        "SourceDocumentShape",
        f'DELETE {{ GRAPH ?g {{ ?q oa:exact ?e }} }} INSERT {{ GRAPH ?g {{ ?q oa:exact "more than 150 children" }} }} '
        f"WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:evidence/oa:hasSelector ?q . ?q oa:exact ?e }} }}",
        result(ARTICLE, "", "SPARQL"),
        value=SPAN_OF_CLAIM,
    ),
    "SourceDocumentShape (identifier not a slug)": violates(
        "SourceDocumentShape",
        replace(ARTICLE, "schema:identifier", '"000_F6CB99C41662595B"'),
        result(ARTICLE, path("schema:identifier"), "Pattern"),
    ),
    "SourceDocumentShape (identifier any lower-case slug)": conforms(
        "SourceDocumentShape", replace(ARTICLE, "schema:identifier", '"tass-2021_04-18"')
    ),
    "SourceDocumentShape (no publication date specification)": violates(
        "SourceDocumentShape", delete(ARTICLE, "rkg:published"), result(ARTICLE, path("rkg:published"), "MinCount")
    ),
    **date_cases("SourceDocumentShape", "article", ARTICLE, "schema:datePublished", "2021-04-18"),
    # --- TextSpanShape ---
    "TextSpanShape (no source)": violates(
        "TextSpanShape",
        f"DELETE {{ GRAPH ?g {{ ?s oa:hasSource ?d }} }} WHERE {{ GRAPH ?g {{ {SPAN_WHERE} ?s oa:hasSource ?d }} }}",
        result(SPAN_OF_CLAIM, path("oa:hasSource"), "MinCount"),
    ),
    "TextSpanShape (no position selector)": violates(
        "TextSpanShape",
        drop_selector("TextPositionSelector"),
        result(SPAN_OF_CLAIM, path("oa:hasSelector"), "MinCount"),
        result(SPAN_OF_CLAIM, path("oa:hasSelector", "rdf:type"), "HasValue"),
    ),
    "TextSpanShape (no quote selector)": violates(
        "TextSpanShape",
        drop_selector("TextQuoteSelector"),
        result(SPAN_OF_CLAIM, path("oa:hasSelector"), "MinCount"),
        result(SPAN_OF_CLAIM, path("oa:hasSelector", "rdf:type"), "HasValue"),
    ),
    "TextSpanShape (two quote selectors)": violates(
        "TextSpanShape",
        retype_selector("TextPositionSelector", "TextQuoteSelector"),
        result(SPAN_OF_CLAIM, path("oa:hasSelector", "rdf:type"), "HasValue"),
    ),
    "TextSpanShape (two position selectors)": violates(
        "TextSpanShape",
        retype_selector("TextQuoteSelector", "TextPositionSelector"),
        result(SPAN_OF_CLAIM, path("oa:hasSelector", "rdf:type"), "HasValue"),
    ),
    "TextSpanShape (a third selector)": violates(
        "TextSpanShape",
        f"INSERT {{ GRAPH ?g {{ ?s oa:hasSelector <{ID}selector/extra> }} }} WHERE {{ GRAPH ?g {{ {SPAN_WHERE} }} }}",
        result(SPAN_OF_CLAIM, path("oa:hasSelector"), "MaxCount"),
    ),
    "TextSpanShape (line 0)": violates(
        "TextSpanShape", replace_on_span("rkg:line", "0"), result(SPAN_OF_CLAIM, path("rkg:line"), "MinInclusive")
    ),
    # (A derived integer type such as xsd:positiveInteger is refused too, but cannot be tested through a
    # pyoxigraph Store, which gives it back as xsd:integer: the reason the mapping writes xsd:integer.)
    "TextSpanShape (line not an integer)": violates(
        "TextSpanShape",
        replace_on_span("rkg:line", "3.5"),
        result(SPAN_OF_CLAIM, path("rkg:line"), "Datatype"),
    ),
    "TextSpanShape (line 1)": conforms("TextSpanShape", replace_on_span("rkg:line", "1")),
    # --- DateSpecificationShape ---
    "DateSpecificationShape (no precision)": violates(
        "DateSpecificationShape",
        delete(EVENT_DATE, "rkg:precision"),
        result(EVENT_DATE, path("rkg:precision"), "MinCount"),
    ),
    **date_cases("DateSpecificationShape", "handover", EVENT_DATE, "rkg:date", "2021-04-18"),
    **date_cases("DateSpecificationShape", "published", PUBLISHED, "rkg:date", "2021-04-18"),
    **date_cases(
        "DateSpecificationShape",
        "ceremony",
        ID + "event/ceremony-repatriation-2021-04-18/date/" + ARTICLE_ID,
        "rkg:startDate",
        "2021-04-18",
    ),
    **date_cases(
        "DateSpecificationShape",
        "meeting",
        ID + "event/meeting-qamishli-before-handover-2021-04-18/date/" + ARTICLE_ID,
        "rkg:endDate",
        "2021-04-18",
    ),
    # --- EventShape, ParticipationShape ---
    "EventShape (no date)": violates(
        "EventShape", delete(EVENT, "rkg:when"), result(EVENT, path("rkg:when"), "MinCount")
    ),
    "EventShape (no specific type)": violates(
        "EventShape",
        f"DELETE {{ GRAPH ?g {{ <{EVENT}> a ?t }} }} WHERE {{ GRAPH ?g {{ <{EVENT}> a ?t }} FILTER (?t != rkg:Event) }}",
        result(EVENT, path("rdf:type") + " / (<" + expand("rdfs:subClassOf") + ">+)", "HasValue"),
    ),
    "ParticipationShape (no role)": violates(
        "ParticipationShape",
        delete(EVENT + "/participation/russia/repatriating-state", "rkg:role"),
        result(EVENT + "/participation/russia/repatriating-state", path("rkg:role"), "MinCount"),
    ),
    # --- ClaimShape, NumericClaimShape, StatementShape ---
    "ClaimShape (speaker and unattributed)": violates(
        "ClaimShape",
        f"INSERT DATA {{ GRAPH <{ID}graph/{ARTICLE_ID}> {{ <{CLAIM}> rkg:unattributed true }} }}",
        result(CLAIM, "", "Xone"),
    ),
    **date_cases("ClaimShape", "claim", CLAIM, "rkg:asOf", "2021-04-18"),
    "NumericClaimShape (no quantity)": violates(
        "NumericClaimShape", delete(CLAIM, "rkg:aboutQuantity"), result(CLAIM, path("rkg:aboutQuantity"), "MinCount")
    ),
    # Checked once per document: the result names the article as focus and the statement as value.
    "StatementShape (text is not its evidence)": violates(
        "StatementShape",
        replace(QUOTE, "schema:text", '"These were not orphans"'),
        result(ARTICLE, "", "SPARQL"),
        value=QUOTE,
    ),
    "StatementShape (no speaker)": violates(
        "StatementShape",
        delete(QUOTE, "rkg:speaker"),
        result(QUOTE, path("rkg:speaker"), "MinCount"),
        # The claim shape's speaker-or-unattributed choice fails with it.
        result(QUOTE, "", "Xone"),
    ),
    "QuantityValueShape (no qualifier)": violates(
        "QuantityValueShape",
        delete(CLAIM + "/value", "rkg:qualifier"),
        result(CLAIM + "/value", path("rkg:qualifier"), "MinCount"),
    ),
    "QuantityShape (no label)": violates(
        "QuantityShape",
        delete(ID + "quantity/russians-who-joined-is", "rdfs:label"),
        result(ID + "quantity/russians-who-joined-is", path("rdfs:label"), "MinCount"),
        article="001_34515e69bfa560d7",
    ),
    "AttributionShape (no role)": violates(
        "AttributionShape",
        delete(CLAIM + "/attribution/speaker", "prov:hadRole"),
        result(CLAIM + "/attribution/speaker", path("prov:hadRole"), "MinCount"),
    ),
    # --- Registry entities ---
    "PersonShape (no name)": violates(
        "PersonShape",
        delete(ID + "person/anna-kuznetsova", "schema:name"),
        result(ID + "person/anna-kuznetsova", path("schema:name"), "MinCount"),
    ),
    # A link to Wikidata without its record (method and evidence) is refused on the entity.
    "PersonShape (Wikidata item without its link record)": violates(
        "PersonShape",
        delete(ID + "person/vladimir-putin", "rkg:wikidataLink"),
        result(ID + "person/vladimir-putin", path("rkg:wikidataLink", "rkg:wikidataItem"), "Equals"),
    ),
    # An entity `repat-kg extract` added (draft: true in the registry) is marked extracted; nothing else.
    "DraftEntityShape (draft entity marked extracted)": conforms(
        "DraftEntityShape", insert(ID + "person/anna-kuznetsova", "rkg:factMethod", "rkg:fact-method-extracted")
    ),
    "DraftEntityShape (entity marked reviewed)": violates(
        "DraftEntityShape",
        insert(ID + "organization/sdf", "rkg:factMethod", "rkg:fact-method-reviewed"),
        result(ID + "organization/sdf", path("rkg:factMethod"), "In"),
        value=RKG + "fact-method-reviewed",
    ),
    "OrganizationShape (no kind)": violates(
        "OrganizationShape",
        delete(ID + "organization/sdf", "rkg:organizationKind"),
        result(ID + "organization/sdf", path("rkg:organizationKind"), "MinCount"),
    ),
    "PlaceShape (two direct containers)": violates(
        "PlaceShape",
        insert(_QAMISHLI, "rkg:within", f"<{ID}place/iraq>"),
        result(_QAMISHLI, path("rkg:within"), "MaxCount"),
    ),
    # The transitive closure may have several values (what a reasoned graph holds), each a place.
    "PlaceShape (located within two places)": conforms(
        "PlaceShape",
        f"INSERT DATA {{ GRAPH <{ID}graph/entities> {{ <{_QAMISHLI}> rkg:locatedWithin <{ID}place/northeast-syria>, "
        f"<{ID}place/syria> }} }}",
    ),
    "PlaceShape (located within an organisation)": violates(
        "PlaceShape",
        insert(_QAMISHLI, "rkg:locatedWithin", f"<{ID}organization/sdf>"),
        result(_QAMISHLI, path("rkg:locatedWithin"), "Class"),
    ),
    # A second item breaks the count, and the entity and its record no longer name the same items.
    "PlaceShape (two Wikidata items)": violates(
        "PlaceShape",
        insert(_BAGHDAD, "rkg:wikidataItem", f"<{_WD}Q191075>"),
        result(_BAGHDAD, path("rkg:wikidataItem"), "MaxCount"),
        result(_BAGHDAD, path("rkg:wikidataLink", "rkg:wikidataItem"), "Equals"),
        result(_BAGHDAD + "/wikidata-link", path("rkg:linkedEntity", "rkg:wikidataItem"), "Equals"),
    ),
    # An event says, per article that reports it, whether it happened.
    "EventShape (no report)": violates(
        "EventShape", delete(EVENT, "rkg:report"), result(EVENT, path("rkg:report"), "MinCount")
    ),
    "EventReportShape (no status)": violates(
        "EventReportShape", delete(REPORT, "rkg:status"), result(REPORT, path("rkg:status"), "MinCount")
    ),
    "EventReportShape (two statuses)": violates(
        "EventReportShape",
        insert(REPORT, "rkg:status", "rkg:status-planned", graph=ARTICLE_ID),
        result(REPORT, path("rkg:status"), "MaxCount"),
    ),
    "EventReportShape (planned)": conforms("EventReportShape", replace(REPORT, "rkg:status", "rkg:status-planned")),
    # CLAIM counts children for an event ("more than 140 children ... so far"): it must give its scope.
    "NumericClaimShape (head count for an event without a scope)": violates(
        "NumericClaimShape", delete(CLAIM, "rkg:scope"), result(CLAIM, "", "Or")
    ),
    "NumericClaimShape (scope is not a head-count scope)": violates(
        "NumericClaimShape",
        replace(CLAIM, "rkg:scope", "rkg:qualifier-exact"),
        result(CLAIM, path("rkg:scope"), "Class"),
    ),
    "NumericClaimShape (scope part)": conforms("NumericClaimShape", replace(CLAIM, "rkg:scope", "rkg:scope-part")),
    "NumericClaimShape (two ranks)": violates(
        "NumericClaimShape",
        insert(CLAIM, "rkg:rank", "rkg:rank-superseded", graph="corpus"),
        result(CLAIM, path("rkg:rank"), "MaxCount"),
    ),
    "DuplicateReviewShape (no basis)": violates(
        "DuplicateReviewShape", delete(REVIEW, "rkg:basis"), result(REVIEW, path("rkg:basis"), "MinCount")
    ),
    "DuplicateReviewShape (another basis)": conforms(
        "DuplicateReviewShape", replace(REVIEW, "rkg:basis", '"a different operation: other dates and counts"')
    ),
    "UnnamedSourceShape (no label)": violates(
        "UnnamedSourceShape",
        delete(ID + "source/000_f6cb99c41662595b/kurdish-officials", "rdfs:label"),
        result(ID + "source/000_f6cb99c41662595b/kurdish-officials", path("rdfs:label"), "MinCount"),
    ),
    "WikidataLinkShape (no evidence)": violates(
        "WikidataLinkShape",
        delete(_QAMISHLI + "/wikidata-link", "rkg:linkEvidence"),
        result(_QAMISHLI + "/wikidata-link", path("rkg:linkEvidence"), "MinCount"),
    ),
    "WikidataLinkShape (record names another item)": violates(
        "WikidataLinkShape",
        replace(_MOSUL + "/wikidata-link", "rkg:wikidataItem", f"<{_WD}Q189352>"),
        result(_MOSUL + "/wikidata-link", path("rkg:linkedEntity", "rkg:wikidataItem"), "Equals"),
        result(_MOSUL, path("rkg:wikidataLink", "rkg:wikidataItem"), "Equals"),
    ),
    "WikidataLinkShape (automatic link without a score)": violates(
        "WikidataLinkShape",
        replace(ID + "organization/tass/wikidata-link", "rkg:linkMethod", "rkg:link-gazetteer"),
        result(ID + "organization/tass/wikidata-link", "", "Or"),
    ),
    "WikidataLinkShape (score above 1)": violates(
        "WikidataLinkShape",
        f"DELETE {{ GRAPH ?g {{ ?l rkg:linkMethod ?m }} }} "
        f'INSERT {{ GRAPH ?g {{ ?l rkg:linkMethod rkg:link-gazetteer ; rkg:matchScore 1.5 ; rkg:matchedLabel "TASS" }} }} '
        f"WHERE {{ GRAPH ?g {{ ?l rkg:linkMethod ?m }} FILTER (?l = <{ID}organization/tass/wikidata-link>) }}",
        result(ID + "organization/tass/wikidata-link", path("rkg:matchScore"), "MaxInclusive"),
    ),
    "WikidataLinkShape (automatic link with its score and label)": conforms(
        "WikidataLinkShape",
        f"DELETE {{ GRAPH ?g {{ ?l rkg:linkMethod ?m }} }} "
        f'INSERT {{ GRAPH ?g {{ ?l rkg:linkMethod rkg:link-gazetteer ; rkg:matchScore 0.95 ; rkg:matchedLabel "TASS" }} }} '
        f"WHERE {{ GRAPH ?g {{ ?l rkg:linkMethod ?m }} FILTER (?l = <{ID}organization/tass/wikidata-link>) }}",
    ),
}


# Each graph is built once per test session, whichever test module asks first.
@lru_cache(maxsize=1)
def seed_quads() -> tuple[ox.Quad, ...]:
    return tuple(build_quads(SEEDS))


@cache
def unit_quads(article: str) -> tuple[ox.Quad, ...]:
    """What a breakage of one article touches: its graph, the entities graph and the ontology's class hierarchy.

    The spans of 'within' evidence that lie in other articles are left out, as a build leaves them
    to their articles' units (they name a source document this graph does not hold).
    """
    own, entities, ontology = ID + "graph/" + article, ID + "graph/entities", ID + "graph/ontology"
    corpus, own_claims = ID + "graph/corpus", ID + "claim/" + article + "/"
    foreign = ID + "article/"
    kept = []
    for quad in seed_quads():
        graph = quad.graph_name.value  # type: ignore[union-attr]
        subject = quad.subject.value  # type: ignore[union-attr]
        elsewhere = subject.startswith(foreign) and not subject.startswith(foreign + article + "/")
        if (
            graph == own
            or (graph == ontology and quad.predicate.value in HIERARCHY)
            or (graph == entities and not elsewhere)
            or (graph == corpus and subject.startswith(own_claims))  # the ranks of its claims
        ):
            kept.append(quad)
    return tuple(kept)


def span_of_claim(quads: tuple[ox.Quad, ...]) -> str:
    """The IRI of CLAIM's evidence span."""
    evidence = ox.NamedNode(RKG + "evidence")
    return next(q.object.value for q in quads if q.subject.value == CLAIM and q.predicate == evidence)  # type: ignore[union-attr]


def resolve(node: str, quads: tuple[ox.Quad, ...]) -> str:
    return span_of_claim(quads) if node == SPAN_OF_CLAIM else node


def expected_results(name: str) -> frozenset[tuple[str, str, str]]:
    case = CASES[name]
    quads = unit_quads(case.article)
    return frozenset((resolve(focus, quads), p, component) for focus, p, component in case.expected)


@cache
def broken(name: str) -> tuple[ox.Quad, ...]:
    """The case's graph with its update applied.

    The update runs in a pyoxigraph Store; the store must give the unchanged graph back as it was
    given (a store that rewrote a literal would break the graph before the update does).
    """
    quads = unit_quads(CASES[name].article)
    store = ox.Store()
    store.extend(quads)
    before = set(store)
    assert before == set(quads), "a pyoxigraph Store changed the graph: " + str(
        sorted(map(str, before ^ set(quads)))[:3]
    )
    store.update(PREFIXES + CASES[name].update)
    after = set(store)
    assert after != before, f"the update of {name!r} must change the graph"
    return tuple(sorted(after, key=str))


def _validate(quads: list[ox.Quad], engine: str) -> ValidationResult:
    return validate_quads(quads) if engine == "pyshacl" else validate_fast(quads)


@cache
def validated_unit(article: str, engine: str) -> ValidationResult:
    """One article's unchanged graph (with entities and class hierarchy) validated by "pyshacl" or "fast"."""
    return _validate(list(unit_quads(article)), engine)


@cache
def validated(name: str | None, engine: str) -> ValidationResult:
    """The case's changed graph (the whole seed graph for None) validated by "pyshacl" or "fast" (shacl-rust)."""
    return _validate(list(seed_quads() if name is None else broken(name)), engine)


def reported(result: ValidationResult) -> frozenset[tuple[str, str, str]]:
    """The results as (focus node, result path, constraint component)."""
    return frozenset((v.focus, v.path, v.component) for v in result.violations)
