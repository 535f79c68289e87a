"""Find repatriation, handover, evacuation and arrival events, their places, states and dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from repat_kg.extraction.attribution import ArticleContext, ents_of, sent_of
from repat_kg.extraction.figures import MONTHS

WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
MONTH_NUMBER = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTH_NUMBER.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTH_NUMBER["sept"] = 9


@dataclass(frozen=True)
class Published:
    """The publication date as the draft states it: ISO value, relation and basis."""

    value: str
    relation: str  # exact | on-or-after | on-or-before
    basis: str
    evidence: str | None = None

    @property
    def day(self) -> dt.date | None:
        if self.relation == "exact" and len(self.value) == 10:
            return dt.date.fromisoformat(self.value)
        return None


@dataclass(frozen=True)
class ResolvedDate:
    value: str
    basis: str
    evidence: str | None  # the date words as printed


@dataclass
class Event:
    type: str
    status: str  # happened | planned | announced
    anchor: Any  # the trigger token
    base: int
    sentence: Any
    date: ResolvedDate | None
    places: list[tuple[str, str]] = field(default_factory=list)  # (role, place id)
    participants: list[tuple[str, str]] = field(default_factory=list)  # (agent id, role)


def _month_before(day: dt.date) -> str:
    first = day.replace(day=1) - dt.timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


def resolve_date(text: str, published: Published) -> ResolvedDate | None:
    """An ISO date for the date words ``text`` (a spaCy DATE entity), resolved against publication."""
    words = text.lower().replace(",", " ").replace(".", " ").split()
    pub = published.day
    year = next((int(w) for w in words if re.fullmatch(r"(19|20)\d\d", w)), None)
    month = next((MONTH_NUMBER[w] for w in words if w in MONTH_NUMBER), None)
    day_number = next(
        (
            int(re.sub(r"(st|nd|rd|th)$", "", w))
            for w in words
            if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", w) and 1 <= int(re.sub(r"\D", "", w)) <= 31
        ),
        None,
    )
    if month is not None and day_number is not None:
        if year is None:
            if pub is None:
                return None
            year = pub.year
            try:
                if dt.date(year, month, day_number) > pub:
                    year -= 1
            except ValueError:
                return None
            basis = f"'{text}' without a year, read as the last such day on or before publication ({published.value})"
        else:
            basis = f"'{text}' as printed"
        try:
            return ResolvedDate(dt.date(year, month, day_number).isoformat(), basis, text)
        except ValueError:
            return None
    if month is not None:
        if year is None:
            if pub is None:
                return None
            year = pub.year if month <= pub.month else pub.year - 1
            return ResolvedDate(
                f"{year:04d}-{month:02d}",
                f"'{text}' read as the last such month on or before publication ({published.value})",
                text,
            )
        return ResolvedDate(f"{year:04d}-{month:02d}", f"'{text}' as printed", text)
    if (
        year is not None
        and len([w for w in words if re.fullmatch(r"(19|20)\d\d", w)]) == 1
        and not {"since", "between", "from"} & set(words)
    ):
        return ResolvedDate(f"{year:04d}", f"'{text}' as printed", text)
    if pub is None:
        return None
    for word in words:
        if word in WEEKDAYS:
            back = (pub.weekday() - WEEKDAYS[word]) % 7
            day = pub - dt.timedelta(days=back)
            return ResolvedDate(
                day.isoformat(), f"'{text}': the {word.capitalize()} on or before publication ({published.value})", text
            )
    joined = " ".join(words)
    if joined in ("yesterday", "yesterday night", "last night"):
        return ResolvedDate(
            (pub - dt.timedelta(days=1)).isoformat(), f"'{text}': the day before publication ({published.value})", text
        )
    if joined in ("today", "this morning", "tonight", "this evening"):
        return ResolvedDate(pub.isoformat(), f"'{text}': the day of publication ({published.value})", text)
    if joined == "last month":
        return ResolvedDate(_month_before(pub), f"'last month': the month before publication ({published.value})", text)
    if joined in ("this month", "earlier this month"):
        return ResolvedDate(
            f"{pub.year:04d}-{pub.month:02d}", f"'{text}': the month of publication ({published.value})", text
        )
    if joined == "last year":
        return ResolvedDate(
            f"{pub.year - 1:04d}", f"'last year': the year before publication ({published.value})", text
        )
    if joined in ("this year", "earlier this year"):
        return ResolvedDate(f"{pub.year:04d}", f"'{text}': the year of publication ({published.value})", text)
    return None


def _trigger(token: Any, triggers: dict[str, str]) -> str | None:
    if token.pos_ != "VERB":
        return None
    lemma = token.lemma_.lower()
    particles = [c.lower_ for c in token.children if c.dep_ in ("prt", "advmod")]
    for particle in particles:
        if f"{lemma} {particle}" in triggers:
            return triggers[f"{lemma} {particle}"]
    if lemma in triggers and lemma != "hand":
        return triggers[lemma]
    return None


def _status(token: Any, context: ArticleContext) -> str:
    lexicon = context.lexicon
    chain = [token, *token.ancestors]
    for item in chain[:4]:
        if any(c.lower_ in ("will", "would", "could", "may") and c.dep_ == "aux" for c in item.children):
            return "planned"
        if item.lemma_.lower() in lexicon.planned_markers and item is not token:
            return "planned"
        if item.lemma_.lower() in lexicon.announced_markers and item is not token:
            return "announced"
    return "happened"


# Heads of a subject that stand for a state through a name attached to them ("Ukraine's government",
# "the Kosovo authorities"); any other subject is taken as it is.
_STATE_BODIES = frozenset({"government", "authorities", "authority", "ministry", "officials", "state", "country"})


def _actor(context: ArticleContext, doc: Any, base: int, trigger: Any) -> str | None:
    """Who does the event, from the trigger's subject: a registry place or organisation, else a place
    spaCy names (GPE) as a draft country; "it" or "they" under a reporting verb ("Uzbekistan said it had
    repatriated") is that verb's subject; "Ukraine's government" and "the Kosovo authorities" are the state.
    A draft is made only for the actor found, not for a name standing after it."""
    subject = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in context.lexicon.group_pronouns and trigger.dep_ in ("ccomp", "xcomp"):
        subject = next((c for c in trigger.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    tokens = [subject]
    if subject.lemma_.lower() in _STATE_BODIES:
        tokens += [c for c in subject.children if c.dep_ in ("poss", "compound")]
    for item in tokens:
        mention = context.registry_at(base + item.idx, base + item.idx + len(item.text), ("place", "organization"))
        if mention is not None:
            return mention.entity_id
        ent = next((e for e in ents_of(doc) if e.start <= item.i < e.end and e.label_ == "GPE"), None)
        name = ent.text.removesuffix("’s").removesuffix("'s").strip() if ent is not None else ""
        if name:
            return context.drafts.get("place", name, "country")
    return None


def find_events(context: ArticleContext, doc: Any, base: int, published: Published) -> list[Event]:
    """The events one parsed paragraph reports, each on its trigger verb."""
    events = []
    verb = doc.vocab.strings["VERB"]  # the symbol's id, as in the POS array
    verbs = [i for i, pos in enumerate(doc.to_array("POS").tolist()) if pos == verb]  # no Token for the others
    for token in (doc[i] for i in verbs):
        event_type = _trigger(token, context.lexicon.event_triggers)
        if event_type is None or any(c.dep_ == "neg" for c in token.children):
            continue
        sent = sent_of(token)
        date: ResolvedDate | None = None
        for ent in (e for e in ents_of(doc) if e.start >= sent.start and e.end <= sent.end):
            if ent.label_ == "DATE":
                date = resolve_date(ent.text, published)
                if date is not None:
                    break
        event = Event(event_type, _status(token, context), token, base, sent, date)
        start, end = base + sent.start_char, base + sent.end_char
        for mention in context.mentions:
            if not (start <= mention.start < end):
                continue
            category = context.drafts.category(mention.entity_id)
            if category == "place":
                word_before = context.text[max(start, mention.start - 6) : mention.start].strip().lower().split()
                role = "location"
                if word_before and word_before[-1] == "from":
                    role = "origin"
                elif word_before and word_before[-1] in ("to", "into"):
                    role = "destination"
                if (role, mention.entity_id) not in event.places:
                    event.places.append((role, mention.entity_id))
        entity_id = _actor(context, doc, base, token)
        if entity_id is not None:
            category = context.drafts.category(entity_id)
            kind = context.drafts.kind(entity_id)
            if event_type == "handover":
                if category == "organization" or kind == "country":
                    event.participants.append((entity_id, "handing-over-party"))
            elif category == "place" and kind == "country" and event_type in ("repatriation", "evacuation"):
                event.participants.append((entity_id, "repatriating-state"))
                event.places = [(r, p) for r, p in event.places if p != entity_id] + [("destination", entity_id)]
        if event_type in ("repatriation", "evacuation", "handover") and not any(
            role == "repatriating-state" for _, role in event.participants
        ):
            # people repatriated or handed over "to" a country: that country takes them back
            countries = (p for r, p in event.places if r == "destination" and context.drafts.kind(p) == "country")
            state = next(countries, None)
            if state is not None:
                event.participants.append((state, "repatriating-state"))
        events.append(event)
    return events


__all__ = ["MONTHS", "Event", "Published", "ResolvedDate", "find_events", "resolve_date"]
