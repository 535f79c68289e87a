"""Unit tests of the extractor's rules: expected facts are what a person reads in the quoted sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from repat_kg.extraction.batch import Options, default_registry, extract_batch
from repat_kg.extraction.entities import ArticleDrafts, Drafts, adopt, with_ids
from repat_kg.extraction.events import Published, resolve_date
from repat_kg.extraction.furniture import credit_span, layout
from repat_kg.extraction.inputs import decode, read_input
from repat_kg.extraction.lexicon import check_lexicon, load_lexicon
from repat_kg.extraction.nlp import load_pipeline
from repat_kg.model.vocab import load_vocabulary
from repat_kg.readers.yamlfile import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def pipeline() -> Any:
    return load_pipeline()


def extract_text(tmp_path: Path, pipeline: Any, text: str, name: str = "a01", published: str = "2022-10-20") -> dict:
    source = tmp_path / "in" / f"{name}.txt"
    source.parent.mkdir(exist_ok=True)
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    summary = extract_batch([source], out, Options(published=published), pipeline=pipeline)
    assert summary.articles == 1, summary.skipped
    return parse_yaml((out / f"{name}.yaml").read_text(encoding="utf-8"), out / f"{name}.yaml")


def claims_by_value(draft: dict) -> dict[float, list[dict]]:
    found: dict[float, list[dict]] = {}
    for claim in draft.get("claims") or []:
        key = claim.get("value", claim.get("low"))
        found.setdefault(float(key), []).append(claim)
    return found


HEAD = "Russia takes back children from Syria\n\n"


def test_two_coordinated_sources_give_two_attributions(tmp_path: Path, pipeline: Any) -> None:
    # seeds/001: "took 38 children ..., a Kurdish official and AFP correspondents said."
    draft = extract_text(tmp_path, pipeline, HEAD + "A Russian delegation in Syria on Thursday took 38 children "
                         "from families of suspected Islamic State (IS) group members for repatriation, "
                         "a Kurdish official and AFP correspondents said.\n")
    speakers = [c["speaker"] for c in claims_by_value(draft)[38]]
    assert speakers == [{"unnamed": "a Kurdish official"}, {"unnamed": "AFP correspondents"}]


def test_qualifiers_ranges_and_counted_nouns(tmp_path: Path, pipeline: Any) -> None:
    # seeds/000: "more than 140 children on at least four occasions"; "between the ages of three and 14"
    draft = extract_text(tmp_path, pipeline, HEAD + "The handover of the children, between the ages of three and 14, "
                         "took place in Qamishli. “They have so far taken back more than 140 children on at least four "
                         "occasions,” Kurdish official Omar said.\n")
    by_value = claims_by_value(draft)
    assert (by_value[3][0]["qualifier"], by_value[3][0]["high"], by_value[3][0]["counted"]) == ("range", 14, "age-in-years")
    assert (by_value[140][0]["qualifier"], by_value[140][0]["counted"]) == ("more-than", "children")
    assert (by_value[4][0]["qualifier"], by_value[4][0]["counted"]) == ("at-least", "occasions")
    assert by_value[140][0]["speaker"] == {"person": "abdulkarim-omar", "title": "Kurdish official"}
    assert 14 not in by_value  # the top of the range is not a figure of its own


def test_years_dates_and_ordinals_are_not_head_counts(tmp_path: Path, pipeline: Any) -> None:
    # seeds/003: "took place between May 7 and May 9"; "in 2019"; "the second time"
    draft = extract_text(tmp_path, pipeline, HEAD + "The operation to repatriate 156 children took place between "
                         "May 7 and 9 in 2019, the second time this year, on October 11.\n")
    assert set(claims_by_value(draft)) == {156}


def test_number_words_vague_amounts_and_fractions(tmp_path: Path, pipeline: Any) -> None:
    # d05-like sentences: "around two dozen people", "Hundreds of foreign men", "A quarter of them were children"
    draft = extract_text(tmp_path, pipeline, HEAD + "Authorities were preparing to return a group of around two dozen "
                         "people. Hundreds of foreign men are held in camps. A quarter of them were children. "
                         "Some 3.5 million people live there.\n")
    by_value = claims_by_value(draft)
    assert by_value[24][0]["qualifier"] == "about"
    assert (by_value[200][0]["qualifier"], by_value[200][0]["counted"]) == ("vague", "men")
    assert by_value[0.25][0]["counted"] == "proportion"
    assert by_value[3500000][0]["qualifier"] == "about"


def test_shares_money_and_distances(tmp_path: Path, pipeline: Any) -> None:
    draft = extract_text(
        tmp_path,
        pipeline,
        HEAD + "Two-thirds of the detainees are children. Half of them are under five. Hundreds of thousands of "
        "people fled. Each return costs 400 dollars, and the camp lies 40 kilometres from the border.\n",
    )
    by_value = claims_by_value(draft)
    assert by_value[0.6667][0]["counted"] == "proportion"
    assert by_value[0.5][0]["counted"] == "proportion"
    assert by_value[200000][0]["qualifier"] == "vague"
    assert 400 not in by_value and 40 not in by_value and 2000 not in by_value


def test_datelines_names_with_numbers_and_relative_years(tmp_path: Path, pipeline: Any) -> None:
    draft = extract_text(
        tmp_path,
        pipeline,
        HEAD + "ERBIL (Kurdistan 24) – Tajikistan's Ministry of Foreign Affairs said on Tuesday that 75 children "
        "would return.\n\nThe group also included four men, who were charged on arrival, chief prosecutor "
        "Aleksander Lumezi told reporters. A law passed four years ago allows jail terms of up to 15 years.\n",
    )
    by_value = claims_by_value(draft)
    assert 24 not in by_value  # "Kurdistan 24" is a name
    assert by_value[75][0]["speaker"] == {"org": "ministry-of-foreign-affairs"}  # not the dateline's "ERBIL"
    assert by_value[4][0]["speaker"] == {"person": "aleksander-lumezi", "title": "chief prosecutor"}
    assert [c["qualifier"] for c in by_value[15]] == ["up-to"] and len(by_value[4]) == 1  # "four years ago" is a date


def test_pronoun_resolves_to_the_last_person_and_negated_cue_gives_no_speaker(tmp_path: Path, pipeline: Any) -> None:
    draft = extract_text(tmp_path, pipeline, HEAD + "Prime Minister Scott Morrison visited the camp. He said 8 "
                         "orphans had been taken out. Officials did not say that 12 women remained.\n")
    by_value = claims_by_value(draft)
    assert by_value[8][0]["speaker"]["person"] == "scott-morrison"
    assert by_value[12][0]["speaker"] == "none"


def _states(draft: dict) -> list[list[str]]:
    return [[p["agent"] for p in e.get("participants") or [] if p["role"] == "repatriating-state"]
            for e in draft.get("events") or []]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "state"),
    [
        # a registry country under a reporting verb: "it" is that verb's subject
        ("Kazakhstan on Friday said it had repatriated 231 citizens from Syria.", "kazakhstan"),
        # a state named through its government (a country spaCy names, not in the registry: a draft)
        ("Ukraine’s government repatriated a woman and her seven children from Syria on Thursday.", "ukraine"),
        # a state spaCy names as the subject itself (not in the registry: a draft)
        ("Bosnia repatriated 25 people from Syria on Thursday.", "bosnia"),
        # no subject: the country the people were repatriated to
        ("Thirty children were repatriated to Kazakhstan from Syria on Monday.", "kazakhstan"),
    ],
)
def test_the_repatriating_state_is_the_subject_its_government_or_the_speaker_of_it(
    tmp_path: Path, pipeline: Any, sentence: str, state: str
) -> None:
    draft = extract_text(tmp_path, pipeline, HEAD + sentence + "\n")
    assert _states(draft) == [[state]]
    registry = parse_yaml((tmp_path / "out" / "entities.yaml").read_text(encoding="utf-8"), tmp_path / "e.yaml")
    assert registry["places"][state]["kind"] == "country"


def test_a_person_or_a_body_without_a_named_state_is_no_repatriating_state(tmp_path: Path, pipeline: Any) -> None:
    draft = extract_text(tmp_path, pipeline, HEAD + "The government repatriated 25 people from Syria on Thursday. "
                         "Officials said they had repatriated 12 women from Syria. "
                         "The children were repatriated to Moscow from Iraq.\n")  # fmt: skip
    assert _states(draft) == [[], [], []]  # Moscow is a city, not a state


def test_according_to_and_unattributed(tmp_path: Path, pipeline: Any) -> None:
    # seeds/001: "Nearly 4,500 Russians went to fight alongside IS, according to Russian authorities"
    draft = extract_text(tmp_path, pipeline, HEAD + "Nearly 4,500 Russians went to fight alongside IS, according to "
                         "Russian authorities. At least 341 Russians were repatriated between 2018 and 2021.\n")
    by_value = claims_by_value(draft)
    assert by_value[4500][0]["speaker"] == {"unnamed": "Russian authorities"}
    assert (by_value[4500][0]["qualifier"], by_value[4500][0]["counted"], by_value[4500][0]["cue"]) == (
        "nearly", "foreign-fighters", "according-to")
    assert by_value[341][0]["speaker"] == "none" and by_value[341][0]["cue"] == "none"


def test_figures_inside_a_quotation_take_its_speaker(tmp_path: Path, pipeline: Any) -> None:
    # d01: "‘The boys are between four and six years old. ...’, Kadyrov wrote."
    draft = extract_text(tmp_path, pipeline, HEAD + "Chechen leader Ramzan Kadyrov spoke on Instagram.\n\n‘The boys "
                         "are between four and six years old. We are taking measures to bring them home’, Kadyrov "
                         "wrote.\n")
    claim = claims_by_value(draft)[4][0]
    assert claim["speaker"] == {"person": "ramzan-kadyrov"} and claim["qualifier"] == "range"
    assert [q["speaker"] for q in draft["quotes"]] == [{"person": "ramzan-kadyrov"}]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Sunday", "2021-04-18"),  # the publication day itself is a Sunday
        ("Thursday", "2021-04-15"),
        ("last month", "2021-03"),
        ("yesterday", "2021-04-17"),
        ("October 11", "2020-10-11"),  # after publication in 2021: the October before
        ("April 2", "2021-04-02"),
        ("December 31, 2020", "2020-12-31"),
        ("in April 2019", "2019-04"),
    ],
)
def test_relative_dates_resolve_against_publication(words: str, expected: str) -> None:
    resolved = resolve_date(words, Published("2021-04-18", "exact", "test"))
    assert resolved is not None and resolved.value == expected
    assert dt.date(2021, 4, 18).weekday() == 6


def test_furniture_rules_keep_the_article_lines(tmp_path: Path) -> None:
    # seeds/001's annotation: lines 1-6 donation appeal, 36 on newsletter and "A Message from The Moscow Times"
    text = (SEEDS / "001_34515e69bfa560d7.txt").read_text(encoding="utf-8")
    assert layout(text, load_lexicon()).content == [(8, 34)]
    # seeds/004: a "Read more:" list of other headlines between two parts of the body
    text = (SEEDS / "004_42c25d0253e96991.txt").read_text(encoding="utf-8")
    assert layout(text, load_lexicon()).content == [(1, 5), (8, 18), (32, 52)]


# Caption lines of real pages: (line, the credit a person reads at its end, or None).
CREDIT_CASES = [
    # seeds/001 (The Moscow Times): photographer / agency via wire / agency
    ("Children in camp for displaced people in north-west Syria. Juma Muhammad / IMAGESLIVE via ZUMA Press Wire / ТАСС",
     "Juma Muhammad / IMAGESLIVE via ZUMA Press Wire / ТАСС"),
    # seeds/004 (EPA caption): agency/PHOTOGRAPHER after the caption's last sentence and two spaces
    ("... or were arrested'.  EPA/MURTAJA LATEEF", "EPA/MURTAJA LATEEF"),
    # a labelled credit, and a parenthesised Getty credit
    ("A Syrian child waits before being released from al-Hol camp. File photo: Delil Souleiman/AFP",
     "File photo: Delil Souleiman/AFP"),
    ("Women walk in al-Hol camp. (Photo by Delil Souleiman/AFP via Getty Images)",
     "(Photo by Delil Souleiman/AFP via Getty Images)"),
    ("Photo: Reuters", "Photo: Reuters"),
    # slashes inside names in a sentence are not credits
    ("Krym.Realii, a Radio Free Europe/Radio Liberty service focused on Crimea, also confirmed this.", None),
    ("The woman identified as Amina told RFE/RL that she used to live in Crimea", None),
    # a headline with a slash but no credit word, and a plain headline
    ("Ukraine, Kazakhstan and Russia / Central Asia", None),
    ("Russia repatriates 38 children of Islamic State suspects", None),
    # a sentence naming an agency is not a credit
    ("A Kurdish official told AFP that 38 children were handed over.", None),
    # a last sentence with a slash and "via" is a sentence, not a credit
    ("Families wait at the fence. They were flown to Moscow/Grozny via Baku.", None),
    # a parenthesised label without a slash; a marker as the last word; trailing spaces are not the credit's
    ("Women at al-Hol camp. (Photo: Reuters)", "(Photo: Reuters)"),
    ("Women at al-Hol camp. Delil Souleiman/AFP", "Delil Souleiman/AFP"),
    ("Children board a plane.  EPA/MURTAJA LATEEF  ", "EPA/MURTAJA LATEEF"),
    # more than a dozen words is not a credit, whatever its slashes and markers
    ("Women at al-Hol camp. Aid from Turkey via the Semalka crossing and the Iraq/Syria border points reached "
     "the camp today", None),
]


@pytest.mark.parametrize(("line", "credit"), CREDIT_CASES)
def test_a_photo_credit_is_the_labelled_or_slashed_tail_of_a_caption(line: str, credit: str | None) -> None:
    span = credit_span(line, load_lexicon())
    assert (line[span[0] : span[1]] if span else None) == credit


def test_a_photographer_in_a_caption_credit_is_not_a_person_of_the_story(tmp_path: Path, pipeline: Any) -> None:
    draft = extract_text(tmp_path, pipeline, HEAD + "Children in a camp in north-west Syria. Juma Muhammad / "
                         "IMAGESLIVE via ZUMA Press Wire\n\nAbdulkarim Omar said 38 children were handed over.\n")
    registry = (tmp_path / "out" / "entities.yaml").read_text(encoding="utf-8")
    assert "Juma Muhammad" not in registry
    assert [c["speaker"] for c in claims_by_value(draft)[38]] == [{"person": "abdulkarim-omar"}]


def test_draft_ids_are_given_in_article_order_whichever_process_ran_the_article() -> None:
    # "Ali Hassan" and "Ali-Hassan" have the same slug: the article read first gets the plain id
    lexicon = load_lexicon()
    first, second = ArticleDrafts({}, lexicon), ArticleDrafts({}, lexicon)
    assert second.get("person", "Ali-Hassan") == first.get("person", "Ali Hassan") == PLACEHOLDER_0
    assert first.get("person", "Ali Hassan") == PLACEHOLDER_0  # asked again: the same placeholder
    assert first.get("organization", "Kurdish Red Crescent") == PLACEHOLDER_0[:-1] + "1"
    drafts = Drafts({}, lexicon)
    one, two = adopt(drafts, first.asked), adopt(drafts, second.asked)
    assert one == {PLACEHOLDER_0: "ali-hassan", PLACEHOLDER_0[:-1] + "1": "kurdish-red-crescent"}
    assert two == {PLACEHOLDER_0: "ali-hassan-2"}
    assert with_ids(f"speaker: {{person: {PLACEHOLDER_0}}}", two) == "speaker: {person: ali-hassan-2}"


PLACEHOLDER_0 = "repat-kg-draft-placeholder-000000"


def test_any_number_of_jobs_writes_the_same_drafts(
    tmp_path: Path, pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import repat_kg.extraction.batch as batch

    monkeypatch.setattr(batch, "TASK_LINES", 1)  # one article a task, so the processes share the five seeds
    inputs = sorted(SEEDS.glob("0*.txt"))
    written = {}
    for jobs in (1, 2, 3):
        out = tmp_path / f"jobs{jobs}"
        summary = extract_batch(inputs, out, Options(jobs=jobs), pipeline=pipeline)
        assert summary.articles == 5
        written[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert written[2] == written[1] and written[3] == written[1]
    # the batch's draft entities (outlets of the bare texts 003 and 004) got their ids, no placeholder is left
    registry = written[1]["entities.yaml"].decode("utf-8")
    assert "unknown-outlet-of-003-1094f3a3a48ed6b8:" in registry
    assert not any(b"repat-kg-draft-placeholder" in data for data in written[2].values())


def test_lexicon_keys_are_ontology_notations(tmp_path: Path) -> None:
    lexicon = load_lexicon()
    check_lexicon(lexicon, load_vocabulary())
    broken = tmp_path / "lexicon.yaml"
    raw = (ROOT / "src/repat_kg/extraction/lexicon.yaml").read_text(encoding="utf-8")
    broken.write_text(raw.replace("  nearly: [nearly", "  almost-nearly: [nearly"), encoding="utf-8")
    from repat_kg.errors import InputError

    with pytest.raises(InputError, match="unknown qualifier 'almost-nearly'"):
        check_lexicon(load_lexicon.__wrapped__(broken), load_vocabulary())


def test_decoding_tries_utf8_then_windows_1252_and_refuses_the_rest() -> None:
    assert decode("Kurdish officials said “34”".encode()) == ("Kurdish officials said “34”", "utf-8")
    assert decode("caf\u00e9 \u201c34\u201d".encode("cp1252"))[1] == "windows-1252"
    assert decode("\ufeffabc".encode("utf-16"))[1] == "utf-16"
    with pytest.raises(ValueError, match="binary"):
        decode(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(ValueError, match="not UTF-8"):
        decode(b"abc \x81\x8d\x8f\x90\x9d")  # bytes Windows-1252 leaves undefined


def test_size_limit_and_bad_names_are_reasons(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000, encoding="utf-8")
    assert "over the 100-byte limit" in read_input(big, max_bytes=100).reason  # type: ignore[union-attr]
    odd = tmp_path / "Not An Id.txt"
    odd.write_text("text", encoding="utf-8")
    assert "lower-case id" in read_input(odd).reason  # type: ignore[union-attr]


def test_default_registry_is_the_seeds_registry() -> None:
    assert default_registry().name == "entities.yaml" and default_registry().is_file()
