"""Write files whole or not at all: temporary siblings, renamed into place only when every one is complete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from repat_kg.errors import InputError


def write_atomically(outputs: dict[Path, bytes]) -> list[Path]:
    """Write every file to a temporary sibling first and rename only when all are written."""
    with AtomicFiles(list(outputs)) as files:
        for target, content in outputs.items():
            files.stream(target).write(content)
    return list(outputs)


class AtomicFiles:
    """Streams for several files that appear together on a clean exit, and not at all on an error.

    ``commit()`` (called by a clean ``with`` exit) renames the temporary files into place;
    until then, and after an error, the previous files stay as they were.
    """

    def __init__(self, targets: list[Path]):
        self.targets = targets
        self._streams: dict[Path, BinaryIO] = {}
        self._temporary: dict[Path, Path] = {}
        try:
            for target in targets:
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
                self._temporary[target] = Path(name)
                self._streams[target] = os.fdopen(handle, "wb")
        except OSError as exc:
            self.abort()
            raise InputError(f"cannot write output: {exc}") from exc

    def stream(self, target: Path) -> BinaryIO:
        return self._streams[target]

    def commit(self) -> None:
        try:
            for stream in self._streams.values():
                stream.close()
            for target, name in self._temporary.items():
                os.replace(name, target)
        except OSError as exc:
            raise InputError(f"cannot write output: {exc}") from exc
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
