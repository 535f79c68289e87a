"""Serve the graph as a read-only SPARQL 1.1 Protocol endpoint on the local machine, with CORS and a timeout.

Queries run in a pool of worker processes (store/workers.py): one past its timeout is killed with
its process, which is replaced, so slow queries never use up the server. SERVICE runs only for the
endpoints the operator allowed (store/federation.py). Every part of a request is bounded: its size,
its number of headers and fields, and the time it may take to arrive.
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import socket
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from repat_kg import __version__
from repat_kg.errors import InputError, QueryTimeoutError, ServiceError, one_line
from repat_kg.store.federation import check_services, warm_up
from repat_kg.store.persistent import open_persistent
from repat_kg.store.workers import WorkerBusyError, WorkerPool

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
MAX_QUERY_BYTES = 1_000_000  # a POST body; a GET query is bounded by the request line (64 KiB, http.server's limit)
MAX_FIELDS = 20  # query-string or form fields
MAX_CONNECTIONS = 64  # connections handled at once; more are answered 503 and closed
# After an error answer to a request whose body was not read, what the client still sends is read and
# dropped (at most LINGER_BYTES, until it has been silent for LINGER_SECONDS) before the connection is
# closed: closing a socket with unread bytes resets the connection, and the client can lose the answer.
LINGER_BYTES = 4 * MAX_QUERY_BYTES
LINGER_SECONDS = 2.0
CONTENT_LENGTH = re.compile(r"^[0-9]{1,9}$")
SERVICE_DESCRIPTION = b"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
[] a sd:Service ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:feature sd:UnionDefaultGraph ;
   sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>, <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
       <http://www.w3.org/ns/formats/SPARQL_Results_CSV>, <http://www.w3.org/ns/formats/SPARQL_Results_TSV> .
"""


@dataclass(frozen=True)
class ServeOptions:
    """How `repat-kg serve` listens and what it allows; checked on creation."""

    host: str = "127.0.0.1"
    port: int = 7879
    timeout: float = 30.0  # seconds a query may run (waiting for a free worker included)
    workers: int = 4
    allowed_services: frozenset[str] = field(default_factory=frozenset)
    client_timeout: float = 10.0  # seconds a request may take to arrive, and a stalled send may wait
    max_result_bytes: int = 64_000_000

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise InputError(f"--port {self.port} is not a TCP port (0 to 65535; 0 picks a free one)")
        if self.workers < 1:
            raise InputError(f"--workers {self.workers}: give at least 1")
        for name, value in (("--timeout", self.timeout), ("--client-timeout", self.client_timeout)):
            if not value > 0:
                raise InputError(f"{name} {value:g}: give a number of seconds above 0")
        if self.max_result_bytes < 1:
            raise InputError("--max-result-mb must be above 0")
        for url in self.allowed_services:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc or any(c in url for c in ' <>"{}|\\^`\n'):
                raise InputError(f"--allow-service {url!r} is not an http(s) URL")


def _choose(accept: str, choices: Mapping[str, object], default: str) -> str:
    """The first media type of the Accept header that we serve (quality values are ignored)."""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in choices:
            return media
        if media in ("*/*", "application/*", "text/*", ""):
            return default
    return default if not accept.strip() else ""


class _TooLargeError(Exception):
    pass


