"""Unit tests of the task runner: every task run once, results in task order, whoever ran it and whatever failed."""

from __future__ import annotations

import os
import time

import pytest

from repat_kg.extraction import parallel

PARENT = os.getpid()


def _slow(task: int) -> tuple[int, int]:
    time.sleep(0.05 if os.getpid() == PARENT else 0.01)  # this process slower: the workers surely take some
    return task * task, os.getpid()


def test_one_job_runs_every_task_here_in_order() -> None:
    assert list(parallel.run_in_order(_slow, 5, 1)) == [(n * n, PARENT) for n in range(5)]


@pytest.mark.parametrize("jobs", [2, 3])
def test_the_tasks_are_shared_between_the_processes_and_the_results_come_in_task_order(jobs: int) -> None:
    results = list(parallel.run_in_order(_slow, 40, jobs))
    assert [value for value, _ in results] == [n * n for n in range(40)]
    runners = {pid for _, pid in results}
    assert PARENT in runners and len(runners) >= 2  # this process and the workers took some of the tasks


def test_the_tasks_of_a_worker_that_dies_are_run_here() -> None:
    def dies_in_a_worker(task: int) -> tuple[int, int]:
        if os.getpid() != PARENT and task >= 3:
            os._exit(1)  # a worker crashes on the task it has just taken
        return _slow(task)

    results = list(parallel.run_in_order(dies_in_a_worker, 30, 2))
    assert [value for value, _ in results] == [n * n for n in range(30)]


def test_the_tasks_of_a_silent_worker_are_run_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def hangs_in_a_worker(task: int) -> tuple[int, int]:
        if os.getpid() != PARENT:
            time.sleep(60)
        return _slow(task)

    monkeypatch.setattr(parallel, "SILENCE_SECONDS", 1.0)
    monkeypatch.setattr(parallel, "POLL_SECONDS", 0.1)
    started = time.monotonic()
    results = list(parallel.run_in_order(hangs_in_a_worker, 10, 2))
    assert [value for value, _ in results] == [n * n for n in range(10)]
    assert {pid for _, pid in results} == {PARENT}
    assert time.monotonic() - started < 30


def test_a_task_that_raises_here_stops_the_run_and_its_workers() -> None:
    def fails_here(task: int) -> int:
        if os.getpid() == PARENT:  # the first task this process takes (it takes one before a worker is up)
            raise ValueError("a task fails")
        time.sleep(0.02)
        return task

    with pytest.raises(ValueError, match="a task fails"):
        list(parallel.run_in_order(fails_here, 20, 2))
