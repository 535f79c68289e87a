"""Shared fixtures: the project folders and one validated build of the seeds."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run repat-kg as a user would, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "repat_kg", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of `repat-kg build seeds -o OUT` (validated)."""
    out = tmp_path_factory.mktemp("build")
    result = run_cli("build", str(SEEDS), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def built_reasoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of `repat-kg build seeds -o OUT --reason`: every named graph, inferred included."""
    out = tmp_path_factory.mktemp("build-reasoned")
    result = run_cli("build", str(SEEDS), "-o", str(out), "--reason")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed folder, to break on purpose."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def stop_process(process: subprocess.Popen[Any]) -> None:
    """End a server the test started: SIGTERM, then SIGKILL if it has not gone within 10 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_binary() -> str:
    """The `oxigraph` server of the test environment (pip package oxigraph); a missing one fails the test."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert found, "the oxigraph server is missing: pip install '.[test]' installs it"
    return found


@contextmanager
def oxigraph_server(location: Path, *extra: str) -> Iterator[str]:
    """Run `oxigraph serve` on a free 127.0.0.1 port with its data in ``location``; yield its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve did not start: {process.stderr.read()!r}") from None
                time.sleep(0.1)
        yield url
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def wikidata_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A local SPARQL endpoint holding the small Wikidata-shaped fixture; yields its query URL."""
    with oxigraph_server(tmp_path_factory.mktemp("wikidata-store")) as url:
        data = (Path(__file__).parent / "data" / "wikidata-fixture.ttl").read_bytes()
        request = urllib.request.Request(
            url + "/store?default", data=data, method="PUT", headers={"Content-Type": "text/turtle"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 201, 204)
        yield url + "/query"
