"""Map what the build concludes over the whole corpus (claim ranks, current statuses, the dataset) to quads.

Two named graphs no single article can make: ``corpus`` (each numeric claim's rank and its
reason, each quantity's preferred claim, each event's current status) and ``dataset`` (a VoID
and DCAT description of the release: title, licences, version, sources). Neither holds a
timestamp of the build, so the same corpus always gives the same bytes.
"""

from __future__ import annotations

import pyoxigraph as ox

from repat_kg.mapping.terms import GraphWriter, IriMinter, date, iri, string
from repat_kg.model.ranking import Ranked
from repat_kg.model.records import DateValue
from repat_kg.model.vocab import RDFS, RKG, Vocabulary

CORPUS_GRAPH = "corpus"
DATASET_GRAPH = "dataset"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
OWL_VERSION = "http://www.w3.org/2002/07/owl#versionInfo"
ONTOLOGY_IRI = "https://w3id.org/repat-kg/ontology"

TITLE = "repat_kg: news reporting on the repatriation of children and women linked to Islamic State fighters"
DESCRIPTION = (
    "Events, head counts, numeric claims and statements from news articles about repatriations of "
    "children and women linked to Islamic State fighters, each traced to the exact words of its article, "
    "with claim ranks and event statuses computed over the corpus."
)
DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
RIGHTS = (
    "The annotations, identifiers, ranks and the graph built from them are released under CC BY 4.0; "
    "the software under the MIT licence. The article texts and the quotations taken from them belong to "
    "their publishers and are not covered by either licence: they are included only as evidence for the facts."
)


def corpus_quads(
    ranked: list[Ranked], statuses: dict[str, str], vocab: Vocabulary, mint: IriMinter
) -> list[ox.Quad]:
    """The sorted triples of the corpus graph: ranks, reasons, preferred claims and current statuses."""
    out = GraphWriter(mint)
    for item in ranked:
        claim = iri(item.claim)
        out.add(claim, RKG + "rank", iri(vocab.iri("rank", item.rank)))
        out.add(claim, RKG + "rankReason", iri(vocab.iri("rank reason", item.reason)))
        if item.rank == "preferred":
            out.add(mint("quantity", item.quantity), RKG + "preferredClaim", claim)
    for key, status in statuses.items():
        out.add(mint("event", key), RKG + "currentStatus", iri(vocab.iri("event status", status)))
    return out.sorted_quads()


def dataset_quads(
    articles: list[str], latest: DateValue | None, version: str, mint: IriMinter
) -> list[ox.Quad]:
    """The sorted triples of the dataset description: VoID and DCAT, no build timestamp.

    ``latest`` (the corpus's latest publication date) stands for the release date, so the
    description changes only when the corpus does.
    """
    out = GraphWriter(mint)
    node = mint("dataset")
    out.types(node, VOID + "Dataset", DCAT + "Dataset")
    out.add(node, DCTERMS + "title", ox.Literal(TITLE, language="en"))
    out.add(node, RDFS + "label", ox.Literal(TITLE, language="en"))
    out.add(node, DCTERMS + "description", ox.Literal(DESCRIPTION, language="en"))
    out.add(node, DCTERMS + "license", iri(DATA_LICENSE))
    out.add(node, DCTERMS + "rights", ox.Literal(RIGHTS, language="en"))
    out.add(node, DCAT + "version", string(version))
    out.add(node, OWL_VERSION, string(version))
    out.add(node, VOID + "uriSpace", string(mint.base))
    out.add(node, VOID + "vocabulary", iri(ONTOLOGY_IRI))
    out.add(node, DCTERMS + "conformsTo", iri(ONTOLOGY_IRI))
    if latest is not None:
        out.add(node, DCTERMS + "modified", date(latest))
    for article in articles:
        out.add(node, DCTERMS + "source", mint.article(article))
    return out.sorted_quads()
