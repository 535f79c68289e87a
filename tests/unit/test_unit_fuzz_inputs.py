"""Fuzzing the annotation and registry loaders: any YAML gives success or a one-line InputError, nothing else."""

from __future__ import annotations

import contextlib
import copy
import datetime
import math
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from repat_kg.errors import InputError
from repat_kg.model.text import ArticleText
from repat_kg.model.vocab import load_vocabulary
from repat_kg.readers import annotation, registry
from repat_kg.readers.annotation import read_annotation
from repat_kg.readers.registry import read_registry, resolve_within
from repat_kg.readers.yamlfile import LineDict, load_yaml, parse_yaml

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
VOA = "000_f6cb99c41662595b"
ANNOTATION = SEEDS / f"{VOA}.yaml"
REGISTRY = SEEDS / "entities.yaml"
VOCAB = load_vocabulary()
ENTITIES = read_registry(REGISTRY, VOCAB).entities
SEED_ANNOTATION = yaml.safe_load(ANNOTATION.read_text(encoding="utf-8"))
SEED_REGISTRY = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
SEED_TEXT = ANNOTATION.read_text(encoding="utf-8")

# Bounded, and the same examples on every run: a few seconds in all. No shrinking: a failing example
# (with its 5,001-digit tokens) is reported as found, not minimised for minutes.
FUZZ = settings(
    max_examples=100, deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
FUZZ_SEEDS = settings(FUZZ, max_examples=40)  # each example dumps and reads a whole seed file


def _articles() -> dict[str, ArticleText]:
    """The articles 'within' evidence points into, their content lines declared by their annotations."""
    found = {}
    for path in sorted(SEEDS.glob("*.txt")):
        article = ArticleText.read(path)
        read_annotation(path.with_suffix(".yaml"), parse_yaml(read(path.with_suffix(".yaml")), path), article, ENTITIES,
                        VOCAB)  # fmt: skip
        found[path.stem] = article
    return found


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


ARTICLES = _articles()

KNOWN_KEYS = sorted({key for keys in (*annotation.KEYS.values(), *registry.KEYS.values()) for key in keys})
WORDS = [
    # ids, vocabulary notations and evidence the seeds use, so that generated documents get past the first checks
    "qamishli", "syria", "afp", "voa", "aanes", "sdf", "anna-kuznetsova", "handover-qamishli-2021-04-18",
    "exact", "about", "range", "vague", "children", "proportion", "said", "none", "location", "origin",
    "attendee", "repatriation", "on-or-after", "curated", "Q159", "city", "5-8", "10-31", "2021-04-18",
    "2021-02-30", "2021", "more than 140 children", "Kurdish official", VOA,
]  # fmt: skip
# Plain YAML tokens a dumper would quote: impossible timestamps, non-finite and oversized numbers, bad
# explicit tags. Generated documents hold placeholders for them, replaced in the dumped text.
RAW = [
    "2021-02-30", "2021-13-01", "2021-04-18 25:00:00", ".nan", ".inf", "-.inf", "9" * 5001, "-" + "9" * 5001,
    "1e400", "0o99", "!!int x", "!!float x", "!!binary ==", "!!timestamp 2021-99-99", "!!python/object:os.system x",
    "!!str", "~", "!custom x", "*undefined",
]  # fmt: skip
PLACEHOLDER = re.compile(r"\brawtoken(\d+)\b")
raw = st.integers(0, len(RAW) - 1).map(lambda i: f"rawtoken{i}")
scalars = st.one_of(
    raw,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=datetime.date(1, 1, 1)),
    st.sampled_from(WORDS),
    st.text(max_size=12),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8))
structures = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)


