"""Compare draft annotations with curated ones: P/R/F1 for claims, quotations, entities and events, and each miss."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repat_kg.errors import InputError
from repat_kg.extraction.lexicon import load_lexicon
from repat_kg.model.text import read_text
from repat_kg.readers.registry import REGISTRY_FILE
from repat_kg.readers.yamlfile import load_yaml


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    hits: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def __str__(self) -> str:
        return f"{self.right / self.total:.3f} ({self.right}/{self.total})" if self.total else "n/a"


@dataclass
class Evaluation:
    claims: Score = field(default_factory=Score)
    claims_qualifier: Score = field(default_factory=Score)
    claims_full: Score = field(default_factory=Score)
    speaker_attributed: Ratio = field(default_factory=Ratio)
    speaker_unattributed: Ratio = field(default_factory=Ratio)
    quotes: Score = field(default_factory=Score)
    quote_speaker: Ratio = field(default_factory=Ratio)
    entities: Score = field(default_factory=Score)
    events: Score = field(default_factory=Score)
    event_dates: Ratio = field(default_factory=Ratio)
    notes: list[str] = field(default_factory=list)

    def table(self) -> list[str]:
        def line(name: str, s: Score) -> str:
            counts = f"gold={s.gold:<4} pred={s.pred:<4} hits={s.hits:<4}"
            return f"{name:<40} {counts} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}"

        return [
            line("numeric claims (value)", self.claims),
            line("numeric claims (value, qualifier)", self.claims_qualifier),
            line("numeric claims (value, qual., counted)", self.claims_full),
            f"{'speaker accuracy, attributed':<40} {self.speaker_attributed}",
            f"{'speaker accuracy, unattributed':<40} {self.speaker_unattributed}",
            line("quotations", self.quotes),
            f"{'quotation speaker accuracy':<40} {self.quote_speaker}",
            line("entities", self.entities),
            line("events", self.events),
            f"{'event date accuracy':<40} {self.event_dates}",
        ]


def _words(value: object) -> set[str]:
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode().lower()
    return set(re.findall(r"[a-z]{2,}", re.sub(r"\(.*?\)", " ", text)))


def _acronym(value: object) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", str(value or "")) if w[0].isupper()).lower()


def same_speaker(gold: str | None, pred: str | None, generic: frozenset[str]) -> bool:
    """Loose agreement, as the development set's scorer: both none, a shared name word, or an acronym."""
    if not gold or not pred:
        return not gold and not pred
    g, p = _words(gold), _words(pred)
    if (g - generic) & (p - generic):
        return True
    if _acronym(pred) in g or _acronym(gold) in p:
        return True
    if not g - generic or not p - generic:
        small = {"a", "an", "the", "of", "and"}
        g2, p2 = g - small, p - small
        return bool(g2 & p2) and (g2 <= p2 or p2 <= g2)
    return False


@dataclass
class _Folder:
    texts: dict[str, str]
    annotations: dict[str, dict[str, Any]]
    names: dict[str, str]


def _read_folder(folder: Path) -> _Folder:
    if not folder.is_dir():
        raise InputError("not a folder", folder)
    registry = folder / REGISTRY_FILE
    names: dict[str, str] = {}
    if registry.is_file():
        data = load_yaml(registry) or {}
        for section in ("people", "organizations", "places"):
            for entity_id, spec in (data.get(section) or {}).items():
                names[entity_id] = str((spec or {}).get("name", entity_id))
    texts, annotations = {}, {}
    for path in sorted(folder.glob("*.txt")):
        annotation = path.with_suffix(".yaml")
        if annotation.is_file():
            texts[path.stem] = read_text(path, "article")
            annotations[path.stem] = load_yaml(annotation) or {}
    return _Folder(texts, annotations, names)


def _span(text: str, needle: object) -> tuple[int, int] | None:
    if not isinstance(needle, str) or not needle:
        return None
    position = text.find(needle)
    return (position, position + len(needle)) if position >= 0 else None


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _speaker_label(speaker: object, names: dict[str, str]) -> str | None:
    if not isinstance(speaker, dict):
        return None
    for key in ("person", "org"):
        if key in speaker:
            return names.get(str(speaker[key]), str(speaker[key]))
    return str(speaker.get("unnamed", "")) or None


def _values(claim: dict[str, Any]) -> tuple[float, ...]:
    return tuple(float(claim[k]) for k in ("value", "low", "high") if claim.get(k) is not None)


