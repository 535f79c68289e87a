"""Read and check the entity registry (entities.yaml): people, organisations, places and their Wikidata links."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from repat_kg.errors import InputError, show
from repat_kg.model.records import ENTITY_CATEGORIES, Entity, WikidataLink
from repat_kg.model.text import ArticleText
from repat_kg.model.vocab import Vocabulary
from repat_kg.readers.fields import as_flag, as_id, as_list, as_mapping, as_number, as_slug, as_text, require
from repat_kg.readers.yamlfile import LineDict, load_yaml

QID = re.compile(r"^Q[1-9][0-9]*$")
AUTOMATIC_LINK_FIELDS = ("label", "score")
REGISTRY_FILE = "entities.yaml"
# The keys each kind of mapping in the registry may have (seeds/README.md documents them); any other
# key is refused with its file and line. A section maps entity ids (free keys) to entities.
_ENTITY = frozenset({"name", "aliases", "wikidata", "draft"})
KEYS: dict[str, frozenset[str]] = {
    "the entity registry": frozenset(ENTITY_CATEGORIES),
    "a person": _ENTITY,
    "an organization": _ENTITY | {"kind"},
    "a place": _ENTITY | {"kind", "within", "within_evidence"},
    "a wikidata link": frozenset({"qid", "method", "evidence", *AUTOMATIC_LINK_FIELDS}),
    "within_evidence": frozenset({"article", "text"}),
}
_ENTITY_KIND = {"person": "a person", "organization": "an organization", "place": "a place"}


@dataclass(frozen=True)
class PendingWithin:
    """A place's 'within' as the registry states it, before its evidence is located in an article."""

    place: str
    within: str
    article: str
    text: str
    line: int  # of the 'within' key
    article_line: int
    text_line: int


@dataclass
class Registry:
    """The registry as read: entities (their 'within' not yet resolved) and the pending containments."""

    path: Path
    entities: dict[str, Entity]
    pending_within: list[PendingWithin]

    def within_articles(self) -> set[str]:
        """The articles that 'within' evidence points into."""
        return {pending.article for pending in self.pending_within}


def read_registry(path: Path, vocab: Vocabulary, parsed: Any = None) -> Registry:
    """Read and check the registry file; ``parsed`` is its YAML if the caller has read it with ``load_yaml``."""
    if parsed is None and not path.is_file():
        raise InputError("entity registry not found", path)
    what = "the entity registry"
    data = as_mapping(load_yaml(path) if parsed is None else parsed, path, 1, what, KEYS[what])
    entities: dict[str, Entity] = {}
    pending_within: list[PendingWithin] = []
    for section, category in ENTITY_CATEGORIES.items():
        block = data.get(section) or LineDict()
        block = as_mapping(block, path, data.line_of(section), f"section {show(section)}", None)
        for entity_id, spec in block.items():
            line = block.line_of(entity_id)
            as_slug(entity_id, path, line, "entity id")
            if entity_id in entities:
                raise InputError(f"entity id {show(entity_id)} is used twice", path, line)
            kind_of_mapping = _ENTITY_KIND[category]
            spec = as_mapping(spec, path, line, kind_of_mapping, KEYS[kind_of_mapping])
            # 'draft: true' marks an entity `repat-kg extract` added and no person has checked yet.
            draft = "draft" in spec and as_flag(
                spec["draft"], path, spec.line_of("draft"), f"entity {show(entity_id)}: 'draft'"
            )
            name = as_text(require(spec, "name", path, f"entity {show(entity_id)}"), path, spec.line_of("name"), "name")
            aliases = tuple(
                as_text(alias, path, spec.line_of("aliases"), "alias")
                for alias in as_list(spec.get("aliases"), path, spec.line_of("aliases"), "aliases")
            )
            kind = None
            if category == "organization":
                kind = vocab.check(
                    "organization kind",
                    require(spec, "kind", path, f"entity {show(entity_id)}"),
                    path,
                    spec.line_of("kind"),
                )
            elif category == "place":
                kind = vocab.check(
                    "place kind", require(spec, "kind", path, f"entity {show(entity_id)}"), path, spec.line_of("kind")
                )
            wikidata = _wikidata_link(spec, entity_id, path, vocab) if "wikidata" in spec else None
            if wikidata is not None:
                for other in entities.values():
                    if other.wikidata is not None and other.wikidata.qid == wikidata.qid:
                        raise InputError(
                            f"entity {show(entity_id)}: Wikidata item {wikidata.qid} is already linked to "
                            f"{show(other.id)}; "
                            "two registry entities cannot be the same item",
                            path,
                            spec.line_of("wikidata"),
                        )
            entities[entity_id] = Entity(entity_id, category, name, aliases, kind, wikidata=wikidata, draft=draft)
            if "within" in spec:
                pending_within.append(_pending_within(entity_id, spec, path))
    for pending in pending_within:
        if pending.within not in entities or entities[pending.within].category != "place":
            raise InputError(
                f"place {show(pending.place)}: 'within' names unknown place {show(pending.within)}", path, pending.line
            )
    _check_no_cycle(path, pending_within)
    return Registry(path, entities, pending_within)


