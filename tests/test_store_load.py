"""`repat-kg load` refuses an endpoint that names a protocol path, and checks each graph's count after the load
(real Oxigraph and Virtuoso servers)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import oxigraph_server, run_cli
from test_errors import assert_bad_input
from test_stores import nq_triples, triple_count
from virtuoso_server import VirtuosoServer, running_virtuoso

ARTICLE_GRAPH = "https://w3id.org/repat-kg/id/graph/003_1094f3a3a48ed6b8"


def one_triple_short(data: Path, target: Path) -> int:
    """``data`` without its first quad in ARTICLE_GRAPH; returns how many quads that graph keeps."""
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    in_graph = [i for i, line in enumerate(lines) if line.rstrip().endswith(f"<{ARTICLE_GRAPH}> .")]
    assert len(in_graph) > 100, "the article graph is where the seeds put it"
    del lines[in_graph[0]]
    target.write_text("".join(lines), encoding="utf-8")
    return len(in_graph) - 1


@pytest.fixture(scope="module")
def two_oxigraphs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    with oxigraph_server(tmp_path_factory.mktemp("ox-a")) as a, oxigraph_server(tmp_path_factory.mktemp("ox-b")) as b:
        yield a, b


@pytest.mark.parametrize("path", ["/store", "/store/", "/query", "/update"])
def test_oxigraph_endpoint_naming_a_protocol_path_is_refused_before_anything_is_sent(
    built_reasoned: Path, two_oxigraphs: tuple[str, str], path: str
) -> None:
    server = two_oxigraphs[1]
    result = run_cli("load", "--endpoint", server + path, "--data", str(built_reasoned / "repat-kg.nq"))
    assert_bad_input(result, f"already names the oxigraph protocol path {path.rstrip('/')}", f"({server})")
    assert triple_count(server + "/query") == 0


def test_a_load_into_oxigraph_is_verified_graph_by_graph(built_reasoned: Path, two_oxigraphs: tuple[str, str]) -> None:
    a, b = two_oxigraphs
    data = built_reasoned / "repat-kg.nq"
    loaded = run_cli("load", "--endpoint", a, "--data", str(data))
    assert loaded.returncode == 0, loaded.stderr
    assert triple_count(a + "/query") == nq_triples(data)
    # Sent to B, counted on A (which holds the whole graph): the article graph is one triple short of A's.
    short = one_triple_short(data, built_reasoned.parent / "short.nq")
    result = run_cli("load", "--endpoint", a, "--gsp-url", b + "/store", "--query-url", a + "/query",
                     "--data", str(built_reasoned.parent / "short.nq"))  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == [
        f"repat-kg: error: after the load, graph <{ARTICLE_GRAPH}> holds {short + 1} triple(s) at {a}/query, "
        f"but {short} were sent to {b}/store"
    ]


def test_a_load_that_lands_elsewhere_is_a_service_error(built_reasoned: Path, tmp_path: Path) -> None:
    """The documented Graph Store URL given as --gsp-url's base: every graph would land in .../store/store."""
    data = built_reasoned / "repat-kg.nq"
    with oxigraph_server(tmp_path / "ox") as url:
        result = run_cli("load", "--endpoint", url, "--gsp-url", url + "/store/store", "--data", str(data))
        assert result.returncode == 3, result.stderr
        assert "holds 0 triple(s)" in result.stderr and result.stderr.count("\n") == 1
        assert "other graph(s) differ too" in result.stderr


# ----------------------------------------------------------------------------- Virtuoso


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso-load")) as server:
        yield server


@pytest.mark.parametrize("path", ["/sparql-graph-crud-auth", "/sparql-graph-crud", "/sparql"])
def test_virtuoso_endpoint_naming_a_protocol_path_is_refused(
    built_reasoned: Path, virtuoso: VirtuosoServer, path: str
) -> None:
    base = f"http://127.0.0.1:{virtuoso.http_port}"
    result = run_cli("load", "--endpoint", base + path, "--preset", "virtuoso", "--user", "dba", "--password", "dba",
                     "--data", str(built_reasoned / "repat-kg.nq"))  # fmt: skip
    assert_bad_input(result, f"already names the virtuoso protocol path {path}", f"({base})")


def test_a_load_into_virtuoso_is_verified_graph_by_graph(
    built_reasoned: Path, virtuoso: VirtuosoServer, two_oxigraphs: tuple[str, str], tmp_path: Path
) -> None:
    base = f"http://127.0.0.1:{virtuoso.http_port}"
    data = built_reasoned / "repat-kg.nq"
    loaded = run_cli("load", "--endpoint", base, "--preset", "virtuoso", "--user", "dba", "--password", "dba",
                     "--data", str(data))  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr  # every graph's count on Virtuoso matched
    # Sent to an Oxigraph server, counted on Virtuoso (which holds the whole graph).
    short = one_triple_short(data, tmp_path / "short.nq")
    b = two_oxigraphs[1]
    result = run_cli("load", "--endpoint", base, "--preset", "virtuoso", "--gsp-url", b + "/store",
                     "--query-url", virtuoso.sparql_url, "--data", str(tmp_path / "short.nq"))  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert f"graph <{ARTICLE_GRAPH}> holds {short + 1} triple(s) at {virtuoso.sparql_url}, but {short} were sent" in (
        result.stderr
    )