def _close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(
        abs(x - y) <= 1e-3 * max(abs(x), abs(y), 1e-9) + 1e-9 for x, y in zip(a, b, strict=True)
    )


def evaluate(pred_dir: Path, gold_dir: Path) -> Evaluation:
    """Score the drafts in ``pred_dir`` against the curated annotations of the same articles in ``gold_dir``."""
    generic = frozenset(load_lexicon().raw.get("evaluation_generic_words", []))
    pred, gold = _read_folder(pred_dir), _read_folder(gold_dir)
    result = Evaluation()
    by_text = {text: article for article, text in pred.texts.items()}
    for article, gold_text in sorted(gold.texts.items()):
        pred_id = article if article in pred.texts else by_text.get(gold_text)
        if pred_id is None:
            result.notes.append(f"MISSING ARTICLE {article}: no draft of this text in {pred_dir}")
        g_ann = gold.annotations[article]
        p_ann = pred.annotations.get(pred_id, {}) if pred_id else {}
        text = gold_text
        _claims(result, article, text, g_ann, p_ann, gold.names, pred.names, generic)
        _quotes(result, article, text, g_ann, p_ann, gold.names, pred.names, generic)
        _entities(result, article, g_ann, p_ann, gold.names, pred.names)
        _events(result, article, text, g_ann, p_ann)
    return result


def _claims(
    result: Evaluation,
    article: str,
    text: str,
    g_ann: dict[str, Any],
    p_ann: dict[str, Any],
    g_names: dict[str, str],
    p_names: dict[str, str],
    generic: frozenset[str],
) -> None:
    gold_claims = list(g_ann.get("claims") or [])
    pred_claims = list(p_ann.get("claims") or [])
    for score in (result.claims, result.claims_qualifier, result.claims_full):
        score.gold += len(gold_claims)
        score.pred += len(pred_claims)
    used: set[int] = set()
    for g in gold_claims:
        g_span, g_values = _span(text, g.get("evidence")), _values(g)
        g_speaker = _speaker_label(g.get("speaker"), g_names)
        candidates = [
            i
            for i, p in enumerate(pred_claims)
            if i not in used and _close(_values(p), g_values) and _overlap(g_span, _span(text, p.get("evidence")))
        ]
        if not candidates:
            result.notes.append(
                f"MISSED  {article} {g.get('id')}: {'/'.join(map(str, g_values))} {g.get('qualifier')} "
                f"{g.get('counted')} in {str(g.get('evidence'))[:90]!r}"
            )
            continue
        best = max(
            candidates,
            key=lambda i: (
                same_speaker(g_speaker, _speaker_label(pred_claims[i].get("speaker"), p_names), generic),
                pred_claims[i].get("qualifier") == g.get("qualifier"),
            ),
        )
        used.add(best)
        p = pred_claims[best]
        result.claims.hits += 1
        if p.get("qualifier") == g.get("qualifier"):
            result.claims_qualifier.hits += 1
            if p.get("counted") == g.get("counted"):
                result.claims_full.hits += 1
            else:
                result.notes.append(
                    f"COUNTED {article} {g.get('id')}: gold={g.get('counted')} got={p.get('counted')} "
                    f"in {str(g.get('evidence'))[:70]!r}"
                )
        else:
            result.notes.append(
                f"QUALIFIER {article} {g.get('id')}: gold={g.get('qualifier')} got={p.get('qualifier')} "
                f"in {str(g.get('evidence'))[:70]!r}"
            )
        p_speaker = _speaker_label(p.get("speaker"), p_names)
        bucket = result.speaker_attributed if g_speaker else result.speaker_unattributed
        bucket.total += 1
        if same_speaker(g_speaker, p_speaker, generic):
            bucket.right += 1
        else:
            result.notes.append(
                f"SPEAKER {article} {g.get('id')}: gold={g_speaker!r} got={p_speaker!r} "
                f"in {str(g.get('evidence'))[:70]!r}"
            )
    for i, p in enumerate(pred_claims):
        if i not in used:
            result.notes.append(
                f"EXTRA   {article} {p.get('id')}: {'/'.join(map(str, _values(p)))} {p.get('qualifier')} "
                f"{p.get('counted')} in {str(p.get('evidence'))[:90]!r}"
            )


