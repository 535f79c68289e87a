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
