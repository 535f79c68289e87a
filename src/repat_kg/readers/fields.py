"""Typed field access for YAML mappings, each failure an InputError naming the file and line."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from repat_kg.errors import InputError
from repat_kg.model.records import DateValue
from repat_kg.readers.yamlfile import LineDict

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")



def require(mapping: LineDict, key: str, source: Path, what: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping or mapping[key] in (None, ""):
        line = mapping.line if isinstance(mapping, LineDict) else None
        raise InputError(f"{what}: missing required field {key!r}", source, line)
    return mapping[key]


def as_mapping(value: Any, source: Path, line: int | None, what: str) -> LineDict:
    if not isinstance(value, LineDict):
        raise InputError(f"{what} must be a mapping", source, line)
    return value


def as_list(value: Any, source: Path, line: int | None, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{what} must be a list", source, line)
    return value


def as_text(value: Any, source: Path, line: int, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{what} must be a non-empty string", source, line)
    return value


def as_slug(value: Any, source: Path, line: int, what: str) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise InputError(f"{what} {value!r} is not a lower-case slug like 'al-hol-camp'", source, line)
    return value


def parse_date(value: Any, source: Path, line: int) -> DateValue:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD into a DateValue; anything else is a malformed date."""
    if isinstance(value, datetime.date):
        value = value.isoformat()
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    patterns = ((r"\d{4}", "year", "%Y"), (r"\d{4}-\d{2}", "month", "%Y-%m"), (r"\d{4}-\d{2}-\d{2}", "day", "%Y-%m-%d"))
    for pattern, precision, fmt in patterns:
        if text is not None and re.fullmatch(pattern, text):
            try:
                datetime.datetime.strptime(text, fmt)
            except ValueError:
                break
            return DateValue(text, precision)
    raise InputError(f"malformed date {value!r}; expected YYYY, YYYY-MM or YYYY-MM-DD", source, line)


def as_number(value: Any, source: Path, line: int, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{what} must be a number, not {value!r}", source, line)
    number = Decimal(str(value))
    if number < 0:
        raise InputError(f"{what} must not be negative", source, line)
    return number


