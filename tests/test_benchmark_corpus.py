"""The benchmark corpus generator: its corpora build and validate, are deterministic, and say what it wrote."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from repat_kg.model.vocab import load_vocabulary
from repat_kg.pipeline.build import BuildOptions, build, build_quads
from repat_kg.readers.registry import read_registry
from repat_kg.store.persistent import open_store
from repat_kg.store.queries import resolve, run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("benchmark_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(generator, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generator.generate(3, folder, seed=7)
    return folder


def test_same_size_and_seed_give_byte_identical_files(generator, corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generator.generate(3, again, seed=7)
    names = sorted(p.name for p in corpus.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    assert len([n for n in names if n.endswith(".txt")]) == 3
    for name in names:
        assert (corpus / name).read_bytes() == (again / name).read_bytes(), name
    other = tmp_path / "other-seed"
    generator.generate(3, other, seed=8)
    assert (other / "entities.yaml").read_bytes() != (corpus / "entities.yaml").read_bytes()


def test_corpus_builds_validated_and_the_queries_find_what_was_written(corpus: Path, tmp_path: Path) -> None:
    manifest = json.loads((corpus / "benchmark.json").read_text(encoding="utf-8"))
    result = build(corpus, tmp_path / "out", BuildOptions(validate=True))
    assert len(result.summaries) == 3
    assert result.claims == manifest["claims"]
    assert len(read_registry(corpus / "entities.yaml", load_vocabulary()).entities) == manifest["entities"]["total"]
    store = open_store(build_quads(corpus))

    # a figure with its speaker, as the generator wrote it, through the numeric-claims query
    fact = manifest["facts"][0]
    table = run(store, resolve("numeric-claims"), {})
    rows = [
        dict(zip(table.columns, (cell.value if cell is not None else None for cell in row), strict=True))
        for row in table.rows
    ]
    found = [r for r in rows if r["article"] == fact["article"] and r["evidence"] == fact["evidence"]]
    assert len(found) == 1, fact
    assert found[0]["value"] == str(fact["value"])
    assert found[0]["speaker"] == fact["speaker"]
    assert found[0]["quantity"] == fact["quantity"]

    # the most quoted person's statements, through statements-by with the person's name
    top = manifest["top_speaker"]
    statements = run(store, resolve("statements-by"), {"person": top["name"]})
    assert len(statements.rows) == top["statements"]
