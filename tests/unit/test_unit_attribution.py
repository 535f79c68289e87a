"""Who said a claim and who reported it: the two prov:qualifiedAttribution nodes and their roles."""

from __future__ import annotations

import pyoxigraph as ox
from tiny_article import claims_yaml, entities, read, store_of

from repat_kg.mapping.terms import IriMinter
from repat_kg.model.vocab import DEFAULT_BASE

ROLES = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rkg: <https://w3id.org/repat-kg/ontology#>
SELECT ?agent ?role ?cue ?title WHERE {
  ?claim a rkg:NumericClaim ; prov:qualifiedAttribution ?attribution .
  ?attribution a prov:Attribution ; prov:agent ?agent ; prov:hadRole/skos:notation ?role .
  OPTIONAL { ?attribution rkg:cue/skos:notation ?cue }
  OPTIONAL { ?attribution rkg:speakerTitle ?title }
}
"""


def attributions(speaker: str, cue: str) -> set[tuple[str, str, str | None, str | None]]:
    claim = (
        "{id: left, quantity: left, counted: people, description: d, qualifier: fewer-than, value: 90,"
        f" evidence: 'fewer than 90 were left', speaker: {speaker}, cue: {cue}}}"
    )
    store = store_of(read(claims_yaml(claim)))
    solutions = store.query(ROLES)
    assert isinstance(solutions, ox.QuerySolutions)
    return {
        (
            row["agent"].value,
            row["role"].value,
            None if row["cue"] is None else row["cue"].value,
            None if row["title"] is None else row["title"].value,
        )
        for row in solutions
    }


def iri_of(entity_id: str) -> str:
    return IriMinter(DEFAULT_BASE).entity(entities()[entity_id]).value


def test_the_speaker_has_the_speaker_role_and_the_outlet_the_reporter_role() -> None:
    # "Minister Jan Novak said fewer than 90 were left in the camp." (tiny_article line 4), in the Daily Tidings.
    found = attributions("{person: jan-novak, title: Minister}", "said")
    assert found == {
        (iri_of("jan-novak"), "speaker", "said", "Minister"),
        (iri_of("daily-tidings"), "reporter", None, None),
    }


def test_an_unattributed_claim_has_only_the_reporter() -> None:
    assert attributions("none", "none") == {(iri_of("daily-tidings"), "reporter", None, None)}
