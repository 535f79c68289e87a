"""Add Wikidata links to the entity registry file in place, keeping its comments, order and layout."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from repat_kg import paths
from repat_kg.atomic import write_atomically
from repat_kg.errors import InputError
from repat_kg.model.records import ENTITY_CATEGORIES, WikidataLink
from repat_kg.model.vocab import Vocabulary
from repat_kg.readers.registry import load_registry
from repat_kg.readers.yamlfile import load_yaml

_INDENT = re.compile(r"^( *)\S")


def _indent(line: str) -> int | None:
    """Indentation of a line holding YAML content; None for blank and comment-only lines."""
    match = _INDENT.match(line)
    if match is None or line.lstrip().startswith("#"):
        return None
    return len(match.group(1))


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def link_block(link: WikidataLink, indent: str) -> list[str]:
    """The YAML lines of an entity's ``wikidata:`` field."""
    inner = indent + "  "
    lines = [f"{indent}wikidata:\n", f"{inner}qid: {link.qid}\n", f"{inner}method: {link.method}\n"]
    if link.matched_label is not None:
        lines.append(f"{inner}label: {_quoted(link.matched_label)}\n")
    if link.score is not None:
        lines.append(f"{inner}score: {link.score}\n")
    lines.append(f"{inner}evidence: {_quoted(link.evidence)}\n")
    return lines


def check_writable_registry(path: Path) -> None:
    """Refuse to edit a registry the user does not own: one shipped inside the package, or one not writable."""
    if not path.is_file():
        raise InputError("entity registry not found", path)
    if paths.is_inside_package(path):
        raise InputError(
            "this registry is shipped with the package and read-only; copy it and give --registry FILE", path
        )
    if not os.access(path, os.W_OK) or not os.access(path.resolve().parent, os.W_OK):
        raise InputError("cannot write the registry (no write permission on it or its folder)", path)


def add_links(path: Path, links: dict[str, WikidataLink], vocab: Vocabulary) -> None:
    """Write ``links`` (entity id → link) into the registry at ``path``; all or nothing.

    Each link becomes a ``wikidata:`` field at the end of its entity's block. Entities that
    already have a link, or that the registry does not hold, are refused. The edited text is
    parsed and checked again before it replaces the file.
    """
    check_writable_registry(path)
    if not links:
        return
    data = load_yaml(path)
    entities = load_registry(path, vocab, data)  # checks that ``data`` is a registry mapping
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    insertions: list[tuple[int, list[str]]] = []
    for entity_id, link in sorted(links.items()):
        entity = entities.get(entity_id)
        if entity is None:
            raise InputError(f"no entity {entity_id!r} in the registry", path)
        if entity.wikidata is not None:
            raise InputError(f"entity {entity_id!r} already links to {entity.wikidata.qid}", path)
        section = next(name for name, category in ENTITY_CATEGORIES.items() if category == entity.category)
        start = data[section].line_of(entity_id)  # 1-based line of "  entity-id:"
        own_indent = _indent(lines[start - 1]) or 0
        end = start  # last line (1-based) that belongs to the entity's block
        field_indent: int | None = None
        for number in range(start + 1, len(lines) + 1):
            indent = _indent(lines[number - 1])
            if indent is None:
                continue
            if indent <= own_indent:
                break
            end = number
            field_indent = indent if field_indent is None else min(field_indent, indent)
        if field_indent is None:
            raise InputError(f"entity {entity_id!r} has no fields to add a link beside", path, start)
        insertions.append((end, link_block(link, " " * field_indent)))
    for end, block in sorted(insertions, reverse=True):
        lines[end:end] = block
    content = "".join(lines).encode("utf-8")
    _check_edit(path, content, vocab, links)
    write_atomically({path: content})


def _check_edit(path: Path, content: bytes, vocab: Vocabulary, links: dict[str, WikidataLink]) -> None:
    """Parse the edited registry from a scratch copy and make sure it holds exactly the new links."""
    scratch = path.with_name(f".{path.name}.check")
    try:
        scratch.write_bytes(content)
        entities = load_registry(scratch, vocab)
    except InputError as exc:
        raise InputError(f"adding the links would break the registry: {exc.message}", path, exc.line) from exc
    finally:
        scratch.unlink(missing_ok=True)
    for entity_id, link in links.items():
        if entities[entity_id].wikidata != link:
            raise InputError(f"the link of {entity_id!r} did not survive re-reading the registry", path)
