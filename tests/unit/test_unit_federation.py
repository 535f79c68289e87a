"""The SERVICE check of `repat-kg serve`: which endpoints a query calls, read by parsing, never by searching a word."""

from __future__ import annotations

import pytest

from repat_kg.errors import InputError
from repat_kg.store.federation import ServiceRefusedError, check_services, service_endpoints

E = "http://127.0.0.1:7000/sparql"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", []),
        (f"SELECT * WHERE {{ SERVICE <{E}> {{ ?s ?p ?o }} }}", [E]),
        (f"select * where {{ service silent <{E}> {{ }} }}", [E]),
        ("PREFIX t: <http://127.0.0.1:7000/>\nSELECT * { SERVICE t:sparql { } }", [E]),
        ("BASE <http://127.0.0.1:7000/>\nSELECT * { SERVICE <sparql> { } }", [E]),
        ("SELECT * { VALUES ?e { <http://a/> } SERVICE ?e { } }", [None]),
        (f"SELECT * {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{E}> {{ }} }} }}", [E]),
        (f"SELECT * {{ {{ SELECT ?s {{ SERVICE <{E}> {{ ?s ?p ?o }} }} }} UNION {{ SERVICE ?x {{ }} }} }}", [E, None]),
        (f"ASK {{ SERVICE <{E}> {{ }} }}", [E]),
        (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{E}> {{ ?s ?p ?o }} }}", [E]),
        # The word in a literal, a long literal, a comment, an IRI, a variable or a prefixed name is no call.
        ('SELECT * { ?s ?p "SERVICE <http://a/> { }" }', []),
        ("SELECT * { ?s ?p '''x\nSERVICE <http://a/> { }''' }", []),
        ("SELECT * { # SERVICE <http://a/> { }\n ?s ?p ?o }", []),
        ("SELECT * { ?s <http://a/SERVICE> ?o }", []),
        ("SELECT ?service { ?service ?p ?o }", []),
        ("PREFIX service: <http://a/>\nSELECT * { ?s service:service ?o }", []),
        # Oxigraph ends a comment at CR; rdflib's grammar would read on to the LF and miss the call.
        (f"SELECT * {{ # comment\r SERVICE <{E}> {{ }}\n }}", [E]),
    ],
)
def test_service_endpoints(query: str, expected: list[str | None]) -> None:
    assert service_endpoints(query) == expected


def test_a_query_mentioning_service_with_codepoint_escapes_is_refused() -> None:
    # rdflib expands \u everywhere before parsing, Oxigraph only inside strings and IRIs.
    with pytest.raises(InputError, match="codepoint escapes"):
        service_endpoints("SELECT * { BIND('a\\u0027 AS ?x) SERVICE <http://a/> { } }")


def test_a_query_mentioning_service_that_cannot_be_parsed_is_refused() -> None:
    with pytest.raises(InputError, match="SPARQL syntax error"):
        service_endpoints("SELECT * { SERVICE <http://a/> { ")


def test_check_services_allows_only_exact_endpoints() -> None:
    check_services(f"SELECT * {{ SERVICE <{E}> {{ }} }}", frozenset({E}))
    check_services("SELECT * { ?s ?p ?o }", frozenset())
    for near in (E + "/", E.upper(), E + "?a=1", "http://127.0.0.1:7000/sparq"):
        with pytest.raises(ServiceRefusedError, match="is refused"):
            check_services(f"SELECT * {{ SERVICE <{near}> {{ }} }}", frozenset({E}))
    with pytest.raises(ServiceRefusedError, match="variable endpoint"):
        check_services(f"SELECT * {{ VALUES ?e {{ <{E}> }} SERVICE ?e {{ }} }}", frozenset({E}))
