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
from typing import Any

# The token attributes the patterns may test, and those their rules may set.
_TESTED = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}
_SET = {"POS", "TAG", "MORPH", "LEMMA", "DEP"}

Check = Callable[[Any], bool]


def _value_check(attr: str, value: Any) -> Check | None:
    name = _TESTED[attr]
    if isinstance(value, bool):
        return lambda token: bool(getattr(token, name)) is value
    if isinstance(value, str):
        return lambda token: bool(getattr(token, name) == value)
    if isinstance(value, dict) and len(value) == 1:
        [(operator, argument)] = value.items()
        if operator == "IN" and isinstance(argument, list):
            members = frozenset(argument)
            return lambda token: getattr(token, name) in members
        if operator == "NOT_IN" and isinstance(argument, list):
            excluded = frozenset(argument)
            return lambda token: getattr(token, name) not in excluded
        if operator == "REGEX" and isinstance(argument, str):
            regex = re.compile(argument)  # the Matcher's REGEX is re.search
            return lambda token: regex.search(getattr(token, name)) is not None
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
    return lambda token: all(check(token) for check in checks)


def _keys(spec: dict[str, Any], attr: str) -> list[str] | None:
    """The values of ``attr`` a token must have to match ``spec`` (None: any value can)."""
    value = spec.get(attr)
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return [str(v) for v in value["IN"]]
    return None


class FastAttributeRuler:
    """A pipeline component with the same effect as the AttributeRuler ``ruler`` it is built from."""

    def __init__(self, ruler: Any):
        from spacy.tokens._retokenize import set_token_attrs

        self.set_token_attrs = set_token_attrs
        self.attrs = list(ruler.attrs)  # normalised (attribute id -> value), by pattern number
        self.indices = list(ruler.indices)
        # one-token patterns, by the lower-case form or tag they need (or neither), and longer ones
        self.by_lower: dict[str, list[tuple[int, Check]]] = {}
        self.by_tag: dict[str, list[tuple[int, Check]]] = {}
        self.anywhere: list[tuple[int, Check]] = []
        self.longer: dict[str, list[tuple[int, list[Check]]]] = {}  # by the first token's lower-case form
        self.longer_anywhere: list[tuple[int, list[Check]]] = []
        # what the one-token patterns do to a token, by (lower, tag, dep, is_space): the pattern numbers
        # that match, in order, and their attributes merged (later ones win)
        self.cache: dict[tuple[str, str, str, bool], tuple[tuple[int, ...], dict[int, Any]]] = {}
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

    def _single(self, token: Any) -> tuple[tuple[int, ...], dict[int, Any]]:
        key = (token.lower_, token.tag_, token.dep_, token.is_space)
        found = self.cache.get(key)
        if found is None:
            candidates = (*self.by_lower.get(key[0], ()), *self.by_tag.get(key[1], ()), *self.anywhere)
            numbers = tuple(sorted({number for number, check in candidates if check(token)}))
            merged: dict[int, Any] = {}
            for number in numbers:
                merged.update(self.attrs[number])
            found = (numbers, merged)
            if len(self.cache) < 200_000:
                self.cache[key] = found
        return found

    def __call__(self, doc: Any) -> Any:
        # every match is found before any rule is applied, as the Matcher does
        tokens = list(doc)
        singles = [self._single(token) for token in tokens]
        extra: dict[int, list[int]] = {}
        n = len(tokens)
        for i, token in enumerate(tokens):
            for number, checks in (*self.longer.get(token.lower_, ()), *self.longer_anywhere):
                if i + len(checks) <= n and all(check(tokens[i + k]) for k, check in enumerate(checks)):
                    index = self.indices[number]
                    target = (i if index >= 0 else i + len(checks)) + index
                    if not i <= target < i + len(checks):
                        raise ValueError(f"attribute rule {number}: index {index} is outside its match")
                    extra.setdefault(target, []).append(number)
        for i, (token, (numbers, merged)) in enumerate(zip(tokens, singles, strict=True)):
            if i in extra:
                for number in sorted({*numbers, *extra[i]}):
                    self.set_token_attrs(token, self.attrs[number])
            elif merged:
                self.set_token_attrs(token, merged)
        return doc
