"""Recognise registry and gazetteer entities in a text, resolve surnames and titles, and make draft entities."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from repat_kg.extraction.lexicon import Lexicon
from repat_kg.linking.gazetteer import Candidate
from repat_kg.model.records import Entity

PLACE_KINDS = ("country", "region", "province", "city", "town", "airport", "camp")


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "entity"


@dataclass
class DraftEntity:
    """A new entity the drafts need, not in the registry: marked as a draft in entities.yaml."""

    entity_id: str
    category: str  # person | organization | place
    name: str
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity_id: str


class EntityIndex:
    """Whole-word occurrences of every registry name and alias (and gazetteer place label) in one text."""

    def __init__(self, entities: dict[str, Entity], gazetteer: list[Candidate]):
        self.entities = entities
        self.names: dict[str, str] = {}
        for entity in entities.values():
            for name in (entity.name, *entity.aliases):
                self.names.setdefault(name, entity.id)
        self.gazetteer_places: dict[str, tuple[str, str]] = {}  # label -> (kind, qid)
        for candidate in gazetteer:
            if candidate.type in PLACE_KINDS:
                for label in candidate.labels:
                    if label.language == "en":
                        self.gazetteer_places.setdefault(label.text, (candidate.type, candidate.qid))
        alternatives = sorted(set(self.names) | set(self.gazetteer_places), key=lambda s: (-len(s), s))
        self.pattern = re.compile("(?<!\\w)(?:" + "|".join(re.escape(a) for a in alternatives) + ")(?!\\w)")

    def mentions(self, text: str) -> list[Mention]:
        found = []
        for match in self.pattern.finditer(text):
            name = match.group(0)
            if name in self.names:
                found.append(Mention(match.start(), match.end(), self.names[name]))
        return found

    def gazetteer_place(self, name: str) -> tuple[str, str] | None:
        return self.gazetteer_places.get(name)


class Drafts:
    """The draft entities of one batch, by id; a name gets the same draft in every article."""

    def __init__(self, registry: dict[str, Entity], lexicon: Lexicon):
        self.registry = registry
        self.lexicon = lexicon
        self.by_id: dict[str, DraftEntity] = {}
        self.by_name: dict[tuple[str, str], str] = {}

    def get(self, category: str, name: str, kind: str | None = None) -> str:
        key = (category, name)
        if key in self.by_name:
            return self.by_name[key]
        base = slug(name)
        entity_id = base
        number = 2
        while entity_id in self.registry or entity_id in self.by_id:
            entity_id = f"{base}-{number}"
            number += 1
        self.by_id[entity_id] = DraftEntity(entity_id, category, name, kind)
        self.by_name[key] = entity_id
        return entity_id

    def category(self, entity_id: str) -> str | None:
        if entity_id in self.registry:
            return self.registry[entity_id].category
        draft = self.by_id.get(entity_id)
        return draft.category if draft else None

    def kind(self, entity_id: str) -> str | None:
        if entity_id in self.registry:
            return self.registry[entity_id].kind
        draft = self.by_id.get(entity_id)
        return draft.kind if draft else None

    def name(self, entity_id: str) -> str:
        if entity_id in self.registry:
            return self.registry[entity_id].name
        return self.by_id[entity_id].name


# A placeholder id: what a task run apart from the batch calls a draft entity until the batch, taking the
# articles in order, gives it its id (the draft ids are numbered in the order the articles name them).
PLACEHOLDER = re.compile(r"repat-kg-draft-placeholder-(\d{6})")


def placeholder(number: int) -> str:
    """The placeholder id of an article's ``number``-th new entity (the form PLACEHOLDER matches)."""
    return f"repat-kg-draft-placeholder-{number:06d}"


class ArticleDrafts(Drafts):
    """The draft entities one article asks for, under placeholder ids, in the order it first asks for them."""

    def __init__(self, registry: dict[str, Entity], lexicon: Lexicon):
        super().__init__(registry, lexicon)
        self.asked: list[tuple[str, str, str | None]] = []  # (category, name, kind), by placeholder number

    def get(self, category: str, name: str, kind: str | None = None) -> str:
        key = (category, name)
        if key not in self.by_name:
            entity_id = placeholder(len(self.asked))
            self.asked.append((category, name, kind))
            self.by_id[entity_id] = DraftEntity(entity_id, category, name, kind)
            self.by_name[key] = entity_id
        return self.by_name[key]


def adopt(drafts: Drafts, asked: list[tuple[str, str, str | None]]) -> dict[str, str]:
    """Ask ``drafts`` for an article's draft entities in its order: placeholder id -> the batch's id."""
    return {
        placeholder(number): drafts.get(category, name, kind)
        for number, (category, name, kind) in enumerate(asked)
    }


def with_ids(text: str, ids: dict[str, str]) -> str:
    """``text`` with each placeholder id replaced by the batch's id."""
    return PLACEHOLDER.sub(lambda match: ids[match.group(0)], text)


def strip_honorific(name: str, lexicon: Lexicon) -> str:
    parts = name.split()
    while parts and parts[0].lower() in lexicon.honorifics:
        parts = parts[1:]
    return " ".join(parts)
