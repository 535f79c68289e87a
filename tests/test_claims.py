"""A person-verified sample of the numeric claims, checked against the article text.

Each row was read against the article: the evidence, value (or low/high), qualifier,
counted class and speaker as the article attributes it ("" = stated in the article's own voice).
"""

import csv
import io
from pathlib import Path

import pytest

from conftest import run_cli

# (article, evidence contains, value, low, high, qualifier, counted, speaker)
VERIFIED = [
    ("000_f6cb99c41662595b", "between the ages of three and 14", "", "3", "14", "range", "age-in-years", ""),
    ("000_f6cb99c41662595b", "more than 140 children", "140", "", "", "more-than", "children", "Abdulkarim Omar"),
    ("000_f6cb99c41662595b", "on at least four occasions", "4", "", "", "at-least", "occasions", "Abdulkarim Omar"),
    (
        "000_f6cb99c41662595b",
        "Russian children held in Syria at 200",
        "200",
        "",
        "",
        "exact",
        "children",
        "local news sources",
    ),
    (
        "000_f6cb99c41662595b",
        "more than 60,000 people",
        "60000",
        "",
        "",
        "more-than",
        "people",
        "Syrian Democratic Forces",
    ),
    (
        "000_f6cb99c41662595b",
        "the SDF holds more than 10,000 IS fighters",
        "10000",
        "",
        "",
        "more-than",
        "fighters",
        "",
    ),
    (
        "001_34515e69bfa560d7",
        "Nearly 4,500 Russians",
        "4500",
        "",
        "",
        "nearly",
        "foreign-fighters",
        "Russian authorities",
    ),
    ("001_34515e69bfa560d7", "At least 341 Russians", "341", "", "", "at-least", "people", ""),
    ("002_2d0941d7294f98f4", "3,417 of its citizens", "3417", "", "", "exact", "foreign-fighters", "The Soufan Group"),
    ("002_2d0941d7294f98f4", "33 children had been returned", "33", "", "", "exact", "children", "Ahmad Al Sahaf"),
    ("002_2d0941d7294f98f4", "about 30 children", "30", "", "", "about", "children", "Anna Kuznetsova"),
    ("002_2d0941d7294f98f4", "dozens of women", "", "24", "", "vague", "women", ""),
    ("003_1094f3a3a48ed6b8", "evacuated 231 of its citizens", "231", "", "", "exact", "people", "Kazakhstan"),
    (
        "003_1094f3a3a48ed6b8",
        "The operation to repatriate 156 children",
        "156",
        "",
        "",
        "exact",
        "children",
        "Presidency of Kazakhstan",
    ),
    (
        "004_42c25d0253e96991",
        "Several thousand Russians travelled",
        "",
        "3000",
        "",
        "vague",
        "foreign-fighters",
        "the Russian security services",
    ),
    (
        "004_42c25d0253e96991",
        "aged three to ten years old",
        "",
        "3",
        "10",
        "range",
        "age-in-years",
        "a Russian diplomatic source",
    ),
    (
        "004_42c25d0253e96991",
        "over 2,000 of them left",
        "2000",
        "",
        "",
        "more-than",
        "women-and-children",
        "Kheda Saratova",
    ),
    ("004_42c25d0253e96991", "24 of them were from Dagestan", "24", "", "", "exact", "children", "Ramzan Kadyrov"),
]


@pytest.fixture(scope="module")
def claims(built: Path) -> list[dict[str, str]]:
    result = run_cli("query", "numeric-claims", "--format", "csv", "--data", str(built / "repat-kg.nq"))
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize(("article", "evidence", "value", "low", "high", "qualifier", "counted", "speaker"), VERIFIED)
def test_verified_claim(claims, article, evidence, value, low, high, qualifier, counted, speaker) -> None:
    rows = [r for r in claims if r["article"] == article and evidence in r["evidence"]]
    assert len(rows) == 1, f"expected one claim with evidence {evidence!r}, found {len(rows)}"
    row = rows[0]
    assert (row["value"], row["low"], row["high"]) == (value, low, high)
    assert (row["qualifier"], row["counted"], row["speaker"]) == (qualifier, counted, speaker)


def test_every_article_contributes_claims(claims) -> None:
    assert {r["article"] for r in claims} == {
        "000_f6cb99c41662595b",
        "001_34515e69bfa560d7",
        "002_2d0941d7294f98f4",
        "003_1094f3a3a48ed6b8",
        "004_42c25d0253e96991",
    }


def test_official_claims_are_only_people(built: Path, claims) -> None:
    result = run_cli("query", "official-claims", "--format", "csv", "--data", str(built / "repat-kg.nq"))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    people = {r["speaker"] for r in claims if r["speaker_type"] == "person"}
    assert {r["speaker"] for r in rows} == people
    assert len(rows) == sum(1 for r in claims if r["speaker_type"] == "person")


def test_conflicting_claims_finds_the_russian_fighter_estimates(built: Path) -> None:
    result = run_cli("query", "conflicting-claims", "--format", "csv", "--data", str(built / "repat-kg.nq"))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    pairs = {(r["quantity"], r["value_a"], r["value_b"]) for r in rows}
    # "Nearly 4,500" (Russian authorities) cannot be 3,417 (Soufan Group); "several thousand" fits both.
    assert ("russians-who-joined-is", "nearly 4500", "3417") in pairs
    assert not any("3000" in r["value_a"] + r["value_b"] for r in rows)


def test_statements_by_binds_the_person_parameter(built: Path) -> None:
    result = run_cli(
        "query",
        "statements-by",
        "-p",
        "person",
        "Anna Kuznetzova",
        "--format",
        "csv",
        "--data",
        str(built / "repat-kg.nq"),
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["speaker"] for r in rows} == {"Anna Kuznetsova"}
    assert "about 30 children" in " ".join(r["evidence"] for r in rows)
    # A value that looks like SPARQL is just a string that matches no one.
    hostile = run_cli(
        "query",
        "statements-by",
        "-p",
        "person",
        '") } UNION { ?a ?b ?c',
        "--format",
        "csv",
        "--data",
        str(built / "repat-kg.nq"),
    )
    assert hostile.returncode == 0
    assert hostile.stdout.strip().splitlines() == [
        "person,speaker,kind,value,qualifier,counted,title,article,line,evidence,method"
    ]
