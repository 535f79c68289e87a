"""Unit tests of the parallel parse: every paragraph parsed once, in input order, as one process parses it."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path
from typing import Any

import pytest

from repat_kg.extraction import parallel
from repat_kg.extraction.nlp import load_pipeline

TEXTS = [
    "France on Saturday repatriated 24 children and 7 women from al-Hol camp, a security source said.",
    "The camps were set up for people fleeing the fighting.",
    "“We need the support of the coalition,” Aigerim Korhonen, spokesperson for the SDF, said.",
    "Eight of the children are orphans, according to the Autonomous Administration.",
    "Water is brought in by truck, and queues form early in the morning.",
    "Kurdish authorities handed the group over to a French delegation at Qamishli airport.",
    "Nationals of 63 countries are held in the camps, according to the United Nations.",
    "Children play football between the tents.",
]


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_pipeline().nlp


def _annotations(doc: Any) -> list[tuple[str, str, str, int, str, str, bool]]:
    return [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_, t.lemma_, bool(t.is_sent_start)) for t in doc]


def test_the_shares_cover_every_item_once_in_order() -> None:
    sizes = [100] * 40
    ranges = parallel.shares(sizes, 2)
    assert ranges[0][0] == 0 and ranges[-1][1] == 40
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    # this process also runs the rules on every article, so it parses the smaller share
    assert ranges == [(0, 18), (18, 40)]
    assert len(parallel.shares(sizes, 4)) == 4


def test_two_jobs_give_the_docs_one_job_gives_in_the_same_order(nlp: Any) -> None:
    items = [(text, number) for number, text in enumerate(TEXTS)]
    one = [(_annotations(doc), number) for doc, number in parallel.parse_in_order(nlp, items, 1)]
    two = [(_annotations(doc), number) for doc, number in parallel.parse_in_order(nlp, items, 2)]
    assert [number for _, number in two] == list(range(len(TEXTS)))
    assert two == one


def test_a_failing_worker_has_its_share_parsed_here(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(nlp: Any, texts: list[str], folder: str, announce: Any) -> None:
        raise RuntimeError("worker fails")

    monkeypatch.setattr(parallel, "_worker", broken)  # the forked worker runs the patched function
    items = [(text, number) for number, text in enumerate(TEXTS)]
    docs = list(parallel.parse_in_order(nlp, items, 2))
    assert [doc.text for doc, _ in docs] == TEXTS
    assert [number for _, number in docs] == list(range(len(TEXTS)))


# more paragraphs than one batch, so a worker hands over several
MANY = [(f"{text} ({number})", number) for number, text in enumerate(TEXTS * 40)]


def test_a_worker_hands_its_share_over_batch_by_batch(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    handed: list[int] = []  # the batch files written when each Doc is handed over
    real_received = parallel._received

    def received(nlp: Any, process: Any, folder: str, announced: Any) -> Any:
        for doc in real_received(nlp, process, folder, announced):
            handed.append(len(list(Path(folder).glob("*.spacy"))))
            yield doc

    monkeypatch.setattr(parallel, "_received", received)
    docs = list(parallel.parse_in_order(nlp, MANY, 2))
    assert [number for _, number in docs] == list(range(len(MANY)))
    assert [doc.text for doc, _ in docs] == [text for text, _ in MANY]
    start, end = parallel.shares([len(text) for text, _ in MANY], 2)[1]
    assert len(handed) == end - start and end - start > 2 * parallel.BATCH_SIZE
    assert max(handed) == -(-(end - start) // parallel.BATCH_SIZE)  # one file per batch of 64


def test_a_worker_dying_after_its_first_batch_has_the_rest_parsed_here(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_worker = parallel._worker

    def dies(nlp: Any, texts: list[str], folder: str, announce: Any) -> None:
        real_worker(nlp, texts[: parallel.BATCH_SIZE], folder, _WithoutEnd(announce))
        announce.close()
        announce.join_thread()
        os._exit(1)

    monkeypatch.setattr(parallel, "_worker", dies)
    one = [(_annotations(doc), number) for doc, number in parallel.parse_in_order(nlp, MANY, 1)]
    two = [(_annotations(doc), number) for doc, number in parallel.parse_in_order(nlp, MANY, 2)]
    assert two == one


def test_a_silent_worker_is_stopped_and_its_share_parsed_here(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def silent(nlp: Any, texts: list[str], folder: str, announce: Any) -> None:
        time.sleep(60)

    monkeypatch.setattr(parallel, "_worker", silent)
    monkeypatch.setattr(parallel, "SILENCE_SECONDS", 1.0)
    monkeypatch.setattr(parallel, "POLL_SECONDS", 0.1)
    started = time.monotonic()
    docs = list(parallel.parse_in_order(nlp, MANY, 2))
    assert [number for _, number in docs] == list(range(len(MANY)))
    assert time.monotonic() - started < 30


class _WithoutEnd:
    """A queue that passes on the batch numbers but not the end marker, as from a worker that died."""

    def __init__(self, queue: Any):
        self.queue = queue

    def put(self, item: Any) -> None:
        if item is not None:
            self.queue.put(item)