def _quotes(
    result: Evaluation,
    article: str,
    text: str,
    g_ann: dict[str, Any],
    p_ann: dict[str, Any],
    g_names: dict[str, str],
    p_names: dict[str, str],
    generic: frozenset[str],
) -> None:
    gold_quotes = [q for q in g_ann.get("quotes") or [] if q.get("kind", "direct") == "direct"]
    pred_quotes = [q for q in p_ann.get("quotes") or [] if q.get("kind", "direct") == "direct"]
    result.quotes.gold += len(gold_quotes)
    result.quotes.pred += len(pred_quotes)
    used: set[int] = set()
    for g in gold_quotes:
        g_span = _span(text, g.get("text"))
        match = next(
            (i for i, p in enumerate(pred_quotes) if i not in used and _overlap(g_span, _span(text, p.get("text")))),
            None,
        )
        if match is None:
            result.notes.append(f"MISSED QUOTE {article} {g.get('id')}: {str(g.get('text'))[:90]!r}")
            continue
        used.add(match)
        result.quotes.hits += 1
        result.quote_speaker.total += 1
        g_speaker = _speaker_label(g.get("speaker"), g_names)
        p_speaker = _speaker_label(pred_quotes[match].get("speaker"), p_names)
        if same_speaker(g_speaker, p_speaker, generic):
            result.quote_speaker.right += 1
        else:
            result.notes.append(f"QUOTE SPEAKER {article} {g.get('id')}: gold={g_speaker!r} got={p_speaker!r}")
    for i, p in enumerate(pred_quotes):
        if i not in used:
            result.notes.append(f"EXTRA QUOTE {article} {p.get('id')}: {str(p.get('text'))[:90]!r}")


def _entity_names(annotation: dict[str, Any], names: dict[str, str]) -> set[str]:
    found: set[str] = set()
    for event in annotation.get("events") or []:
        found |= {names.get(str(p.get("place")), "") for p in event.get("places") or []}
        found |= {names.get(str(p.get("agent")), "") for p in event.get("participants") or []}
    for item in (annotation.get("claims") or []) + (annotation.get("quotes") or []):
        speaker = item.get("speaker")
        if isinstance(speaker, dict):
            found |= {names.get(str(speaker[k]), "") for k in ("person", "org") if k in speaker}
    return {n.lower() for n in found if n}


def _entities(
    result: Evaluation,
    article: str,
    g_ann: dict[str, Any],
    p_ann: dict[str, Any],
    g_names: dict[str, str],
    p_names: dict[str, str],
) -> None:
    gold, pred = _entity_names(g_ann, g_names), _entity_names(p_ann, p_names)
    result.entities.gold += len(gold)
    result.entities.pred += len(pred)
    result.entities.hits += len(gold & pred)
    for name in sorted(gold - pred):
        result.notes.append(f"MISSED ENTITY {article}: {name}")
    for name in sorted(pred - gold):
        result.notes.append(f"EXTRA ENTITY {article}: {name}")


def _event_date(event: dict[str, Any]) -> str:
    date = event.get("date") or {}
    return str(date.get("value") or f"{date.get('start', '')}/{date.get('end', '')}")


def _events(result: Evaluation, article: str, text: str, g_ann: dict[str, Any], p_ann: dict[str, Any]) -> None:
    def types(event: dict[str, Any]) -> set[str]:
        value = event.get("type")
        return set(value) if isinstance(value, list) else {str(value)}

    gold_events, pred_events = list(g_ann.get("events") or []), list(p_ann.get("events") or [])
    result.events.gold += len(gold_events)
    result.events.pred += len(pred_events)
    used: set[int] = set()
    for g in gold_events:
        g_span = _span(text, g.get("evidence"))
        match = next(
            (
                i
                for i, p in enumerate(pred_events)
                if i not in used and types(p) & types(g) and _overlap(g_span, _span(text, p.get("evidence")))
            ),
            None,
        )
        if match is None:
            result.notes.append(
                f"MISSED EVENT {article} {g.get('key')}: {sorted(types(g))} {str(g.get('evidence'))[:80]!r}"
            )
            continue
        used.add(match)
        result.events.hits += 1
        result.event_dates.total += 1
        if _event_date(g) == _event_date(pred_events[match]):
            result.event_dates.right += 1
        else:
            result.notes.append(
                f"EVENT DATE {article} {g.get('key')}: gold={_event_date(g)} got={_event_date(pred_events[match])}"
            )
    for i, p in enumerate(pred_events):
        if i not in used:
            result.notes.append(
                f"EXTRA EVENT {article} {p.get('key')}: {sorted(types(p))} {str(p.get('evidence'))[:80]!r}"
            )
