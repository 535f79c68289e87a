"""Map the entity registry to the entities named graph: people, organisations, places and their Wikidata links."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from repat_kg.mapping.terms import ENTITY_CLASSES, GraphWriter, IriMinter, iri, string
from repat_kg.model.records import Entity, WikidataLink
from repat_kg.model.vocab import RDFS, RKG, SCHEMA, SKOS, XSD, Vocabulary

ENTITIES_GRAPH = "entities"


def map_entities(entities: dict[str, Entity], vocab: Vocabulary, mint: IriMinter) -> list[ox.Quad]:
    """The triples of the registry's entities graph (as default-graph quads), sorted."""
    out = GraphWriter(mint)
    country = vocab.iri("place kind", "country")
    for entity in entities.values():
        node = mint.entity(entity)
        out.types(node, ENTITY_CLASSES[entity.category])
        out.add(node, SCHEMA + "identifier", string(entity.id))
        out.add(node, SCHEMA + "name", string(entity.name))
        out.add(node, RDFS + "label", string(entity.name))
        for alias in entity.aliases:
            out.add(node, SKOS + "altLabel", string(alias))
        if entity.category == "organization" and entity.kind:
            out.add(node, RKG + "organizationKind", iri(vocab.iri("organization kind", entity.kind)))
        if entity.category == "place" and entity.kind:
            kind = vocab.iri("place kind", entity.kind)
            out.types(node, kind)
            if kind == country:
                out.types(node, RKG + "Agent")
        if entity.within is not None and entity.within_evidence is not None:
            out.add(node, RKG + "within", mint.entity(entities[entity.within]))
            out.add(node, RKG + "withinEvidence", out.span(entity.within_evidence))
        if entity.wikidata is not None:
            _wikidata_link(out, node, entity.wikidata, vocab)
        if entity.draft:
            out.add(node, RKG + "factMethod", iri(vocab.iri("fact method", "extracted")))
    return out.sorted_quads()


def _wikidata_link(out: GraphWriter, node: ox.NamedNode, link: WikidataLink, vocab: Vocabulary) -> None:
    item = iri(link.item_iri)
    record = ox.NamedNode(node.value + "/wikidata-link")
    out.add(node, RKG + "wikidataItem", item)
    out.add(node, RKG + "wikidataLink", record)
    out.types(record, RKG + "WikidataLink")
    out.add(record, RKG + "linkedEntity", node)
    out.add(record, RKG + "wikidataItem", item)
    out.add(record, RKG + "linkMethod", iri(vocab.iri("link method", link.method)))
    out.add(record, RKG + "linkEvidence", string(link.evidence))
    if link.matched_label is not None:
        out.add(record, RKG + "matchedLabel", string(link.matched_label))
    if link.score is not None:
        score = format(link.score.quantize(Decimal("0.001")), "f")
        out.add(record, RKG + "matchScore", ox.Literal(score, datatype=ox.NamedNode(XSD + "decimal")))
