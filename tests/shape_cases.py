"""The shape test table: one SPARQL Update per shape that breaks the seed graph, and the node it must be reported on.

Shared by test_shapes.py (pySHACL) and test_fast_validation.py (the fast engine).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pyoxigraph as ox

from repat_kg.pipeline.build import build_quads
from repat_kg.quality.fast_shacl import validate_fast
from repat_kg.quality.shacl import ValidationResult, validate_quads

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ID = "https://w3id.org/repat-kg/id/"
RKG = "https://w3id.org/repat-kg/ontology#"
PREFIXES = """PREFIX rkg: <https://w3id.org/repat-kg/ontology#> PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX id: <https://w3id.org/repat-kg/id/>
"""
ARTICLE = ID + "article/000_f6cb99c41662595b"
CLAIM = ID + "claim/000_f6cb99c41662595b/children-taken-back-so-far"
QUOTE = ID + "claim/000_f6cb99c41662595b/omar-dna-analysis"
EVENT = ID + "event/handover-qamishli-2021-04-18"
# The evidence span of CLAIM, written in the update as a variable and named in the report as this placeholder.
SPAN_OF_CLAIM = "SPAN_OF_CLAIM"


def delete(subject: str, predicate: str) -> str:
    return (
        f"DELETE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }} WHERE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }}"
    )


def replace_literal(subject: str, predicate: str, value: str) -> str:
    return (
        f'DELETE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }} INSERT {{ GRAPH ?g {{ <{subject}> {predicate} "{value}" }} }} '
        f"WHERE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }}"
    )


def drop_selector(kind: str) -> str:
    """Unlink the claim's evidence span from its selector of class oa:KIND (the selector itself stays)."""
    return (
        f"DELETE {{ GRAPH ?g {{ ?s oa:hasSelector ?sel }} }} "
        f"WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:evidence ?s . ?s oa:hasSelector ?sel . ?sel a oa:{kind} }} }}"
    )


@dataclass(frozen=True)
class Breakage:
    """A graph broken for one shape: the update, the node the report must name and whether as focus or value."""

    update: str
    node: str
    # The source constraint component the report must give for that node ("MinCount": sh:MinCountConstraintComponent).
    component: str

    role: str = "focus"

    @property
    def component_iri(self) -> str:
        return f"http://www.w3.org/ns/shacl#{self.component}ConstraintComponent"


