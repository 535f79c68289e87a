"""`repat-kg serve` under attack and under load, and local `repat-kg query` stopping: real servers, raw sockets."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT, free_port, run_cli, stop_process

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 8,871 quads cubed: hours
CLAIMS = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/repat-kg/ontology#NumericClaim> }"


def as_a_shell_background_job() -> None:
    """In the child before exec: a new process group with SIGINT ignored, as `cmd &` in a script starts it."""
    os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def as_a_terminal_job() -> None:
    """In the child before exec: a process group of its own, as a terminal's foreground job has."""
    os.setpgrp()


@contextmanager
def serving(
    data: Path, *options: str, job: Callable[[], None] | None = None
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Run `repat-kg serve --port 0` on ``data``; yield its /sparql URL and the process."""
    process = subprocess.Popen(
        [sys.executable, "-m", "repat_kg", "serve", "--data", str(data), "--port", "0", *options],
        stderr=subprocess.PIPE, text=True, preexec_fn=job,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert line.startswith("serving http://127.0.0.1:"), line + process.stderr.read()
        yield line.split()[1], process
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def data(built: Path) -> Path:
    return built / "repat-kg.nq"


@pytest.fixture(scope="module")
def served(data: Path) -> Iterator[str]:
    with serving(data, "--timeout", "1", "--workers", "2", "--client-timeout", "1", "--max-result-mb", "0.2") as (
        url,
        _,
    ):
        yield url


def ask(url: str, query: str, timeout: float = 30) -> tuple[int, bytes]:
    """POST ``query`` as a form; (status, body) whatever the status."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class CountingListener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it (and answers nothing)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.socket.close()


@pytest.fixture()
def listener() -> Iterator[CountingListener]:
    counting = CountingListener()
    yield counting
    counting.close()


# ----------------------------------------------------------------------------- SERVICE (SSRF)


def ssrf_queries(target: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"PREFIX t: <{target.rsplit('/', 1)[0]}/>\nSELECT * WHERE {{ SERVICE t:sparql {{ ?s ?p ?o }} }}",
        f"BASE <{target.rsplit('/', 1)[0]}/>\nSELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} LIMIT 1",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{target}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        # Oxigraph ends a comment at a carriage return, rdflib's grammar only at a line feed.
        f"SELECT * WHERE {{ # a comment\r SERVICE <{target}> {{ ?s ?p ?o }}\n }}",
    ]


def test_serve_runs_no_service_call_the_operator_did_not_allow(served: str, listener: CountingListener) -> None:
    for query in ssrf_queries(f"http://127.0.0.1:{listener.port}/sparql"):
        status, body = ask(served, query)
        assert status == 400, (query, body)
        assert b"refused" in body and body.count(b"\n") == 1, body
    time.sleep(0.5)
    assert listener.connections == 0


def test_a_refused_service_tells_nothing_about_the_port(served: str, listener: CountingListener) -> None:
    closed = free_port()
    answers = []
    for port in (listener.port, closed):
        target = f"http://127.0.0.1:{port}/sparql"
        status, body = ask(served, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
        answers.append((status, body.replace(target.encode(), b"TARGET")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400
    assert listener.connections == 0


def test_the_word_service_in_a_literal_or_comment_is_no_call(served: str) -> None:
    query = 'SELECT ?s WHERE { # SERVICE <http://127.0.0.1:9/>\n ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }'
    status, body = ask(served, query)
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"] == []


def test_an_allowed_service_endpoint_is_called_and_only_that_exact_one(
    data: Path, wikidata_endpoint: str, listener: CountingListener
) -> None:
    with serving(data, "--allow-service", wikidata_endpoint, "--workers", "1") as (url, _):
        # tests/data/wikidata-fixture.ttl: wd:Q212757 (Qamishli) has P625 "Point(41.2 37.05)".
        query = (
            f"SELECT ?c WHERE {{ SERVICE <{wikidata_endpoint}> {{ <http://www.wikidata.org/entity/Q212757> "
            "<http://www.wikidata.org/prop/direct/P625> ?c } }"
        )
        status, body = ask(url, query)
        assert status == 200, body
        assert [b["c"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["Point(41.2 37.05)"]
        for near_miss in (wikidata_endpoint + "/", wikidata_endpoint + "?x=1", f"http://127.0.0.1:{listener.port}/"):
            status, body = ask(url, query.replace(wikidata_endpoint, near_miss))
            assert status == 400 and b"refused" in body, near_miss
    assert listener.connections == 0


def test_local_query_keeps_service_working(built: Path, wikidata_endpoint: str, tmp_path: Path) -> None:
    canned = (ROOT / "queries" / "wikidata-places.rq").read_text(encoding="utf-8")
    assert "<https://query.wikidata.org/sparql>" in canned
    mirror = tmp_path / "wikidata-places.rq"  # the canned query pointed at the local Wikidata-shaped endpoint
    mirror.write_text(canned.replace("https://query.wikidata.org/sparql", wikidata_endpoint), encoding="utf-8")
    result = run_cli("query", str(mirror), "--format", "csv",
                     "--data", str(built / "repat-kg.nq"), "--timeout", "60")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Qamishli" in result.stdout  # the place of the fixture's Q212757


# ----------------------------------------------------------------------------- slow queries


def test_slow_queries_cost_no_worker_past_their_timeout(served: str) -> None:
    answers: list[tuple[int, bytes]] = []
    threads = [threading.Thread(target=lambda: answers.append(ask(served, SLOW))) for _ in range(5)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(answers) == 5 and {status for status, _ in answers} == {503}, answers
    assert time.monotonic() - start < 10
    deadline = time.monotonic() + 10
    while True:  # the killed workers are replaced within a few seconds; meanwhile "busy", never a failure
        status, body = ask(served, CLAIMS)
        if status == 200 or time.monotonic() > deadline:
            break
        # a query that waited for a replacement worker can use up its 1 s there: "timed out", also a 503
        assert status == 503 and (b"busy" in body or b"timed out" in body), body
        time.sleep(0.2)
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "54"  # as test_stores counts them


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.parametrize("job", [as_a_terminal_job, as_a_shell_background_job])
def test_sigint_stops_serve_at_once_while_slow_queries_run(data: Path, job: Callable[[], None]) -> None:
    # Started as `repat-kg serve &` would be from a script (SIGINT ignored), and signalled as Ctrl-C
    # signals a terminal's foreground job: the whole process group, workers included.
    with serving(data, "--timeout", "60", "--workers", "3", job=job) as (url, process):
        threads = [threading.Thread(target=_ask_quietly, args=(url, SLOW), daemon=True) for _ in range(2)]  # one idle
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        workers = children_of(process.pid)
        start = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=10)
        assert time.monotonic() - start < 5
        assert process.stderr is not None
        rest = process.stderr.read()
        assert rest == "repat-kg: serve stopped\n"
        assert process.returncode == 0
        deadline = time.monotonic() + 10  # the workers (and multiprocessing's resource tracker) exit after serve
        while (alive := [p for p in workers if Path(f"/proc/{p}").exists() and "zombie" not in _state(p)]) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.1)
        assert not alive


def _ask_quietly(url: str, query: str) -> None:
    with contextlib.suppress(OSError):  # the server went away mid-answer, as it should
        ask(url, query, 60)


def _state(pid: int) -> str:
    try:
        return next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State"))
    except (OSError, StopIteration):
        return "zombie"


def test_local_query_timeout_is_one_line_and_exit_4(data: Path, tmp_path: Path) -> None:
    slow = tmp_path / "slow.rq"
    slow.write_text(SLOW, encoding="utf-8")
    start = time.monotonic()
    result = run_cli("query", str(slow), "--data", str(data), "--timeout", "1")
    assert time.monotonic() - start < 15
    assert result.returncode == 4
    assert result.stderr == "repat-kg: error: the query timed out after 1 s\n"


def test_local_query_honours_ctrl_c(data: Path, tmp_path: Path) -> None:
    slow = tmp_path / "slow.rq"
    slow.write_text(SLOW, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "repat_kg", "query", str(slow), "--data", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        time.sleep(2)  # the query is running
        workers = children_of(process.pid)
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the whole foreground group
        _, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert "Traceback" not in err and "aborted" in err
    assert process.returncode == 2
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)]


# ----------------------------------------------------------------------------- request parsing (raw sockets)


def raw(url: str, request: bytes, wait: float = 8.0, close_write: bool = False) -> tuple[bytes, float]:
    """Send ``request`` bytes; return everything the server sent before closing, and how long that took."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=wait) as connection:
        start = time.monotonic()
        connection.sendall(request)
        if close_write:
            connection.shutdown(socket.SHUT_WR)
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except TimeoutError:
            return received + b"<still open>", time.monotonic() - start
        return received, time.monotonic() - start


def post(path: str, headers: str, body: bytes = b"") -> bytes:
    return f"POST {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode() + body


def status_of(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1."), answer[:200]
    return int(answer.split()[1])


def test_a_negative_content_length_does_not_lift_the_size_limit(served: str) -> None:
    body = b"ASK {} #" + b"x" * 2_000_000
    answer, _ = raw(
        served, post("/sparql", "Content-Type: application/sparql-query\r\nContent-Length: -1\r\n", body),
        close_write=True,
    )  # fmt: skip
    assert status_of(answer) in (400, 413)


def test_a_connection_closed_before_its_request_line_is_no_error(data: Path) -> None:
    """A port probe (connect, then close) is not a failed request: serve says nothing about it."""
    with serving(data, "--workers", "1") as (url, process):
        parts = urllib.parse.urlsplit(url)
        socket.create_connection((parts.hostname, parts.port), timeout=5).close()
        assert ask(url, CLAIMS)[0] == 200  # answered after the probe was handled
        os.kill(process.pid, signal.SIGINT)
        process.wait(timeout=10)
        assert process.stderr is not None
        assert process.stderr.read() == "repat-kg: serve stopped\n"


def test_an_error_answer_reaches_a_client_still_sending_its_body(served: str) -> None:
    """The server refuses a too-large body from its headers alone; a client that goes on sending the body
    (as curl and browsers do) must still read the 413, not have its connection reset under it."""
    parts = urllib.parse.urlsplit(served)
    with socket.create_connection((parts.hostname, parts.port), timeout=8) as connection:
        connection.sendall(post("/sparql", "Content-Type: application/sparql-query\r\nContent-Length: 3000000\r\n"))
        time.sleep(0.5)  # the server has answered and is closing
        connection.sendall(b"ASK {} #" + b"x" * 2_999_992)
        connection.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert status_of(answer) == 413
    assert b"larger than 1,000,000 bytes" in answer


@pytest.mark.parametrize("value", ["abc", "1e3", "+5", "", "99999999999999999999"])
def test_a_malformed_content_length_is_a_400(served: str, value: str) -> None:
    answer, _ = raw(served, post("/sparql", f"Content-Type: application/sparql-query\r\nContent-Length: {value}\r\n"))
    assert status_of(answer) in (400, 413)
    assert answer.split(b"\r\n\r\n", 1)[1].count(b"\n") == 1


def test_two_content_lengths_and_chunked_bodies_are_refused(served: str) -> None:
    answer, _ = raw(served, post("/sparql", "Content-Length: 7\r\nContent-Length: 2\r\n", b"ASK {}\n"))
    assert status_of(answer) == 400
    answer, _ = raw(served, post("/sparql", "Transfer-Encoding: chunked\r\n", b"7\r\nASK {}\n\r\n0\r\n\r\n"))
    assert status_of(answer) == 411


def test_a_body_shorter_than_its_content_length_times_out(served: str) -> None:
    answer, took = raw(served, post("/sparql", "Content-Type: application/sparql-query\r\nContent-Length: 100\r\n",
                                    b"ASK {}"))  # fmt: skip
    assert status_of(answer) == 408
    assert took < 5


def test_an_idle_connection_is_closed(served: str) -> None:
    answer, took = raw(served, b"")
    assert answer == b"" and took < 5  # closed by the server, not by our 8 s timeout
    answer, took = raw(served, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")  # headers never end
    assert b"<still open>" not in answer and took < 5


def test_a_client_trickling_its_request_is_cut_off(served: str) -> None:
    parts = urllib.parse.urlsplit(served)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        start = time.monotonic()
        request = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"y" * 60
        try:
            for byte in request:
                connection.sendall(bytes([byte]))
                time.sleep(0.1)
            connection.sendall(b"\r\n\r\n")
            answer = connection.recv(65536)
        except OSError:
            answer = b""
        assert time.monotonic() - start < 5
        assert not answer.startswith(b"HTTP/1.0 200")


def test_keep_alive_is_not_kept(served: str) -> None:
    answer, took = raw(served, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
    assert status_of(answer) == 200 and b"Connection: close" in answer and took < 5


def test_headers_and_request_lines_are_bounded(served: str) -> None:
    many = "".join(f"X-{n}: y\r\n" for n in range(150))
    answer, _ = raw(served, f"GET /sparql HTTP/1.1\r\n{many}\r\n".encode())
    assert status_of(answer) == 431
    answer, _ = raw(served, b"GET /sparql?query=" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n")
    assert status_of(answer) == 414
    fields = "&".join(f"f{n}=1" for n in range(50))
    answer, _ = raw(served, f"GET /sparql?query=ASK%7B%7D&{fields} HTTP/1.1\r\n\r\n".encode())
    assert status_of(answer) == 400


def test_a_result_past_the_limit_is_refused(served: str) -> None:
    status, body = ask(served, "SELECT * WHERE { ?s ?p ?o }")  # 8,871 rows: well over 0.2 MB
    assert status == 500 and b"larger than 200,000 bytes" in body


# ----------------------------------------------------------------------------- updates


@pytest.mark.parametrize(
    "path",
    ["/sparql?update=DROP%20ALL", "/sparql?query=ASK%7B%7D&update=DROP%20ALL", "/query?update=CLEAR%20DEFAULT"],
)
def test_get_with_an_update_is_refused(served: str, path: str) -> None:
    answer, _ = raw(served, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status_of(answer) == 403 and b"read-only" in answer


def test_post_with_an_update_is_refused(served: str) -> None:
    for headers, body in [
        ("Content-Type: application/sparql-update\r\n", b"DROP ALL"),
        ("Content-Type: application/x-www-form-urlencoded\r\n", b"update=DROP%20ALL"),
        ("Content-Type: application/x-www-form-urlencoded\r\n", b"query=ASK%7B%7D&update=DROP%20ALL"),
    ]:
        answer, _ = raw(served, post("/sparql", headers + f"Content-Length: {len(body)}\r\n", body))
        assert status_of(answer) == 403 and b"read-only" in answer, body
    answer, _ = raw(served, post("/sparql?update=DROP%20ALL", "Content-Type: application/sparql-query\r\n"
                                 "Content-Length: 6\r\n", b"ASK {}"))  # fmt: skip
    assert status_of(answer) == 403
    assert ask(served, CLAIMS)[0] == 200


# ----------------------------------------------------------------------------- errors on one line


def test_a_syntax_error_is_one_line_with_its_position(served: str, data: Path, tmp_path: Path) -> None:
    bad = "SELECT ?x WHERE {\n  ?x ?y\n}\n"
    status, body = ask(served, bad)
    assert status == 400 and body.count(b"\n") == 1
    assert b"SPARQL syntax error: error at 4:1" in body  # the end of the text: the group is not closed
    path = tmp_path / "bad.rq"
    path.write_text(bad, encoding="utf-8")
    result = run_cli("query", str(path), "--data", str(data))
    assert result.returncode == 2
    assert result.stderr == f"repat-kg: error: {path}: SPARQL syntax error: error at 4:1: expected OPTIONAL\n"


@pytest.mark.parametrize("port", ["99999", "-1", "65536"])
def test_serve_on_an_impossible_port_is_one_line_and_exit_2(port: str) -> None:
    result = run_cli("serve", "--port", port)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Invalid value for '--port'" in result.stderr, result.stderr


def test_serve_on_a_busy_port_is_one_line_and_exit_2(data: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = run_cli("serve", "--data", str(data), "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("graph", "http://example.org/sparql\n", "must be an absolute IRI, not 'http://example.org/sparql\\n'"),
        ("graph", "http://example.org/a b", "must be an absolute IRI"),
        ("graph", "<http://example.org/>", "must be an absolute IRI"),
        ("graph", "", "must be an absolute IRI"),
    ],
)
def test_a_malformed_parameter_is_one_line_and_exit_2(
    data: Path, tmp_path: Path, name: str, value: str, expected: str
) -> None:
    # No canned query takes an IRI parameter now; a query file with one does.
    query = tmp_path / "in-graph.rq"
    query.write_text("# param: graph (required iri) a named graph\nSELECT * WHERE { GRAPH ?graph { ?s ?p ?o } }\n")
    result = run_cli("query", str(query), "-p", name, value, "--data", str(data))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr


def test_a_parameter_that_is_not_utf8_is_one_line_and_exit_2(data: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "repat_kg", "query", "statements-by", "-p", "person", b"Anna\xff", "--data", str(data)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "LC_ALL": "C.UTF-8"},
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "is not valid UTF-8 text" in result.stderr, result.stderr


def _connect(store: object, port: int) -> str:
    """A worker task: try to reach 127.0.0.1:port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=3).close()
    except OSError:
        return "unreachable"
    return "connected"


def test_workers_of_an_endpoint_without_allowed_services_have_no_network(listener: CountingListener) -> None:
    import pyoxigraph as ox

    from repat_kg.store.workers import WorkerPool

    online = WorkerPool(ox.Store, 1, offline=False)
    try:
        assert online.call(20, _connect, listener.port) == "connected"  # the listener is reachable...
    finally:
        online.close()
    offline = WorkerPool(ox.Store, 1, offline=True)
    try:
        if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode != 0:  # util-linux
            pytest.skip("this kernel gives unprivileged processes no network namespace")
        assert offline.idle.queue[0].isolated
        assert offline.call(20, _connect, listener.port) == "unreachable"  # ...but not from an offline worker
    finally:
        offline.close()
    assert listener.connections == 1
