"""Each SHACL shape: the seed graph conforms, and a graph broken for that shape is reported.

The violating graphs are the seed graph with one targeted change each (a SPARQL Update);
the test checks that the validation names the node that was broken.
"""

from pathlib import Path

import pyoxigraph as ox
import pytest

from repat_kg.pipeline.build import build_quads
from repat_kg.quality.shacl import validate_quads

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ID = "https://w3id.org/repat-kg/id/"
PREFIXES = """PREFIX rkg: <https://w3id.org/repat-kg/ontology#> PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX id: <https://w3id.org/repat-kg/id/>
"""
ARTICLE = ID + "article/000_f6cb99c41662595b"
CLAIM = ID + "claim/000_f6cb99c41662595b/children-taken-back-so-far"
QUOTE = ID + "claim/000_f6cb99c41662595b/omar-dna-analysis"
EVENT = ID + "event/handover-qamishli-2021-04-18"


def delete(subject: str, predicate: str) -> str:
    return (
        f"DELETE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }} WHERE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }}"
    )


def replace_literal(subject: str, predicate: str, value: str) -> str:
    return (
        f'DELETE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }} INSERT {{ GRAPH ?g {{ <{subject}> {predicate} "{value}" }} }} '
        f"WHERE {{ GRAPH ?g {{ <{subject}> {predicate} ?o }} }}"
    )


SPAN = ID + "article/000_f6cb99c41662595b/span/"
# shape: (the update that breaks it, the focus node the report must name)
BREAKAGES = {
    "SourceDocumentShape (publisher)": (delete(ARTICLE, "schema:publisher"), ARTICLE),
    "SourceDocumentShape (span text differs from the document)": (
        f'DELETE {{ GRAPH ?g {{ ?q oa:exact ?e }} }} INSERT {{ GRAPH ?g {{ ?q oa:exact "more than 150 children" }} }} '
        f"WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:evidence/oa:hasSelector ?q . ?q oa:exact ?e }} }}",
        ARTICLE,
    ),
    "TextSpanShape": (
        f"DELETE {{ GRAPH ?g {{ ?s oa:hasSource ?d }} }} WHERE {{ GRAPH ?g {{ <{CLAIM}> rkg:evidence ?s . ?s oa:hasSource ?d }} }}",
        "SPAN_OF_CLAIM",
    ),
    "DateSpecificationShape": (
        delete(EVENT + "/date/000_f6cb99c41662595b", "rkg:precision"),
        EVENT + "/date/000_f6cb99c41662595b",
    ),
    "EventShape": (delete(EVENT, "rkg:when"), EVENT),
    "ParticipationShape": (
        delete(EVENT + "/participation/russia/repatriating-state", "rkg:role"),
        EVENT + "/participation/russia/repatriating-state",
    ),
    "ClaimShape (speaker and unattributed)": (
        f"INSERT DATA {{ GRAPH <https://w3id.org/repat-kg/id/graph/000_f6cb99c41662595b> {{ <{CLAIM}> rkg:unattributed true }} }}",
        CLAIM,
    ),
    "NumericClaimShape": (delete(CLAIM, "rkg:aboutQuantity"), CLAIM),
    # Checked once per document: the report names the article as focus and the statement as value.
    "StatementShape": (replace_literal(QUOTE, "schema:text", "These were not orphans"), ("value", QUOTE)),
    "QuantityValueShape": (delete(CLAIM + "/value", "rkg:qualifier"), CLAIM + "/value"),
    "QuantityShape": (
        delete(ID + "quantity/russians-who-joined-is", "rdfs:label"),
        ID + "quantity/russians-who-joined-is",
    ),
    "AttributionShape": (delete(CLAIM + "/attribution/speaker", "prov:hadRole"), CLAIM + "/attribution/speaker"),
    "PersonShape": (delete(ID + "person/anna-kuznetsova", "schema:name"), ID + "person/anna-kuznetsova"),
    "OrganizationShape": (delete(ID + "organization/sdf", "rkg:organizationKind"), ID + "organization/sdf"),
    "PlaceShape": (
        f"INSERT DATA {{ GRAPH <https://w3id.org/repat-kg/id/graph/entities> {{ <{ID}place/qamishli> rkg:within <{ID}place/iraq> }} }}",
        ID + "place/qamishli",
    ),
    # A link to Wikidata without its record (method and evidence) is refused on the entity.
    "PersonShape (Wikidata item without its link record)": (
        delete(ID + "person/vladimir-putin", "rkg:wikidataLink"),
        ID + "person/vladimir-putin",
    ),
    "PlaceShape (two Wikidata items)": (
        f"INSERT DATA {{ GRAPH <https://w3id.org/repat-kg/id/graph/entities> {{ <{ID}place/baghdad> rkg:wikidataItem <http://www.wikidata.org/entity/Q191075> }} }}",
        ID + "place/baghdad",
    ),
    "WikidataLinkShape (no evidence)": (
        delete(ID + "place/qamishli/wikidata-link", "rkg:linkEvidence"),
        ID + "place/qamishli/wikidata-link",
    ),
    "WikidataLinkShape (record names another item)": (
        f"DELETE {{ GRAPH ?g {{ <{ID}place/mosul/wikidata-link> rkg:wikidataItem ?i }} }} "
        f"INSERT {{ GRAPH ?g {{ <{ID}place/mosul/wikidata-link> rkg:wikidataItem <http://www.wikidata.org/entity/Q189352> }} }} "
        f"WHERE {{ GRAPH ?g {{ <{ID}place/mosul/wikidata-link> rkg:wikidataItem ?i }} }}",
        ID + "place/mosul/wikidata-link",
    ),
    "WikidataLinkShape (automatic link without a score)": (
        f"DELETE {{ GRAPH ?g {{ ?l rkg:linkMethod ?m }} }} INSERT {{ GRAPH ?g {{ ?l rkg:linkMethod rkg:link-gazetteer }} }} "
        f"WHERE {{ GRAPH ?g {{ ?l rkg:linkMethod ?m }} FILTER(?l = <{ID}organization/tass/wikidata-link>) }}",
        ID + "organization/tass/wikidata-link",
    ),
    "UnnamedSourceShape": (
        delete(ID + "source/000_f6cb99c41662595b/kurdish-officials", "rdfs:label"),
        ID + "source/000_f6cb99c41662595b/kurdish-officials",
    ),
}


@pytest.fixture(scope="module")
def seed_quads() -> list[ox.Quad]:
    return build_quads(SEEDS)


def test_seed_graph_conforms(seed_quads: list[ox.Quad]) -> None:
    result = validate_quads(seed_quads)
    assert result.conforms, result.report_text[:2000]


@pytest.mark.parametrize("shape", list(BREAKAGES))
def test_broken_graph_is_reported(seed_quads: list[ox.Quad], shape: str) -> None:
    update, focus = BREAKAGES[shape]
    store = ox.Store()
    store.extend(seed_quads)
    if focus == "SPAN_OF_CLAIM":
        span = next(
            iter(
                store.query(
                    f"SELECT ?s WHERE {{ GRAPH ?g {{ <{CLAIM}> <https://w3id.org/repat-kg/ontology#evidence> ?s }} }}"
                )
            )
        )
        focus = span["s"].value
    before = len(store)
    store.update(PREFIXES + update)
    assert len(store) != before or "INSERT" in update or "replace" in shape, "the update must change the graph"
    result = validate_quads(list(store))
    assert not result.conforms
    role, node = focus if isinstance(focus, tuple) else ("focus", focus)
    assert node in (result.value_nodes if role == "value" else result.focus_nodes), result.report_text[:3000]