def _pending_within(entity_id: str, spec: LineDict, path: Path) -> PendingWithin:
    line = spec.line_of("within")
    within = as_id(spec["within"], path, line, f"place {show(entity_id)}: 'within'")
    evidence = as_mapping(
        spec.get("within_evidence"), path, spec.line_of("within_evidence"), "within_evidence", KEYS["within_evidence"]
    )
    article = require(evidence, "article", path, "within_evidence")
    article_id = as_id(article, path, evidence.line_of("article"), "within_evidence article")
    quoted = as_text(require(evidence, "text", path, "within_evidence"), path, evidence.line_of("text"), "text")
    return PendingWithin(
        entity_id, within, article_id, quoted, line, evidence.line_of("article"), evidence.line_of("text")
    )


def _check_no_cycle(path: Path, pending: list[PendingWithin]) -> None:
    """A containment cycle would make every place contain itself."""
    parents = {p.place: p.within for p in pending}
    lines = {p.place: p.line for p in pending}
    for entity_id in parents:
        chain = [entity_id]
        current = parents.get(entity_id)
        while current is not None:
            if current in chain:
                cycle = " -> ".join([*chain[chain.index(current) :], current])
                raise InputError(f"place {show(entity_id)}: 'within' forms a cycle ({cycle})", path, lines[entity_id])
            chain.append(current)
            current = parents.get(current)


def _wikidata_link(spec: LineDict, entity_id: str, path: Path, vocab: Vocabulary) -> WikidataLink:
    """Parse an entity's ``wikidata:`` block: qid, method and evidence, plus label and score if automatic."""
    what = f"entity {show(entity_id)}: wikidata"
    block = as_mapping(spec["wikidata"], path, spec.line_of("wikidata"), "a wikidata link", KEYS["a wikidata link"])
    qid = require(block, "qid", path, what)
    if not isinstance(qid, str) or not QID.match(qid):
        raise InputError(f"{what}: {show(qid)} is not a Wikidata item id like 'Q159'", path, block.line_of("qid"))
    method = require(block, "method", path, what)
    vocab.check("link method", method, path, block.line_of("method"))
    evidence = as_text(require(block, "evidence", path, what), path, block.line_of("evidence"), f"{what} evidence")
    if method == "curated":
        for key in AUTOMATIC_LINK_FIELDS:
            if key in block:
                raise InputError(f"{what}: {show(key)} is only for automatic links", path, block.line_of(key))
        return WikidataLink(qid, method, evidence)
    label = as_text(require(block, "label", path, what), path, block.line_of("label"), f"{what} label")
    score = as_number(require(block, "score", path, what), path, block.line_of("score"), f"{what} score", Decimal(1))
    return WikidataLink(qid, method, evidence, label, score)


def load_registry(path: Path, vocab: Vocabulary, parsed: Any = None) -> dict[str, Entity]:
    """Read and check the entity registry alone (names, kinds, Wikidata links), without the articles."""
    return read_registry(path, vocab, parsed).entities


def resolve_within(registry: Registry, articles: dict[str, ArticleText]) -> dict[str, Entity]:
    """The entities with each place's 'within' and its evidence located in the article it names.

    ``articles`` must hold at least the articles of :meth:`Registry.within_articles` that exist.
    """
    entities = dict(registry.entities)
    path = registry.path
    for pending in registry.pending_within:
        if pending.article not in articles:
            raise InputError(
                f"within_evidence names unknown article {show(pending.article)}", path, pending.article_line
            )
        span = articles[pending.article].locate(pending.text, path, pending.text_line)
        entities[pending.place] = dataclasses.replace(
            entities[pending.place], within=pending.within, within_evidence=span
        )
    return entities
