"""Typed YAML fields: dates of day, month and year precision, numbers, slugs, with file:line errors."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from repat_kg.errors import InputError
from repat_kg.model.records import DateValue
from repat_kg.readers.fields import as_number, as_slug, parse_date

SOURCE = Path("a.yaml")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-05-10", DateValue("2019-05-10", "day")),
        ("2019-07", DateValue("2019-07", "month")),
        ("2017", DateValue("2017", "year")),
        (2017, DateValue("2017", "year")),  # an unquoted year is read by YAML as an int
        (datetime.date(2021, 4, 18), DateValue("2021-04-18", "day")),  # an unquoted date is read as a date
        ("2020-02-29", DateValue("2020-02-29", "day")),  # a leap day
    ],
)
def test_dates_of_each_precision(value: object, expected: DateValue) -> None:
    assert parse_date(value, SOURCE, 7) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2019-02-29",  # not a leap year
        "2019-13",
        "2019-00",
        "2019-04-31",
        "2019-4-1",
        "19",
        "20190510",
        " 2019",
        "2019-05-10T00:00",
        "May 2019",
        "",
        True,  # YAML 'yes'
        2019.0,
        None,
        ["2019"],
    ],
)
def test_anything_else_is_a_malformed_date_at_its_line(value: object) -> None:
    with pytest.raises(InputError) as raised:
        parse_date(value, SOURCE, 7)
    assert (raised.value.path, raised.value.line) == ("a.yaml", 7)
    assert raised.value.message.startswith("malformed date ")
    assert "expected YYYY, YYYY-MM or YYYY-MM-DD" in raised.value.message


def test_numbers_are_exact_decimals_and_never_negative() -> None:
    assert as_number(3417, SOURCE, 2, "value") == Decimal(3417)
    assert as_number(0.1, SOURCE, 2, "value") == Decimal("0.1")  # not 0.1000000000000000055...
    assert as_number(0, SOURCE, 2, "value") == 0
    for bad in (-1, "30", True, None):
        with pytest.raises(InputError) as raised:
            as_number(bad, SOURCE, 2, "value")
        assert raised.value.line == 2


def test_slugs() -> None:
    assert as_slug("al-hol-camp", SOURCE, 1, "id") == "al-hol-camp"
    for bad in ("Al-Hol", "al--hol", "-al", "al_hol", "al hol", "", 5):
        with pytest.raises(InputError, match="is not a lower-case slug"):
            as_slug(bad, SOURCE, 1, "id")
