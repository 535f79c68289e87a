"""Talk to remote triple stores through the SPARQL 1.1 protocols: Graph Store loads and SELECT queries."""

from __future__ import annotations

import base64
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from repat_kg import __version__
from repat_kg.errors import InputError, ServiceError

USER_AGENT = f"repat-kg/{__version__}"
# Not 500: Virtuoso answers a body it cannot parse with 500 (and has already emptied the graph).
TRANSIENT_STATUSES = {408, 429, 502, 503, 504}
DEFAULT_CHUNK = 50_000  # triples per request; a larger graph goes as one PUT and then POSTs


@dataclass(frozen=True)
class Preset:
    """Where a store keeps its protocol endpoints, relative to the URL the user gives."""

    gsp_path: str
    query_path: str
    auth: str = "basic"  # basic | digest
    graph_param: str = "graph"
    query_params: tuple[tuple[str, str], ...] = ()
    note: str = ""
    # Paths of the store's own protocol services: an --endpoint ending in one is not a base URL.
    protocol_paths: tuple[str, ...] = ()


PRESETS = {
    # --endpoint http://127.0.0.1:7878 ; the union default graph is asked for per query.
    "oxigraph": Preset(
        "/store",
        "/query",
        query_params=(("union-default-graph", ""),),
        note="oxigraph serve",
        protocol_paths=("/store", "/query", "/update"),
    ),
    # --endpoint http://localhost:3030/DATASET ; configure the dataset with tdb2:unionDefaultGraph true.
    "fuseki": Preset(
        "/data",
        "/sparql",
        note="Apache Jena Fuseki dataset URL",
        protocol_paths=("/data", "/sparql", "/query", "/update", "/get"),
    ),
    # --endpoint http://localhost:8890 ; the default graph of a query is already the union of all graphs.
    "virtuoso": Preset(
        "/sparql-graph-crud-auth",
        "/sparql",
        auth="digest",
        graph_param="graph-uri",
        note="Virtuoso",
        protocol_paths=("/sparql-graph-crud-auth", "/sparql-graph-crud", "/sparql-auth", "/sparql"),
    ),
    # --endpoint http://localhost:7200/repositories/REPO ; RDF4J: no FROM means all graphs.
    "graphdb": Preset(
        "/rdf-graphs/service",
        "",
        note="GraphDB / RDF4J repository URL",
        protocol_paths=("/rdf-graphs/service", "/rdf-graphs", "/statements"),
    ),
}


