"""Release tables: CSV files a spreadsheet opens, read back with the csv module and checked against the graph and the articles."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT, SEEDS, oxigraph_server, run_cli

TABLES = ("events", "claims", "statements", "sources", "entities")
A002, A003, A004 = "002_2d0941d7294f98f4", "003_1094f3a3a48ed6b8", "004_42c25d0253e96991"


@pytest.fixture(scope="module")
def release(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release") / "tables"
    result = run_cli("export", "--tables", str(out), "--hxl", "--data", str(built / "repat-kg.nq"))
    assert result.returncode == 0, result.stderr
    return out


def read(release: Path, name: str) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """Header, HXL row and records of a table, read as a spreadsheet would (UTF-8 with a byte-order mark)."""
    raw = (release / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with (release / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, hxl, body = rows[0], rows[1], rows[2:]
    return header, hxl, [dict(zip(header, row, strict=True)) for row in body]


def count(built: Path, pattern: str) -> int:
    store = ox.Store()
    store.bulk_load(path=str(built / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS)
    result = store.query(
        "PREFIX rkg: <https://w3id.org/repat-kg/ontology#> "
        f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}",
        use_default_graph_as_union=True,
    )
    assert isinstance(result, ox.QuerySolutions)
    return int(next(iter(result))["n"].value)


def test_one_row_per_fact_as_many_as_the_graph_holds(release: Path, built: Path) -> None:
    patterns = {
        "events": "?e rkg:report ?x",
        "claims": "?x a rkg:NumericClaim",
        "statements": "{ ?x a rkg:Quotation } UNION { ?x a rkg:ReportedStatement }",
        "sources": "?x a rkg:SourceDocument",
        "entities": "{ ?x a rkg:Person } UNION { ?x a rkg:Organization } UNION { ?x a rkg:Place }",
    }
    counts = {name: len(read(release, name)[2]) for name in TABLES}
    assert counts == {name: count(built, pattern) for name, pattern in patterns.items()}
    # The build reports 45 event reports, 54 numeric claims and 49 statements from 5 articles.
    assert (counts["events"], counts["claims"], counts["statements"], counts["sources"]) == (45, 54, 49, 5)


def test_ids_are_unique_per_table(release: Path) -> None:
    keys = {"events": ("event_id", "article_id"), "claims": ("claim_id",), "statements": ("statement_id",),
            "sources": ("article_id",), "entities": ("entity_id",)}
    for name, key in keys.items():
        records = read(release, name)[2]
        assert len({tuple(r[k] for k in key) for r in records}) == len(records), name


def test_sample_rows_say_what_the_articles_say(release: Path) -> None:
    claims = {r["claim_id"]: r for r in read(release, "claims")[2]}
    dagestan = claims[f"{A004}/children-from-dagestan"]
    # 004: "Mr Kadyrov posted a video clip ... adding that 24 of them were from Dagestan"
    assert (dagestan["value"], dagestan["counted"], dagestan["scope"], dagestan["speaker"], dagestan["cue"]) == (
        "24", "children", "part", "Ramzan Kadyrov", "posted")
    assert dagestan["part_of"] == "russia-repatriation-baghdad-2018-12-30-children"
    assert dagestan["evidence"] == "24 of them were from Dagestan"
    assert dagestan["article_url"].startswith("https://www.thenationalnews.com/")
    events = {(r["event_id"], r["article_id"]): r for r in read(release, "events")[2]}
    plan = events[("russia-repatriation-iraq-2019-08", A002)]
    # 002: "the last group of minors will be returned to Russia from Iraq in August" (said in July 2019)
    assert (plan["report_status"], plan["current_status"], plan["date"], plan["precision"]) == (
        "planned", "planned", "2019-08", "month")
    assert plan["status_evidence"] == "will be returned to Russia from Iraq in August"
    # The programme reported by three articles is one event, with one row per report.
    assert {a for (e, a) in events if e == "chechen-repatriation-programme"} == {
        "001_34515e69bfa560d7", A002, A004}
    sources = {r["article_id"]: r for r in read(release, "sources")[2]}
    # 003: "Kazakhstan said on Friday, May 10" (URL path 2019/05/10); "With reporting from AFP"
    assert (sources[A003]["published"], sources[A003]["wire_services"], sources[A003]["outlet"]) == (
        "2019-05-10", "Agence France-Presse", "The Defense Post")


def test_every_evidence_is_the_article_text_at_its_offsets(release: Path) -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for name, column in (("claims", "evidence"), ("statements", "text")):
        for record in read(release, name)[2]:
            text = texts[record["article_id"]]
            assert text[int(record["start"]):int(record["end"])] == record[column], record
            assert text.count("\n", 0, int(record["start"])) + 1 == int(record["line"]), record


def test_the_hxl_row_gives_a_hashtag_per_column_only_when_asked(release: Path, built: Path, tmp_path: Path) -> None:
    for name in TABLES:
        header, hxl, _ = read(release, name)
        assert len(hxl) == len(header) and all(re.fullmatch(r"#[a-z]+(\+[a-z0-9_]+)*", tag) for tag in hxl), name
    plain = tmp_path / "plain"
    assert run_cli("export", "--tables", str(plain), "--data", str(built / "repat-kg.nq")).returncode == 0
    with (plain / "claims.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == read(release, "claims")[0] and not rows[1][0].startswith("#")


def test_the_codebook_covers_every_column_and_every_allowed_value(release: Path) -> None:
    codebook = (release / "codebook.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", codebook, flags=re.MULTILINE)
    for name in TABLES:
        section = next(s for s in sections if s.startswith(f"`{name}.csv`"))
        header, hxl, _ = read(release, name)
        for column, tag in zip(header, hxl, strict=True):
            assert re.search(rf"^\| `{column}` \| `{re.escape(tag)}` \| \S", section, re.MULTILINE), (name, column)
    # Every controlled value that occurs in the tables is defined.
    claims, events = read(release, "claims")[2], read(release, "events")[2]
    used = {r[c] for r in claims for c in ("counted", "qualifier", "scope", "cue", "rank", "rank_reason") if r[c]}
    used |= {r[c] for r in events for c in ("report_status", "current_status", "precision")}
    used |= {t for r in events for t in r["types"].split(" | ")}
    for value in used:
        assert re.search(rf"^\| `{re.escape(value)}` \| [^|]+ \| \S", codebook, re.MULTILINE), value
    assert "CC BY 4.0" in codebook and "belong to their publishers" in codebook


def test_the_committed_codebook_is_the_generated_one(release: Path) -> None:
    assert (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8") == (release / "codebook.md").read_text(
        encoding="utf-8"), "regenerate it: repat-kg export --tables DIR, then copy DIR/codebook.md to docs/"


def test_tables_are_the_same_bytes_from_a_file_and_from_a_store(release: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("build", str(SEEDS), "-o", str(tmp_path / "out"), "--store", str(store)).returncode == 0
    again = tmp_path / "again"
    result = run_cli("export", "--tables", str(again), "--hxl", "--store", str(store))
    assert result.returncode == 0, result.stderr
    for name in (*(f"{t}.csv" for t in TABLES), "codebook.md"):
        assert (again / name).read_bytes() == (release / name).read_bytes(), name


def test_tables_are_the_same_bytes_through_a_sparql_endpoint(release: Path, built: Path, tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "oxigraph") as url:
        assert run_cli("load", "--endpoint", url, "--data", str(built / "repat-kg.nq")).returncode == 0
        remote = tmp_path / "remote"
        result = run_cli("export", "--tables", str(remote), "--hxl", "--endpoint", url)
        assert result.returncode == 0, result.stderr
        # The tracker's parameters are bound by a VALUES block there, and give the rows they give locally.
        args = ("query", "tracker", "-p", "state", "Russia", "-p", "year", "2019", "--format", "csv")
        local_rows = run_cli(*args, "--data", str(built / "repat-kg.nq")).stdout
        assert run_cli(*args, "--endpoint", url).stdout == local_rows and local_rows.count("\n") == 4
    for name in (*(f"{t}.csv" for t in TABLES), "codebook.md"):
        assert (remote / name).read_bytes() == (release / name).read_bytes(), name


def test_a_folder_with_other_files_is_refused_and_left_alone(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("export", "--tables", str(target), "--data", str(built / "repat-kg.nq"))
    assert result.returncode == 2 and "not release tables" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_the_dataset_is_described_without_a_build_timestamp(built: Path) -> None:
    lines = [line for line in (built / "repat-kg.nq").read_text(encoding="utf-8").splitlines()
             if line.endswith("<https://w3id.org/repat-kg/id/graph/dataset> .")]
    text = "\n".join(lines)
    assert "<http://purl.org/dc/terms/license> <https://creativecommons.org/licenses/by/4.0/>" in text
    # The latest publication date in the seeds: 001 was published 2022-10-20 ("on Thursday", URL 2022/10/20).
    assert '<http://purl.org/dc/terms/modified> "2022-10-20"^^<http://www.w3.org/2001/XMLSchema#date>' in text
    assert text.count("<http://purl.org/dc/terms/source>") == 5
    assert "dateTime" not in text


def test_citation_file_and_data_licence_are_in_the_repository() -> None:
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert "cff-version: 1.2.0" in citation and "version: 0.1.0" in citation
    licence = (ROOT / "DATA-LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in licence and "publishers" in licence
