"""Find the SERVICE endpoints a SPARQL query would call, by parsing it, and refuse those not allowed."""

from __future__ import annotations

import re
from typing import Any

from repat_kg.errors import InputError, cut, one_line

# SPARQL 1.1 section 19.2 codepoint escapes. Oxigraph reads them only inside strings and IRIs,
# rdflib everywhere before parsing: the two would tokenise such a query differently.
CODEPOINT_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")


class ServiceRefusedError(InputError):
    """A query calls a SERVICE endpoint that this endpoint may not call."""


def _mentions_service(text: str) -> bool:
    """Whether the word SERVICE could be a keyword of the query (ASCII case folded, escapes expanded)."""
    expanded = CODEPOINT_ESCAPE.sub(lambda match: chr(int(match.group()[2:], 16)), text)
    return any(b"service" in variant.encode("utf-8", "surrogatepass").lower() for variant in (text, expanded))


def service_endpoints(query: str) -> list[str | None]:
    """The endpoint IRI of every SERVICE pattern of ``query``, in order; None for ``SERVICE ?variable``.

    The query is parsed with rdflib's SPARQL 1.1 grammar (strings, IRIs and comments read as the
    grammar says), never searched for a word: ``"SERVICE"`` in a literal or ``# SERVICE`` in a
    comment is no call. A query that cannot be parsed raises InputError, as does any query that
    mentions SERVICE and uses codepoint escapes or a bare carriage return where the engines differ.
    """
    if not _mentions_service(query):
        return []  # the keyword is spelled with these seven letters or not at all
    if CODEPOINT_ESCAPE.search(query):
        raise InputError("a query that mentions SERVICE may not use \\u or \\U codepoint escapes here")
    # Oxigraph ends a comment at CR as well as LF; rdflib's grammar only at LF. A CR is allowed
    # nowhere else but in long strings, whose value does not matter here.
    text = query.replace("\r", "\n")
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translatePrologue
    from rdflib.plugins.sparql.parser import Query

    try:
        tree = Query.parse_string(text, parse_all=True)
    except ParseBaseException as exc:
        raise InputError(f"SPARQL syntax error: {one_line(str(exc), 300)}") from exc
    except RecursionError:
        raise InputError("the query nests too deeply to be checked") from None
    try:
        prologue = translatePrologue(tree[0], None)
    except Exception as exc:  # rdflib raises bare Exceptions for unknown prefixes
        raise InputError(f"cannot read the query's prologue: {one_line(str(exc), 300)}") from exc
    endpoints: list[str | None] = []
    for pattern in _service_patterns(tree):
        term = pattern.get("term")
        if type(term).__name__ == "Variable":
            endpoints.append(None)
            continue
        try:
            endpoints.append(str(prologue.absolutize(term)))
        except Exception as exc:
            raise InputError(f"cannot read a SERVICE endpoint: {one_line(str(exc), 300)}") from exc
    return endpoints


def _service_patterns(node: Any) -> list[Any]:
    """Every ServiceGraphPattern of a parse tree, depth first, in query order."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    found, stack = [], [node]
    while stack:
        current = stack.pop()
        if isinstance(current, CompValue):
            if current.name == "ServiceGraphPattern":
                found.append(current)
            stack.extend(reversed(list(current.values())))
        elif isinstance(current, (ParseResults, list, tuple)):
            stack.extend(reversed(list(current)))
    return found


def warm_up() -> None:
    """Import and build rdflib's SPARQL grammar now (about a second on a busy machine), so that the first
    check a worker makes counts against no query's timeout."""
    service_endpoints("SELECT * WHERE { SERVICE <http://127.0.0.1/sparql> { ?s ?p ?o } }")


def check_services(query: str, allowed: frozenset[str]) -> None:
    """Raise ServiceRefusedError unless every SERVICE of ``query`` names an allowed endpoint exactly."""
    for endpoint in service_endpoints(query):
        if endpoint is None:
            raise ServiceRefusedError(
                "SERVICE with a variable endpoint is refused here: name an endpoint the operator allowed"
            )
        if endpoint not in allowed:
            raise ServiceRefusedError(
                f"SERVICE <{cut(endpoint)}> is refused: this endpoint calls only the SERVICE endpoints "
                "its operator allowed (repat-kg serve --allow-service URL)"
            )
