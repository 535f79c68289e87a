"""Serve the graph as a read-only SPARQL 1.1 Protocol endpoint on the local machine, with CORS and a timeout."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

from repat_kg import __version__
from repat_kg.errors import ServiceError

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
MAX_QUERY_BYTES = 1_000_000
SERVICE_DESCRIPTION = b"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
[] a sd:Service ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:feature sd:UnionDefaultGraph ;
   sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>, <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
       <http://www.w3.org/ns/formats/SPARQL_Results_CSV>, <http://www.w3.org/ns/formats/SPARQL_Results_TSV> .
"""


def _choose(accept: str, choices: Mapping[str, object], default: str) -> str:
    """The first media type of the Accept header that we serve (quality values are ignored)."""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in choices:
            return media
        if media in ("*/*", "application/*", "text/*", ""):
            return default
    return default if not accept.strip() else ""


class SparqlHandler(BaseHTTPRequestHandler):
    """GET and POST /sparql (also /query); updates are refused; CORS for browser clients."""

    server_version = f"repat-kg/{__version__}"
    store: ox.Store
    timeout_seconds: float
    pool: ThreadPoolExecutor

    def do_OPTIONS(self) -> None:
        self._reply(204, b"", "text/plain")

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/sparql", "/query", "/"):
            return self._error(404, f"no such path {url.path}; the endpoint is /sparql")
        params = urllib.parse.parse_qs(url.query)
        if "update" in params:
            return self._refuse_update()
        if "query" not in params:
            if url.path == "/":
                banner = b"repat-kg read-only SPARQL endpoint: GET or POST /sparql?query=...\n"
                return self._reply(200, banner, "text/plain")
            return self._reply(200, SERVICE_DESCRIPTION, "text/turtle")
        self._answer(params["query"][0], params)

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/sparql", "/query"):
            return self._error(404, f"no such path {url.path}; the endpoint is /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            return self._error(413, "query too large")
        body = self.rfile.read(length).decode("utf-8", "replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query)
        if content_type == "application/sparql-update":
            return self._refuse_update()
        if content_type == "application/sparql-query":
            return self._answer(body, params)
        if content_type == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body)
            if "update" in form:
                return self._refuse_update()
            if "query" in form:
                return self._answer(form["query"][0], {**params, **form})
        self._error(400, "send a query as ?query=, a form field 'query' or an application/sparql-query body")

    def do_PUT(self) -> None:
        self._refuse_update()

    do_DELETE = do_PUT
    do_PATCH = do_PUT

    def _refuse_update(self) -> None:
        self._error(403, "this endpoint is read-only: SPARQL Update and Graph Store writes are refused")

    def _answer(self, query: str, params: dict[str, list[str]]) -> None:
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._error(400, "default-graph-uri and named-graph-uri are not supported; use FROM or GRAPH")
        future: Future[tuple[bytes, str]] = self.pool.submit(self._evaluate, query, self.headers.get("Accept") or "")
        try:
            body, media = future.result(timeout=self.timeout_seconds)
        except FutureTimeout:
            return self._error(503, f"query timed out after {self.timeout_seconds:g} s")
        except SyntaxError as exc:
            return self._error(400, f"SPARQL syntax error: {exc}")
        except _NotAcceptable as exc:
            return self._error(406, str(exc))
        except (RuntimeError, ValueError, OSError) as exc:
            return self._error(500, f"query failed: {exc}")
        self._reply(200, body, media)

    def _evaluate(self, query: str, accept: str) -> tuple[bytes, str]:
        result = self.store.query(query, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            media = _choose(accept, GRAPH_FORMATS, "text/turtle")
            if not media:
                raise _NotAcceptable(f"cannot answer a graph in {accept}; try text/turtle")
            return result.serialize(format=GRAPH_FORMATS[media]) or b"", media
        media = _choose(accept, RESULT_FORMATS, "application/sparql-results+json")
        if not media:
            raise _NotAcceptable(f"cannot answer results in {accept}; try application/sparql-results+json")
        return result.serialize(format=RESULT_FORMATS[media]) or b"", media

    def _error(self, status: int, message: str) -> None:
        self._reply(status, (message + "\n").encode("utf-8"), "text/plain")

    def _reply(self, status: int, body: bytes, media: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{media}; charset=utf-8" if media.startswith("text/") else media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _NotAcceptable(Exception):
    pass


def make_server(store: ox.Store, host: str, port: int, timeout: float, workers: int = 4) -> ThreadingHTTPServer:
    """A server (not yet started) answering SPARQL queries over ``store``."""
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sparql")
    handler = type("Handler", (SparqlHandler,), {"store": store, "timeout_seconds": timeout, "pool": pool})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise ServiceError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    server.daemon_threads = True
    return server


def serve_forever(server: ThreadingHTTPServer, ready: Callable[[str], None]) -> None:
    """Serve until interrupted; ``ready`` gets the endpoint URL once the socket listens."""
    host, port = server.server_address[:2]
    ready(f"http://{host!s}:{port}/sparql")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
