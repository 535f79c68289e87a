"""Broken inputs: a one-line error naming file and line, exit code 2, no traceback, no output."""

from pathlib import Path

import pytest

from conftest import run_cli

ANNOTATION = "000_f6cb99c41662595b.yaml"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_bad_input(result, *fragments: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


BREAKAGES = [
    (
        "evidence not in article",
        ANNOTATION,
        '"more than 140 children"',
        '"more than 150 children"',
        ["000_f6cb99c41662595b.yaml:", "not found", "more than 150 children"],
    ),
    (
        "ambiguous evidence",
        ANNOTATION,
        'evidence: "more than 140 children"',
        'evidence: "children"',
        ["000_f6cb99c41662595b.yaml:", "ambiguous"],
    ),
    (
        "evidence only in boilerplate",
        ANNOTATION,
        'evidence: "more than 140 children"',
        'evidence: "Breaking News"',
        ["boilerplate"],
    ),
    (
        "unknown entity id",
        ANNOTATION,
        "speaker: {org: sdf}",
        "speaker: {org: sdff}",
        ["000_f6cb99c41662595b.yaml:", "unknown entity id 'sdff'"],
    ),
    (
        "malformed date",
        ANNOTATION,
        'value: "2021-04-18"',
        'value: "2021-04-31"',
        ["000_f6cb99c41662595b.yaml:", "malformed date"],
    ),
    (
        "malformed YAML",
        ANNOTATION,
        "claims:\n",
        "claims:\n  - [unclosed\n",
        ["000_f6cb99c41662595b.yaml:", "malformed YAML"],
    ),
    ("unknown qualifier", ANNOTATION, "qualifier: more-than", "qualifier: mostly", ["unknown qualifier 'mostly'"]),
    (
        "unknown place in registry",
        "entities.yaml",
        "within: northeast-syria",
        "within: atlantis",
        ["entities.yaml:", "atlantis"],
    ),
    # Typos: a key no mapping knows is refused where it stands, never ignored ('relaton:' would make the
    # published date exact; 'rol: origin' would drop Syria as the handover's origin).
    (
        "typo in published",
        ANNOTATION,
        "relation: on-or-after",
        "relaton: on-or-after",
        ["000_f6cb99c41662595b.yaml:9: unknown key 'relaton' in published (expected one of: basis, date, evidence, relation)"],
    ),
    (
        "typo in a place",
        ANNOTATION,
        "{place: syria, role: origin}",
        "{place: syria, rol: origin}",
        ["000_f6cb99c41662595b.yaml:28: unknown key 'rol' in a place (expected one of: place, role)"],
    ),
    (
        "typo in a registry entity",
        "entities.yaml",
        "within: northeast-syria",
        "withn: northeast-syria",
        ["entities.yaml:", "unknown key 'withn' in a place (expected one of: aliases, draft, kind, name, "],
    ),
    # Values YAML reads but Python cannot hold, and wrong types where an id is expected.
    ("impossible unquoted date", ANNOTATION, 'date: "2021-04-18"', "date: 2021-02-30", ["000_f6cb99c41662595b.yaml:8: cannot read '2021-02-30' as a YAML timestamp"]),
    ("value .nan", ANNOTATION, "value: 34\n", "value: .nan\n", ["000_f6cb99c41662595b.yaml:132: value of a children figure must be a finite number, not nan"]),
    ("value .inf", ANNOTATION, "value: 34\n", "value: .inf\n", ["000_f6cb99c41662595b.yaml:132: value of a children figure must be a finite number, not inf"]),
    ("5001-digit value", ANNOTATION, "value: 34\n", "value: " + "3" * 5001 + "\n", ["000_f6cb99c41662595b.yaml:132: cannot read '333", "(5,001 chars) as a YAML int"]),
    ("a list for an event id", ANNOTATION, "event: handover-qamishli-2021-04-18\n    value: 34", "event: [x]\n    value: 34", ["000_f6cb99c41662595b.yaml:131: event must be an id (a string), not a list"]),
    ("a list for within", "entities.yaml", "within: northeast-syria", "within: [x]", ["entities.yaml:", "'within' must be an id (a string), not a list"]),
    (
        "a list for a within article",
        "entities.yaml",
        "within_evidence: {article: 000_f6cb99c41662595b, text: \"in Syria's",
        "within_evidence: {article: [x], text: \"in Syria's",
        ["entities.yaml:", "within_evidence article must be an id (a string), not a list"],
    ),
    ("a proportion above 1", "004_42c25d0253e96991.yaml", "value: 0.3333", "value: 33.33", ["004_42c25d0253e96991.yaml:", "value of a proportion figure must be at most 1, not 33.33"]),
    (
        "a speaker title not in the article",
        ANNOTATION,
        'title: "co-chair of foreign relations at the',
        'title: "President of foreign relations at the',
        ["000_f6cb99c41662595b.yaml:", "speaker title not found in the content of 000_f6cb99c41662595b.txt"],
    ),
    # 000: line 8 is the photo caption (content), line 9 the same caption again (boilerplate).
    (
        "evidence running from the content into boilerplate",
        ANNOTATION,
        'evidence: "more than 140 children"',
        'evidence: "April 18, 2021.\\nChildren walk out of a building"',
        ["000_f6cb99c41662595b.yaml:", "found only in page boilerplate of 000_f6cb99c41662595b.txt (line 8)"],
    ),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "fragments"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_broken_seed_gives_one_line_and_exit_2(
    seeds_copy: Path, tmp_path: Path, name, file, old, new, fragments
) -> None:
    replace(seeds_copy / file, old, new)
    out = tmp_path / "out"
    result = run_cli("build", str(seeds_copy), "-o", str(out))
    assert_bad_input(result, *fragments)
    assert not out.exists() or not any(out.iterdir()), "no output may be left behind"


def test_failed_build_leaves_previous_outputs_untouched(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", str(seeds_copy), "-o", str(out)).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    replace(seeds_copy / ANNOTATION, '"more than 140 children"', '"more than 150 children"')
    assert run_cli("build", str(seeds_copy), "-o", str(out)).returncode == 2
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_debug_shows_the_traceback(seeds_copy: Path, tmp_path: Path) -> None:
    replace(seeds_copy / ANNOTATION, "speaker: {org: sdf}", "speaker: {org: sdff}")
    result = run_cli("--debug", "build", str(seeds_copy), "-o", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_unknown_query_name(built: Path) -> None:
    result = run_cli("query", "no-such-query", "--data", str(built / "repat-kg.nq"))
    assert_bad_input(result, "unknown query 'no-such-query'", "official-claims")


def test_missing_parameter(built: Path) -> None:
    result = run_cli("query", "statements-by", "--data", str(built / "repat-kg.nq"))
    assert_bad_input(result, "needs parameter 'person'")


def test_unknown_parameter(built: Path) -> None:
    result = run_cli("query", "timeline", "-p", "person", "x", "--data", str(built / "repat-kg.nq"))
    assert_bad_input(result, "takes no parameters")


def test_malformed_graph_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('<http://a> <http://b> <http://c> .\n<http://a> <http://b> "unclosed .\n', encoding="utf-8")
    result = run_cli("validate", str(bad))
    assert_bad_input(result, "bad.ttl")


def test_export_to_unwritable_place_is_one_line(tmp_path: Path, built: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli(
        "export", "--format", "nt", "-o", str(blocker / "sub" / "out.nt"), "--data", str(built / "repat-kg.nq")
    )
    assert_bad_input(result, "cannot write output")


def test_a_yaml_alias_bomb_is_refused_quickly(seeds_copy: Path, tmp_path: Path) -> None:
    # Nine levels of ten aliases each would expand to a thousand million values from about 1 KB of text.
    levels = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 10):
        levels.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    (seeds_copy / ANNOTATION).write_text("\n".join(levels) + "\n", encoding="utf-8")
    result = run_cli("build", str(seeds_copy), "-o", str(tmp_path / "out"))
    assert_bad_input(result, ANNOTATION, "aliases expand it beyond 1,000,000 values")


NOBODY = "  zebediah-quux:\n    name: Zebediah Quux\n"  # a name none of the five articles prints


def test_an_entity_named_in_no_article_is_refused(seeds_copy: Path, tmp_path: Path) -> None:
    replace(seeds_copy / "entities.yaml", "people:\n", "people:\n" + NOBODY)
    result = run_cli("build", str(seeds_copy), "-o", str(tmp_path / "out"))
    assert_bad_input(result, "entities.yaml: entity 'zebediah-quux' is not mentioned (by name or alias) in the content")


def test_an_entity_referenced_but_never_mentioned_is_refused(seeds_copy: Path, tmp_path: Path) -> None:
    # An annotation naming the entity as a participant does not make the article mention it.
    replace(seeds_copy / "entities.yaml", "people:\n", "people:\n" + NOBODY)
    replace(
        seeds_copy / ANNOTATION,
        "      - {agent: anna-kuznetsova, role: attendee}\n",
        "      - {agent: anna-kuznetsova, role: attendee}\n      - {agent: zebediah-quux, role: attendee}\n",
    )
    result = run_cli("build", str(seeds_copy), "-o", str(tmp_path / "out"))
    assert_bad_input(result, "entity 'zebediah-quux' is not mentioned (by name or alias) in the content")


def test_a_100_kb_value_is_cut_in_the_message(seeds_copy: Path, tmp_path: Path) -> None:
    huge = "X" * 100_000
    replace(seeds_copy / ANNOTATION, 'evidence: "more than 140 children"', f'evidence: "{huge}"')
    result = run_cli("build", str(seeds_copy), "-o", str(tmp_path / "out"))
    assert_bad_input(result, "evidence text not found in 000_f6cb99c41662595b.txt: 'XXX", "... (100,000 chars)")
    assert len(result.stderr) < 300


def test_debug_after_the_subcommand_shows_the_traceback_and_keeps_the_exit_code(seeds_copy: Path, tmp_path: Path) -> None:
    replace(seeds_copy / ANNOTATION, "speaker: {org: sdf}", "speaker: {org: sdff}")
    for args in (["--debug", "build"], ["build", "--debug"]):
        result = run_cli(*args, str(seeds_copy), "-o", str(tmp_path / "out"))
        assert result.returncode == 2, (args, result.stderr[-500:])
        assert "Traceback" in result.stderr and "unknown entity id 'sdff'" in result.stderr


@pytest.mark.parametrize("args", [["--debug", "build", "--jobs", "0"], ["build", "--jobs", "0", "--debug"], ["build", "--no-such-option", "--debug"]])
def test_usage_errors_exit_2_with_debug_in_either_place(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "repat-kg build: error:" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["link", "--retries", "-1"], "--retries"),
        (["query", "timeline", "--endpoint", "http://127.0.0.1:1", "--retries", "-1"], "--retries"),
        (["query", "timeline", "--endpoint", "http://127.0.0.1:1", "--timeout", "0"], "--timeout"),
        (["link", "--threshold", "1.5"], "--threshold"),
        (["serve", "--port", "99999"], "--port"),
        (["load", "--endpoint", "http://127.0.0.1:1", "--chunk-size", "0"], "--chunk-size"),
    ],
)
def test_a_numeric_option_out_of_range_is_a_usage_error(args: list[str], option: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    assert f"Invalid value for '{option}'" in result.stderr and "is not in the range" in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.ttl", ""), ("prefixes-only.ttl", "@prefix ex: <http://example.org/> .\n# nothing else\n"), ("empty.nq", "\n"), ("empty.jsonld", "{}")],
)
def test_a_data_file_without_triples_is_refused(tmp_path: Path, name: str, content: str) -> None:
    empty = tmp_path / name
    empty.write_text(content, encoding="utf-8")
    result = run_cli("validate", str(empty))
    assert_bad_input(result, f"{empty}: no triples in the file")
    assert "conforms" not in result.stdout
    result = run_cli("query", "timeline", "--data", str(empty))
    assert_bad_input(result, f"{empty}: no triples in the file")


@pytest.mark.parametrize(
    "args",
    [
        ["query", "timeline", "--endpoint", "http://127.0.0.1:1", "--data", "graph.nq"],
        ["export", "--tables", "release", "--endpoint", "http://127.0.0.1:1", "--store", "store"],
    ],
)
def test_an_endpoint_with_a_local_source_is_refused(args: list[str], tmp_path: Path) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "repat-kg: error: --endpoint queries the remote store; leave out --data and --store\n"
    assert not (tmp_path / "release").exists()