class _BoundedBuffer:
    """A write-only byte sink that refuses to grow past ``limit``."""

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLargeError
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def evaluate(store: ox.Store, query: str, accept: str, allowed: frozenset[str], limit: int) -> tuple[int, bytes, str]:
    """Answer one query in a worker process: (HTTP status, body, media type)."""
    try:
        check_services(query, allowed)
    except InputError as exc:
        return _text(400, str(exc))
    try:
        result = store.query(query, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            media = _choose(accept, GRAPH_FORMATS, "text/turtle")
            if not media:
                return _text(406, f"cannot answer a graph in {one_line(accept, 80)}; try text/turtle")
            sink = _BoundedBuffer(limit)
            result.serialize(cast(IO[bytes], sink), GRAPH_FORMATS[media])
        else:
            media = _choose(accept, RESULT_FORMATS, "application/sparql-results+json")
            if not media:
                wanted = one_line(accept, 80)
                return _text(406, f"cannot answer results in {wanted}; try application/sparql-results+json")
            sink = _BoundedBuffer(limit)
            result.serialize(cast(IO[bytes], sink), RESULT_FORMATS[media])
    except SyntaxError as exc:
        return _text(400, f"SPARQL syntax error: {one_line(str(exc), 300)}")
    except _TooLargeError:
        return _text(500, f"the result is larger than {limit:,} bytes; narrow the query or add a LIMIT")
    except (RuntimeError, ValueError, OSError) as exc:
        return _text(500, f"query failed: {one_line(str(exc), 300)}")
    return 200, b"".join(sink.parts), media


def _drain(connection: socket.socket) -> None:
    """Stop writing, then read and drop what the client still sends: at most LINGER_BYTES, until it has
    sent nothing for LINGER_SECONDS."""
    drained = 0
    try:
        connection.shutdown(socket.SHUT_WR)
        connection.settimeout(LINGER_SECONDS)
        while drained < LINGER_BYTES:
            chunk = connection.recv(65536)
            if not chunk:
                break
            drained += len(chunk)
    except OSError:  # the client has gone, or fell silent
        pass


def _text(status: int, message: str) -> tuple[int, bytes, str]:
    return status, (message + "\n").encode("utf-8"), "text/plain"


class SparqlHandler(BaseHTTPRequestHandler):
    """GET and POST /sparql (also /query); updates are refused; CORS for browser clients."""

    server_version = f"repat-kg/{__version__}"
    server: SparqlServer

    def setup(self) -> None:
        self.timeout = self.server.options.client_timeout  # type: ignore[misc]  # each read and write on the socket
        super().setup()
        self.server.watchdog.watch(self.connection, self.server.options.client_timeout)

    body_read = False

    def finish(self) -> None:
        self.server.watchdog.forget(self.connection)
        super().finish()
        command = getattr(self, "command", None)  # not set when a connection closes before its request line
        if self.close_connection and not self.body_read and command in ("POST", "PUT", "PATCH", "DELETE"):
            _drain(self.connection)

    def do_OPTIONS(self) -> None:
        self._reply(204, b"", "text/plain")

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/sparql", "/query", "/"):
            return self._error(404, f"no such path {one_line(url.path, 80)}; the endpoint is /sparql")
        params = self._fields(url.query)
        if params is None:
            return None
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
            return self._error(404, f"no such path {one_line(url.path, 80)}; the endpoint is /sparql")
        body = self._body()
        if body is None:
            return None
        params = self._fields(url.query)
        if params is None:
            return None
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update" or "update" in params:
            return self._refuse_update()
        if content_type == "application/sparql-query":
            return self._answer(body, params)
        if content_type == "application/x-www-form-urlencoded":
            form = self._fields(body)
            if form is None:
                return None
            if "update" in form:
                return self._refuse_update()
            if "query" in form:
                return self._answer(form["query"][0], {**params, **form})
        self._error(400, "send a query as ?query=, a form field 'query' or an application/sparql-query body")

    def do_PUT(self) -> None:
        self._refuse_update()

    do_DELETE = do_PUT
    do_PATCH = do_PUT

    def _body(self) -> str | None:
        """The request body (at most MAX_QUERY_BYTES), or None once an error has been sent."""
        if self.headers.get("Transfer-Encoding"):
            self._error(411, "send the body with a Content-Length; chunked transfer encoding is not supported")
            return None
        lengths = self.headers.get_all("Content-Length") or ["0"]
        if len(lengths) != 1 or not CONTENT_LENGTH.match(lengths[0].strip()):
            self._error(400, "Content-Length must be one number of bytes (0 to 1000000)")
            return None
        length = int(lengths[0])
        if length > MAX_QUERY_BYTES:
            self._error(413, f"the request body is larger than {MAX_QUERY_BYTES:,} bytes")
            return None
        try:
            data = self.rfile.read(length)
        except (TimeoutError, OSError):
            data = b""
        if len(data) < length:
            self._error(408, f"the request body did not arrive within {self.server.options.client_timeout:g} s")
            return None
        self.server.watchdog.forget(self.connection)  # the request is in; the query has its own timeout
        self.body_read = True
        return data.decode("utf-8", "replace")

    def _fields(self, text: str) -> dict[str, list[str]] | None:
        try:
            return urllib.parse.parse_qs(text, max_num_fields=MAX_FIELDS)
        except ValueError:
            self._error(400, f"too many fields (at most {MAX_FIELDS})")
            return None

    def _refuse_update(self) -> None:
        self._error(403, "this endpoint is read-only: SPARQL Update and Graph Store writes are refused")

    def _answer(self, query: str, params: dict[str, list[str]]) -> None:
        self.server.watchdog.forget(self.connection)
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._error(400, "default-graph-uri and named-graph-uri are not supported; use FROM or GRAPH")
        options = self.server.options
        accept = self.headers.get("Accept") or ""
        try:
            status, body, media = self.server.pool.call(
                options.timeout, evaluate, query, accept, options.allowed_services, options.max_result_bytes
            )
        except QueryTimeoutError:
            return self._error(503, f"query timed out after {options.timeout:g} s")
        except WorkerBusyError as exc:
            return self._error(503, f"{exc}; try again later")
        except ServiceError as exc:
            return self._error(500, f"query failed: {exc}")
        self._reply(status, body, media)

    def _error(self, status: int, message: str) -> None:
        self.close_connection = True
        self._reply(status, (message + "\n").encode("utf-8"), "text/plain")

    def _reply(self, status: int, body: bytes, media: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{media}; charset=utf-8" if media.startswith("text/") else media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Watchdog:
    """Shuts the reading side of a connection whose request has not arrived in time (slow or stalled clients)."""

    def __init__(self) -> None:
        self.deadlines: dict[socket.socket, float] = {}
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        threading.Thread(target=self._run, daemon=True, name="repat-kg-watchdog").start()

    def watch(self, connection: socket.socket, seconds: float) -> None:
        with self.lock:
            self.deadlines[connection] = time.monotonic() + seconds

    def forget(self, connection: socket.socket) -> None:
        with self.lock:
            self.deadlines.pop(connection, None)

    def _run(self) -> None:
        while not self.stopped.wait(0.1):
            now = time.monotonic()
            with self.lock:
                late = [connection for connection, deadline in self.deadlines.items() if deadline <= now]
                for connection in late:
                    del self.deadlines[connection]
            for connection in late:
                with contextlib.suppress(OSError):  # a blocked read returns at once; a 408 can still be sent
                    connection.shutdown(socket.SHUT_RD)


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: a thread per connection (at most MAX_CONNECTIONS), queries in the worker pool."""

    daemon_threads = True
    pool: WorkerPool

    def __init__(self, options: ServeOptions):
        self.options = options
        self.closing = False
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.watchdog = _Watchdog()
        try:
            super().__init__((options.host, options.port), SparqlHandler)
        except (OSError, OverflowError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise InputError(f"cannot listen on {options.host}:{options.port}: {reason}") from exc

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that failed unexpectedly: one line on stderr (none while stopping), never a traceback."""
        if self.closing:
            return  # the workers are being stopped under the requests still running
        exc = sys.exc_info()[1]
        reason = one_line(str(exc) or type(exc).__name__, 200)
        sys.stderr.write(f"repat-kg serve: a request from {client_address[0]} failed: {reason}\n")

    def server_close(self) -> None:
        self.closing = True
        super().server_close()
        self.watchdog.stopped.set()
        if hasattr(self, "pool"):
            self.pool.close()


@contextmanager
def _snapshot(store_dir: Path | None, load_quads: Callable[[], list[ox.Quad]]) -> Iterator[Callable[[], ox.Store]]:
    """What workers open: the on-disk store as it is, or a temporary one holding the loaded graph."""
    if store_dir is not None:
        open_persistent(store_dir)  # a missing or locked store fails here, with its own message
        yield functools.partial(open_persistent, store_dir)
        return
    quads = load_quads()
    with tempfile.TemporaryDirectory(prefix="repat-kg-serve-") as folder:
        store = ox.Store(folder)
        store.bulk_extend(quads)
        store.flush()
        del store  # closes it; workers open it read-only, sharing the page cache
        yield functools.partial(open_persistent, Path(folder))


def _open_ready(opener: Callable[[], ox.Store]) -> ox.Store:
    """In a worker: the SERVICE checker made ready before the first query (not inside its timeout), then the store."""
    warm_up()
    return opener()


def run_server(
    options: ServeOptions,
    store_dir: Path | None,
    load_quads: Callable[[], list[ox.Quad]],
    ready: Callable[[str], None],
) -> None:
    """Listen, start the workers, and serve until Ctrl-C or SIGTERM; ``ready`` gets the endpoint URL."""
    server = SparqlServer(options)  # a bad or busy port fails before anything is loaded

    def stop(signum: int, frame: object) -> None:
        server.closing = True  # requests still running may now fail as their workers go: say nothing of them
        raise KeyboardInterrupt

    # SIGINT too: a shell starts background jobs with SIGINT ignored, yet Ctrl-C or kill -INT must stop us.
    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        with _snapshot(store_dir, load_quads) as opener:
            try:
                ready_opener = functools.partial(_open_ready, opener)
                server.pool = WorkerPool(ready_opener, options.workers, offline=not options.allowed_services)
                host, port = server.server_address[:2]
                ready(f"http://{host!s}:{port}/sparql")
                server.serve_forever(poll_interval=0.2)
            finally:
                server.server_close()  # kills the workers before their store folder goes
    except KeyboardInterrupt:
        pass
    except OSError:
        if not server.closing:
            raise
        # stopping: a socket or worker pipe closed under a thread still using it (seen as EBADF) is no failure
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        server.server_close()
