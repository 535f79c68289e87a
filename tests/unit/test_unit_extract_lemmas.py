"""Unit tests of the cached lemmatizer: the same lemmas as spaCy's rule lemmatizer, kept where already set."""

from __future__ import annotations

from typing import Any

import pytest

from repat_kg.extraction.lemmas import FastLemmatizer
from repat_kg.extraction.nlp import load_pipeline

TEXTS = [
    # base forms, inflections, exceptions the attribute ruler sets first ("ai n't", "gon na"), proper nouns
    "He ai n't gonna say it, but they're going to have to repatriate 24 children.",
    "The women's husbands weren't there; she'd said she didn't want to go.",
    "Officials repatriated dozens of orphans, and the ministry was repatriating more.",
    "“We will not stop now,” said Dr. Ibrahim Omar, 44, in Qamishli on Monday.",
    "Better, best; worse, worst: the children were flown out on Tuesdays.",
]


@pytest.fixture(scope="module")
def pipeline() -> Any:
    return load_pipeline()


def test_the_model_gives_the_same_lemmas_as_spacys_lemmatizer(pipeline: Any) -> None:
    nlp = pipeline.nlp
    assert "repat_lemmatizer" in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    ours = [[t.lemma_ for t in doc] for doc in nlp.pipe(TEXTS)]
    nlp.enable_pipe("lemmatizer")
    nlp.disable_pipe("repat_lemmatizer")
    try:
        theirs = [[t.lemma_ for t in doc] for doc in nlp.pipe(TEXTS)]
    finally:
        nlp.enable_pipe("repat_lemmatizer")
        nlp.disable_pipe("lemmatizer")
    assert ours == theirs
    # what a person reads: inflections reduced, the attribute ruler's exception kept
    assert ours[2][1] == "repatriate" and ours[2][2] == "dozen" and ours[2][10] == "repatriate"
    assert ours[0][1:3] == ["be", "not"]


def test_a_token_with_a_lemma_keeps_it_and_a_second_doc_is_served_from_the_cache(pipeline: Any) -> None:
    nlp = pipeline.nlp
    fast = FastLemmatizer(nlp.get_pipe("lemmatizer"))
    assert fast.supported
    doc = nlp.make_doc("Children were repatriated")
    morphs = ["Number=Plur", "Mood=Ind|Tense=Past|VerbForm=Fin", "Aspect=Perf|Tense=Past|VerbForm=Part"]
    for token, pos, morph in zip(doc, ["NOUN", "AUX", "VERB"], morphs, strict=True):
        token.pos_ = pos
        token.set_morph(morph)
    doc[1].lemma_ = "kept"
    fast(doc)
    assert [t.lemma_ for t in doc] == ["child", "kept", "repatriate"]
    cached = len(fast.cache)
    again = nlp.make_doc("Children")
    again[0].pos_ = "NOUN"
    again[0].set_morph("Number=Plur")
    real = fast.lemmatizer
    fast.lemmatizer = None  # a cached key never asks spaCy's lemmatizer again
    try:
        assert fast(again)[0].lemma_ == "child" and len(fast.cache) == cached
    finally:
        fast.lemmatizer = real
    # the same word and POS with another morphology is another lemma ("to found" a state, "found" a camp)
    twice = nlp.make_doc("found found")
    for token, morph in zip(twice, ["VerbForm=Inf", "Tense=Past|VerbForm=Fin"], strict=True):
        token.pos_ = "VERB"
        token.set_morph(morph)
    assert [t.lemma_ for t in fast(twice)] == ["found", "find"]


def test_a_lookup_mode_lemmatizer_is_left_to_spacy(pipeline: Any) -> None:
    class Lookup:
        mode = "lookup"
        overwrite = False

    assert not FastLemmatizer(Lookup()).supported
