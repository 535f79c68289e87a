"""A real, throwaway OpenLink Virtuoso server for tests.

Usage::

    with running_virtuoso(tmp_path) as server:
        server.isql("SPARQL CLEAR GRAPH <http://example.org/g>;")
        server.bulk_load(Path("data.nq"), "http://example.org/default")
        # GSP: PUT text/turtle or application/n-triples to server.graph_url(g) with HTTP *digest* auth
        # (server.user / server.password); query with GET server.sparql_url?query=...
        # Virtuoso answers the unauthenticated first try with 401 + "Connection: close" without reading the
        # body, so urllib's HTTPDigestAuthHandler often dies with BrokenPipeError on bodies over ~1 MB: get
        # the challenge with a body-less GET first and send the Authorization header with the PUT.

The server listens on 127.0.0.1 only, on free ports chosen at run time, keeps its database in
``workdir/db`` and is always stopped (SIGTERM, then SIGKILL) when the ``with`` block ends.  It needs
the Debian package ``virtuoso-opensource-7-bin`` (``/usr/bin/virtuoso-t`` and ``/usr/bin/isql-vt``);
when that is missing, :class:`VirtuosoNotInstalledError` is raised: tests must not silently skip.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "INSTALL_HINT",
    "VirtuosoError",
    "VirtuosoNotInstalledError",
    "VirtuosoServer",
    "find_binaries",
    "running_virtuoso",
]

INSTALL_HINT = "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends virtuoso-opensource-7-bin"
SERVER_BINARY = "virtuoso-t"
ISQL_BINARY = "isql-vt"
STARTUP_TIMEOUT = 120.0  # seconds; a fresh database is usually ready in about 5 s
STOP_TIMEOUT = 30.0  # seconds between SIGTERM and SIGKILL; Virtuoso usually exits in under 2 s
_PORT_IN_USE_MARKERS = ("Failed to start listening", "Failed HTTP listen", "Address already in use")
_load_counter = itertools.count(1)


class VirtuosoError(RuntimeError):
    """The Virtuoso server failed to start, or an isql statement or a bulk load failed."""


class VirtuosoNotInstalledError(VirtuosoError):
    """virtuoso-t or isql-vt is not on PATH."""


def find_binaries() -> tuple[str, str]:
    """Return the paths of virtuoso-t and isql-vt (overridable with $VIRTUOSO_BIN and $VIRTUOSO_ISQL)."""
    server = shutil.which(os.environ.get("VIRTUOSO_BIN", SERVER_BINARY))
    isql = shutil.which(os.environ.get("VIRTUOSO_ISQL", ISQL_BINARY))
    missing = [name for name, found in ((SERVER_BINARY, server), (ISQL_BINARY, isql)) if found is None]
    if server is None or isql is None:
        raise VirtuosoNotInstalledError(
            f"OpenLink Virtuoso is not installed ({', '.join(missing)} not found on PATH). Install it with: {INSTALL_HINT}"
        )
    return server, isql


def _sql_string(text: str) -> str:
    """A single-quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


