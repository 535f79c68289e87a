"""Terms written into a query for a remote store: literals escaped, IRIs that would end early refused."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from repat_kg.errors import InputError
from repat_kg.store.remote import sparql_iri, sparql_string, sparql_term, values_block, values_table

V = ox.Variable("v")
TRICKY = [
    'say "hello"',
    "back\\slash",
    "C:\\new\\table",  # \n and \t spelled with a backslash, not control characters
    "two\nlines\r\nand\ttab",
    'x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "',
    "\\u0022 stays six characters",
    "Ämter, 𝄞 and ünïcödé",
    "",
]


def bound_value(term: ox.NamedNode | ox.Literal) -> list[object]:
    """What a SPARQL engine reads back from the VALUES block: the one row's term."""
    query = f"SELECT ?v WHERE {{ {values_block({V: term})} }}"
    return [solution["v"] for solution in ox.Store().query(query)]


def test_sparql_string_escapes_quotes_backslashes_and_line_breaks() -> None:
    assert sparql_string('a"b') == '"a\\"b"'
    assert sparql_string("a\\b") == '"a\\\\b"'
    assert sparql_string("a\nb\rc\td") == '"a\\nb\\rc\\td"'


@pytest.mark.parametrize("text", TRICKY)
def test_a_literal_reads_back_exactly_as_given(text: str) -> None:
    assert bound_value(ox.Literal(text)) == [ox.Literal(text)]


def test_language_and_datatype_are_kept() -> None:
    tagged = ox.Literal('il a dit "oui"', language="fr")
    typed = ox.Literal("140", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert bound_value(tagged) == [tagged]
    assert bound_value(typed) == [typed]
    assert sparql_term(typed) == '"140"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_an_iri_is_written_in_angle_brackets() -> None:
    iri = ox.NamedNode("https://w3id.org/repat-kg/id/person/anna-kuznetsova")
    assert sparql_term(iri) == "<https://w3id.org/repat-kg/id/person/anna-kuznetsova>"
    assert bound_value(iri) == [iri]


@pytest.mark.parametrize(
    "value", ["http://a/x> } ; DROP ALL ; #", "http://a/with space", 'http://a/"q"', "http://a/\nnext", "http://a/{x}",
              "http://a/back\\slash", "http://a/<"]
)  # fmt: skip
def test_an_iri_that_would_end_early_is_refused(value: str) -> None:
    with pytest.raises(InputError, match="IRIs may not contain"):
        sparql_iri(value)


def test_blank_nodes_are_refused() -> None:
    with pytest.raises(InputError, match="only IRIs and literals"):
        sparql_term(ox.BlankNode("b0"))


def test_a_table_of_several_rows() -> None:
    rows = [[ox.NamedNode("http://a/1")], [ox.NamedNode("http://a/2")]]
    assert values_table([ox.Variable("g")], rows) == "VALUES (?g) { (<http://a/1>) (<http://a/2>) }"


@pytest.mark.parametrize("text", TRICKY)
def test_a_canned_query_sent_to_a_remote_store_binds_the_value_exactly(text: str) -> None:
    from repat_kg.store.queries import with_values

    query = with_values("# a parameter\nSELECT ?v WHERE {\n}\n", {V: ox.Literal(text)})
    assert [solution["v"] for solution in ox.Store().query(query)] == [ox.Literal(text)]
