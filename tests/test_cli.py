"""The command line as a user meets it: help, docs, the zero-setup query, output formats."""

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from repat_kg.cli import cli
from repat_kg.store.queries import catalogue
from test_linking import federated_query_for

COMMANDS = sorted(cli.commands)
# The columns numeric-claims and official-claims must have (issue #2).
CLAIM_COLUMNS = {
    "speaker",
    "speaker_role",
    "value",
    "low",
    "high",
    "qualifier",
    "counted",
    "as_of",
    "article",
    "evidence",
}
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout
    assert cli.commands[command].help


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    assert re.search(rf"^### `repat-kg {command}", README, re.MULTILINE), f"README lacks a section for {command}"


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_canned_query_is_documented_and_described(name: str) -> None:
    query = catalogue()[name]
    assert query.title and query.description
    assert re.search(rf"^#### `{name}`", README, re.MULTILINE), f"README lacks a section for query {name}"


def test_required_query_names_exist() -> None:
    assert {
        "numeric-claims",
        "official-claims",
        "repatriations",
        "conflicting-claims",
        "statements-by",
        "timeline",
        "sources",
    } <= set(catalogue())


def test_official_claims_works_with_no_build_step(tmp_path: Path) -> None:
    """In an empty folder the packaged seeds are built in memory."""
    result = run_cli("query", "official-claims", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Abdulkarim Omar" in result.stdout and "more than 140 children" in result.stdout
    assert not any(tmp_path.iterdir()), "a query must not write files"


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_canned_query_runs_and_returns_rows(
    built: Path, wikidata_endpoint: str, name: str, tmp_path: Path
) -> None:
    args = {"statements-by": ["-p", "person", "anna-kuznetsova"]}.get(name, [])
    # The federated query names Wikidata's endpoint as a constant: run it against the local copy.
    query = str(federated_query_for(wikidata_endpoint, tmp_path)) if name == "wikidata-places" else name
    result = run_cli("query", query, *args, "--format", "json", "--data", str(built / "repat-kg.trig"))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    # candidate-duplicates rightly answers nothing on the seeds: every candidate there has been reviewed.
    assert bool(document["results"]["bindings"]) != (name == "candidate-duplicates"), name
    assert (
        set(document["head"]["vars"])
        >= {
            "numeric-claims": CLAIM_COLUMNS,
            "official-claims": CLAIM_COLUMNS,
            "repatriations": {
                "event",
                "status",
                "men",
                "people",
                "parts",
                "running_totals",
                "date",
                "repatriating_state",
                "from_country",
                "from_place",
                "children",
                "women",
                "adults",
                "sources",
            },
            "conflicting-claims": {
                "quantity",
                "value_a",
                "speaker_a",
                "article_a",
                "value_b",
                "speaker_b",
                "article_b",
            },
            "statements-by": {"speaker", "article", "evidence"},
            "tracker": {"state", "year", "event", "counted", "scope", "chosen", "rule", "lowest", "highest", "sources"},
            "candidate-duplicates": {"event_a", "event_b", "type", "state", "dates_a", "dates_b", "match"},
            "timeline": {"date", "event", "article"},
            "sources": {"article", "outlet", "published", "events", "numeric_claims", "people"},
            "wikidata-links": {"entity", "type", "label", "qid", "method", "score", "evidence"},
            "wikidata-places": {"place", "qid", "coordinates", "population", "events", "wikidata"},
        }[name]
    )


def test_query_from_file_and_stdin(built: Path, tmp_path: Path) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/repat-kg/ontology#SourceDocument> }"
    (tmp_path / "count.rq").write_text(text, encoding="utf-8")
    from_file = run_cli("query", str(tmp_path / "count.rq"), "--format", "csv", "--data", str(built / "repat-kg.nq"))
    from_stdin = run_cli("query", "-", "--format", "csv", "--data", str(built / "repat-kg.nq"), stdin=text)
    assert from_file.stdout == from_stdin.stdout == "n\n5\n"


def test_queries_lists_names_descriptions_and_parameters() -> None:
    result = run_cli("queries")
    assert result.returncode == 0
    assert "official-claims:" in result.stdout
    assert "-p person VALUE (required)" in result.stdout


def test_stats_and_export(built: Path, tmp_path: Path) -> None:
    stats = run_cli("stats", "--data", str(built / "repat-kg.nq"))
    assert re.search(r"^articles\s+5$", stats.stdout, re.MULTILINE), stats.stdout
    out = tmp_path / "g.jsonld"
    assert run_cli("export", "--format", "jsonld", "-o", str(out), "--data", str(built / "repat-kg.nq")).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("validator", ["fast", "pyshacl"])
def test_validate_accepts_the_build_and_rejects_a_broken_graph(built: Path, tmp_path: Path, validator: str) -> None:
    assert run_cli("validate", str(built / "repat-kg.trig"), "--validator", validator).returncode == 0
    broken = tmp_path / "broken.nq"
    lines = (built / "repat-kg.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    broken.write_text("".join(line for line in lines if "<http://schema.org/publisher>" not in line), encoding="utf-8")
    result = run_cli("validate", str(broken), "--validator", validator)
    assert result.returncode == 1
    assert "publisher" in result.stdout
