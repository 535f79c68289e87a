"""Parse paragraphs with spaCy in this process and J-1 forked workers, yielding the Docs in input order.

spaCy's own ``nlp.pipe(n_process=J)`` starts J workers and leaves this process to receive their Docs and
run the rules, so J=2 on a 2-core machine keeps three busy processes on two cores. Here this process
parses the first share of the paragraphs itself, and runs the rules on them as they come, while each
worker parses a later share into a file; then the workers' Docs are read back in order. The shares are
sized so that this process, which also runs the rules on every article, finishes with the workers. Where
``fork`` is not available (Windows, macOS defaults) spaCy's own ``n_process`` is used. A worker that fails
has its share parsed here: the result is the same, only later.
"""

from __future__ import annotations

import multiprocessing
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BATCH_SIZE = 64
# Costs relative to parsing a character: the rules and drafts (run here on every article) and sending a
# parsed Doc from a worker (Doc.to_bytes there, Doc.from_bytes here); measured on benchmarks/extract.py.
RULES_COST = 0.25
TRANSFER_COST = 0.1


def main_share(jobs: int) -> float:
    """The fraction of the text this process parses when ``jobs - 1`` workers parse the rest, so that all
    finish together: m + RULES + TRANSFER * (1 - m) = (1 + TRANSFER) * (1 - m) / (jobs - 1)."""
    workers = jobs - 1
    per_worker = (1 + TRANSFER_COST) / workers
    share = (per_worker - RULES_COST - TRANSFER_COST) / (1 - TRANSFER_COST + per_worker)
    return min(1.0, max(0.0, share))


def shares(sizes: list[int], jobs: int) -> list[tuple[int, int]]:
    """Contiguous [start, end) ranges of the items: this process's first, then one per worker."""
    total = sum(sizes) or 1
    first = main_share(jobs)
    bounds = [0.0, first] + [first + (1 - first) * k / (jobs - 1) for k in range(1, jobs)]
    ranges, start, done, position = [], 0, 0, 0
    for target in bounds[1:]:
        while position < len(sizes) and done + sizes[position] / 2 <= target * total:
            done += sizes[position]
            position += 1
        ranges.append((start, position))
        start = position
    ranges[-1] = (ranges[-1][0], len(sizes))
    return ranges


def _worker(nlp: Any, texts: list[str], path: str) -> None:
    data = [doc.to_bytes() for doc in nlp.pipe(texts, batch_size=BATCH_SIZE)]
    Path(path).write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def parse_in_order(nlp: Any, items: list[tuple[str, Any]], jobs: int) -> Iterator[tuple[Any, Any]]:
    """(Doc, context) for every (text, context) of ``items``, in order."""
    if jobs <= 1 or len(items) < 2 * jobs:
        yield from nlp.pipe(items, as_tuples=True, batch_size=BATCH_SIZE)
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        yield from nlp.pipe(items, as_tuples=True, batch_size=BATCH_SIZE, n_process=jobs)
        return
    from spacy.tokens import Doc

    context = multiprocessing.get_context("fork")
    ranges = shares([len(text) for text, _ in items], jobs)
    with tempfile.TemporaryDirectory(prefix="repat-kg-parse-") as scratch:
        workers = []
        for number, (start, end) in enumerate(ranges[1:], start=1):
            path = str(Path(scratch) / f"{number}.pickle")
            process = context.Process(target=_worker, args=(nlp, [t for t, _ in items[start:end]], path), daemon=True)
            process.start()
            workers.append((process, path, start, end))
        try:
            start, end = ranges[0]
            yield from nlp.pipe(items[start:end], as_tuples=True, batch_size=BATCH_SIZE)
            for process, path, start, end in workers:
                process.join()
                data = None
                if process.exitcode == 0:
                    try:
                        data = pickle.loads(Path(path).read_bytes())
                    except (OSError, pickle.UnpicklingError, EOFError):
                        data = None
                if data is None or len(data) != end - start:
                    yield from nlp.pipe(items[start:end], as_tuples=True, batch_size=BATCH_SIZE)
                    continue
                for (_, item_context), payload in zip(items[start:end], data, strict=True):
                    yield Doc(nlp.vocab).from_bytes(payload), item_context
        finally:
            for process, _, _, _ in workers:
                if process.is_alive():
                    process.terminate()
                    process.join()