BREAKAGES: dict[str, Breakage] = {
    "SourceDocumentShape (publisher)": Breakage(delete(ARTICLE, "schema:publisher"), ARTICLE, component="MinCount"),
    "SourceDocumentShape (span text differs from the document)": Breakage(
        f'DELETE {{ GRAPH ?g {{ ?q oa:exact ?e }} }} INSERT {{ GRAPH ?g {{ ?q oa:exact "more than 150 children" }} }} '
        f"WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:evidence/oa:hasSelector ?q . ?q oa:exact ?e }} }}",
        ARTICLE,
        component="SPARQL",
    ),
    "SourceDocumentShape (identifier not a slug)": Breakage(
        replace_literal(ARTICLE, "schema:identifier", "000_F6CB99C41662595B"), ARTICLE, component="Pattern"
    ),
    "TextSpanShape": Breakage(
        f"DELETE {{ GRAPH ?g {{ ?s oa:hasSource ?d }} }} WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:evidence ?s . ?s oa:hasSource ?d }} }}",
        SPAN_OF_CLAIM,
        component="MinCount",
    ),
    "TextSpanShape (no position selector)": Breakage(
        drop_selector("TextPositionSelector"), SPAN_OF_CLAIM, component="MinCount"
    ),
    "TextSpanShape (no quote selector)": Breakage(
        drop_selector("TextQuoteSelector"), SPAN_OF_CLAIM, component="MinCount"
    ),
    "TextSpanShape (two quote selectors)": Breakage(
        f"DELETE {{ GRAPH ?g {{ ?sel a oa:TextPositionSelector }} }} INSERT {{ GRAPH ?g {{ ?sel a oa:TextQuoteSelector }} }} "
        f"WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:evidence/oa:hasSelector ?sel . ?sel a oa:TextPositionSelector }} }}",
        SPAN_OF_CLAIM,
        component="HasValue",
    ),
    "TextSpanShape (two position selectors)": Breakage(
        f"DELETE {{ GRAPH ?g {{ ?sel a oa:TextQuoteSelector }} }} INSERT {{ GRAPH ?g {{ ?sel a oa:TextPositionSelector }} }} "
        f"WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:evidence/oa:hasSelector ?sel . ?sel a oa:TextQuoteSelector }} }}",
        SPAN_OF_CLAIM,
        component="HasValue",
    ),
    "TextSpanShape (a third selector)": Breakage(
        f"INSERT {{ GRAPH ?g {{ ?s oa:hasSelector <{ID}selector/extra> }} }} WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:evidence ?s }} }}",
        SPAN_OF_CLAIM,
        component="MaxCount",
    ),
    "DateSpecificationShape": Breakage(
        delete(EVENT + "/date/000_f6cb99c41662595b", "rkg:precision"),
        EVENT + "/date/000_f6cb99c41662595b",
        component="MinCount",
    ),
    "EventShape": Breakage(delete(EVENT, "rkg:when"), EVENT, component="MinCount"),
    "ParticipationShape": Breakage(
        delete(EVENT + "/participation/russia/repatriating-state", "rkg:role"),
        EVENT + "/participation/russia/repatriating-state",
        component="MinCount",
    ),
    "ClaimShape (speaker and unattributed)": Breakage(
        f"INSERT DATA {{ GRAPH <https://w3id.org/repat-kg/id/graph/000_f6cb99c41662595b> {{ <{CLAIM}> rkg:unattributed true }} }}",
        CLAIM,
        component="Xone",
    ),
    "NumericClaimShape": Breakage(delete(CLAIM, "rkg:aboutQuantity"), CLAIM, component="MinCount"),
    # Checked once per document: the report names the article as focus and the statement as value.
    "StatementShape": Breakage(
        replace_literal(QUOTE, "schema:text", "These were not orphans"), QUOTE, role="value", component="SPARQL"
    ),
    "QuantityValueShape": Breakage(delete(CLAIM + "/value", "rkg:qualifier"), CLAIM + "/value", component="MinCount"),
    "QuantityShape": Breakage(
        delete(ID + "quantity/russians-who-joined-is", "rdfs:label"),
        ID + "quantity/russians-who-joined-is",
        component="MinCount",
    ),
    "AttributionShape": Breakage(
        delete(CLAIM + "/attribution/speaker", "prov:hadRole"), CLAIM + "/attribution/speaker", component="MinCount"
    ),
    "PersonShape": Breakage(
        delete(ID + "person/anna-kuznetsova", "schema:name"), ID + "person/anna-kuznetsova", component="MinCount"
    ),
    "OrganizationShape": Breakage(
        delete(ID + "organization/sdf", "rkg:organizationKind"), ID + "organization/sdf", component="MinCount"
    ),
    "PlaceShape": Breakage(
        f"INSERT DATA {{ GRAPH <https://w3id.org/repat-kg/id/graph/entities> {{ <{ID}place/qamishli> rkg:within <{ID}place/iraq> }} }}",
        ID + "place/qamishli",
        component="MaxCount",
    ),
    # A link to Wikidata without its record (method and evidence) is refused on the entity.
    "PersonShape (Wikidata item without its link record)": Breakage(
        delete(ID + "person/vladimir-putin", "rkg:wikidataLink"), ID + "person/vladimir-putin", component="Equals"
    ),
    "PlaceShape (two Wikidata items)": Breakage(
        f"INSERT DATA {{ GRAPH <https://w3id.org/repat-kg/id/graph/entities> {{ <{ID}place/baghdad> rkg:wikidataItem <http://www.wikidata.org/entity/Q191075> }} }}",
        ID + "place/baghdad",
        component="MaxCount",
    ),
    "WikidataLinkShape (no evidence)": Breakage(
        delete(ID + "place/qamishli/wikidata-link", "rkg:linkEvidence"),
        ID + "place/qamishli/wikidata-link",
        component="MinCount",
    ),
    "WikidataLinkShape (record names another item)": Breakage(
        f"DELETE {{ GRAPH ?g {{ <{ID}place/mosul/wikidata-link> rkg:wikidataItem ?i }} }} "
        f"INSERT {{ GRAPH ?g {{ <{ID}place/mosul/wikidata-link> rkg:wikidataItem <http://www.wikidata.org/entity/Q189352> }} }} "
        f"WHERE {{ GRAPH ?g {{ <{ID}place/mosul/wikidata-link> rkg:wikidataItem ?i }} }}",
        ID + "place/mosul/wikidata-link",
        component="Equals",
    ),
    "WikidataLinkShape (automatic link without a score)": Breakage(
        f"DELETE {{ GRAPH ?g {{ ?l rkg:linkMethod ?m }} }} INSERT {{ GRAPH ?g {{ ?l rkg:linkMethod rkg:link-gazetteer }} }} "
        f"WHERE {{ GRAPH ?g {{ ?l rkg:linkMethod ?m }} FILTER(?l = <{ID}organization/tass/wikidata-link>) }}",
        ID + "organization/tass/wikidata-link",
        component="Or",
    ),
    # An event says, per article that reports it, whether it happened.
    "EventShape (no report)": Breakage(delete(EVENT, "rkg:report"), EVENT, component="MinCount"),
    "EventReportShape (no status)": Breakage(
        delete(EVENT + "/report/000_f6cb99c41662595b", "rkg:status"),
        EVENT + "/report/000_f6cb99c41662595b",
        component="MinCount",
    ),
    "EventReportShape (two statuses)": Breakage(
        f"INSERT DATA {{ GRAPH <{ID}graph/000_f6cb99c41662595b> {{ <{EVENT}/report/000_f6cb99c41662595b> "
        f"rkg:status rkg:status-planned }} }}",
        EVENT + "/report/000_f6cb99c41662595b",
        component="MaxCount",
    ),
    # CLAIM counts children for an event ("more than 140 children ... so far"): it must give its scope.
    "NumericClaimShape (head count for an event without a scope)": Breakage(
        delete(CLAIM, "rkg:scope"), CLAIM, component="Or"
    ),
    "NumericClaimShape (scope is not a head-count scope)": Breakage(
        f"DELETE {{ GRAPH ?g {{ <{CLAIM}> rkg:scope ?o }} }} INSERT {{ GRAPH ?g {{ <{CLAIM}> rkg:scope rkg:qualifier-exact }} }} "
        f"WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:scope ?o }} }}",
        CLAIM,
        component="Class",
    ),
    "NumericClaimShape (two ranks)": Breakage(
        f"INSERT DATA {{ GRAPH <{ID}graph/corpus> {{ <{CLAIM}> rkg:rank rkg:rank-superseded }} }}",
        CLAIM,
        component="MaxCount",
    ),
    "QuantityShape (two preferred claims)": Breakage(
        f"INSERT DATA {{ GRAPH <{ID}graph/corpus> {{ <{ID}quantity/russians-who-joined-is> rkg:preferredClaim "
        f"<{ID}claim/002_2d0941d7294f98f4/soufan-russians-joined-is> }} }}",
        ID + "quantity/russians-who-joined-is",
        component="MaxCount",
    ),
    "DuplicateReviewShape (no basis)": Breakage(
        delete(ID + "event/russia-repatriations-from-syria-before-2021-04/distinct-from/chechen-repatriation-programme",
               "rkg:basis"),
        ID + "event/russia-repatriations-from-syria-before-2021-04/distinct-from/chechen-repatriation-programme",
        component="MinCount",
    ),
    "UnnamedSourceShape": Breakage(
        delete(ID + "source/000_f6cb99c41662595b/kurdish-officials", "rdfs:label"),
        ID + "source/000_f6cb99c41662595b/kurdish-officials",
        component="MinCount",
    ),
}