@dataclass
class VirtuosoServer:
    """A running throwaway Virtuoso server (see :func:`running_virtuoso`)."""

    http_port: int
    isql_port: int
    sparql_url: str
    gsp_url: str
    user: str = "dba"
    password: str = "dba"
    workdir: Path = field(default_factory=Path)
    log_path: Path = field(default_factory=Path)
    isql_binary: str = ISQL_BINARY

    def graph_url(self, graph: str) -> str:
        """The Graph Store Protocol URL (digest auth) of one named graph."""
        return f"{self.gsp_url}?{urllib.parse.urlencode({'graph': graph})}"

    def isql(self, sql: str, timeout: float = 600.0) -> str:
        """Run SQL statements through isql-vt and return what they printed (values only, no banner).

        Put each statement on its own line, ending with ``;`` (isql rejects two statements on one line).
        Macro substitution (``$...``) is switched off, so SPARQL variables written ``$x`` are safe.
        Raises :class:`VirtuosoError` when isql fails or any statement reports ``*** Error``:
        isql itself exits 0 after a failed statement.
        """
        script = "SET MACRO_SUBSTITUTION OFF;\n" + sql.strip() + "\n"
        if not sql.strip().endswith(";"):
            script = script.rstrip("\n") + ";\n"
        command = [
            self.isql_binary,
            f"127.0.0.1:{self.isql_port}",
            self.user,
            self.password,
            "VERBOSE=OFF",
            "BANNER=OFF",
            "PROMPT=OFF",
            "ECHO=OFF",
        ]
        result = subprocess.run(command, input=script, capture_output=True, text=True, timeout=timeout, check=False)
        if result.returncode != 0 or "*** Error" in result.stderr:
            raise VirtuosoError(
                f"isql failed (exit {result.returncode}):\n{result.stderr.strip()}\n--- statements ---\n{sql.strip()}"
            )
        return result.stdout

    def bulk_load(self, path: Path, default_graph: str) -> None:
        """Load an RDF file, or every file under a folder, with Virtuoso's bulk loader.

        The files are copied into a fresh folder under the work directory (the only place the server's
        DirsAllowed lets it read), registered with ``ld_dir_all``, loaded with ``rdf_loader_run()`` and
        made durable with ``checkpoint``.  N-Quads and TriG keep their own graph names; triples without
        one (and .ttl/.nt/.rdf files) go to ``default_graph``.  The loader adds to existing graphs; it
        never replaces them.  Raises :class:`VirtuosoError` if any file failed to load.
        """
        source = Path(path)
        if not source.exists():
            raise FileNotFoundError(source)
        target = self.workdir / "bulk" / f"load{next(_load_counter)}"
        while target.exists():  # a work directory reused from an earlier run
            target = self.workdir / "bulk" / f"load{next(_load_counter)}"
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.mkdir(parents=True)
            shutil.copy2(source, target / source.name)
        if not any(item.is_file() for item in target.rglob("*")):
            raise VirtuosoError(f"bulk_load: no files to load under {source}")
        folder = _sql_string(str(target))
        self.isql(f"ld_dir_all({folder}, '*', {_sql_string(default_graph)});\nrdf_loader_run();\ncheckpoint;\n")
        problems = self.isql(
            "SELECT ll_file || ': ' || coalesce(ll_error, 'not marked done (ll_state ' || cast(ll_state as varchar) || ')')"
            f" FROM DB.DBA.load_list WHERE ll_file LIKE {_sql_string(str(target) + '/%')}"
            " AND (ll_state <> 2 OR ll_error IS NOT NULL);\n"
        ).strip()
        if problems:
            # When one file of a run fails, Virtuoso 7.2.5 may leave the others in ll_state 1 although their
            # triples were loaded; the failing file itself is rolled back.
            raise VirtuosoError(f"bulk load of {source} failed:\n{problems}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _write_ini(workdir: Path, isql_port: int, http_port: int) -> Path:
    db = workdir / "db"
    db.mkdir(parents=True, exist_ok=True)
    (workdir / "vsp").mkdir(exist_ok=True)
    ini = workdir / "virtuoso.ini"
    ini.write_text(
        f"""\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:{isql_port}
DisableUnixSocket  = 1
DisableTcpSocket   = 0
MaxClientConnections = 10
CheckpointInterval = 60
DirsAllowed        = ., {workdir}
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
ThreadsPerQuery    = 2

[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {workdir}/vsp
ServerThreads      = 10
MaxClientConnections = 10
MaxKeepAlives      = 10
KeepAliveTimeout   = 10
Charset            = UTF-8

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
""",
        encoding="utf-8",
    )
    return ini


def _die_with_parent() -> None:
    """In the child: get SIGKILL when the process that started it dies (Linux prctl PR_SET_PDEATHSIG)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def _http_ready(sparql_url: str) -> bool:
    url = sparql_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _log_tail(log_path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)  # Virtuoso: "Initiating quick shutdown" and exits in about 1-2 s
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(timeout=STOP_TIMEOUT)


def _start(server_binary: str, workdir: Path, log_path: Path) -> tuple[subprocess.Popen[bytes], int, int]:
    """Start virtuoso-t and wait until both ports answer; retry with new ports if one was taken meanwhile."""
    last_error = ""
    for _attempt in range(3):
        isql_port, http_port = _free_port(), _free_port()
        while http_port == isql_port:
            http_port = _free_port()
        ini = _write_ini(workdir, isql_port, http_port)
        sparql_url = f"http://127.0.0.1:{http_port}/sparql"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [server_binary, "+foreground", "+configfile", str(ini)],
                cwd=workdir / "db",
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        try:
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    break
                if _http_ready(sparql_url) and _port_open(isql_port):
                    return process, isql_port, http_port
                time.sleep(0.1)
        except BaseException:
            _stop(process)
            raise
        _stop(process)
        tail = _log_tail(log_path)
        if process.returncode is None or not any(marker in tail for marker in _PORT_IN_USE_MARKERS):
            state = "timed out" if time.monotonic() >= deadline else f"exited with {process.returncode}"
            raise VirtuosoError(f"Virtuoso {state} during startup; last lines of {log_path}:\n{tail}")
        last_error = tail
    raise VirtuosoError(f"Virtuoso could not bind free ports after 3 attempts:\n{last_error}")


@contextlib.contextmanager
def running_virtuoso(workdir: Path) -> Iterator[VirtuosoServer]:
    """Start a throwaway Virtuoso in ``workdir`` (database, ini and log live there), yield it, then stop it."""
    server_binary, isql_binary = find_binaries()
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / "virtuoso.out"
    process, isql_port, http_port = _start(server_binary, workdir, log_path)
    try:
        yield VirtuosoServer(
            http_port=http_port,
            isql_port=isql_port,
            sparql_url=f"http://127.0.0.1:{http_port}/sparql",
            gsp_url=f"http://127.0.0.1:{http_port}/sparql-graph-crud-auth",
            user="dba",
            password="dba",
            workdir=workdir,
            log_path=log_path,
            isql_binary=isql_binary,
        )
    finally:
        _stop(process)
