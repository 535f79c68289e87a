"""Apply the model's rule lemmatizer with every result cached by the token's form, POS and morphology.

spaCy's rule lemmatizer caches only the lemmas it works out from its tables, not those of the tokens it
finds already in base form (most of them), and sets each lemma through a Token. The lemma is a function of
the token's text, POS and morphology alone (spaCy's cache key), so here every result is cached by those
three hashes and the lemmas of a Doc are written by one array. A token that already has a lemma (set by
the attribute ruler's exceptions) keeps it, as in spaCy.
"""

from __future__ import annotations

from typing import Any

CACHE_LIMIT = 200_000


class FastLemmatizer:
    """A pipeline component with the same effect as the rule-mode Lemmatizer ``lemmatizer``."""

    def __init__(self, lemmatizer: Any):
        from spacy import attrs

        self.lemmatizer = lemmatizer
        self.read = [attrs.ORTH, attrs.POS, attrs.MORPH, attrs.LEMMA]
        self.write = [attrs.LEMMA]
        self.cache: dict[tuple[int, int, int], int] = {}
        self.supported = getattr(lemmatizer, "mode", None) == "rule" and not getattr(lemmatizer, "overwrite", True)

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        rows = doc.to_array(self.read)
        lemmas = rows[:, 3:4].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            value = self.cache.get(key)
            if value is None:
                value = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if len(self.cache) < CACHE_LIMIT:
                    self.cache[key] = value
            lemmas[i, 0] = value
        doc.from_array(self.write, lemmas)
        return doc
