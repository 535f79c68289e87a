"""Query parameters: the header that declares them, and binding values as RDF terms (never as query text)."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from repat_kg.errors import InputError
from repat_kg.store.queries import CannedQuery, bindings, catalogue, parse_query, resolve, run

HEADER = """\
# title: People by name
# description: test query
# param: name (required) the label to look for
# param: graph (optional iri) an IRI
# param: kind (optional default=person) a kind
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name ?graph ?kind ?s WHERE { ?s rdfs:label ?name }
"""


def query() -> CannedQuery:
    """Parsed in each test (not at import), so that mutation testing sees the parser run."""
    return parse_query("people", HEADER, "people.rq")


XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


def test_the_header_declares_title_description_and_parameters() -> None:
    assert (query().title, query().description) == ("People by name", "test query")
    declared = [(p.name, p.required, p.kind, p.default, p.description) for p in query().parameters]
    assert declared == [
        ("name", True, "literal", None, "the label to look for"),
        ("graph", False, "iri", None, "an IRI"),
        ("kind", False, "literal", "person", "a kind"),
    ]


def test_malformed_param_lines_are_refused_with_their_line() -> None:
    with pytest.raises(InputError) as raised:
        parse_query("q", "# title: t\n# param: x (mandatory) y\nSELECT * {}", "q.rq")
    assert (raised.value.path, raised.value.line) == ("q.rq", 2)
    assert "unknown param option 'mandatory'" in raised.value.message


def test_values_become_plain_string_literals_and_iris() -> None:
    terms = bindings(query(), {"name": "3417", "graph": "https://w3id.org/repat-kg/id/graph/entities"})
    assert terms == {
        ox.Variable("name"): ox.Literal("3417"),  # a number-looking value stays a string, not an integer
        ox.Variable("kind"): ox.Literal("person"),  # the default
        ox.Variable("graph"): ox.NamedNode("https://w3id.org/repat-kg/id/graph/entities"),
    }
    assert terms[ox.Variable("name")].datatype == XSD_STRING  # type: ignore[union-attr]


def test_a_hostile_value_is_only_a_string() -> None:
    value = '") } UNION { ?a ?b ?c } #'
    assert bindings(query(), {"name": value})[ox.Variable("name")] == ox.Literal(value)


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({}, "needs parameter 'name'"),
        ({"name": "x", "nmae": "y"}, "has no parameter 'nmae'; it takes: graph, kind, name"),
        ({"name": "x", "graph": "not an iri"}, "must be an absolute IRI"),
        ({"name": "x", "graph": "relative/path"}, "must be an absolute IRI"),
        ({"name": "x", "graph": "http://a b/"}, "must be an absolute IRI"),
        ({"name": "x", "graph": "http://x/> } DROP ALL {"}, "must be an absolute IRI"),
    ],
)
def test_wrong_parameters_are_input_errors(values: dict[str, str], problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        bindings(query(), values)


def test_an_iri_ending_in_a_newline_is_an_input_error() -> None:
    with pytest.raises(InputError, match="must be an absolute IRI"):
        bindings(query(), {"name": "x", "graph": "http://example.org/\n"})


def test_a_query_without_parameters_refuses_any() -> None:
    bare = parse_query("bare", "SELECT * WHERE { ?s ?p ?o }", "bare.rq")
    with pytest.raises(InputError, match="takes no parameters, but 'x' was given"):
        bindings(bare, {"x": "1"})
    assert bindings(bare, {}) == {}


def test_the_engine_substitutes_the_bound_term() -> None:
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for name in ("Anna Kuznetsova", "Abdulkarim Omar", "3417"):
        store.add(ox.Quad(ox.NamedNode("http://example.org/" + name.replace(" ", "_")), label, ox.Literal(name)))
    table = run(store, query(), {"name": "Abdulkarim Omar"})
    assert table.columns == ["name", "graph", "kind", "s"]
    assert [[None if t is None else t.value for t in row] for row in table.rows] == [
        ["Abdulkarim Omar", None, "person", "http://example.org/Abdulkarim_Omar"]
    ]
    assert run(store, query(), {"name": '") } UNION { ?s ?p ?o } #'}).rows == []
    # A literal never matches an integer: the value "3417" is the string the store holds.
    assert len(run(store, query(), {"name": "3417"}).rows) == 1


def test_every_canned_query_declares_only_valid_parameters() -> None:
    statements_by = resolve("statements-by")
    assert [p.name for p in statements_by.parameters] == ["person", "method"]
    assert statements_by.parameters[0].required and not statements_by.parameters[1].required


def test_an_unset_optional_parameter_does_not_stop_the_later_ones() -> None:
    assert bindings(query(), {"name": "x"}) == {
        ox.Variable("name"): ox.Literal("x"),
        ox.Variable("kind"): ox.Literal("person"),
    }


def test_queries_run_over_the_union_of_the_named_graphs() -> None:
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    graph = ox.NamedNode("https://w3id.org/repat-kg/id/graph/article/a")
    store.add(ox.Quad(ox.NamedNode("http://example.org/omar"), label, ox.Literal("Omar"), graph))
    assert [row[3] for row in run(store, query(), {"name": "Omar"}).rows] == [ox.NamedNode("http://example.org/omar")]


def test_only_select_queries_and_valid_sparql_run() -> None:
    ask = parse_query("ask", "ASK { ?s ?p ?o }", "ask.rq")
    with pytest.raises(InputError, match="only SELECT queries can be run here"):
        run(ox.Store(), ask, {})
    broken = parse_query("broken", "SELECT ?s WHERE { ?s ?p }", "broken.rq")
    with pytest.raises(InputError, match="SPARQL syntax error") as raised:
        run(ox.Store(), broken, {})
    assert raised.value.path == "broken.rq"


def test_the_catalogue_holds_every_query_file_by_its_stem() -> None:
    queries = catalogue()
    assert {"repatriations", "timeline", "sources", "wikidata-links", "conflicting-claims"} <= set(queries)
    for name, canned in queries.items():
        assert canned.name == name and canned.source.endswith(f"{name}.rq") and canned.title
        assert "SELECT" in canned.text


def test_resolve_a_file_standard_input_or_a_name(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for suffix in (".rq", ".sparql"):
        path = tmp_path / f"mine{suffix}"
        path.write_text("# title: Mine\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
        mine = resolve(str(path))
        assert (mine.name, mine.title, mine.source) == ("mine", "Mine", str(path))
        assert mine.text.endswith("SELECT ?s WHERE { ?s ?p ?o }\n")
    (tmp_path / "latin.rq").write_bytes(b"# title: caf\xe9\nSELECT * {}")
    with pytest.raises(InputError, match="cannot read query") as raised:
        resolve(str(tmp_path / "latin.rq"))
    assert raised.value.path == str(tmp_path / "latin.rq")
    with pytest.raises(InputError, match="cannot read query"):
        resolve(str(tmp_path / "missing.rq"))
    monkeypatch.setattr("sys.stdin", io.StringIO("# title: From stdin\nSELECT ?s WHERE { ?s ?p ?o }"))
    piped = resolve("-")
    assert (piped.name, piped.title, piped.source) == ("stdin", "From stdin", "<stdin>")
    assert piped.text == "# title: From stdin\nSELECT ?s WHERE { ?s ?p ?o }"
    with pytest.raises(InputError, match="unknown query 'repatriation'; known queries: "):
        resolve("repatriation")
    assert resolve("timeline").name == "timeline"


def test_header_defaults_comments_and_option_lists() -> None:
    bare = parse_query("bare", "SELECT * WHERE { ?s ?p ?o }", "bare.rq")
    assert (bare.title, bare.description, bare.parameters) == ("", "", ())
    commented = parse_query(
        "c",
        "# a comment line\n# title: T\n# param: x the thing\n# param: y (optional,iri) an IRI\nSELECT ?x ?y {}",
        "c.rq",
    )
    assert commented.title == "T"
    assert [(p.name, p.required, p.kind, p.description) for p in commented.parameters] == [
        ("x", True, "literal", "the thing"),
        ("y", False, "iri", "an IRI"),
    ]
