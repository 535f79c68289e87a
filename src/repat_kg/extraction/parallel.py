"""Parse paragraphs with spaCy in this process and J-1 forked workers, yielding the Docs in input order.

spaCy's own ``nlp.pipe(n_process=J)`` starts J workers and leaves this process to receive their Docs and
run the rules, so J=2 on a 2-core machine keeps three busy processes on two cores. Here this process
parses the first share of the paragraphs itself, and runs the rules on them as they come, while each
worker parses a later share and hands it over one batch at a time (a DocBin file, announced on a queue),
so the rules run on a worker's first articles while it parses its last ones. The shares are sized so that
this process, which also runs the rules on every article, finishes with the workers. Each process does
its matrix products on one BLAS thread, since the processes already fill the cores. Where ``fork`` is not
available (Windows, macOS defaults) spaCy's own ``n_process`` is used. A worker that fails or falls
silent has the rest of its share parsed here: the result is the same, only later.
"""

from __future__ import annotations

import multiprocessing
import queue as queues
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BATCH_SIZE = 64
# What a worker sends back of each parsed paragraph: the token attributes the rules read (a DocBin keeps the
# parse, sentences and entities from these). A DocBin is a tenth of the bytes of Doc.to_bytes and written
# and read back in a sixth of the time.
SENT_ATTRS = ("ORTH", "NORM", "LEMMA", "TAG", "POS", "MORPH", "HEAD", "DEP", "SENT_START", "ENT_IOB", "ENT_TYPE",
              "SPACY")  # fmt: skip
# Costs relative to parsing a paragraph: the rules and drafts (run here on every article), writing a
# worker's parsed batch there and reading it back here; measured on the 100 articles of
# benchmarks/extract.py (parse 7.8 s, rules and drafts 0.87 s, DocBins 0.45 s to write, 0.22 s to read).
RULES_COST = 0.11
SEND_COST = 0.06
RECEIVE_COST = 0.03
# A worker that announces no batch for this long while alive is stopped and its share parsed here.
SILENCE_SECONDS = 600.0
POLL_SECONDS = 0.5


def main_share(jobs: int) -> float:
    """The fraction of the text this process parses when ``jobs - 1`` workers parse the rest, so that all
    finish together: m + RULES + RECEIVE * (1 - m) = (1 + SEND) * (1 - m) / (jobs - 1)."""
    per_worker = (1 + SEND_COST) / (jobs - 1)
    share = (per_worker - RULES_COST - RECEIVE_COST) / (1 - RECEIVE_COST + per_worker)
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


def _worker(nlp: Any, texts: list[str], folder: str, announce: Any) -> None:
    """Parse ``texts``, writing each batch of Docs to folder/<k>.spacy and then putting k on the queue."""
    from spacy.tokens import DocBin

    batch, number = DocBin(attrs=list(SENT_ATTRS), store_user_data=False), 0
    for count, doc in enumerate(nlp.pipe(texts, batch_size=BATCH_SIZE), start=1):
        batch.add(doc)
        if count % BATCH_SIZE == 0 or count == len(texts):
            Path(folder, f"{number}.spacy").write_bytes(batch.to_bytes())
            announce.put(number)
            batch, number = DocBin(attrs=list(SENT_ATTRS), store_user_data=False), number + 1
    announce.put(None)  # the end, so the reader does not wait for the process to exit


def _received(nlp: Any, process: Any, folder: str, announced: Any) -> Iterator[Any]:
    """The Docs a worker hands over, batch by batch, until it ends, fails or falls silent."""
    from spacy.tokens import DocBin

    expected, silent = 0, 0.0
    while True:
        try:
            number = announced.get(timeout=POLL_SECONDS)
        except queues.Empty:
            if not process.is_alive():
                try:  # what it announced just before it ended
                    number = announced.get(timeout=POLL_SECONDS)
                except queues.Empty:
                    return
            else:
                silent += POLL_SECONDS
                if silent >= SILENCE_SECONDS:
                    return
                continue
        silent = 0.0
        if number != expected:  # None: the worker has handed over everything
            return
        try:
            docs = list(DocBin().from_bytes(Path(folder, f"{number}.spacy").read_bytes()).get_docs(nlp.vocab))
        except (OSError, ValueError, KeyError):
            return
        expected += 1
        yield from docs


def parse_in_order(nlp: Any, items: list[tuple[str, Any]], jobs: int) -> Iterator[tuple[Any, Any]]:
    """(Doc, context) for every (text, context) of ``items``, in order."""
    if jobs <= 1 or len(items) < 2 * jobs:
        yield from nlp.pipe(items, as_tuples=True, batch_size=BATCH_SIZE)
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):  # inherited by the forked workers
        if "fork" not in multiprocessing.get_all_start_methods():
            yield from nlp.pipe(items, as_tuples=True, batch_size=BATCH_SIZE, n_process=jobs)
            return
        yield from _parse_forked(nlp, items, jobs)


def _parse_forked(nlp: Any, items: list[tuple[str, Any]], jobs: int) -> Iterator[tuple[Any, Any]]:
    context = multiprocessing.get_context("fork")
    ranges = shares([len(text) for text, _ in items], jobs)
    with tempfile.TemporaryDirectory(prefix="repat-kg-parse-") as scratch:
        workers = []
        for number, (start, end) in enumerate(ranges[1:], start=1):
            folder = str(Path(scratch, str(number)))
            Path(folder).mkdir()
            announced = context.Queue()
            texts = [text for text, _ in items[start:end]]
            process = context.Process(target=_worker, args=(nlp, texts, folder, announced), daemon=True)
            process.start()
            workers.append((process, folder, announced, start, end))
        try:
            start, end = ranges[0]
            yield from nlp.pipe(items[start:end], as_tuples=True, batch_size=BATCH_SIZE)
            for process, folder, announced, start, end in workers:
                position = start
                if position < end:
                    for doc in _received(nlp, process, folder, announced):
                        yield doc, items[position][1]
                        position += 1
                        if position == end:
                            break
                if position < end:  # the worker failed or fell silent: the rest is parsed here
                    if process.is_alive():
                        process.terminate()
                    yield from nlp.pipe(items[position:end], as_tuples=True, batch_size=BATCH_SIZE)
                process.join()
        finally:
            for process, _, announced, _, _ in workers:
                if process.is_alive():
                    process.terminate()
                process.join()
                announced.close()
