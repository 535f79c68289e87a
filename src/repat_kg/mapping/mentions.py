"""Find where an article first names each registry entity, through an index of the registry's names.

One pass over the article's words finds the candidate names (a whole-word occurrence of a name
means its first word is one of the article's words), so the cost grows with the article and the
names it contains, not with the size of the registry.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from repat_kg.model.records import Entity
from repat_kg.model.text import ArticleText, Span

_WORD = re.compile(r"\w+")


class NameIndex:
    """The registry's names and aliases, by their first word."""

    def __init__(self, entities: Iterable[Entity]):
        self._by_first_word: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._no_word: list[tuple[str, str]] = []
        for entity in entities:
            for name in entity.names:
                word = _WORD.match(name)
                target = self._by_first_word[word.group()] if word else self._no_word
                target.append((entity.id, name))

    def candidates(self, text: str) -> list[tuple[str, str]]:
        """(entity id, name) pairs whose first word occurs as a word of ``text``, in a stable order."""
        found = list(self._no_word)
        for word in sorted(set(_WORD.findall(text))):
            found.extend(self._by_first_word.get(word, ()))
        return found


def first_mentions(article: ArticleText, index: NameIndex) -> dict[str, Span]:
    """Registry id -> the first whole-word mention of any of its names in the article's content.

    Of two names found at the same place, the longer wins ("Anna Kuznetsova" over "Anna").
    """
    best: dict[str, Span] = {}
    for entity_id, name in index.candidates(article.text):
        span = article.first_mention(name)
        if span is None:
            continue
        current = best.get(entity_id)
        if current is None or (span.start, span.start - span.end) < (current.start, current.start - current.end):
            best[entity_id] = span
    return dict(sorted(best.items()))
