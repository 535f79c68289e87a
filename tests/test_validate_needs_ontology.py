"""`validate FILE` adds the ontology: a graph without the ontology's class hierarchy still conforms."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from conftest import run_cli
from repat_kg.model.vocab import DEFAULT_BASE
from repat_kg.pipeline.source import validate_file
from repat_kg.quality.validation import validate
from repat_kg.readers.rdf import read_quads

ONTOLOGY_GRAPH = ox.NamedNode(DEFAULT_BASE + "graph/ontology")


def without_ontology(built: Path, tmp_path: Path) -> tuple[Path, list[ox.Quad]]:
    quads = [q for q in read_quads(built / "repat-kg.nq") if q.graph_name != ONTOLOGY_GRAPH]
    target = tmp_path / "data-only.nq"
    target.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    return target, quads


def test_the_data_alone_conforms_only_with_the_ontology(built: Path, tmp_path: Path) -> None:
    target, quads = without_ontology(built, tmp_path)
    # The shapes' sh:class constraints need rdfs:subClassOf facts that only the ontology states
    # (a news outlet is an organisation): the bare data does not conform ...
    bare = validate(quads)
    assert not bare.conforms
    assert any("class" in v.component.lower() for v in bare.violations)
    # ... but `validate FILE` adds the ontology, so the same file conforms.
    validate_file(target)
    result = run_cli("validate", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{target}: conforms"
