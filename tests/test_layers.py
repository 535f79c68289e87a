"""The package is layered the way data flows; each module imports only from its own layer or those below."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "repat_kg"

# Bottom to top. A module may import from its own layer and from the layers before it.
LAYERS = [
    {"errors", "paths", "atomic", "__init__", "__version__"},
    {"model"},
    {"readers"},
    {"mapping"},
    {"quality"},
    {"store"},
    {"output"},
    {"pipeline"},
    {"linking"},
    {"extraction"},
    {"cli", "__main__"},
]


def layer_of(module: str) -> int:
    """The layer of a module given as a dotted name under repat_kg ('pipeline.build' -> pipeline's)."""
    head = module.split(".")[0]
    for number, names in enumerate(LAYERS):
        if head in names:
            return number
    raise AssertionError(f"module {module!r} belongs to no layer; add its folder to LAYERS")


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported repat_kg module) for every import in the file, including those inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("repat_kg"):
            base = node.module.removeprefix("repat_kg").lstrip(".")
            if not base:  # from repat_kg import paths
                found += [(node.lineno, alias.name) for alias in node.names]
            else:
                found.append((node.lineno, base))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name.removeprefix("repat_kg.")) for a in node.names if a.name.startswith("repat_kg.")]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_module_imports_only_from_its_layer_and_below(path: Path) -> None:
    module = path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
    own = layer_of(module)
    upward = [f"line {line}: {target}" for line, target in imports_of(path) if layer_of(target) > own]
    assert not upward, f"{module} (layer {own}) imports from a higher layer: {upward}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_module_states_its_one_job_in_its_docstring(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    if path.name == "__init__.py" and path.parent != PACKAGE:
        return  # a subpackage's __init__ only marks the folder
    assert docstring, f"{path.relative_to(PACKAGE)} has no module docstring"
    assert docstring.splitlines()[0].endswith("."), "the first line states the module's job in one sentence"


def test_the_layer_rule_is_enforced() -> None:
    """A made-up upward import is caught (the test above cannot pass vacuously)."""
    assert layer_of("pipeline.build") > layer_of("store.persistent")
    assert layer_of("model.records") < layer_of("readers.annotation")
    with pytest.raises(AssertionError):
        layer_of("no_such_layer.module")
