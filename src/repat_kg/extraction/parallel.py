"""Run numbered tasks in this process and J-1 forked workers, each taken by whichever is free, results in order.

A batch is cut into tasks (a few articles each: parse, rules and draft). A task counter shared by the
processes hands the next task to whichever process asks first, so a process slowed by the rest of a
shared machine simply takes fewer, and this process, which also writes the results, takes fewer again.
A worker sends each result back on a queue; this process keeps the results that arrive early and yields
them in task order. Each process does its matrix products on one BLAS thread, so --jobs N uses N cores.
Where ``fork`` is not available (Windows, macOS defaults) every task runs here. A task a worker took but
did not hand back (the worker failed, or fell silent for SILENCE_SECONDS) is run here: the results are
the same, only later.
"""

from __future__ import annotations

import multiprocessing
import queue as queues
from collections.abc import Callable, Iterator
from typing import Any

# A worker silent for this long while alive is stopped, and the tasks it took are run here.
SILENCE_SECONDS = 600.0
POLL_SECONDS = 0.5


def _claim(counter: Any, total: int) -> int | None:
    """The next task nobody has taken, or None when all are taken."""
    with counter.get_lock():
        task = int(counter.value)
        if task >= total:
            return None
        counter.value = task + 1
    return task


def _worker(run: Callable[[int], Any], total: int, counter: Any, results: Any) -> None:
    """Take tasks until none are left, putting (task, result) on the queue; (None, None) at the end."""
    while (task := _claim(counter, total)) is not None:
        results.put((task, run(task)))
    results.put((None, None))


def run_in_order(run: Callable[[int], Any], total: int, jobs: int) -> Iterator[Any]:
    """``run(0)``, ..., ``run(total - 1)``, in this process and ``jobs - 1`` forked workers, in task order."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):  # --jobs 1 is one core; inherited by forked workers
        if jobs <= 1 or total < 2 or "fork" not in multiprocessing.get_all_start_methods():
            for task in range(total):
                yield run(task)
            return
        yield from _run_forked(run, total, min(jobs, total))


def _run_forked(run: Callable[[int], Any], total: int, jobs: int) -> Iterator[Any]:
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    results = context.Queue()
    workers = [
        context.Process(target=_worker, args=(run, total, counter, results), daemon=True) for _ in range(jobs - 1)
    ]
    for process in workers:
        process.start()
    arrived: dict[int, Any] = {}
    ended = 0  # workers that said they have no task left
    silent = 0.0
    try:
        for task in range(total):
            while task not in arrived:
                ended += _collect(results, arrived, 0.0)[1]  # what the workers have sent, without waiting
                if task in arrived:
                    break
                mine = _claim(counter, total)
                if mine is not None:
                    arrived[mine] = run(mine)
                    continue
                # every task is taken and this one is a worker's: wait for it, or run it here if its worker is gone
                if ended == len(workers) or not any(p.is_alive() for p in workers) or silent >= SILENCE_SECONDS:
                    _collect(results, arrived, 0.05)  # what they put on the queue before they ended
                    if task not in arrived:
                        arrived[task] = run(task)
                    continue
                received, ends = _collect(results, arrived, POLL_SECONDS)
                ended += ends
                silent = 0.0 if received or ends else silent + POLL_SECONDS
            yield arrived.pop(task)
    finally:
        for process in workers:
            if process.is_alive():
                process.terminate()
            process.join()
        results.close()


def _collect(results: Any, arrived: dict[int, Any], wait: float) -> tuple[int, int]:
    """Move what the workers have sent into ``arrived``, waiting up to ``wait`` seconds for the first
    message: (results, end markers) received. A queue broken by a dying worker has nothing more."""
    received = ends = 0
    while True:
        try:
            done, result = results.get(timeout=wait)
        except (queues.Empty, OSError, EOFError):
            return received, ends
        wait = 0.0
        if done is None:
            ends += 1
        else:
            arrived.setdefault(done, result)
            received += 1
