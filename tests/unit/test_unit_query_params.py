"""Binding canned-query parameters: every malformed value is a one-line InputError, never a traceback."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from repat_kg.errors import InputError
from repat_kg.store.queries import bindings, parse_query

QUERY = parse_query(
    "q",
    "# param: endpoint (iri) an IRI\n# param: name (optional) a literal\nSELECT ?endpoint ?name WHERE { }\n",
    "q.rq",
)


def test_values_become_terms() -> None:
    terms = bindings(QUERY, {"endpoint": "http://example.org/sparql", "name": "Anna"})
    assert terms == {
        ox.Variable("endpoint"): ox.NamedNode("http://example.org/sparql"),
        ox.Variable("name"): ox.Literal("Anna"),
    }


@pytest.mark.parametrize(
    "value",
    [
        "http://example.org/\n",
        "http://example.org/a b",
        "<http://example.org/>",
        "",
        "example",
        "http://a/\t",
        "http://a/>",
    ],
)
def test_a_malformed_iri_is_one_line(value: str) -> None:
    with pytest.raises(InputError) as caught:
        bindings(QUERY, {"endpoint": value})
    assert "must be an absolute IRI" in str(caught.value) and "\n" not in str(caught.value)


def test_text_that_is_not_utf8_is_one_line() -> None:
    with pytest.raises(InputError, match="not valid UTF-8") as caught:
        bindings(QUERY, {"endpoint": "http://a/", "name": "Anna\udcff"})
    assert "\n" not in str(caught.value)


def test_a_long_value_is_cut_in_the_message() -> None:
    with pytest.raises(InputError) as caught:
        bindings(QUERY, {"endpoint": "x" * 10_000})
    assert len(str(caught.value)) < 200
