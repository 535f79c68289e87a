"""Read the extractor's phrase lists (lexicon.yaml) and check their keys against the ontology's notations."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from repat_kg.errors import InputError
from repat_kg.model.vocab import Vocabulary

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon.yaml"


@dataclass(frozen=True)
class Lexicon:
    """The phrase lists the rules look up; every list is lower case."""

    version: str
    qualifiers: dict[str, str]  # phrase -> qualifier notation
    numbers: dict[str, float]
    multipliers: dict[str, float]
    fractions: dict[str, float]
    vague: dict[str, int]  # phrase -> smallest number it can mean
    vague_need_counted: frozenset[str]
    cue_verbs: dict[str, str]  # lemma -> cue notation
    prepositional_cues: dict[str, str]
    statement_nouns: frozenset[str]
    hedges: frozenset[str]
    honorifics: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    counted_nouns: dict[str, str]  # noun -> counted notation
    foreign_adjectives: frozenset[str]
    fighter_verbs: frozenset[str]
    age_words: frozenset[str]
    particle_verbs: frozenset[str]
    other_durations: frozenset[str]
    other_units: frozenset[str]
    furniture: dict[str, tuple[str, ...]]
    source_containers: frozenset[str]
    event_triggers: dict[str, str]  # lemma or "lemma particle" -> event type
    scopes: dict[str, str]  # phrase -> head-count scope notation
    planned_markers: frozenset[str]
    announced_markers: frozenset[str]
    organization_kinds: tuple[tuple[str, tuple[str, ...]], ...]
    raw: dict[str, Any] = field(repr=False, hash=False, compare=False, default_factory=dict)

    def counted_of(self, *words: str) -> str | None:
        """The counted class of the first word (lemma or text, lower case) the lexicon knows."""
        for word in words:
            word = word.lower()
            if word in self.counted_nouns:
                return self.counted_nouns[word]
            for form in (word, word.rstrip("s"), word[:-2] if word.endswith("es") else word):
                if form in self.counted_nouns:
                    return self.counted_nouns[form]
        return None

    def scope_of(self, evidence: str) -> str:
        """The head-count scope a figure's evidence words give (longest phrase first); else the event's total."""
        words = " " + " ".join(evidence.lower().replace("’", "'").split()) + " "
        for phrase in sorted(self.scopes, key=lambda p: (-len(p), p)):
            if f" {phrase} " in words:
                return self.scopes[phrase]
        return "total"

    def organization_kind(self, name: str) -> str | None:
        words = " " + " ".join(name.lower().replace("’", "'").split()) + " "
        for kind, keys in self.organization_kinds:
            for key in keys:
                if f" {key} " in words or f" {key}'s " in words:
                    return kind
        return None


def _phrases(mapping: dict[str, list[str]]) -> dict[str, str]:
    return {str(phrase).lower(): key for key, phrases in mapping.items() for phrase in phrases}


def check_lexicon(lexicon: Lexicon, vocab: Vocabulary) -> None:
    """Every qualifier, cue, counted and event key must be a notation the ontology declares."""
    pairs = [("qualifier", q) for q in set(lexicon.qualifiers.values())]
    pairs += [("cue", c) for c in set(lexicon.cue_verbs.values()) | set(lexicon.prepositional_cues.values())]
    pairs += [("counted", c) for c in set(lexicon.counted_nouns.values())]
    pairs += [("event type", e) for e in set(lexicon.event_triggers.values())]
    pairs += [("organization kind", k) for k, _ in lexicon.organization_kinds]
    pairs += [("headcount scope", s) for s in set(lexicon.scopes.values())]
    for vocabulary, notation in sorted(pairs):
        vocab.check(vocabulary, notation, LEXICON_FILE, None)


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """The lexicon shipped beside this module."""
    try:
        # libyaml's safe loader when PyYAML has it (ten times faster), else the pure-Python one
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the extraction lexicon: {exc}", path) from exc
    cues = _phrases(data["cues"])
    return Lexicon(
        version=str(data["version"]),
        qualifiers=_phrases(data["qualifiers"]),
        numbers={str(k): float(v) for k, v in data["numbers"].items()},
        multipliers={str(k): float(v) for k, v in data["multipliers"].items()},
        fractions={str(k): float(v) for k, v in data["fractions"].items()},
        vague={str(k): int(v) for k, v in data["vague"].items()},
        vague_need_counted=frozenset(data["vague_need_counted"]),
        cue_verbs=cues,
        prepositional_cues=_phrases(data["prepositional_cues"]),
        statement_nouns=frozenset(data["statement_nouns"]),
        hedges=frozenset(data["hedges"]),
        honorifics=frozenset(data["honorifics"]),
        person_pronouns=frozenset(data["person_pronouns"]),
        group_pronouns=frozenset(data["group_pronouns"]),
        counted_nouns=_phrases(data["counted"]),
        foreign_adjectives=frozenset(data["foreign_adjectives"]),
        fighter_verbs=frozenset(data["fighter_verbs"]),
        age_words=frozenset(data["age_words"]),
        particle_verbs=frozenset(data["particle_verbs"]),
        other_durations=frozenset(data["other_durations"]),
        other_units=frozenset(data["other_units"]),
        furniture={k: tuple(str(p).lower() for p in v) for k, v in data["furniture"].items()},
        source_containers=frozenset(data["source_containers"]),
        event_triggers=_phrases(data["events"]),
        scopes=_phrases(data["scopes"]),
        planned_markers=frozenset(data["planned_markers"]),
        announced_markers=frozenset(data["announced_markers"]),
        organization_kinds=tuple((k, tuple(str(x).lower() for x in v)) for k, v in data["organization_kinds"].items()),
        raw=data,
    )
