"""Apply the model's attribute-ruler rules (tag map and exceptions) by table look-up, with spaCy's result.

spaCy's AttributeRuler runs a Matcher with every pattern over every token (en_core_web_sm: 179 patterns,
a tenth of the pipeline's time). Nearly all of them test one token's TAG and LOWER for equality or
membership, so the candidate patterns of a token can be looked up by its lower-case form and its tag and
checked in Python. The matches are then applied exactly as the AttributeRuler applies them: all matching
first, then ``set_token_attrs`` in the order of the pattern number, so later rules win. A ruler with a
pattern this module does not understand (an operator, another attribute) is left in place as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The token attributes the patterns may test (a token is seen as these four values), and those rules may set.
_TESTED = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}
_SET = {"POS", "TAG", "MORPH", "LEMMA", "DEP"}
# the columns written for every token by array; a rule that sets DEP is applied token by token
_COLUMNS = ("POS", "TAG", "MORPH", "LEMMA")

Key = tuple[str, str, str, bool]  # lower, tag, dep, is_space
Check = Callable[[Key], bool]


def _value_check(attr: str, value: Any) -> Check | None:
    slot = _TESTED[attr]
    if isinstance(value, bool):
        return lambda key: bool(key[slot]) is value
    if isinstance(value, str):
        return lambda key: bool(key[slot] == value)
    if isinstance(value, dict) and len(value) == 1:
        [(operator, argument)] = value.items()
        if operator == "IN" and isinstance(argument, list):
            members = frozenset(argument)
            return lambda key: key[slot] in members
        if operator == "NOT_IN" and isinstance(argument, list):
            excluded = frozenset(argument)
            return lambda key: key[slot] not in excluded
        if operator == "REGEX" and isinstance(argument, str):
            regex = re.compile(argument)  # the Matcher's REGEX is re.search
            return lambda key: regex.search(str(key[slot])) is not None
    return None


def _token_check(spec: dict[str, Any]) -> Check | None:
    checks = []
    for attr, value in spec.items():
        if attr not in _TESTED:
            return None
        check = _value_check(attr, value)
        if check is None:
            return None
        checks.append(check)
    return lambda key: all(check(key) for check in checks)


def _keys(spec: dict[str, Any], attr: str) -> list[str] | None:
    """The values of ``attr`` a token must have to match ``spec`` (None: any value can)."""
    value = spec.get(attr)
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return [str(v) for v in value["IN"]]
    return None


@dataclass
class _Effect:
    """What the one-token patterns do to a token with a given key: the pattern numbers that match, in
    order, their attributes merged (later ones win), the longer patterns it can start, and once applied
    to one token, the column values they leave (None until then, and for a rule that sets DEP, which is
    always applied token by token)."""

    numbers: tuple[int, ...]
    merged: dict[int, Any]
    starts: tuple[tuple[int, list[Check]], ...]  # the longer patterns whose first token this one matches
    values: dict[int, int] | None = None


class FastAttributeRuler:
    """A pipeline component with the same effect as the AttributeRuler ``ruler`` it is built from."""

    def __init__(self, ruler: Any):
        from spacy import attrs
        from spacy.tokens._retokenize import set_token_attrs

        self.set_token_attrs = set_token_attrs
        self.read = [attrs.LOWER, attrs.TAG, attrs.DEP, attrs.IS_SPACE]
        self.columns = [getattr(attrs, name) for name in _COLUMNS]
        self.dep = attrs.DEP
        self.attrs = list(ruler.attrs)  # normalised (attribute id -> value), by pattern number
        self.indices = list(ruler.indices)
        # one-token patterns, by the lower-case form or tag they need (or neither), and longer ones
        self.by_lower: dict[str, list[tuple[int, Check]]] = {}
        self.by_tag: dict[str, list[tuple[int, Check]]] = {}
        self.anywhere: list[tuple[int, Check]] = []
        self.longer: dict[str, list[tuple[int, list[Check]]]] = {}  # by the first token's lower-case form
        self.longer_anywhere: list[tuple[int, list[Check]]] = []
        self.effects: dict[tuple[int, int, int, int], _Effect] = {}  # by the key's hashes
        self.strings: dict[int, str] = {}
        self.supported = True
        for number, rule in enumerate(ruler.patterns):
            if any(str(key).upper() not in _SET for key in rule["attrs"]):
                self.supported = False
                return
            for pattern in rule["patterns"]:
                checks = [_token_check(spec) if isinstance(spec, dict) else None for spec in pattern]
                if not pattern or any(check is None for check in checks):
                    self.supported = False
                    return
                known = [c for c in checks if c is not None]
                lowers, tags = _keys(pattern[0], "LOWER"), _keys(pattern[0], "TAG")
                if len(known) > 1:
                    if lowers is None:
                        self.longer_anywhere.append((number, known))
                    for lower in lowers or ():
                        self.longer.setdefault(lower, []).append((number, known))
                    continue
                if lowers is not None:
                    for lower in lowers:
                        self.by_lower.setdefault(lower, []).append((number, known[0]))
                elif tags is not None:
                    for tag in tags:
                        self.by_tag.setdefault(tag, []).append((number, known[0]))
                else:
                    self.anywhere.append((number, known[0]))

    def _string(self, vocab: Any, value: int) -> str:
        text = self.strings.get(value)
        if text is None:
            text = self.strings[value] = vocab.strings[value] if value else ""
        return text

    def _effect(self, vocab: Any, hashes: tuple[int, int, int, int]) -> _Effect:
        effect = self.effects.get(hashes)
        if effect is None:
            key = self._key(vocab, hashes)
            candidates = (*self.by_lower.get(key[0], ()), *self.by_tag.get(key[1], ()), *self.anywhere)
            numbers = tuple(sorted({number for number, check in candidates if check(key)}))
            merged: dict[int, Any] = {}
            for number in numbers:
                merged.update(self.attrs[number])
            longer = (*self.longer.get(key[0], ()), *self.longer_anywhere)
            effect = _Effect(numbers, merged, tuple((n, checks) for n, checks in longer if checks[0](key)))
            if len(self.effects) < 200_000:
                self.effects[hashes] = effect
        return effect

    def __call__(self, doc: Any) -> Any:
        n = len(doc)
        if not n:
            return doc
        vocab = doc.vocab
        hashes = [tuple(row) for row in doc.to_array(self.read).tolist()]
        # every match is found before any rule is applied, as the Matcher does
        effects = [self._effect(vocab, row) for row in hashes]
        extra: dict[int, list[int]] = {}
        for i, effect in enumerate(effects):
            for number, checks in effect.starts:
                if i + len(checks) <= n and all(
                    check(self._key(vocab, hashes[i + k])) for k, check in enumerate(checks[1:], start=1)
                ):
                    index = self.indices[number]
                    target = (i if index >= 0 else i + len(checks)) + index
                    if not i <= target < i + len(checks):
                        raise ValueError(f"attribute rule {number}: index {index} is outside its match")
                    extra.setdefault(target, []).append(number)
        # the rules whose column values are known are written by array, the others token by token
        columns = doc.to_array(self.columns)
        by_token: list[int] = []
        for i, effect in enumerate(effects):
            if i in extra or (effect.merged and effect.values is None):
                by_token.append(i)
            elif effect.values:
                for column, value in effect.values.items():
                    columns[i, column] = value
        doc.from_array(self.columns, columns)
        for i in by_token:
            token, effect = doc[i], effects[i]
            if i in extra:
                for number in sorted({*effect.numbers, *extra[i]}):
                    self.set_token_attrs(token, self.attrs[number])
                continue
            self.set_token_attrs(token, effect.merged)
            if self.dep not in effect.merged:
                now = doc[i : i + 1].to_array(self.columns)[0].tolist()
                effect.values = {c: now[c] for c, attr in enumerate(self.columns) if attr in effect.merged}
        return doc

    def _key(self, vocab: Any, row: tuple[int, int, int, int]) -> Key:
        return (self._string(vocab, row[0]), self._string(vocab, row[1]), self._string(vocab, row[2]), bool(row[3]))
