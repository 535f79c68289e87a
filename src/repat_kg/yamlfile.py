"""Read YAML files keeping the line number of every mapping key, for file:line error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

from repat_kg.errors import InputError


class LineDict(dict[str, Any]):
    """A YAML mapping that remembers where it and each of its keys stand (1-based lines)."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds LineDicts and refuses duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: Node) -> LineDict:
    assert isinstance(node, MappingNode)
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise InputError(f"mapping key {key!r} is not a string", loader.name, key_node.start_mark.line + 1)
        if key in mapping:
            raise InputError(f"duplicate key {key!r}", loader.name, key_node.start_mark.line + 1)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    """Parse ``path``; a syntax error becomes an InputError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read file: {exc}", path) from exc
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise InputError(f"malformed YAML: {problem}", path, line) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path) from exc
    finally:
        loader.dispose()
