"""`link --accept` writes links into the registry only once the edited text reads back with exactly those links."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from tiny_article import REGISTRY, vocabulary

from repat_kg.errors import InputError
from repat_kg.linking.registry_writer import add_links
from repat_kg.model.records import WikidataLink
from repat_kg.readers.registry import load_registry


def registry_file(tmp_path: Path) -> Path:
    path = tmp_path / "entities.yaml"
    path.write_text("# a comment kept as it is\n" + REGISTRY, encoding="utf-8")
    return path


def link(evidence: str, label: str = "Jan Novak@en") -> WikidataLink:
    return WikidataLink("Q900000001", "gazetteer", evidence, label, Decimal("0.95"))


def test_an_accepted_link_is_written_and_reads_back(tmp_path: Path) -> None:
    path = registry_file(tmp_path)
    add_links(path, {"jan-novak": link("test-gazetteer.tsv line 2")}, vocabulary())
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# a comment kept as it is\npeople:\n  jan-novak:\n    name: Jan Novak\n    wikidata:\n")
    assert load_registry(path, vocabulary())["jan-novak"].wikidata == link("test-gazetteer.tsv line 2")
    assert yaml.safe_load(text)["places"]["ruritania"] == {"name": "Ruritania", "kind": "country"}


@pytest.mark.parametrize(
    ("evidence", "label"),
    [
        # YAML 1.1 reads U+0085 (next line) in a double-quoted scalar as a line break and folds it to a
        # space: the evidence would not survive the round trip.
        ("a gazetteer row\x85with a next-line character", "Jan Novak@en"),
        # U+007F is not a printable character in YAML: the written file would not load at all.
        ("a gazetteer row with \x7f in it", "Jan Novak@en"),
        ("test-gazetteer.tsv line 2", "Jan\x85Novak@en"),
    ],
)
def test_a_link_that_would_not_read_back_is_refused_and_the_file_left_alone(
    tmp_path: Path, evidence: str, label: str
) -> None:
    path = registry_file(tmp_path)
    before = path.read_bytes()
    with pytest.raises(InputError) as raised:
        add_links(path, {"jan-novak": link(evidence, label)}, vocabulary())
    assert "registry" in raised.value.message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entities.yaml"]  # no scratch or temporary file left


def test_links_for_unknown_or_already_linked_entities_are_refused(tmp_path: Path) -> None:
    path = registry_file(tmp_path)
    with pytest.raises(InputError, match="no entity 'nobody'"):
        add_links(path, {"nobody": link("x")}, vocabulary())
    add_links(path, {"jan-novak": link("first")}, vocabulary())
    written = path.read_bytes()
    with pytest.raises(InputError, match="already links to Q900000001"):
        add_links(path, {"jan-novak": link("second")}, vocabulary())
    assert path.read_bytes() == written
