"""The annotation and registry readers, called as a library: unknown keys, wrong types, bounds, cut values."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest

from repat_kg.errors import InputError, show
from repat_kg.model.text import ArticleText
from repat_kg.model.vocab import load_vocabulary
from repat_kg.readers import annotation, registry
from repat_kg.readers.annotation import read_annotation
from repat_kg.readers.registry import read_registry
from repat_kg.readers.yamlfile import LineDict, load_yaml, parse_yaml

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
VOA = "000_f6cb99c41662595b"  # Voice of America, 34 children handed over to Russia in Qamishli
AFP = "001_34515e69bfa560d7"  # credits AFP: "a Kurdish official and AFP correspondents said"
IRAQ = "004_42c25d0253e96991"  # "nearly a third of the country", counted as a proportion
REGISTRY = SEEDS / "entities.yaml"
VOCAB = load_vocabulary()
ENTITIES = read_registry(REGISTRY, VOCAB).entities
BOGUS = "relaton"  # the typo of the issue: 'relaton:' for 'relation:'
BOGUS_LINE = 4242

Path_ = tuple[str | int, ...]


def seed(article_id: str) -> LineDict:
    return copy.deepcopy(load_yaml(SEEDS / f"{article_id}.yaml"))


def read(article_id: str, data: Any) -> Any:
    article = ArticleText.read(SEEDS / f"{article_id}.txt")
    return read_annotation(SEEDS / f"{article_id}.yaml", data, article, ENTITIES, VOCAB)


def at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def put(data: Any, path: Path_, value: Any, line: int = BOGUS_LINE) -> None:
    """Set ``path`` in parsed YAML to ``value``, the key standing at ``line``."""
    parent = at(data, path[:-1])
    parent[path[-1]] = value
    if isinstance(parent, LineDict):
        parent.key_lines[str(path[-1])] = line


def refusal(article_id: str | None, data: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        if article_id is None:
            read_registry(REGISTRY, VOCAB, data)
        else:
            read(article_id, data)
    assert "\n" not in str(caught.value)
    return caught.value


# Every kind of mapping in the annotation format and the registry, and one in the seeds that is of that
# kind (seeds/README.md shows each). None: the registry.
MAPPINGS: list[tuple[str, str | None, Path_]] = [
    ("the annotation file", VOA, ()),
    ("document", VOA, ("document",)),
    ("published", VOA, ("document", "published")),
    ("a wire credit", AFP, ("document", "wire", 0)),  # {agency: afp, evidence: "a Kurdish official and AFP ..."}
    ("an event", VOA, ("events", 0)),
    ("a date", VOA, ("events", 0, "date")),
    ("a place", VOA, ("events", 0, "places", 0)),  # {place: qamishli, role: location}
    ("a participant", VOA, ("events", 0, "participants", 0)),  # {agent: aanes, role: handing-over-party}
    ("a claim", VOA, ("claims", 0)),
    ("a speaker", AFP, ("claims", 1, "speaker")),  # {unnamed: "a Kurdish official", affiliation: aanes}
    ("as_of", AFP, ("claims", 3, "as_of")),  # {value: "2022-10-20", basis: "present tense ('holds') ..."}
    ("a quote", VOA, ("quotes", 0)),
    ("a distinct_from review", VOA, ("events", 3, "distinct_from", 0)),  # {event: chechen-..., basis: "..."}
    ("the entity registry", None, ()),
    ("a person", None, ("people", "abdulkarim-omar")),
    ("an organization", None, ("organizations", "islamic-state")),
    ("a place", None, ("places", "qamishli")),
    ("a wikidata link", None, ("people", "vladimir-putin", "wikidata")),
    ("within_evidence", None, ("places", "qamishli", "within_evidence")),
]


# Only drafts of `repat-kg extract` carry these (no curated seed does); tests/test_extract.py builds such drafts.
DRAFT_ONLY = {"extraction", "extracted"}


def test_the_table_holds_every_kind_of_mapping_the_readers_know() -> None:
    assert {kind for kind, _, _ in MAPPINGS} | DRAFT_ONLY == set(annotation.KEYS) | set(registry.KEYS)


@pytest.mark.parametrize(("kind", "article_id", "path"), MAPPINGS, ids=[f"{m[0]}-{m[1]}" for m in MAPPINGS])
def test_every_mapping_refuses_an_unknown_key(kind: str, article_id: str | None, path: Path_) -> None:
    data = seed(article_id) if article_id else copy.deepcopy(load_yaml(REGISTRY))
    mapping = at(data, path)
    assert isinstance(mapping, LineDict)
    known = sorted(mapping)  # the keys the seed itself uses are among the expected ones
    put(data, (*path, BOGUS), "on-or-after")
    error = refusal(article_id, data)
    assert error.line == BOGUS_LINE
    assert error.message.startswith(f"unknown key 'relaton' in {kind} (expected one of: ")
    listed = error.message.split("expected one of: ")[1].rstrip(")").split(", ")
    assert set(known) <= set(listed) and listed == sorted(listed)


def test_the_seed_mappings_are_read_as_they_stand() -> None:
    for article_id in (VOA, AFP):
        read(article_id, seed(article_id))  # the unmodified seeds pass, so each refusal above is the bogus key's


# ----------------------------------------------------------------------------- wrong types and values

WRONG = [
    # (article or None for the registry, path, value, fragment of the message)
    (VOA, ("claims", 0, "value"), math.nan, "must be a finite number"),
    (VOA, ("claims", 0, "value"), math.inf, "must be a finite number"),
    (VOA, ("claims", 0, "value"), -math.inf, "must be a finite number"),
    (VOA, ("claims", 0, "value"), "34", "must be a number"),
    (VOA, ("claims", 0, "event"), ["x"], "event must be an id (a string), not a list"),
    (VOA, ("claims", 0, "event"), {"x": 1}, "event must be an id (a string), not a mapping"),
    (VOA, ("claims", 0, "speaker"), ["x"], "speaker must be 'none' or a mapping"),
    (VOA, ("claims", 0, "as_of"), "2021", "as_of must be a mapping, not a string"),
    (VOA, ("events", 0, "places", 0, "place"), ["qamishli"], "event place must be an id (a string), not a list"),
    (VOA, ("events", 0, "participants"), {"agent": "aanes"}, "participants must be a list, not a mapping"),
    (VOA, ("events", 0, "date", "basis"), ["x"], "must be a non-empty string, not a list"),
    (VOA, ("document", "published", "basis"), 7, "must be a non-empty string, not a number"),
    (VOA, ("document", "content"), [["5-8"]], "content range [['5-8']]"[:15]),
    (VOA, ("document", "outlet"), True, "outlet must be an id (a string), not a boolean"),
    (VOA, ("document", "published", "date"), 20210418, "malformed date"),
    (VOA, ("quotes", 0, "kind"), ["direct"], "quote kind ['direct'] is not"),
    (None, ("places", "qamishli", "within"), ["x"], "'within' must be an id (a string), not a list"),
    (None, ("places", "qamishli", "within_evidence", "article"), ["x"], "article must be an id (a string), not a list"),
    (None, ("places", "qamishli", "within_evidence"), "x", "within_evidence must be a mapping, not a string"),
    (None, ("people", "vladimir-putin", "aliases"), "Putin", "aliases must be a list, not a string"),
    (None, ("people",), ["x"], "must be a mapping, not a list"),
]


@pytest.mark.parametrize(("article_id", "path", "value", "fragment"), WRONG, ids=[f"{w[1]}={w[2]!r}" for w in WRONG])
def test_a_wrong_type_is_a_one_line_input_error(article_id: str | None, path: Path_, value: Any, fragment: str) -> None:
    data = seed(article_id) if article_id else copy.deepcopy(load_yaml(REGISTRY))
    put(data, path, value)
    error = refusal(article_id, data)
    assert fragment in error.message
    assert error.line == BOGUS_LINE


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("date: 2021-02-30\n", "cannot read '2021-02-30' as a YAML timestamp"),  # February has no 30th
        ("value: 2021-13-01\n", "cannot read '2021-13-01' as a YAML timestamp"),
        ("value: " + "9" * 5001 + "\n", "as a YAML int"),  # past Python's int-from-text limit
        ("value: " + "[" * 200 + "]" * 200 + "\n", "nested deeper than"),
        ("a: &a [*a]\n", "nested deeper than"),  # a list that holds itself
    ],
    ids=["impossible-day", "impossible-month", "5001-digits", "deep", "recursive-alias"],
)
def test_yaml_values_python_cannot_hold_are_input_errors(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, Path("x.yaml"))
    assert fragment in caught.value.message and caught.value.line == 1
    assert len(str(caught.value)) < 300


def test_a_yaml_nan_reaches_the_reader_as_a_refused_value() -> None:
    text = (SEEDS / f"{VOA}.yaml").read_text(encoding="utf-8").replace("value: 34\n", "value: .nan\n", 1)
    assert ".nan" in text
    with pytest.raises(InputError) as caught:
        read(VOA, parse_yaml(text, SEEDS / f"{VOA}.yaml"))
    assert "must be a finite number, not nan" in caught.value.message


# ----------------------------------------------------------------------------- proportions

def test_a_proportion_above_one_is_refused() -> None:
    # 004: "at its peak controlled nearly a third of the country", value 0.3333, counted: proportion.
    data = seed(IRAQ)
    claims = data["claims"]
    index = next(i for i, c in enumerate(claims) if c["id"] == "is-peak-control-iraq")
    read(IRAQ, copy.deepcopy(data))  # 0.3333 is fine
    put(data, ("claims", index, "value"), 33.33)
    error = refusal(IRAQ, data)
    assert error.line == BOGUS_LINE and "value of a proportion figure must be at most 1, not 33.33" in error.message


def test_a_proportion_of_exactly_one_and_a_count_above_one_are_accepted() -> None:
    data = seed(IRAQ)
    index = next(i for i, c in enumerate(data["claims"]) if c["id"] == "is-peak-control-iraq")
    put(data, ("claims", index, "value"), 1)
    read(IRAQ, data)
    read(VOA, seed(VOA))  # "34 children": counts are not bounded by 1


def test_a_negative_proportion_is_refused() -> None:
    data = seed(IRAQ)
    index = next(i for i, c in enumerate(data["claims"]) if c["id"] == "is-peak-control-iraq")
    put(data, ("claims", index, "value"), -0.5)
    assert "must not be negative" in refusal(IRAQ, data).message


# ----------------------------------------------------------------------------- long values are cut

HUGE = "X" * 100_000


def test_show_cuts_a_long_value_and_gives_its_length() -> None:
    shown = show(HUGE)
    assert shown == "'" + "X" * 76 + "... (100,000 chars)"
    assert show("short") == "'short'"
    assert len(show(10**5000)) <= 100  # past Python's digit limit for repr()


@pytest.mark.parametrize(
    ("article_id", "path"),
    [
        (VOA, ("claims", 0, "evidence")),  # evidence text not found
        (VOA, ("claims", 0, "speaker", "org")),  # unknown entity id
        (VOA, ("claims", 0, "qualifier")),  # unknown qualifier (vocabulary)
        (VOA, ("claims", 0, "value")),  # not a number
        (VOA, ("claims", 0, HUGE)),  # an unknown key
        (VOA, ("claims", 0, "id")),  # not a slug
        (VOA, ("document", "url")),  # not a URL
        (VOA, ("document", "published", "date")),  # malformed date
        (VOA, ("claims", 0, "event")),  # not an event key of the file
        (None, ("places", "qamishli", "within")),  # unknown place
        (None, ("people", "vladimir-putin", "wikidata", "qid")),
    ],
)
def test_no_error_message_prints_a_100_kb_value(article_id: str | None, path: Path_) -> None:
    data = seed(article_id) if article_id else copy.deepcopy(load_yaml(REGISTRY))
    if path[-1] == "org":
        speaker = LineDict(org="sdf")
        speaker.line, speaker.key_lines = 1, {}
        put(data, path[:-1], speaker)
    put(data, path, HUGE)
    error = refusal(article_id, data)
    assert len(str(error)) < 400, str(error)[:500]
    assert "(100,000 chars)" in str(error)


# ----------------------------------------------------------------------------- rules that must not go

def test_evidence_may_not_run_from_the_content_into_boilerplate() -> None:
    # 000: line 8 is the photo caption (content), line 9 the same caption again (boilerplate).
    data = seed(VOA)
    put(data, ("claims", 0, "evidence"), "April 18, 2021.\nChildren walk out of a building")
    assert "found only in page boilerplate" in refusal(VOA, data).message


def test_evidence_may_not_run_from_boilerplate_into_the_content() -> None:
    # 000: line 3 "Breaking News" is page furniture; the content starts at the headline, line 5.
    data = seed(VOA)
    put(data, ("claims", 0, "evidence"), "Breaking News\n\nUS-Backed Syrian Forces")
    assert "found only in page boilerplate" in refusal(VOA, data).message


def test_a_speaker_title_must_stand_in_the_article() -> None:
    # 000 quotes Abdulkarim Omar as "co-chair of foreign relations at the Autonomous Administration ...".
    data = seed(VOA)
    index = next(i for i, q in enumerate(data["quotes"]) if "title" in q["speaker"])
    put(data, ("quotes", index, "speaker", "title"), "President of the Autonomous Administration")
    error = refusal(VOA, data)
    assert error.line == BOGUS_LINE
    assert "speaker title not found in the content" in error.message


def test_a_within_cycle_is_refused() -> None:
    # Qamishli is within northeast-syria, which is within Syria; Syria within Qamishli closes a cycle.
    data = copy.deepcopy(load_yaml(REGISTRY))
    syria = data["places"]["syria"]
    put(data, ("places", "syria", "within"), "qamishli")
    syria["within_evidence"] = copy.deepcopy(data["places"]["qamishli"]["within_evidence"])
    syria.key_lines["within_evidence"] = BOGUS_LINE
    error = refusal(None, data)
    assert "'within' forms a cycle" in error.message
    assert "qamishli -> northeast-syria -> syria -> qamishli" in error.message or "syria -> qamishli" in error.message
    assert error.line == BOGUS_LINE


def test_a_draft_entity_is_marked_extracted_in_the_graph_and_a_checked_one_is_not() -> None:
    """'draft: true' (an entity `repat-kg extract` added) becomes rkg:factMethod extracted on the entity."""
    from repat_kg.mapping.entities import map_entities
    from repat_kg.mapping.terms import IriMinter
    from repat_kg.model.vocab import DEFAULT_BASE

    data = copy.deepcopy(load_yaml(REGISTRY))
    data["people"]["anna-kuznetsova"]["draft"] = True
    entities = read_registry(REGISTRY, VOCAB, data).entities
    assert entities["anna-kuznetsova"].draft and not entities["vladimir-putin"].draft
    quads = map_entities(entities, VOCAB, IriMinter(DEFAULT_BASE))
    marked = {(q.subject.value, q.object.value) for q in quads if q.predicate.value.endswith("#factMethod")}
    assert marked == {(DEFAULT_BASE + "person/anna-kuznetsova",
                       "https://w3id.org/repat-kg/ontology#fact-method-extracted")}


def test_a_line_of_an_article_is_its_start_and_its_text_without_the_break() -> None:
    article = ArticleText("a01", Path("a01.txt"), "Headline\n\nRussia took 38 children.\nLast line")
    assert article.line(1) == (0, "Headline")
    assert article.line(2) == (9, "")
    assert article.line(3) == (10, "Russia took 38 children.")
    assert article.line(4) == (35, "Last line")  # the last line has no break after it
