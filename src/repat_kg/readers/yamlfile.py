"""Read YAML files keeping the line number of every mapping key, for file:line error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from repat_kg.errors import InputError, show


class LineDict(dict[str, Any]):
    """A YAML mapping that remembers where it and each of its keys stand (1-based lines)."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when PyYAML was built with it (about nine times faster), else the pure-Python one;
# both give the same values and the same line numbers.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# A bound on the values a document may build: aliases can make a few KB expand without end.
MAX_NODES = 1_000_000
# A bound on nesting (and on recursive aliases such as ``&a [*a]``), far beyond any annotation's.
MAX_DEPTH = 64
_STR = "tag:yaml.org,2002:str"


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that builds LineDicts, refuses duplicate keys and bounds alias expansion.

    The document's nodes come from the (C) parser; values are built by :meth:`build`, which does
    strings, lists and mappings itself and leaves other scalars (numbers, dates, booleans) to
    SafeConstructor: the same values as ``construct_document``, at a fraction of its cost.
    """

    built = 0
    depth = 0

    def build(self, node: Node) -> Any:
        self.built += 1
        line = node.start_mark.line + 1
        if self.built > MAX_NODES:
            raise InputError(f"YAML document too large: aliases expand it beyond {MAX_NODES:,} values", self.name, line)
        if isinstance(node, ScalarNode):
            return node.value if node.tag == _STR else self.build_scalar(node)
        if self.depth >= MAX_DEPTH:
            raise InputError(f"YAML document nested deeper than {MAX_DEPTH} levels", self.name, line)
        self.depth += 1
        try:
            if isinstance(node, SequenceNode):
                return [self.build(child) for child in node.value]
            if isinstance(node, MappingNode):
                return self.build_mapping(node)
            raise InputError("unsupported YAML node", self.name, line)
        finally:
            self.depth -= 1

    def build_scalar(self, node: ScalarNode) -> Any:
        """A number, date, boolean or null; one YAML resolves but Python cannot hold is an input error.

        ``2021-02-30`` is a timestamp to YAML and an impossible date to Python; a 5,000-digit
        integer is past Python's limit for converting text to int.
        """
        try:
            return self.construct_object(node, deep=True)
        except (ValueError, OverflowError, ArithmeticError) as exc:
            kind = node.tag.rsplit(":", 1)[-1]
            raise InputError(
                f"cannot read {show(node.value)} as a YAML {kind}: {str(exc).splitlines()[0][:80]}",
                self.name,
                node.start_mark.line + 1,
            ) from exc

    def build_mapping(self, node: MappingNode) -> LineDict:
        self.flatten_mapping(node)
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.build(key_node)
            if not isinstance(key, str):
                raise InputError(f"mapping key {show(key)} is not a string", self.name, key_node.start_mark.line + 1)
            if key in mapping:
                raise InputError(f"duplicate key {show(key)}", self.name, key_node.start_mark.line + 1)
            mapping[key] = self.build(value_node)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping


def plain(value: Any) -> Any:
    """``value`` with every LineDict made a plain dict again (in lists too), for writing it back as YAML."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def load_yaml(path: Path) -> Any:
    """Parse ``path``; a syntax error becomes an InputError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read file: {exc}", path) from exc
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> Any:
    """Parse YAML ``text`` read from ``path``; a syntax error becomes an InputError naming the file and line."""
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        node = loader.get_single_node()
        return None if node is None else loader.build(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise InputError(f"malformed YAML: {problem}", path, line) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path) from exc
    except RecursionError as exc:  # a merge key (<<) that refers to itself
        raise InputError("malformed YAML: a document that refers to itself", path) from exc
    finally:
        loader.dispose()
