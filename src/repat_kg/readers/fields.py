"""Typed field access for YAML mappings, each failure an InputError naming the file and line."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from typing import Any

from repat_kg.errors import InputError, show
from repat_kg.model.records import DateValue
from repat_kg.readers.yamlfile import LineDict

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ID = re.compile(r"^\S+$")


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__


def check_keys(mapping: LineDict, keys: Collection[str], source: Path, what: str) -> None:
    """Refuse any key of ``mapping`` that is not in ``keys`` (a typo must not be silently ignored)."""
    for key in mapping:
        if key not in keys:
            raise InputError(
                f"unknown key {show(key)} in {what} (expected one of: {', '.join(sorted(keys))})",
                source,
                mapping.line_of(key),
            )


def require(mapping: LineDict, key: str, source: Path, what: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping or mapping[key] is None or mapping[key] == "":
        line = mapping.line if isinstance(mapping, LineDict) else None
        raise InputError(f"{what}: missing required field {key!r}", source, line)
    return mapping[key]


def as_mapping(value: Any, source: Path, line: int | None, what: str, keys: Collection[str] | None) -> LineDict:
    """``value`` as a mapping whose keys are all in ``keys`` (``None``: free keys, such as entity ids)."""
    if not isinstance(value, LineDict):
        raise InputError(f"{what} must be a mapping, not {_type_name(value)}", source, line)
    if keys is not None:
        check_keys(value, keys, source, what)
    return value


def as_list(value: Any, source: Path, line: int | None, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{what} must be a list, not {_type_name(value)}", source, line)
    return value


def as_text(value: Any, source: Path, line: int | None, what: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{what} must be a non-empty string, not {_type_name(value)}", source, line)
    if not value.strip():
        raise InputError(f"{what} must be a non-empty string", source, line)
    return value


def as_flag(value: Any, source: Path, line: int | None, what: str) -> bool:
    """A YAML boolean (``true``/``false``); anything else is refused."""
    if not isinstance(value, bool):
        raise InputError(f"{what} must be true or false", source, line)
    return value


def as_id(value: Any, source: Path, line: int | None, what: str) -> str:
    """An identifier (of an entity, event or article): one word, a string."""
    if not isinstance(value, str):
        raise InputError(f"{what} must be an id (a string), not {_type_name(value)}", source, line)
    if not _ID.match(value):
        raise InputError(f"{what} {show(value)} is not an id", source, line)
    return value


def as_slug(value: Any, source: Path, line: int | None, what: str) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise InputError(f"{what} {show(value)} is not a lower-case slug like 'al-hol-camp'", source, line)
    return value


def parse_date(value: Any, source: Path, line: int | None) -> DateValue:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD into a DateValue; anything else is a malformed date."""
    if isinstance(value, datetime.date):  # a datetime too: its isoformat() is then no date
        value = value.isoformat()
    text = str(value) if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)) else None
    patterns = ((r"\d{4}", "year", "%Y"), (r"\d{4}-\d{2}", "month", "%Y-%m"), (r"\d{4}-\d{2}-\d{2}", "day", "%Y-%m-%d"))
    for pattern, precision, fmt in patterns:
        if text is not None and re.fullmatch(pattern, text):
            try:
                datetime.datetime.strptime(text, fmt)
            except ValueError:
                break
            return DateValue(text, precision)
    raise InputError(f"malformed date {show(value)}; expected YYYY, YYYY-MM or YYYY-MM-DD", source, line)


def as_number(value: Any, source: Path, line: int | None, what: str, maximum: Decimal | None = None) -> Decimal:
    """A finite number, not negative, at most ``maximum`` if given."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{what} must be a number, not {show(value)}", source, line)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{what} must be a finite number, not {show(value)}", source, line)
    number = Decimal(value) if isinstance(value, int) else Decimal(str(value))
    if number < 0:
        raise InputError(f"{what} must not be negative", source, line)
    if maximum is not None and number > maximum:
        raise InputError(f"{what} must be at most {maximum}, not {show(value)}", source, line)
    return number
