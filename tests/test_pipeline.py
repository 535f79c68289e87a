"""The per-article pipeline: incremental builds equal clean ones byte for byte, the pool equals one process,
the fast reasoner equals owlrl, and the store follows added, changed and deleted articles."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import SEEDS, run_cli

OUTPUTS = ("repat-kg.trig", "repat-kg.nq", "repat-kg.ttl")
BASE = "https://w3id.org/repat-kg/id/"
ARTICLE = "001_34515e69bfa560d7"


def build(corpus: Path, out: Path, *extra: str) -> tuple[int, int]:
    """Build and return (processed, reused) as the build reports them."""
    result = run_cli("build", str(corpus), "-o", str(out), *extra)
    assert result.returncode == 0, result.stderr
    match = re.search(r"articles: (\d+) processed, (\d+) reused", result.stderr)
    assert match, result.stderr
    return int(match.group(1)), int(match.group(2))


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def assert_same_as_clean_build(corpus: Path, incremental: Path, scratch: Path, *extra: str) -> None:
    clean = scratch / "clean"
    if clean.exists():
        shutil.rmtree(clean)
    assert build(corpus, clean, *extra)[1] == 0
    for name, content in outputs(clean).items():
        assert (incremental / name).read_bytes() == content, f"{name} differs from a clean build"


def copy_article(corpus: Path, source: str, new_id: str) -> None:
    """A second article: the same text and annotation under a new id (claims get new IRIs, events merge)."""
    shutil.copy(corpus / f"{source}.txt", corpus / f"{new_id}.txt")
    shutil.copy(corpus / f"{source}.yaml", corpus / f"{new_id}.yaml")


def test_changing_one_article_reprocesses_only_it_and_equals_a_clean_build(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(seeds_copy, out) == (5, 0)
    assert build(seeds_copy, out) == (0, 5)
    text = seeds_copy / f"{ARTICLE}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "A line added after the article.\n", encoding="utf-8")
    assert build(seeds_copy, out) == (1, 4)
    assert_same_as_clean_build(seeds_copy, out, tmp_path)


def test_adding_and_deleting_an_article_equals_a_clean_build(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(seeds_copy, out)
    copy_article(seeds_copy, ARTICLE, "d01")
    assert build(seeds_copy, out) == (1, 5)
    nquads = (out / "repat-kg.nq").read_text(encoding="utf-8")
    assert f"<{BASE}graph/d01>" in nquads
    assert_same_as_clean_build(seeds_copy, out, tmp_path)
    for suffix in (".txt", ".yaml"):
        (seeds_copy / f"d01{suffix}").unlink()
    assert build(seeds_copy, out) == (0, 5)
    assert f"<{BASE}graph/d01>" not in (out / "repat-kg.nq").read_text(encoding="utf-8")
    assert_same_as_clean_build(seeds_copy, out, tmp_path)


def test_a_registry_change_reprocesses_the_articles_that_depend_on_it(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(seeds_copy, out)
    registry = seeds_copy / "entities.yaml"
    content = registry.read_text(encoding="utf-8")
    # Anna Kuznetsova is named in three of the five articles (000, 002 and 004) and in no other;
    # a new alias changes her registry entry, so exactly those three are processed again.
    changed = content.replace("aliases: [Anna Kuznetzova,", "aliases: [A. Kuznetsova, Anna Kuznetzova,", 1)
    assert changed != content
    registry.write_text(changed, encoding="utf-8")
    assert build(seeds_copy, out) == (3, 2)
    assert_same_as_clean_build(seeds_copy, out, tmp_path)


def test_two_worker_processes_give_the_same_output_as_one(seeds_copy: Path, tmp_path: Path) -> None:
    # Ten articles, so that the pool is really used (below eight units the build stays in one process).
    for path in sorted(SEEDS.glob("*.txt")):
        copy_article(seeds_copy, path.stem, f"copy-{path.stem}")
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(seeds_copy, one, "--jobs", "1") == (10, 0)
    assert build(seeds_copy, two, "--jobs", "2") == (10, 0)
    assert outputs(one) == outputs(two)


def test_the_rule_reasoner_gives_exactly_what_owlrl_gives(tmp_path: Path) -> None:
    rules, owlrl = tmp_path / "rules", tmp_path / "owlrl"
    build(SEEDS, rules, "--reason")
    build(SEEDS, owlrl, "--reason", "--reasoner", "owlrl")
    inferred = f"<{BASE}graph/inferred>"
    lines = [line for line in (rules / "repat-kg.nq").read_text(encoding="utf-8").splitlines() if inferred in line]
    # Facts a person can check against the ontology: a repatriation is an event (subclass), and a place
    # within northeast Syria is located within Syria (rkg:locatedWithin, the transitive closure of the
    # direct rkg:within, which the reasoner never adds to).
    assert f"<{BASE}place/al-hol-camp> <https://w3id.org/repat-kg/ontology#locatedWithin> <{BASE}place/syria> {inferred} ." in lines
    assert not [line for line in lines if "<https://w3id.org/repat-kg/ontology#within>" in line]
    assert len(lines) > 1000
    assert outputs(rules) == outputs(owlrl)


def test_the_store_follows_added_changed_and_deleted_articles(seeds_copy: Path, tmp_path: Path) -> None:
    out, store = tmp_path / "out", tmp_path / "store"

    def store_line(*extra: str) -> tuple[int, int, int]:
        result = run_cli("build", str(seeds_copy), "-o", str(out), "--store", str(store), *extra)
        assert result.returncode == 0, result.stderr
        match = re.search(r"replaced (\d+) graph\(s\), (\d+) unchanged, (\d+) dropped", result.stdout)
        assert match, result.stdout
        return int(match.group(1)), int(match.group(2)), int(match.group(3))

    assert store_line() == (9, 0, 0)  # five articles, entities, ontology, corpus (ranks), dataset
    copy_article(seeds_copy, ARTICLE, "d01")
    # The new article, and the two corpus-level graphs: its claims are ranked, it is a new source.
    assert store_line() == (3, 7, 0)
    for suffix in (".txt", ".yaml"):
        (seeds_copy / f"d01{suffix}").unlink()
    assert store_line() == (2, 7, 1)
    graphs = {g.value for g in ox.Store.read_only(str(store)).named_graphs()}
    assert f"{BASE}graph/d01" not in graphs
    assert len(graphs) == 9
    digests = json.loads((store / "repat-kg-graphs.json").read_text(encoding="utf-8"))
    assert sorted(digests) == sorted(graphs)


def test_a_corrupt_cache_costs_a_rebuild_not_a_wrong_output(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(seeds_copy, out)
    for unit in (out / ".repat-kg-cache" / "units").glob("*/*.unit"):
        unit.write_bytes(b"garbage")
    (out / ".repat-kg-cache" / "manifest.json").write_text("{not json", encoding="utf-8")
    assert build(seeds_copy, out) == (5, 0)
    assert_same_as_clean_build(seeds_copy, out, tmp_path)


@pytest.mark.parametrize("stem", ["d01", "article-2024_07", "x"])
def test_any_lower_case_slug_is_an_article_id(seeds_copy: Path, tmp_path: Path, stem: str) -> None:
    copy_article(seeds_copy, ARTICLE, stem)
    out = tmp_path / "out"
    build(seeds_copy, out)
    result = run_cli("query", "sources", "--data", str(out / "repat-kg.nq"), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert re.search(rf"^{re.escape(stem)},", result.stdout, re.MULTILINE), result.stdout


def test_a_new_registry_entity_reprocesses_the_articles_that_name_it(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(seeds_copy, out)
    # The photographer credited in 001's caption (line 10, content): "Juma Muhammad / IMAGESLIVE via ZUMA Press Wire".
    # No other article names him, and no annotation refers to him; his new entry changes no other unit's inputs.
    registry = seeds_copy / "entities.yaml"
    content = registry.read_text(encoding="utf-8")
    registry.write_text(content.replace("people:\n", "people:\n  juma-muhammad:\n    name: Juma Muhammad\n", 1), encoding="utf-8")
    assert build(seeds_copy, out) == (1, 4)
    mention = f"<{BASE}person/juma-muhammad> <https://w3id.org/repat-kg/ontology#mention> <{BASE}article/{ARTICLE}/span/"
    assert mention in (out / "repat-kg.nq").read_text(encoding="utf-8")
    assert_same_as_clean_build(seeds_copy, out, tmp_path)


def test_a_changed_entry_that_no_text_names_reprocesses_the_articles_that_refer_to_it(
    seeds_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(seeds_copy, out)
    # The Defense Post is 003's outlet and is named in no article's text: only the dependency digest
    # of 003's unit can notice that its registry entry changed.
    registry = seeds_copy / "entities.yaml"
    content = registry.read_text(encoding="utf-8")
    changed = content.replace("    name: The Defense Post\n    kind: news-outlet\n", "    name: The Defense Post\n    kind: news-agency\n")
    assert changed != content
    registry.write_text(changed, encoding="utf-8")
    assert build(seeds_copy, out) == (1, 4)
    assert_same_as_clean_build(seeds_copy, out, tmp_path)


def test_the_assembled_inferred_graph_is_owlrl_over_the_whole_graph(seeds_copy: Path, tmp_path: Path) -> None:
    """Per-unit inferences, pooled and freed of what any other graph asserts, are the whole graph's closure."""
    from repat_kg.mapping.terms import IriMinter
    from repat_kg.pipeline.build import build_quads
    from repat_kg.quality.owl import infer

    # A second report of 001's events: each article asserts event types the other would otherwise infer.
    copy_article(seeds_copy, ARTICLE, "d01")
    out = tmp_path / "out"
    build(seeds_copy, out, "--reason")
    inferred_graph = IriMinter(BASE).graph("inferred")
    built = {q for q in ox.parse(path=str(out / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS) if q.graph_name == inferred_graph}
    expected = set(infer(build_quads(seeds_copy), BASE, inferred_graph))
    assert built == expected, (sorted(map(str, expected - built))[:5], sorted(map(str, built - expected))[:5])
