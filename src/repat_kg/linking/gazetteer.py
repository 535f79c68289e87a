"""Read the offline gazetteer: Wikidata items with their type, labels in several languages and evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from repat_kg.errors import InputError
from repat_kg.readers.registry import QID

GAZETTEER_FILE = "wikidata-gazetteer.tsv"
COLUMNS = ("qid", "type", "labels", "evidence")
# The registry's entity kinds a gazetteer row can have: people are humans, organisations of every
# kind are organizations, places carry their registry place kind.
TYPES = ("human", "organization", "country", "region", "province", "city", "town", "airport", "camp")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Label:
    text: str
    language: str

    def __str__(self) -> str:
        return f"{self.text}@{self.language}"


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item that an entity may be linked to, from the gazetteer or from the API."""

    qid: str
    type: str  # one of TYPES, or "other" for an API item of no type we link to
    labels: tuple[Label, ...]
    evidence: str
    description: str = ""
    method: str = "gazetteer"  # the rkg:LinkMethodScheme notation a link to it would carry


def read_gazetteer(path: Path) -> list[Candidate]:
    """Parse the gazetteer TSV; a malformed row is an InputError naming its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read gazetteer: {exc}", path) from exc
    candidates: list[Candidate] = []
    seen: dict[str, int] = {}
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(fields) != COLUMNS:
                raise InputError(f"gazetteer header must be {' | '.join(COLUMNS)} (tab-separated)", path, number)
            header_seen = True
            continue
        if len(fields) != len(COLUMNS):
            raise InputError(f"expected {len(COLUMNS)} tab-separated fields, found {len(fields)}", path, number)
        qid, kind, labels, evidence = (field.strip() for field in fields)
        if not QID.match(qid):
            raise InputError(f"{qid!r} is not a Wikidata item id like 'Q159'", path, number)
        if qid in seen:
            raise InputError(f"{qid} is listed twice (first on line {seen[qid]})", path, number)
        seen[qid] = number
        if kind not in TYPES:
            raise InputError(f"unknown type {kind!r}; expected one of: {', '.join(TYPES)}", path, number)
        if not evidence:
            raise InputError(f"{qid} has no evidence", path, number)
        candidates.append(Candidate(qid, kind, _labels(labels, path, number), f"{path.name} line {number}: {evidence}"))
    if not header_seen:
        raise InputError("gazetteer has no header row", path)
    return candidates


def _labels(field: str, path: Path, line: int) -> tuple[Label, ...]:
    labels = []
    for item in field.split("|"):
        language, _, text = item.strip().partition(":")
        if not _LANGUAGE.match(language) or not text.strip():
            raise InputError(f"label {item.strip()!r} must look like 'en:Baghdad'", path, line)
        labels.append(Label(text.strip(), language))
    return tuple(labels)
