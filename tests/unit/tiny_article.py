"""A tiny made-up article, registry and annotation, read and mapped in memory (no files, no subprocess).

The article is a test fixture, not seed data: its sentences were written for these tests, and each
claim the tests build quotes one of them as its evidence.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from repat_kg import paths
from repat_kg.mapping.article import map_article
from repat_kg.mapping.mentions import NameIndex, first_mentions
from repat_kg.mapping.ontology import ontology_quads
from repat_kg.mapping.terms import IriMinter
from repat_kg.model.records import Annotation, Entity
from repat_kg.model.text import ArticleText
from repat_kg.model.vocab import DEFAULT_BASE, Vocabulary, load_vocabulary
from repat_kg.readers.annotation import read_annotation
from repat_kg.readers.registry import load_registry
from repat_kg.readers.yamlfile import parse_yaml

ARTICLE_ID = "tiny"
ARTICLE_PATH = Path("tiny.txt")
ANNOTATION_PATH = Path("tiny.yaml")
REGISTRY_PATH = Path("entities.yaml")

# Lines 2 and 11 are page boilerplate (not content): they repeat phrases of line 3 on purpose.
TEXT = (
    "Ruritania brings children home\n"
    "Subscribe to the Daily Tidings: Ruritania flew 40 children home\n"
    "The Daily Tidings learnt that Ruritania flew 40 children home from Camp Alpha.\n"
    "Minister Jan Novak said fewer than 90 were left in the camp.\n"
    "Aid workers counted at least 100 left there.\n"
    "A guard said up to 100 remained.\n"
    "The camp office listed more than 100 residents.\n"
    "A census gave 100 residents.\n"
    "Volunteers estimated about 100 families.\n"
    "Another list held 111 families.\n"
    "Related: more from the Daily Tidings on Camp Alpha\n"
)

REGISTRY = """\
people:
  jan-novak:
    name: Jan Novak
organizations:
  daily-tidings:
    name: Daily Tidings
    kind: news-outlet
places:
  ruritania:
    name: Ruritania
    kind: country
"""

DOCUMENT = """\
document:
  outlet: daily-tidings
  outlet_basis: "the article names the outlet"
  headline: "Ruritania brings children home"
  published: {date: "2020-05-06"}
  content: ["1", "3-10"]
"""


@cache
def vocabulary() -> Vocabulary:
    return load_vocabulary()


@cache
def ontology() -> tuple[ox.Quad, ...]:
    return tuple(ontology_quads(paths.ontology_file()))


def entities() -> dict[str, Entity]:
    return load_registry(REGISTRY_PATH, vocabulary(), parse_yaml(REGISTRY, REGISTRY_PATH))


def article() -> ArticleText:
    return ArticleText(ARTICLE_ID, ARTICLE_PATH, TEXT)


def read(annotation_yaml: str, text: ArticleText | None = None) -> Annotation:
    """Read ``annotation_yaml`` against the tiny article and registry, as `build` reads a file."""
    data: Any = parse_yaml(annotation_yaml, ANNOTATION_PATH)
    return read_annotation(ANNOTATION_PATH, data, text or article(), entities(), vocabulary())


def claims_yaml(*claims: str) -> str:
    """A whole annotation: the document block and the given claim items (YAML flow mappings)."""
    return DOCUMENT + "claims:\n" + "".join(f"  - {claim}\n" for claim in claims)


def store_of(annotation: Annotation) -> ox.Store:
    """The annotation mapped as `build` maps it, with the ontology, in an in-memory store."""
    known = entities()
    index = NameIndex(known.values())
    quads = map_article(
        annotation, known, first_mentions(annotation.document.article, index), vocabulary(), IriMinter(DEFAULT_BASE)
    )
    store = ox.Store()
    store.extend([*quads, *ontology()])
    return store
