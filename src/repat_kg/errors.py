"""The library's exception hierarchy; cli.py alone turns these into messages and exit codes."""

from __future__ import annotations

from pathlib import Path


class RepatKgError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(RepatKgError):
    """Bad input or usage: a file, a value or an option that cannot be used (exit code 2)."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
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


class QueryTimeoutError(RepatKgError):
    """A query ran past its time limit and was stopped (exit code 4)."""