def span_of_claim(quads: list[ox.Quad]) -> str:
    """The IRI of CLAIM's evidence span."""
    evidence = ox.NamedNode(RKG + "evidence")
    return next(q.object.value for q in quads if q.subject.value == CLAIM and q.predicate == evidence)


def broken_graph(seed_quads: list[ox.Quad], breakage: Breakage) -> tuple[list[ox.Quad], str]:
    """The seed quads with the breakage's update applied, and the node the report must name.

    The update runs in a pyoxigraph Store, but the quads are taken from the seeds, not read back
    from the store: pyoxigraph 0.5 stores every literal of a type derived from xsd:integer as
    xsd:integer (``"5"^^xsd:positiveInteger`` comes back as ``"5"^^xsd:integer``), which would
    break rkg:line's sh:datatype on every span. Only what the update deleted or inserted changes.
    """
    node = span_of_claim(seed_quads) if breakage.node == SPAN_OF_CLAIM else breakage.node
    store = ox.Store()
    store.extend(seed_quads)
    before = set(store)
    store.update(PREFIXES + breakage.update)
    after = set(store)
    removed, added = before - after, after - before
    assert removed or added, "the update must change the graph"
    stored = _as_stored(seed_quads)
    kept = [quad for quad in seed_quads if stored.get(quad, quad) not in removed]
    return kept + sorted(added, key=str), node


def _as_stored(quads: list[ox.Quad]) -> dict[ox.Quad, ox.Quad]:
    """Each quad whose literal a pyoxigraph Store would give back changed, with its stored form."""
    literals = sorted({q.object for q in quads if isinstance(q.object, ox.Literal)}, key=str)
    probe = ox.Store()
    predicate = ox.NamedNode("urn:probe")
    probe.extend(ox.Quad(ox.NamedNode(f"urn:literal:{i}"), predicate, literal) for i, literal in enumerate(literals))
    stored = {literals[int(q.subject.value.rsplit(":", 1)[1])]: q.object for q in probe}
    changed = {literal: value for literal, value in stored.items() if literal != value}
    return {
        q: ox.Quad(q.subject, q.predicate, changed[q.object], q.graph_name)
        for q in quads
        if isinstance(q.object, ox.Literal) and q.object in changed
    }


# Each graph is built and validated once per test session, whichever test module asks first.
@lru_cache(maxsize=1)
def seed_quads() -> tuple[ox.Quad, ...]:
    return tuple(build_quads(SEEDS))


@cache
def broken(case: str) -> tuple[tuple[ox.Quad, ...], str]:
    """The seed graph broken for the case, and the node the report must name."""
    quads, node = broken_graph(list(seed_quads()), BREAKAGES[case])
    return tuple(quads), node


@cache
def validated(case: str | None, engine: str) -> ValidationResult:
    """The case's graph (the seeds for None) validated by "pyshacl" or "fast" (shacl-rust)."""
    quads = list(seed_quads() if case is None else broken(case)[0])
    return validate_quads(quads) if engine == "pyshacl" else validate_fast(quads)
