"""The library's exception hierarchy (cli.py alone turns it into exit codes) and how messages quote values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# The longest quoted value an error message shows; a longer one is cut and its length given.
SHOWN_CHARS = 80


def show(value: Any, limit: int = SHOWN_CHARS) -> str:
    """``value`` quoted for an error message (its repr, on one line), cut to ``limit`` characters.

    Every message that quotes a value the user gave goes through here, so a 100 KB value never
    floods the terminal: ``'abc...' (102400 chars)``.
    """
    try:
        text = repr(value)
    except ValueError:  # an integer past Python's digit limit for str()
        text = f"<a {value.bit_length():,}-bit integer>" if isinstance(value, int) else "<unprintable value>"
    if len(text) <= limit:
        return text
    size = len(value) if isinstance(value, str) else len(text)
    return f"{text[: limit - 3]}... ({size:,} chars)"


def one_line(message: str, limit: int | None = None) -> str:
    """``message`` on one line (an error is a single ``file:line: problem`` line), cut to ``limit`` if given."""
    if "\n" in message or "\r" in message:
        message = " ".join(message.split())
    return message if limit is None else cut(message, limit)


def cut(text: str, limit: int = 120) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RepatKgError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(RepatKgError):
    """Bad input or usage: a file, a value or an option that cannot be used (exit code 2)."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = one_line(message)
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.location_prefix() + message)

    def location_prefix(self) -> str:
        if self.path is None:
            return ""
        if self.line is None:
            return f"{self.path}: "
        return f"{self.path}:{self.line}: "


class NonConformingError(RepatKgError):
    """The graph does not conform to the SHACL shapes (exit code 1)."""

    def __init__(self, report_text: str, violation_count: int):
        self.report_text = report_text
        self.violation_count = violation_count
        super().__init__(f"the graph does not conform to the shapes: {violation_count} violation(s)")


class ServiceError(RepatKgError):
    """A remote service (Wikidata API, SPARQL endpoint, triple store) failed or was unreachable (exit code 3)."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


class QueryTimeoutError(RepatKgError):
    """A query ran past its time limit and was stopped (exit code 4)."""
