"""Unit tests of the look-up attribute ruler: the same token attributes as spaCy's AttributeRuler."""

from __future__ import annotations

from typing import Any

import spacy

from repat_kg.extraction.attrs import FastAttributeRuler
from repat_kg.extraction.nlp import load_pipeline

NLP = spacy.blank("en")  # one vocabulary for the rulers and the docs


def _doc(words: list[str], tags: list[str]) -> Any:
    from spacy.tokens import Doc

    return Doc(NLP.vocab, words=words, tags=tags)


def _ruler(patterns: list[dict[str, Any]]) -> Any:
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(NLP.vocab)
    ruler.add_patterns(patterns)
    return ruler


def test_later_rules_win_and_a_longer_pattern_sets_its_indexed_token() -> None:
    ruler = _ruler(
        [
            {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB", "MORPH": "Number=Sing"}},
            {"patterns": [[{"LOWER": "is", "TAG": "VBZ"}]], "attrs": {"POS": "AUX", "LEMMA": "be"}},
            # "gon na": the second token's lemma is "to"
            {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
            {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not"}},
            {"patterns": [[{"TAG": {"NOT_IN": ["VBZ", "NN"]}}]], "attrs": {"POS": "X"}},
        ]
    )
    fast = FastAttributeRuler(ruler)
    assert fast.supported
    doc = fast(_doc(["It", "is", "gon", "na", "rain", "n't", "runs"], ["PRP", "VBZ", "VBG", "TO", "VB", "RB", "VBZ"]))
    assert [t.pos_ for t in doc] == ["X", "AUX", "X", "X", "X", "X", "VERB"]
    assert [t.lemma_ for t in doc] == ["", "be", "", "to", "", "not", ""]
    assert str(doc[1].morph) == "Number=Sing" and str(doc[6].morph) == "Number=Sing"


def test_matching_sees_the_tokens_before_any_rule_changes_them() -> None:
    # the first rule retags "run" as VBZ; the others, which need VBZ, must not then match it
    ruler = _ruler(
        [
            {"patterns": [[{"LOWER": "run"}]], "attrs": {"TAG": "VBZ"}},
            {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB"}},
            {"patterns": [[{"TAG": "VBZ"}, {"LOWER": "fast"}]], "attrs": {"POS": "ADV"}, "index": 1},
        ]
    )
    doc = FastAttributeRuler(ruler)(_doc(["run", "fast", "runs", "fast"], ["NN", "RB", "VBZ", "RB"]))
    assert [t.tag_ for t in doc] == ["VBZ", "RB", "VBZ", "RB"]
    assert [t.pos_ for t in doc] == ["", "", "VERB", "ADV"]


def test_a_pattern_with_an_operator_leaves_spacys_ruler_in_place() -> None:
    ruler = _ruler([{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}}])
    assert not FastAttributeRuler(ruler).supported


def test_the_model_gives_the_same_attributes_as_spacys_ruler() -> None:
    pipeline = load_pipeline()
    assert "repat_attribute_ruler" in pipeline.nlp.pipe_names  # the model's patterns are all understood
    assert "attribute_ruler" not in pipeline.nlp.pipe_names  # and spaCy's own is disabled
    # tags, exceptions ("ai n't", "gon na", "'s", "n't") and a DEP rule ("to" as aux)
    texts = [
        "He ai n't gonna say it, but they're going to have to repatriate 24 children.",
        "The women's husbands weren't there; she'd said she didn't want to go.",
        "“We will not stop now,” said Dr. Ibrahim Omar, 44, in Qamishli on Monday.",
    ]
    nlp = pipeline.nlp
    for text in texts:
        ours = nlp(text)
        nlp.enable_pipe("attribute_ruler")
        nlp.disable_pipe("repat_attribute_ruler")
        try:
            assert "attribute_ruler" in nlp.pipe_names and "repat_attribute_ruler" not in nlp.pipe_names
            theirs = nlp(text)
        finally:
            nlp.enable_pipe("repat_attribute_ruler")
            nlp.disable_pipe("attribute_ruler")
        assert [(t.pos_, str(t.morph), t.lemma_) for t in ours] == [(t.pos_, str(t.morph), t.lemma_) for t in theirs]
