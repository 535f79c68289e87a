"""Write files whole or not at all: temporary siblings, renamed into place only when every one is complete."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from repat_kg.errors import InputError

# Where a link to a process's own streams leads (/dev/stdout -> /proc/self/fd/1).
_PROCESS_FILES = "/proc/"


def write_atomically(outputs: Mapping[Path, bytes | Iterable[bytes]]) -> list[Path]:
    """Write every file to a temporary sibling first and rename only when all are written.

    A content is bytes or an iterable of byte chunks; if the iterable fails part-way, every
    previous file stays as it was and no temporary file is left.
    """
    with AtomicFiles(list(outputs)) as files:
        for target, content in outputs.items():
            stream = files.stream(target)
            if isinstance(content, bytes | bytearray | memoryview):
                stream.write(content)
            else:
                for piece in content:
                    stream.write(piece)
    return list(outputs)


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _is_stream(target: Path) -> bool:
    """True for a target that must be written straight to: a FIFO, a device, /dev/stdout and the like.

    A rename would replace such a file by a regular one (and ``-o /dev/stdout`` would print nothing);
    a link into /proc names a stream of this process even when that stream is a regular file.
    """
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise InputError(f"cannot write output: {exc}", target) from exc
    if stat.S_ISDIR(mode):
        raise InputError("cannot write output: it is a folder", target)
    return not stat.S_ISREG(mode) or _leads_into_proc(target)


def _leads_into_proc(target: Path) -> bool:
    path = os.path.abspath(target)
    for _ in range(40):  # the kernel's own limit on a chain of links
        if path.startswith(_PROCESS_FILES):
            return True
        if not os.path.islink(path):
            return False
        path = os.path.normpath(os.path.join(os.path.dirname(path), os.readlink(path)))
    return False


class AtomicFiles:
    """Streams for several files that appear together on a clean exit, and not at all on an error.

    ``commit()`` (called by a clean ``with`` exit) renames the temporary files into place;
    until then, and after an error, the previous files stay as they were. A symbolic link is
    kept: its target is replaced. A FIFO or device (``/dev/stdout``) cannot be replaced: its
    content is gathered in an anonymous temporary file and copied to it on commit. A new file
    gets the mode ``open()`` would give it (0666 less the umask); a replaced file keeps its mode.
    """

    def __init__(self, targets: list[Path]):
        self.targets = targets
        self._streams: dict[Path, BinaryIO] = {}
        self._temporary: dict[Path, Path] = {}  # target -> temporary sibling of the file it names
        self._real: dict[Path, Path] = {}  # target -> the regular file to replace (a link's target)
        self._direct: dict[Path, BinaryIO] = {}  # stream targets -> anonymous buffer
        try:
            for target in targets:
                if _is_stream(target):
                    self._direct[target] = tempfile.TemporaryFile()  # noqa: SIM115
                    self._streams[target] = self._direct[target]
                    continue
                real = Path(os.path.realpath(target))  # a link is kept: its target is replaced
                real.parent.mkdir(parents=True, exist_ok=True)
                handle, name = tempfile.mkstemp(prefix=f".{real.name}.", dir=real.parent)
                self._temporary[target] = Path(name)
                self._real[target] = real
                self._streams[target] = os.fdopen(handle, "wb")
                os.fchmod(handle, _mode_for(real))
        except OSError as exc:
            self.abort()
            raise InputError(f"cannot write output: {exc}", target) from exc

    def stream(self, target: Path) -> BinaryIO:
        return self._streams[target]

    def commit(self) -> None:
        target: Path | None = None
        try:
            for target, stream in self._streams.items():
                if target not in self._direct:
                    stream.close()
            for target, name in self._temporary.items():
                os.replace(name, self._real[target])
            for target, buffer in self._direct.items():
                buffer.seek(0)
                with open(target, "wb") as out:
                    shutil.copyfileobj(buffer, out)
        except OSError as exc:
            raise InputError(f"cannot write output: {exc}", target) from exc
        finally:
            self.abort()

    def abort(self) -> None:
        for stream in self._streams.values():
            stream.close()
        for name in self._temporary.values():
            if name.exists():
                name.unlink()

    def __enter__(self) -> AtomicFiles:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def _mode_for(real: Path) -> int:
    """The permission bits a plain ``open(real, "wb")`` would leave: the existing file's, else 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(real).st_mode)
    except FileNotFoundError:
        return 0o666 & ~current_umask()
