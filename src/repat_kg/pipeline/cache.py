"""The build cache: processed units on disk, keyed by what they were made from, and the last build's manifest.

A unit is reused when its article text, its annotation, the build environment (code, ontology,
shapes, settings) and the registry entries it depends on are unchanged, and no entity added or
changed since the last build is named in its text. Unit files are content-addressed, so a failed
build never spoils the cache; the manifest is replaced whole.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from repat_kg.atomic import write_atomically
from repat_kg.errors import InputError
from repat_kg.pipeline.units import UnitResult, UnitSummary
from repat_kg.quality.validation import Violation

CACHE_FORMAT = 2
MANIFEST = "manifest.json"


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


@dataclass(frozen=True)
class UnitRecord:
    """What the manifest remembers of one article's unit: enough for the corpus checks without its chunks."""

    source: str  # digest of the environment, the article text and the annotation
    dependencies: tuple[str, ...]
    dependency_digest: str
    result: str  # the unit file's key
    summary: UnitSummary
    violations: tuple[Violation, ...]
    report: str
    raw: dict[str, Any] | None = field(default=None, compare=False, repr=False)  # as read from the manifest

    def to_json(self) -> dict[str, Any]:
        if self.raw is not None:
            return self.raw
        return {
            "source": self.source,
            "dependencies": list(self.dependencies),
            "dependency_digest": self.dependency_digest,
            "result": self.result,
            "summary": asdict(self.summary),
            "violations": [asdict(v) for v in self.violations],
            "report": self.report,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UnitRecord:
        return cls(
            data["source"],
            tuple(data["dependencies"]),
            data["dependency_digest"],
            data["result"],
            _summary(data["summary"]),
            tuple(Violation(**v) for v in data["violations"]),
            data["report"],
            data,
        )


def _tuples(value: Any) -> Any:
    """JSON lists back to tuples, nested ones included (summaries hold tuples of tuples)."""
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def _summary(data: dict[str, Any]) -> UnitSummary:
    return UnitSummary(**{key: _tuples(value) for key, value in data.items()})


@dataclass
class Manifest:
    environment: str
    entities: dict[str, str]  # entity id -> digest of its registry entry
    units: dict[str, UnitRecord]  # article id -> record


def encode_result(result: UnitResult) -> bytes:
    """A unit as bytes: one JSON header line, then the chunks back to back."""
    names = sorted(result.chunks)
    header = {
        "format": CACHE_FORMAT,
        "graph": result.graph,
        "summary": asdict(result.summary) if result.summary is not None else None,
        "violations": [asdict(v) for v in result.violations],
        "report": result.report,
        "chunks": [[name, len(result.chunks[name])] for name in names],
    }
    return json.dumps(header, sort_keys=True).encode("utf-8") + b"\n" + b"".join(result.chunks[n] for n in names)


def decode_result(data: bytes) -> UnitResult:
    line, _, body = data.partition(b"\n")
    header = json.loads(line)
    if header.get("format") != CACHE_FORMAT:
        raise ValueError("cache format changed")
    chunks, offset = {}, 0
    for name, length in header["chunks"]:
        chunks[name] = body[offset : offset + length]
        offset += length
    if offset != len(body):
        raise ValueError("truncated unit file")
    summary = header["summary"]
    return UnitResult(
        _summary(summary) if summary else None,
        header["graph"],
        chunks,
        tuple(Violation(**v) for v in header["violations"]),
        header["report"],
    )


class UnitCache:
    """Unit files under ``directory/units`` and the manifest of the last build that got through its units."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.units_dir = directory / "units"
        self.previous = self._read_manifest()

    def _read_manifest(self) -> Manifest | None:
        path = self.directory / MANIFEST
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT:
                return None
            units = {
                article: UnitRecord.from_json(record) for article, record in data["units"].items()
            }
            return Manifest(data["environment"], dict(data["entities"]), units)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # an unreadable manifest only costs a full rebuild

    def path_of(self, key: str) -> Path:
        return self.units_dir / key[:2] / f"{key}.unit"

    def load(self, key: str) -> UnitResult | None:
        try:
            return decode_result(self.path_of(key).read_bytes())
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, key: str, result: UnitResult) -> None:
        write_atomically({self.path_of(key): encode_result(result)})

    def save_manifest(self, manifest: Manifest, also_keep: set[str]) -> None:
        data = {
            "format": CACHE_FORMAT,
            "environment": manifest.environment,
            "entities": dict(sorted(manifest.entities.items())),
            "units": {article: record.to_json() for article, record in sorted(manifest.units.items())},
        }
        content = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
        write_atomically({self.directory / MANIFEST: content})
        self._collect_garbage({record.result for record in manifest.units.values()} | also_keep)

    def _collect_garbage(self, keep: set[str]) -> None:
        """Remove the unit files the manifest does not use."""
        if not self.units_dir.is_dir():
            return
        for path in self.units_dir.glob("*/*.unit"):
            if path.stem not in keep:
                try:
                    path.unlink()
                except OSError as exc:
                    raise InputError(f"cannot clean the build cache: {exc}", path) from exc
