"""The annotation loader on small in-memory YAML: what it reads, and the file:line of what it refuses."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from tiny_article import ANNOTATION_PATH, DOCUMENT, TEXT, article, claims_yaml, read

from repat_kg.errors import InputError
from repat_kg.model.records import DateValue, Speaker
from repat_kg.model.text import ArticleText

LINES = TEXT.splitlines(keepends=True)
# Offsets where each 1-based line starts, counted from the fixture's lines (not by the code under test).
START = {number: sum(len(line) for line in LINES[: number - 1]) for number in range(1, len(LINES) + 1)}

CLAIM = (
    "{id: left, quantity: left-in-camp, counted: people, scope: total, description: d, qualifier: fewer-than, value: 90, "
    "speaker: {person: jan-novak, title: Minister}, cue: said, evidence: 'fewer than 90 were left'}"
)
EVENT = """\
events:
  - key: flight-home
    type: [repatriation, arrival]
    label: "Ruritania flies 40 children home"
    date: {value: "2020-05", basis: "the month the article appeared"}
    places:
      - {place: ruritania, role: destination}
    participants:
      - {agent: ruritania, role: repatriating-state}
    evidence: "Ruritania flew 40 children home"
    status: happened
"""


def refused(annotation: str) -> InputError:
    with pytest.raises(InputError) as raised:
        read(annotation)
    assert raised.value.path == str(ANNOTATION_PATH)
    return raised.value


def line_of(annotation: str, text: str) -> int:
    """The 1-based line of ``annotation`` holding ``text`` (where an error must point)."""
    return next(n for n, line in enumerate(annotation.splitlines(), start=1) if text in line)


def test_a_whole_annotation_reads_into_records() -> None:
    annotation = read(DOCUMENT + EVENT + "claims:\n  - " + CLAIM + "\n")
    document = annotation.document
    assert (document.outlet, document.published, document.published_relation) == (
        "daily-tidings",
        DateValue("2020-05-06", "day"),
        "exact",
    )
    assert (document.headline.start, document.headline.end, document.headline.line) == (0, 30, 1)
    (event,) = annotation.events
    assert event.types == ("repatriation", "arrival")
    assert event.places == (("destination", "ruritania"),)
    assert event.participants == (("ruritania", "repatriating-state"),)
    assert event.date.date == DateValue("2020-05", "month") and event.date.precision == "month"
    # "Ruritania flew 40 children home" stands in boilerplate line 2 and in content line 3: line 3 it is.
    position = LINES[2].index("Ruritania flew 40 children home")
    assert (event.evidence.line, event.evidence.start) == (3, START[3] + position)
    (claim,) = annotation.claims
    assert (claim.qualifier, claim.value, claim.low, claim.high) == ("fewer-than", Decimal(90), None, None)
    assert claim.speaker == Speaker("person", entity="jan-novak", title="Minister")
    assert claim.cue == "said"
    span = claim.evidence
    assert (span.line, span.start, span.end) == (4, START[4] + 24, START[4] + 24 + len("fewer than 90 were left"))
    assert span.prefix.endswith("Minister Jan Novak said ") and span.suffix.startswith(" in the camp.")
    assert annotation.entity_references() == {"daily-tidings", "ruritania", "jan-novak"}


@pytest.mark.parametrize(
    ("evidence", "problem"),
    [
        ("Subscribe to the Daily Tidings", "text found only in page boilerplate of tiny.txt (line 2)"),
        ("children", "text is ambiguous: found 2 times in tiny.txt (lines 1, 3)"),
        ("40 children from Camp Beta", "text not found in tiny.txt"),
        ("   ", "must be a non-empty string"),
    ],
)
def test_evidence_must_stand_once_in_the_content(evidence: str, problem: str) -> None:
    claim = CLAIM.replace("'fewer than 90 were left'", repr(evidence))
    annotation = claims_yaml(claim)
    error = refused(annotation)
    assert problem in error.message
    assert error.line == line_of(annotation, "id: left")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("qualifier: fewer-than, value: 90", "qualifier: range, value: 90"), "a range needs 'low' and 'high'"),
        (("qualifier: fewer-than, value: 90", "qualifier: range, low: 9, high: 3"), "low '9' is above high '3'"),
        (("qualifier: fewer-than, value: 90", "qualifier: vague, high: 90"), "a vague figure needs 'low'"),
        (("value: 90", "value: 90, low: 80"), "qualifier 'fewer-than' needs 'value' and no 'low'/'high'"),
        (("qualifier: fewer-than", "qualifier: roughly"), "qualifier"),
        (("value: 90", "value: -90"), "must not be negative"),
        (("counted: people", "counted: persons"), "counted"),
        (("cue: said", "cue: none"), "cue 'none' is only for claims with speaker 'none'"),
        (("speaker: {person: jan-novak, title: Minister}", "speaker: {person: daily-tidings}"),
         "speaker person must be a person, but 'daily-tidings' is a organization"),
        (("speaker: {person: jan-novak, title: Minister}", "speaker: {person: nobody}"),
         "unknown entity id 'nobody' in speaker person"),
        (("speaker: {person: jan-novak, title: Minister}", "speaker: {org: daily-tidings, person: jan-novak}"),
         "speaker needs exactly one of"),
        (("id: left", "id: Left"), "claim id 'Left' is not a lower-case slug"),
        (("description: d", "descripton: d"), "unknown key 'descripton' in a claim"),
    ],
)  # fmt: skip
def test_a_claim_is_checked_field_by_field(change: tuple[str, str], problem: str) -> None:
    old, new = change
    assert old in CLAIM
    annotation = claims_yaml(CLAIM.replace(old, new, 1))
    error = refused(annotation)
    assert problem in error.message
    assert error.line == line_of(annotation, "id: ")


def test_ids_and_event_keys_are_unique_and_references_resolve() -> None:
    twice = claims_yaml(CLAIM, CLAIM.replace("fewer than 90 were left", "at least 100 left there"))
    assert "claim id 'left' is used twice" in refused(twice).message
    dangling = claims_yaml(CLAIM.replace("cue: said", "cue: said, event: no-such-event"))
    assert "unknown event key 'no-such-event'" in refused(dangling).message
    doubled = DOCUMENT + EVENT + EVENT.replace("events:\n", "")
    error = refused(doubled)
    assert "event key 'flight-home' is used twice" in error.message
    assert error.line == [n for n, line in enumerate(doubled.splitlines(), 1) if "key: flight-home" in line][1]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('date: {value: "2020-05", basis: "the month the article appeared"}', 'date: {start: "2020-06", end: "2020-05", basis: b}'),
         "date range starts after it ends (2020-06 > 2020-05)"),
        (('date: {value: "2020-05", basis: "the month the article appeared"}', 'date: {value: "2020-05", end: "2020-06", basis: b}'),
         "date has both 'value' and a range"),
        (('date: {value: "2020-05", basis: "the month the article appeared"}', 'date: {value: "2020-05"}'),
         "a date without evidence needs one"),
        (('date: {value: "2020-05", basis: "the month the article appeared"}', 'date: {basis: b}'),
         "date needs 'value', or 'start' and/or 'end'"),
        (("type: [repatriation, arrival]", "type: [repatriation, landing]"), "event type"),
        (("- {place: ruritania, role: destination}", "- {place: jan-novak, role: destination}"),
         "event place must be a place"),
        (("- {agent: ruritania, role: repatriating-state}", "- {agent: ruritania, role: pilot}"), "role"),
        (("    evidence:", "    evidnce:"), "unknown key 'evidnce' in an event"),
    ],
)  # fmt: skip
def test_an_event_is_checked(change: tuple[str, str], problem: str) -> None:
    old, new = change
    assert old in EVENT
    error = refused(DOCUMENT + EVENT.replace(old, new, 1))
    assert problem in error.message


def test_an_event_needs_a_place_or_a_participant() -> None:
    bare = EVENT.replace("    places:\n      - {place: ruritania, role: destination}\n", "").replace(
        "    participants:\n      - {agent: ruritania, role: repatriating-state}\n", ""
    )
    error = refused(DOCUMENT + bare)
    assert "event 'flight-home' needs at least one place or participant" in error.message
    assert error.line == line_of(DOCUMENT + bare, "- key: flight-home")


@pytest.mark.parametrize(
    ("change", "problem", "at"),
    [
        (("outlet: daily-tidings", "outlet: jan-novak"), "outlet must be a organization, but 'jan-novak' is a person",
         "outlet:"),
        (('published: {date: "2020-05-06"}', 'published: {date: "2020-05"}'), "published.basis", "published:"),
        (('published: {date: "2020-05-06"}', 'published: {date: "2020-05-06", relation: after}'), "date relation",
         "published:"),
        (('published: {date: "2020-05-06"}', 'published: {date: "2020-05-36"}'), "malformed date '2020-05-36'",
         "published:"),
        (('content: ["1", "3-10"]', 'content: ["1", "3-12"]'), "content range '3-12' is outside lines 1-11",
         "content:"),
        (('content: ["1", "3-10"]', 'content: ["1", "10-3"]'), "content range '10-3' is outside", "content:"),
        (('content: ["1", "3-10"]', 'content: ["1", "3 to 10"]'), "is not 'FIRST-LAST'", "content:"),
        (('headline: "Ruritania brings children home"', 'headline: "Ruritania"'), "headline text is ambiguous",
         "headline:"),
        (('  outlet_basis: "the article names the outlet"\n', ""), "missing required field 'outlet_basis'", "outlet:"),
    ],
)  # fmt: skip
def test_the_document_block_is_checked(change: tuple[str, str], problem: str, at: str) -> None:
    old, new = change
    assert old in DOCUMENT
    annotation = DOCUMENT.replace(old, new, 1)
    error = refused(annotation)
    assert problem in error.message
    assert error.line == line_of(annotation, at)


def test_unknown_top_level_fields_and_non_mappings_are_refused() -> None:
    annotation = DOCUMENT + "claim:\n  - " + CLAIM + "\n"
    error = refused(annotation)
    assert "unknown key 'claim' in the annotation file" in error.message and error.line == line_of(annotation, "claim:")
    assert "the annotation file must be a mapping" in refused("- just a list\n").message
    assert "missing required field 'document'" in refused("claims: []\n").message


def test_first_mention_is_a_whole_word_in_the_content() -> None:
    text = article()
    text.set_content_lines([(1, 1), (3, 10)])
    mention = text.first_mention("Jan Novak")
    assert mention is not None and (mention.line, mention.start) == (4, START[4] + len("Minister "))
    assert text.first_mention("Novak said") is not None
    assert text.first_mention("Nova") is None  # a part of a word is no mention
    assert text.first_mention("Subscribe") is None  # boilerplate only
    assert text.first_mention("") is None
    assert text.occurs_in_content("Daily Tidings") and not text.occurs_in_content("Subscribe")
    # "Daily Tidings" and "Camp Alpha" stand in boilerplate (lines 2, 11) before and after content line 3.
    first = text.first_mention("Daily Tidings")
    assert first is not None and (first.line, first.start) == (3, START[3] + len("The "))
    assert text.occurs_in_content("Camp Alpha") and text.first_mention("Camp Alpha") is not None
    assert not text.occurs_in_content("more from the Daily")
    # The first of two mentions in the content is the one kept.
    later = text.first_mention("100")
    assert later is not None and later.line == 5


def test_locate_finds_content_between_boilerplate_on_both_sides() -> None:
    text = article()
    text.set_content_lines([(1, 1), (3, 10)])
    # "Daily Tidings" stands in boilerplate line 2, content line 3 and boilerplate line 11.
    span = text.locate("Daily Tidings", ANNOTATION_PATH, 9)
    assert (span.line, span.start) == (3, START[3] + len("The "))
    with pytest.raises(InputError, match=r"ambiguous: found 5 times in tiny.txt \(lines 5, 6, 7, 8, 9\)"):
        text.locate("100", ANNOTATION_PATH, 9)


def test_quote_context_near_the_start_of_the_text() -> None:
    text = article()
    text.set_content_lines([(1, 1), (3, 10)])
    span = text.first_mention("brings")
    assert span is not None and (span.start, span.prefix, span.suffix) == (
        10,
        "Ruritania ",
        " children home\nSubscribe to the ",
    )
    first = text.first_mention("Ruritania")
    assert first is not None and (first.start, first.line, first.prefix) == (0, 1, "")
    assert text.first_mention("ovak") is None  # "Novak": a word char before it
    assert text.first_mention("uritania") is None  # "Ruritania" at offset 0 and on line 3


def test_evidence_and_mentions_at_the_very_end_of_a_text_without_a_final_newline() -> None:
    text = ArticleText("end", Path("end.txt"), "Alpha beta\nGamma delta")
    text.set_content_lines([(1, 2)])
    assert text.line_count == 2
    span = text.locate("Gamma delta", ANNOTATION_PATH, 3)
    assert (span.start, span.end, span.line, span.suffix) == (11, 22, 2, "")
    last = text.first_mention("delta")
    assert last is not None and (last.start, last.end) == (17, 22)
    # A content range ends with its last line's newline, which evidence may include.
    text.set_content_lines([(1, 1)])
    assert text.locate("beta\n", ANNOTATION_PATH, 3).end == 11
    assert text.first_mention("delta") is None
