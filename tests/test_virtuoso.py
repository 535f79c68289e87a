"""The same end-to-end checks against a real OpenLink Virtuoso: GSP load with digest auth, bulk loader, queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import run_cli
from test_stores import EMPTY_ON_SEEDS, LOCAL_QUERIES, PARAMS, nq_triples, rows, triple_count
from virtuoso_server import VirtuosoServer, running_virtuoso

COUNT = (
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/repat-kg/')) }"
)


def count(server: VirtuosoServer) -> int:
    return triple_count(server.sparql_url, COUNT)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def base(server: VirtuosoServer) -> str:
    return f"http://127.0.0.1:{server.http_port}"


def load(server: VirtuosoServer, data: Path, password: str = "dba") -> object:
    return run_cli("load", "--endpoint", base(server), "--preset", "virtuoso", "--user", "dba",
                   "--password", password, "--data", str(data))  # fmt: skip


@pytest.fixture(scope="module")
def loaded(virtuoso: VirtuosoServer, built_reasoned: Path) -> VirtuosoServer:
    result = load(virtuoso, built_reasoned / "repat-kg.nq")
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    return virtuoso


def test_gsp_load_with_digest_auth_is_idempotent(loaded: VirtuosoServer, built_reasoned: Path) -> None:
    data = built_reasoned / "repat-kg.nq"
    assert count(loaded) == nq_triples(data)
    again = load(loaded, data)
    assert again.returncode == 0, again.stderr  # type: ignore[attr-defined]
    assert count(loaded) == nq_triples(data)


@pytest.mark.parametrize("name", LOCAL_QUERIES)
def test_every_canned_query_gives_the_same_rows_in_virtuoso(
    loaded: VirtuosoServer, built_reasoned: Path, name: str
) -> None:
    args = ["query", name, *PARAMS.get(name, []), "--format", "json"]
    local = rows(run_cli(*args, "--data", str(built_reasoned / "repat-kg.nq")))
    remote = rows(run_cli(*args, "--endpoint", base(loaded), "--preset", "virtuoso"))
    assert bool(local) != (name in EMPTY_ON_SEEDS), f"{name} returned {len(local)} rows"
    assert remote == local


def test_a_wrong_password_is_a_one_line_401(virtuoso: VirtuosoServer, built_reasoned: Path) -> None:
    result = load(virtuoso, built_reasoned / "repat-kg.nq", password="wrong")
    assert result.returncode == 3  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    assert "refused the request as 'dba': HTTP 401" in stderr and stderr.count("\n") == 1


def test_bulk_loader_keeps_the_named_graphs(tmp_path: Path, built_reasoned: Path) -> None:
    data = built_reasoned / "repat-kg.nq"
    with running_virtuoso(tmp_path / "bulk") as server:
        server.bulk_load(data, "https://w3id.org/repat-kg/id/graph/default")
        assert count(server) == nq_triples(data)
        local = rows(run_cli("query", "sources", "--format", "json", "--data", str(data)))
        remote = rows(
            run_cli("query", "sources", "--format", "json", "--endpoint", base(server), "--preset", "virtuoso")
        )
        assert remote == local
