"""Triple stores: the on-disk store, loading a real Oxigraph server, remote queries, and `repat-kg serve`."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import free_port, oxigraph_server, run_cli
from repat_kg.store.queries import catalogue

COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
# Every canned query but the federated one, which needs a Wikidata endpoint (tested in test_linking).
LOCAL_QUERIES = sorted(name for name in catalogue() if name != "wikidata-places")
PARAMS = {"statements-by": ["-p", "person", "anna-kuznetsova"]}


def sparql_json(url: str, query: str, extra: str = "") -> dict[str, object]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        url + extra, data=data, headers={"Accept": "application/sparql-results+json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.loads(response.read()))


def triple_count(query_url: str, query: str = COUNT_QUERY) -> int:
    document = sparql_json(query_url, query)
    return int(document["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]


def nq_triples(path: Path) -> int:
    """How many quads an N-Quads file written by the build holds (one per line, no duplicates)."""
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line)


# Columns made with GROUP_CONCAT: SPARQL leaves the order of the joined values to the engine.
GROUPED = {
    "children",
    "women",
    "adults",
    "sources",
    "repatriating_state",
    "from_country",
    "from_place",
    "date",
    "types",
    "men",
    "people",
    "parts",
    "running_totals",
}
# Queries that rightly answer nothing on the seeds: every candidate duplicate there has been reviewed.
EMPTY_ON_SEEDS = {"candidate-duplicates"}


def _datatype(term: dict[str, str]) -> str:
    datatype = term.get("datatype", "")
    return XSD + "integer" if datatype in INTEGER_TYPES else datatype


def _cell(column: str, value: str) -> str:
    if column not in GROUPED:
        return value
    return " | ".join(sorted(piece for part in value.split(" | ") for piece in part.split(", ")))


XSD = "http://www.w3.org/2001/XMLSchema#"
# Oxigraph answers with xsd:integer for values stored as a derived integer type; Virtuoso keeps the stored one.
INTEGER_TYPES = {XSD + name for name in ("positiveInteger", "nonNegativeInteger", "integer", "int", "long")}


def rows(result: subprocess.CompletedProcess[str]) -> list[tuple[tuple[str, str], ...]]:
    """Query output (SPARQL JSON) as a sorted list of rows of (column, value|datatype|language)."""
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    out = []
    for binding in document["results"]["bindings"]:
        cells = ((k, f"{_cell(k, v['value'])}|{_datatype(v)}|{v.get('xml:lang', '')}") for k, v in binding.items())
        out.append(tuple(sorted(cells)))
    return sorted(out)


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path / "oxigraph") as url:
        yield url


@pytest.fixture(scope="module")
def loaded_oxigraph(tmp_path_factory: pytest.TempPathFactory, built_reasoned: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-loaded")) as url:
        result = run_cli("load", "--endpoint", url, "--data", str(built_reasoned / "repat-kg.nq"))
        assert result.returncode == 0, result.stderr
        yield url


# ----------------------------------------------------------------------------- Oxigraph server


@pytest.mark.parametrize("name", LOCAL_QUERIES)
def test_every_canned_query_gives_the_same_rows_locally_and_through_oxigraph(
    built_reasoned: Path, loaded_oxigraph: str, name: str
) -> None:
    args = ["query", name, *PARAMS.get(name, []), "--format", "json"]
    local = rows(run_cli(*args, "--data", str(built_reasoned / "repat-kg.nq")))
    remote = rows(run_cli(*args, "--endpoint", loaded_oxigraph))
    assert bool(local) != (name in EMPTY_ON_SEEDS), f"{name} returned {len(local)} rows"
    assert remote == local


def test_loading_twice_replaces_and_never_duplicates(built_reasoned: Path, oxigraph: str) -> None:
    data = str(built_reasoned / "repat-kg.nq")
    first = run_cli("load", "--endpoint", oxigraph, "--data", data)
    assert first.returncode == 0, first.stderr
    expected = nq_triples(built_reasoned / "repat-kg.nq")
    assert triple_count(oxigraph + "/query") == expected
    assert "loaded 10 graph(s)" in first.stdout  # 5 articles, entities, ontology, corpus, dataset, inferred
    second = run_cli("load", "--endpoint", oxigraph, "--data", data, "--chunk-size", "500")
    assert second.returncode == 0, second.stderr
    assert triple_count(oxigraph + "/query") == expected


def test_dry_run_lists_the_requests_and_sends_nothing(built_reasoned: Path, oxigraph: str) -> None:
    result = run_cli("load", "--endpoint", oxigraph, "--data", str(built_reasoned / "repat-kg.nq"), "--dry-run",
                     "--chunk-size", "500")  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 10  # 5 articles, entities, ontology, corpus, dataset, inferred
    article = next(line for line in lines if line.endswith("graph/002_2d0941d7294f98f4"))
    assert article.startswith("PUT + 4 POST")  # 2,068 triples (with the reasoned ones) in chunks of 500
    ontology = next(line for line in lines if line.endswith("graph/ontology"))
    assert ontology.startswith("PUT  ")  # over 500 triples, but blank nodes keep it in one request
    assert triple_count(oxigraph + "/query") == 0


def test_connection_refused_is_a_one_line_error(built_reasoned: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = run_cli("load", "--endpoint", url, "--data", str(built_reasoned / "repat-kg.nq"), "--retries", "0")
    assert result.returncode == 3
    assert "cannot connect: Connection refused" in result.stderr and "not loaded: 000_f6cb99c41662595b" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    query = run_cli("query", "sources", "--endpoint", url, "--retries", "0")
    assert query.returncode == 3 and query.stderr.count("\n") == 1


def test_the_stores_own_message_is_shown_for_a_bad_request(loaded_oxigraph: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    result = run_cli("query", str(broken), "--endpoint", loaded_oxigraph)
    assert result.returncode == 3
    assert "answered HTTP 400 Bad Request: " in result.stderr
    assert "error" in result.stderr.split("400 Bad Request: ")[1].lower()  # Oxigraph's parser message
    assert result.stderr.count("\n") == 1


class _DyingProxy:
    """Forwards requests to a real store, then dies (stops listening) after ``lives`` requests."""

    def __init__(self, target: str, lives: int):
        self.target, self.lives, self.forwarded = target, lives, 0
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with proxy.lock:  # a life is taken before answering, so the next request sees it gone
                    if proxy.forwarded >= proxy.lives:
                        # The shutdown runs in another thread, so a request can still be accepted: it gets
                        # no answer, as from a dead server, whatever the timing.
                        self.close_connection = True
                        return
                    proxy.forwarded += 1
                    dying = proxy.forwarded >= proxy.lives
                request = urllib.request.Request(
                    proxy.target + self.path, data=body or None, method=self.command,
                    headers={k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")},
                )  # fmt: skip
                with urllib.request.urlopen(request, timeout=30) as response:
                    status, payload = response.status, response.read()
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                if dying:
                    threading.Thread(target=proxy.die, daemon=True).start()

            do_PUT = do_POST = _forward

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def die(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_server_dying_mid_load_is_reported_and_a_rerun_completes(built_reasoned: Path, oxigraph: str) -> None:
    proxy = _DyingProxy(oxigraph, lives=3)
    data = str(built_reasoned / "repat-kg.nq")
    result = run_cli("load", "--endpoint", proxy.url, "--gsp-url", proxy.url + "/store", "--data", data,
                     "--retries", "1", "--timeout", "5")  # fmt: skip
    time.sleep(0.2)
    assert result.returncode == 3, result.stdout
    assert "loaded 3 of 10 graphs, not loaded: 003_1094f3a3a48ed6b8, 004_42c25d0253e96991" in result.stderr
    assert "run the same command again to finish" in result.stderr
    partial = triple_count(oxigraph + "/query")
    rerun = run_cli("load", "--endpoint", oxigraph, "--data", data)
    assert rerun.returncode == 0, rerun.stderr
    expected = nq_triples(Path(data))
    assert 0 < partial < expected == triple_count(oxigraph + "/query")


# ----------------------------------------------------------------------------- on-disk store


def test_build_store_keeps_the_graph_and_replaces_only_changed_graphs(seeds_copy: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = run_cli("build", str(seeds_copy), "-o", str(tmp_path / "out"), "--store", str(store))
    assert first.returncode == 0, first.stderr
    assert "replaced 9 graph(s), 0 unchanged" in first.stdout  # 5 articles, entities, ontology, corpus, dataset
    by_store = rows(run_cli("query", "numeric-claims", "--format", "json", "--store", str(store)))
    by_file = rows(run_cli("query", "numeric-claims", "--format", "json", "--data", str(tmp_path / "out/repat-kg.nq")))
    assert by_store == by_file and len(by_store) == 54
    again = run_cli("build", str(seeds_copy), "-o", str(tmp_path / "out"), "--store", str(store))
    assert "replaced 0 graph(s), 9 unchanged" in again.stdout
    annotation = seeds_copy / "003_1094f3a3a48ed6b8.yaml"
    text = annotation.read_text(encoding="utf-8")
    annotation.write_text(text.replace("outlet_basis: ", "outlet_basis: (re-checked) ", 1), encoding="utf-8")
    third = run_cli("build", str(seeds_copy), "-o", str(tmp_path / "out"), "--store", str(store))
    assert third.returncode == 0, third.stderr
    # The outlet's basis ranks no claim and names no source: the corpus and dataset graphs stay as they were.
    assert "replaced 1 graph(s), 8 unchanged" in third.stdout
    sources = run_cli("query", "sources", "--format", "json", "--store", str(store))
    assert sources.returncode == 0, sources.stderr
    stats = run_cli("stats", "--store", str(store))
    assert stats.returncode == 0, stats.stderr
    assert any(line.split()[-1] == "54" for line in stats.stdout.splitlines() if "numeric" in line.lower())


def test_query_on_a_missing_store_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("query", "sources", "--store", str(tmp_path / "nothing"))
    assert result.returncode == 2
    assert "store folder not found" in result.stderr


# ----------------------------------------------------------------------------- repat-kg serve


@pytest.fixture(scope="module")
def served(built_reasoned: Path) -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "repat_kg", "serve", "--data", str(built_reasoned / "repat-kg.nq"), "--port", "0",
         "--timeout", "1"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert line.startswith("serving http://127.0.0.1:"), line
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_answers_a_plain_http_client(served: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/repat-kg/ontology#NumericClaim> }"
    with urllib.request.urlopen(served + "?" + urllib.parse.urlencode({"query": query}), timeout=30) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Content-Type"] == "application/sparql-results+json"
        document = json.loads(response.read())
    assert document["results"]["bindings"][0]["n"]["value"] == "54"  # union of the named graphs
    assert sparql_json(served, query)["results"]["bindings"][0]["n"]["value"] == "54"  # type: ignore[index]
    request = urllib.request.Request(served, data=query.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.read().decode().splitlines() == ["n", "54"]


def test_canned_queries_run_through_serve_with_the_same_rows(built_reasoned: Path, served: str) -> None:
    base = served.removesuffix("/sparql")
    local = rows(run_cli("query", "official-claims", "--format", "json", "--data", str(built_reasoned / "repat-kg.nq")))
    remote = rows(run_cli("query", "official-claims", "--format", "json", "--endpoint", base, "--query-url", served))
    assert remote == local


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/sparql-update", "DROP ALL"),
        ("application/x-www-form-urlencoded", "update=DROP%20ALL"),
    ],
)
def test_serve_refuses_updates(served: str, content_type: str, body: str) -> None:
    request = urllib.request.Request(served, data=body.encode(), headers={"Content-Type": content_type})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 403
    assert b"read-only" in caught.value.read()
    assert sparql_json(served, COUNT_QUERY)["results"]["bindings"][0]["n"]["value"] != "0"  # type: ignore[index]


def test_serve_answers_cors_preflight_and_times_out_long_queries(served: str) -> None:
    request = urllib.request.Request(served, method="OPTIONS", headers={"Origin": "https://yasgui.triply.cc"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql_json(served, slow)
    assert caught.value.code == 503
    assert b"timed out after 1 s" in caught.value.read()


def test_serve_reports_a_syntax_error_as_400(served: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql_json(served, "SELECT WHERE {")
    assert caught.value.code == 400
