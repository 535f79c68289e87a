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
    ours: set[int] = set()  # the tasks this process took
    arrived: dict[int, Any] = {}
    ended = 0  # workers that said they have no task left
    silent = 0.0
    try:
        for task in range(total):
            while task not in arrived:
                # collect what the workers have sent, without waiting
                while True:
                    try:
                        done, result = results.get_nowait()
                    except queues.Empty:
                        break
                    if done is None:
                        ended += 1
                    else:
                        arrived[done] = result
                if task in arrived:
                    break
                mine = _claim(counter, total)
                if mine is not None:
                    ours.add(mine)
                    arrived[mine] = run(mine)
                    continue
                # every task is taken and this one is a worker's: wait for it, or run it here if its worker is gone
                if ended == len(workers) or not any(p.is_alive() for p in workers) or silent >= SILENCE_SECONDS:
                    _drain(results, arrived)
                    if task not in arrived:
                        arrived[task] = run(task)
                    continue
                try:
                    done, result = results.get(timeout=POLL_SECONDS)
                except queues.Empty:
                    silent += POLL_SECONDS
                    continue
                silent = 0.0
                if done is None:
                    ended += 1
                else:
                    arrived[done] = result
            yield arrived.pop(task)
    finally:
        for process in workers:
            if process.is_alive():
                process.terminate()
            process.join()
        results.close()


def _drain(results: Any, arrived: dict[int, Any]) -> None:
    """What the workers put on the queue before they ended."""
    while True:
        try:
            done, result = results.get(timeout=0.05)
        except (queues.Empty, OSError, EOFError):
            return
        if done is not None:
            arrived.setdefault(done, result)
