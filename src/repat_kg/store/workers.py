"""Run SPARQL work in child processes that are killed and replaced when they pass their deadline.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so a query that must be
stopped runs in a process of its own. Each worker process opens the store once (``opener``, a
picklable callable), then runs tasks (a picklable function and its arguments) one at a time.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from repat_kg.errors import InputError, QueryTimeoutError, RepatKgError, ServiceError

START_SECONDS = 120.0  # a worker opening a big store (or building the seeds) may take a while
_PR_SET_PDEATHSIG = 1
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000


class WorkerBusyError(RepatKgError):
    """Every worker stayed busy until the request's deadline."""


def _context(fork: bool = False) -> Any:
    """fork (cheap) only from a process with no other thread; else spawn, a fresh interpreter, so that
    a child never inherits a lock another thread held."""
    if fork and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent dies, even mid-query."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def isolate_network() -> bool:
    """Linux: move this (single-threaded) process into a new, empty network namespace.

    Afterwards no socket can reach any other host or port, the local machine's included. Needs
    unprivileged user namespaces (or root); returns False, changing nothing, where they are off.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    return any(libc.unshare(flags) == 0 for flags in (_CLONE_NEWUSER | _CLONE_NEWNET, _CLONE_NEWNET))


def _worker_main(connection: Connection, opener: Callable[[], ox.Store], offline: bool) -> None:
    """The loop of a worker process: open the store, then answer tasks until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent decides
    _die_with_parent()
    # Before the store starts any thread; the SERVICE check stays the first defence.
    isolated = isolate_network() if offline else False
    try:
        store = opener()
    except Exception as exc:  # reported to the parent, which raises it there
        connection.send(("failed", _portable(exc)))
        return
    connection.send(("ready", isolated))
    while True:
        try:
            function, arguments = connection.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = ("ok", function(store, *arguments))
        except Exception as exc:
            outcome = ("failed", _portable(exc))
        connection.send(outcome)


def _portable(exc: BaseException) -> Exception:
    """An exception that survives pickling with its one-line message (and exit code)."""
    for kind in (QueryTimeoutError, InputError, ServiceError):
        if isinstance(exc, kind):
            return kind(str(exc))
    return ServiceError(f"the query worker failed: {type(exc).__name__}: {exc}")


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, opener: Callable[[], ox.Store], offline: bool, daemon: bool = True, fork: bool = False):
        context = _context(fork)
        self.connection, child_end = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child_end, opener, offline), daemon=daemon, name="repat-kg-query"
        )
        self.process.start()
        child_end.close()
        self.isolated = False  # whether it runs in an empty network namespace; known once ready

    def wait_ready(self, seconds: float = START_SECONDS) -> None:
        """Block until the worker has opened its store; raise its error if it could not."""
        try:
            if not self.connection.poll(seconds):
                self.kill()
                raise ServiceError(f"a query worker did not start within {seconds:g} s")
            status, value = self.connection.recv()
        except (EOFError, OSError):
            self.kill()
            raise ServiceError("a query worker died while opening the store") from None
        if status != "ready":
            self.kill()
            raise _restore(value)
        self.isolated = bool(value)

    def call(self, seconds: float | None, function: Callable[..., Any], *arguments: Any) -> Any:
        """``function(store, *arguments)`` in the worker; killed (QueryTimeoutError) after ``seconds``."""
        try:
            self.connection.send((function, arguments))
            ready = self.connection.poll(None if seconds is None else max(seconds, 0.0))
            if not ready:
                self.kill()
                raise QueryTimeoutError(f"the query timed out after {seconds:g} s")
            status, value = self.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self.kill()
            raise ServiceError("the query worker died (out of memory?)") from None
        except BaseException:  # KeyboardInterrupt included: never leave a query running
            self.kill()
            raise
        if status == "failed":
            raise _restore(value)
        return value

    @property
    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def kill(self) -> None:
        """Stop the process at once, whatever it is doing."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


def _restore(value: object) -> Exception:
    return value if isinstance(value, Exception) else ServiceError(f"the query worker failed: {value}")


@contextmanager
def one_worker(opener: Callable[[], ox.Store], offline: bool = False) -> Iterator[Worker]:
    """A single worker for one command; killed on leaving (Ctrl-C included).

    Not a daemon, so that it may start processes of its own (a build of the seeds may); forked
    where that is safe, since a command is single-threaded.
    """
    worker = Worker(opener, offline, daemon=False, fork=True)
    try:
        worker.wait_ready()
        yield worker
    finally:
        worker.kill()


class WorkerPool:
    """A fixed number of workers; a task that passes its deadline costs its worker, which is replaced."""

    def __init__(self, opener: Callable[[], ox.Store], size: int, offline: bool = False):
        if size < 1:
            raise RepatKgError("a pool needs at least one worker")
        self.opener, self.size, self.offline = opener, size, offline
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.closed = False
        self.lock = threading.Lock()
        self.workers: list[Worker] = []
        # Replacements start from this one long-lived thread: Linux sends PDEATHSIG when the *thread*
        # that started a child ends, so a child of a short-lived thread would die with it.
        self.wanted: queue.Queue[None] = queue.Queue()
        threading.Thread(target=self._respawn, daemon=True, name="repat-kg-respawn").start()
        started = [self._spawn() for _ in range(size)]
        try:
            for worker in started:
                worker.wait_ready()
                self.idle.put(worker)
        except BaseException:
            self.close()
            raise

    def _spawn(self) -> Worker:
        worker = Worker(self.opener, self.offline)
        with self.lock:
            self.workers.append(worker)
        return worker

    def _replace(self, worker: Worker) -> None:
        with self.lock:
            if worker in self.workers:
                self.workers.remove(worker)
        if not self.closed:
            self.wanted.put(None)

    def _respawn(self) -> None:
        while True:
            self.wanted.get()
            if self.closed:
                return
            try:
                fresh = self._spawn()
                fresh.wait_ready()
            except RepatKgError:
                continue  # the store is gone; the pool has one worker less
            if self.closed:
                fresh.kill()
                return
            self.idle.put(fresh)

    def call(self, seconds: float, function: Callable[..., Any], *arguments: Any) -> Any:
        """Run a task on the next free worker; the wait for a free one counts against ``seconds``."""
        deadline = time.monotonic() + seconds
        try:
            worker = self.idle.get(timeout=max(seconds, 0.0))
        except queue.Empty:
            raise WorkerBusyError(f"every query worker stayed busy for {seconds:g} s") from None
        try:
            result = worker.call(deadline - time.monotonic(), function, *arguments)
        except QueryTimeoutError:
            self._replace(worker)
            raise QueryTimeoutError(f"the query timed out after {seconds:g} s") from None
        except (ServiceError, KeyboardInterrupt):
            if not worker.alive:
                self._replace(worker)
            else:
                self.idle.put(worker)
            raise
        except BaseException:
            self.idle.put(worker)
            raise
        self.idle.put(worker)
        return result

    def close(self) -> None:
        """Kill every worker now (running queries included)."""
        self.closed = True
        self.wanted.put(None)
        with self.lock:
            workers, self.workers = list(self.workers), []
        for worker in workers:
            if worker.process.is_alive():
                worker.process.kill()
        for worker in workers:
            worker.kill()
