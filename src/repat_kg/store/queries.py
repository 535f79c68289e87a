"""The canned SPARQL queries: their catalogue, parameters, and running them with bound terms."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from repat_kg import paths
from repat_kg.errors import InputError, ServiceError, cut, one_line
from repat_kg.store.remote import Endpoint, values_block
from repat_kg.store.workers import one_worker

HEADER_LINE = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
# "# param: name (required|optional [iri] [default=VALUE]) description"
PARAM = re.compile(r"^([a-z_][a-z0-9_]*)\s*(?:\(([^)]*)\))?\s*(.*)$")
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")  # matched whole (fullmatch)


@dataclass(frozen=True)
class Parameter:
    name: str
    required: bool
    description: str
    kind: str = "literal"  # literal | iri
    default: str | None = None


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    source: str


def parse_query(name: str, text: str, source: str) -> CannedQuery:
    """Read the header comment (title, description, param lines) of a query."""
    title = description = ""
    parameters = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = HEADER_LINE.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            parameters.append(_parameter(value, source, number))
    return CannedQuery(name, title, description, tuple(parameters), text, source)


def _parameter(spec: str, source: str, line: int) -> Parameter:
    match = PARAM.match(spec)
    if not match:
        raise InputError(f"malformed param line {spec!r}", source, line)
    required, kind, default = True, "literal", None
    for option in (match.group(2) or "").replace(",", " ").split():
        if option in ("required", "optional"):
            required = option == "required"
        elif option == "iri":
            kind = "iri"
        elif option.startswith("default="):
            default, required = option.removeprefix("default="), False
        else:
            raise InputError(f"unknown param option {option!r}", source, line)
    return Parameter(match.group(1), required, match.group(3), kind, default)


def catalogue() -> dict[str, CannedQuery]:
    """Every canned query, by name (the file stem)."""
    folder = paths.queries_dir()
    return {
        path.stem: parse_query(path.stem, path.read_text(encoding="utf-8"), str(path))
        for path in sorted(folder.glob("*.rq"))
    }


def resolve(spec: str) -> CannedQuery:
    """A canned query name, a path to a .rq file, or '-' for standard input."""
    if spec == "-":
        return parse_query("stdin", sys.stdin.read(), "<stdin>")
    if spec.endswith((".rq", ".sparql")):
        path = Path(spec)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read query: {exc}", path) from exc
        return parse_query(path.stem, text, str(path))
    queries = catalogue()
    if spec not in queries:
        raise InputError(f"unknown query {spec!r}; known queries: {', '.join(queries)}")
    return queries[spec]


def bindings(
    query: CannedQuery, values: dict[str, str]
) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]:
    """Check the given parameter values against the query's parameters and make them RDF terms.

    The engine substitutes the terms (pyoxigraph requires each parameter to be a projected
    variable of the query); nothing is ever pasted into the query text.
    """
    declared = {p.name for p in query.parameters}
    for name in values:
        if not declared:
            raise InputError(f"query {query.name!r} takes no parameters, but {name!r} was given")
        if name not in declared:
            raise InputError(f"query {query.name!r} has no parameter {name!r}; it takes: {', '.join(sorted(declared))}")
    for parameter in query.parameters:
        if parameter.required and parameter.name not in values:
            raise InputError(
                f"query {query.name!r} needs parameter {parameter.name!r} ({parameter.description}); "
                f"give it with -p {parameter.name} VALUE"
            )
    terms: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {}
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is not None:
            terms[ox.Variable(parameter.name)] = _term(parameter, value)
    return terms


def _term(parameter: Parameter, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term of one parameter value, or a one-line InputError that shows (the start of) the value."""
    shown = cut(repr(value), 80)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"parameter {parameter.name!r} is not valid UTF-8 text: {shown}") from None
    if parameter.kind == "iri":
        if not ABSOLUTE_IRI.fullmatch(value):
            raise InputError(f"parameter {parameter.name!r} must be an absolute IRI, not {shown}")
        try:
            return ox.NamedNode(value)
        except ValueError as exc:
            reason = one_line(str(exc), 80)
            raise InputError(f"parameter {parameter.name!r} is not a valid IRI ({reason}): {shown}") from None
    try:
        return ox.Literal(value)
    except ValueError as exc:
        reason = one_line(str(exc), 80)
        raise InputError(f"parameter {parameter.name!r} cannot be a literal ({reason}): {shown}") from None


@dataclass
class Table:
    columns: list[str]
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]


def run(store: ox.Store, query: CannedQuery, values: dict[str, str]) -> Table:
    """Run a SELECT query over the union of all graphs, parameters bound as terms by the engine."""
    return _solutions(store, query.text, bindings(query, values), query.source)


def run_stoppable(
    opener: Callable[[], ox.Store], query: CannedQuery, values: dict[str, str], timeout: float | None = None
) -> Table:
    """As :func:`run`, in a child process that opens the store with ``opener`` (picklable) and is killed
    after ``timeout`` seconds (QueryTimeoutError) or on Ctrl-C: pyoxigraph cannot stop a query itself.
    SERVICE calls work as in :func:`run`; parameters are checked before anything starts.
    """
    if timeout is not None and not timeout > 0:
        raise InputError(f"--timeout {timeout:g}: give a number of seconds above 0")
    substitutions = bindings(query, values)
    with one_worker(opener) as worker:
        table: Table = worker.call(timeout, _solutions, query.text, substitutions, query.source)
    return table


def _solutions(
    store: ox.Store,
    text: str,
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple],
    source: str,
) -> Table:
    try:
        result = store.query(text, use_default_graph_as_union=True, substitutions=substitutions)
        if not isinstance(result, ox.QuerySolutions):
            raise InputError("only SELECT queries can be run here", source)
        columns = [variable.value for variable in result.variables]
        rows = [[solution[column] for column in columns] for solution in result]
    except SyntaxError as exc:
        raise InputError(f"SPARQL syntax error: {one_line(str(exc), 300)}", source) from exc
    except (RuntimeError, ValueError) as exc:
        raise InputError(f"the query cannot run: {one_line(str(exc), 300)}", source) from exc
    except OSError as exc:  # pyoxigraph reports a failed SERVICE call as an OSError, possibly while iterating
        raise ServiceError(f"a SERVICE endpoint failed: {one_line(str(exc), 300)}") from exc
    return Table(columns, rows)


_OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_values(text: str, terms: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]) -> str:
    """The query with its parameters bound by a VALUES block opening its outer WHERE group.

    For stores that cannot substitute variables: the terms are written by
    :func:`repat_kg.store.remote.sparql_term`, which escapes literals and refuses IRIs that would
    end early, so a value can never change the query's structure. Opening
    the group (not trailing the query) keeps the values in scope for the group's FILTERs, as a
    substitution would.
    """
    if not terms:
        return text
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            match = _OUTER_WHERE.search(line)
            if match:
                block = " " + values_block(terms)
                cut = offset + match.end()
                return text[:cut] + block + text[cut:]
        offset += len(line)
    raise InputError("the query has no WHERE group to bind parameters in")


def run_remote(endpoint: Endpoint, query: CannedQuery, values: dict[str, str]) -> Table:
    """Run a SELECT query on a remote SPARQL endpoint, parameters bound by an escaped VALUES block."""
    columns, rows = endpoint.select(with_values(query.text, bindings(query, values)))
    return Table(columns, rows)