def paths_of(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths_of(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths_of(value, (*prefix, index))
    return found


def kinds_of_place(paths: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """One path per kind of place in the document (list positions beyond the first three folded)."""
    seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for path in paths:
        seen.setdefault(tuple(min(step, 2) if isinstance(step, int) else step for step in path), path)
    return sorted(seen.values(), key=str)


ANNOTATION_PATHS = kinds_of_place(paths_of(SEED_ANNOTATION)[1:])
REGISTRY_PATHS = kinds_of_place(paths_of(SEED_REGISTRY)[1:])


def mutate(document: Any, path: tuple[Any, ...], how: str, value: Any, key: str) -> Any:
    document = copy.deepcopy(document)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "delete":
        del parent[last]
    elif how == "add" and isinstance(parent, dict):
        parent[key] = value
    elif how == "add":
        parent.insert(last, value)
    elif how == "rename" and isinstance(parent, dict):
        parent[key] = parent.pop(last)
    return document


def load_annotation(text: str) -> None:
    article = ArticleText.read(SEEDS / f"{VOA}.txt")
    read_annotation(ANNOTATION, parse_yaml(text, ANNOTATION), article, ENTITIES, VOCAB)


def load_registry(text: str) -> None:
    read = read_registry(REGISTRY, VOCAB, parse_yaml(text, REGISTRY))
    resolve_within(read, ARTICLES)


def only_input_errors(load: Any, text: str) -> None:
    """Success, or an InputError of one line: anything else (a traceback) fails the test."""
    try:
        load(text)
    except InputError as error:
        message = str(error)
        assert "\n" not in message and len(message) < 1000, message[:300]


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(document: Any) -> str:
    text = yaml.dump(document, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10**6)
    return PLACEHOLDER.sub(lambda match: RAW[int(match.group(1))], text)


def test_the_unmodified_seeds_load() -> None:
    load_annotation(SEED_TEXT)
    load_registry(read(REGISTRY))


@FUZZ
@given(structures)
def test_any_yaml_document_as_an_annotation(document: Any) -> None:
    only_input_errors(load_annotation, dump(document))


@FUZZ
@given(structures)
def test_any_yaml_document_as_a_registry(document: Any) -> None:
    only_input_errors(load_registry, dump(document))


WRONG = [None, True, 0, -1, 1.5, math.nan, math.inf, "", "x", "X" * 300, [], ["x"], {}, {"x": 1}, datetime.date(2021, 4, 18)]
values = st.one_of(st.sampled_from(WRONG), raw, structures)
mutations = st.tuples(st.sampled_from(["replace", "replace", "delete", "add", "rename"]), values, keys)


@FUZZ_SEEDS
@given(st.sampled_from(ANNOTATION_PATHS), mutations, st.sampled_from(ANNOTATION_PATHS), mutations)
def test_mutated_seed_annotations(path: Any, first: Any, second_path: Any, second: Any) -> None:
    document = mutate(SEED_ANNOTATION, path, *first)
    # If the first mutation removed the second's place, one mutation it is.
    with contextlib.suppress(KeyError, IndexError, TypeError):
        document = mutate(document, second_path, *second)
    only_input_errors(load_annotation, dump(document))


@FUZZ_SEEDS
@given(st.sampled_from(REGISTRY_PATHS), mutations)
def test_mutated_seed_registries(path: Any, mutation: Any) -> None:
    only_input_errors(load_registry, dump(mutate(SEED_REGISTRY, path, *mutation)))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SEED_TEXT)), st.sampled_from(list(":-[]{}&*!|>'\"\n #,?%@`\t")),
                          st.booleans()), min_size=1, max_size=6))  # fmt: skip
def test_seed_annotation_text_with_stray_characters(edits: list[tuple[int, str, bool]]) -> None:
    text = SEED_TEXT
    for position, char, insert in edits:
        text = text[:position] + char + text[position + (0 if insert else 1) :]
    only_input_errors(load_annotation, text)


# Every kind of place in the seed annotation, every wrong value: the exhaustive sweep the random
# examples above sample from (on the parsed document, so each case costs a few milliseconds).
PARSED = load_yaml(ANNOTATION)
for section in ("events", "claims", "quotes"):  # one of each: every kind of place, a fifth of the reading
    del PARSED[section][1:]
LEAVES = [path for path in kinds_of_place(paths_of(PARSED)[1:]) if not isinstance(path[-1], int)]


def test_every_place_of_the_seed_annotation_refuses_every_wrong_value_cleanly() -> None:
    article = ArticleText.read(SEEDS / f"{VOA}.txt")
    assert len(LEAVES) > 40
    read_annotation(ANNOTATION, copy.deepcopy(PARSED), article, ENTITIES, VOCAB)  # the shortened seed is valid
    for path in LEAVES:
        for value in WRONG[:10] + WRONG[11:]:
            document = copy.deepcopy(PARSED)
            parent = document
            for step in path[:-1]:
                parent = parent[step]
            if isinstance(value, (dict, list)):
                value = _as_parsed(value)
            parent[path[-1]] = value
            try:
                read_annotation(ANNOTATION, document, article, ENTITIES, VOCAB)
            except InputError as error:
                assert "\n" not in str(error) and len(str(error)) < 1000, (path, value)
            except Exception as error:  # pragma: no cover - the failure message
                raise AssertionError(f"{path} = {value!r}: {type(error).__name__}: {error}") from error


def _as_parsed(value: Any) -> Any:
    if isinstance(value, dict):
        mapping = LineDict({key: _as_parsed(item) for key, item in value.items()})
        mapping.line, mapping.key_lines = 1, {}
        return mapping
    if isinstance(value, list):
        return [_as_parsed(item) for item in value]
    return value
