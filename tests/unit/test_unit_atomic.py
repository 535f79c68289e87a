"""The atomic writer: a failure part-way leaves the previous file, modes follow the umask, links and FIFOs are kept."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from repat_kg.atomic import AtomicFiles, write_atomically
from repat_kg.errors import InputError

OLD = b"the previous good output\n" * 100


class Interrupted(Exception):
    pass


def chunks_then_failure() -> Iterator[bytes]:
    yield b"the first chunk of a new output\n"
    raise Interrupted("the build failed part-way")


def leftovers(folder: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_a_write_interrupted_after_the_first_chunk_leaves_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "repat-kg.nq"
    target.write_bytes(OLD)
    with pytest.raises(Interrupted):
        write_atomically({target: chunks_then_failure()})
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path, "repat-kg.nq") == []


def test_a_stream_interrupted_part_way_leaves_every_previous_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.trig", tmp_path / "b.nq"
    first.write_bytes(OLD)
    second.write_bytes(OLD[::-1])
    with pytest.raises(Interrupted), AtomicFiles([first, second]) as files:
        files.stream(first).write(b"new a\n")
        files.stream(second).write(b"new b\n")
        raise Interrupted("the store step failed")
    assert first.read_bytes() == OLD and second.read_bytes() == OLD[::-1]
    assert leftovers(tmp_path, "a.trig", "b.nq") == []


def test_chunks_are_written_whole_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.nq"
    target.write_bytes(OLD)
    write_atomically({target: iter([b"one\n", b"two\n"])})
    assert target.read_bytes() == b"one\ntwo\n"
    assert leftovers(tmp_path, "out.nq") == []


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_mode_open_would_give_under_the_umask(tmp_path: Path, umask: int, expected: int) -> None:
    previous = os.umask(umask)
    try:
        write_atomically({tmp_path / "new.ttl": b"x"})
        with open(tmp_path / "plain.ttl", "wb") as plain:  # what open() gives, for comparison
            plain.write(b"x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "plain.ttl").stat().st_mode) == expected
    assert stat.S_IMODE((tmp_path / "new.ttl").stat().st_mode) == expected


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "shared.nq"
    target.write_bytes(OLD)
    target.chmod(0o640)
    previous = os.umask(0o077)
    try:
        write_atomically({target: b"new\n"})
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == b"new\n"


def test_a_symlink_is_kept_and_its_target_replaced(tmp_path: Path) -> None:
    real = tmp_path / "data" / "graph.ttl"
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / "latest.ttl"
    link.symlink_to(real)
    write_atomically({link: b"new content\n"})
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new content\n"
    assert leftovers(real.parent, "graph.ttl") == [] and leftovers(tmp_path, "data", "latest.ttl") == []


def test_a_fifo_is_written_to_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    content = b"<http://a> <http://b> <http://c> .\n" * 5000  # larger than a pipe's buffer
    write_atomically({fifo: content})
    reader.join(timeout=10)
    assert received == [content]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert leftovers(tmp_path, "pipe") == []


def test_a_fifo_gets_nothing_when_the_write_fails(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(Interrupted):
        write_atomically({fifo: chunks_then_failure()})  # would block opening the FIFO if it wrote to it
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_folder_is_refused_with_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="it is a folder"):
        write_atomically({tmp_path: b"x"})