@dataclass
class Endpoint:
    """A remote store: its Graph Store Protocol and query URLs, credentials and patience."""

    gsp_url: str
    query_url: str
    user: str | None = None
    password: str | None = None
    auth: str = "basic"
    graph_param: str = "graph"
    query_params: tuple[tuple[str, str], ...] = ()
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    @classmethod
    def from_options(
        cls,
        endpoint: str,
        preset: str = "oxigraph",
        gsp_url: str | None = None,
        query_url: str | None = None,
        **settings: Any,
    ) -> Endpoint:
        if not re.match(r"^https?://[^\s/]+", endpoint):
            raise InputError(f"endpoint {endpoint!r} is not an http(s) URL")
        if preset not in PRESETS:
            raise InputError(f"unknown store preset {preset!r}; expected one of: {', '.join(PRESETS)}")
        chosen = PRESETS[preset]
        base = endpoint.rstrip("/")
        path = urllib.parse.urlsplit(base).path
        named = next((p for p in chosen.protocol_paths if path.endswith(p)), None)
        if named is not None and (gsp_url is None or query_url is None):
            raise InputError(
                f"--endpoint {endpoint} already names the {preset} protocol path {named}; give the store's base URL "
                f"({base[: -len(named)] or '?'}), or the full URLs with --gsp-url and --query-url"
            )
        settings.setdefault("auth", chosen.auth)
        return cls(
            gsp_url or base + chosen.gsp_path,
            query_url or base + chosen.query_path,
            graph_param=chosen.graph_param,
            query_params=chosen.query_params,
            **settings,
        )

    # ------------------------------------------------------------------------- HTTP
    @cached_property
    def _digest(self) -> urllib.request.HTTPDigestAuthHandler:
        """The digest handler: it answers 401 challenges and keeps the nonce count between requests."""
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, self.gsp_url, self.user or "", self.password or "")
        passwords.add_password(None, self.query_url, self.user or "", self.password or "")
        return urllib.request.HTTPDigestAuthHandler(passwords)

    @cached_property
    def _opener(self) -> urllib.request.OpenerDirector:
        # Basic credentials go with every request (below); only digest needs a handler.
        if self.user is not None and self.auth == "digest":
            return urllib.request.build_opener(self._digest)
        return urllib.request.build_opener()

    def request(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> bytes:
        """Send one request, retrying transient failures with exponential backoff."""
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            all_headers = {"User-Agent": USER_AGENT, **headers}
            request = urllib.request.Request(url, data=body, method=method, headers=all_headers)
            if self.user is not None and self.auth == "basic":
                # Send basic credentials at once: some stores answer 403, not 401, without them.
                token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii")
                request.add_header("Authorization", f"Basic {token}")
            try:
                if self.user is not None and self.auth == "digest" and body:
                    self._digest_up_front(request)
                with self._opener.open(request, timeout=self.timeout) as response:
                    return bytes(response.read())
            except urllib.error.HTTPError as exc:
                detail = _first_line(exc.read(2000).decode("utf-8", "replace"))
                problem = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
                if exc.code in (401, 403):
                    who = f"as {self.user!r}" if self.user else "without credentials (give --user and --password)"
                    raise ServiceError(f"{url} refused the request {who}: {problem}") from exc
                if exc.code not in TRANSIENT_STATUSES:
                    raise ServiceError(f"{url} answered {problem}") from exc
            except TimeoutError:
                problem = f"no answer within {self.timeout:g} s"
            except urllib.error.URLError as exc:
                reason = exc.reason
                text = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
                problem = f"cannot connect: {text}"
            except (ConnectionError, OSError) as exc:
                problem = f"connection failed: {exc}"
        raise ServiceError(f"{url}: {problem} (after {self.retries + 1} attempts)")

    def _digest_up_front(self, request: urllib.request.Request) -> None:
        """Answer the digest challenge before sending a body.

        Virtuoso replies 401 and closes the connection without reading the body of the first,
        unauthenticated request, so a large PUT breaks its pipe; a body-less GET fetches the challenge.
        """
        probe = urllib.request.Request(request.full_url, method="GET", headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(probe, timeout=self.timeout):
                return
        except urllib.error.HTTPError as exc:
            header = exc.headers.get("WWW-Authenticate", "") if exc.headers else ""
            if exc.code != 401 or not header.lower().startswith("digest "):
                return
        challenge = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header.split(" ", 1)[1]))
        authorization = self._digest.get_authorization(request, challenge)
        if authorization:
            request.add_unredirected_header("Authorization", "Digest " + authorization)

    # ------------------------------------------------------------------------- protocols
    def put_graph(self, graph: str | None, chunks: Iterable[bytes]) -> None:
        """Replace ``graph`` (None: the default graph) with the chunks: the first PUT, the others POSTed."""
        target = urllib.parse.urlencode({self.graph_param: graph}) if graph is not None else "default"
        url = f"{self.gsp_url}{'&' if '?' in self.gsp_url else '?'}{target}"
        headers = {"Content-Type": "text/turtle; charset=utf-8"}  # N-Triples is a subset of Turtle
        for index, chunk in enumerate(chunks):
            self.request("PUT" if index == 0 else "POST", url, chunk, headers)

    def select(self, query: str) -> tuple[list[str], list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]]:
        """Run a SELECT query with the SPARQL 1.1 Protocol and parse the JSON results into terms."""
        form = urllib.parse.urlencode([("query", query), *self.query_params]).encode("utf-8")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        }
        raw = self.request("POST", self.query_url, form, headers)
        try:
            document = json.loads(raw)
            columns = [str(name) for name in document["head"]["vars"]]
            rows = [
                [_term(binding[column]) if column in binding else None for column in columns]
                for binding in document["results"]["bindings"]
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise ServiceError(f"{self.query_url} did not answer with SPARQL JSON results: {exc}") from exc
        return columns, rows


# --------------------------------------------------------------------------- terms written into a query
# Characters an IRI may not hold (RFC 3987 with SPARQL's IRIREF): one of them would end the IRI early.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def sparql_string(text: str) -> str:
    """A SPARQL string literal of ``text``: quotes, backslashes and line breaks escaped."""
    # No \u escapes: SPARQL expands them before parsing; other control characters may stand as they are.
    return '"' + "".join(_ESCAPES.get(char, char) for char in text) + '"'


def sparql_iri(value: str) -> str:
    """An IRI in angle brackets; one holding a character that would end it early is refused."""
    if _NOT_IN_IRI.search(value):
        raise InputError(f"the IRI {value[:80]!r} holds a character IRIs may not contain (a space, <, >, a quote, ...)")
    return f"<{value}>"


def sparql_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """An IRI or literal written in SPARQL syntax, so that no value can change the query around it."""
    if isinstance(term, ox.NamedNode):
        return sparql_iri(term.value)
    if isinstance(term, ox.Literal):
        if term.language:  # pyoxigraph has checked the tag
            return f"{sparql_string(term.value)}@{term.language}"
        if term.datatype.value == XSD_STRING:
            return sparql_string(term.value)
        return f"{sparql_string(term.value)}^^{sparql_term(term.datatype)}"
    raise InputError("only IRIs and literals can be bound in a query sent to a remote store")


def values_block(terms: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]) -> str:
    """A one-row ``VALUES`` block binding each variable to its term."""
    return values_table(list(terms), [list(terms.values())])


def values_table(
    variables: list[ox.Variable], rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]]
) -> str:
    """A ``VALUES`` block of several rows, every term written by :func:`sparql_term`."""
    names = " ".join(f"?{variable.value}" for variable in variables)
    body = " ".join("(" + " ".join(sparql_term(term) for term in row) + ")" for row in rows)
    return f"VALUES ({names}) {{ {body} }}"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in re.sub(r"<[^>]+>", " ", text).splitlines() if line.strip()]
    return lines[0][:300] if lines else ""


def _term(value: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A SPARQL JSON results term; Virtuoso's older "typed-literal" is read as a literal."""
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":  # Virtuoso labels them "nodeID://b10002", not a valid blank node label
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9]", "_", value["value"]))
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])
