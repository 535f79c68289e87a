"""Find the articles of a corpus folder: each <id>.txt with its <id>.yaml annotation, and the registry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from repat_kg.errors import InputError
from repat_kg.readers.registry import REGISTRY_FILE

# Any lower-case slug of letters, digits, '-' and '_': the file's stem is the article id.
ARTICLE_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass(frozen=True)
class ArticleFiles:
    article_id: str
    text: Path
    annotation: Path


@dataclass(frozen=True)
class CorpusFolder:
    folder: Path
    registry: Path
    articles: tuple[ArticleFiles, ...]


def find_corpus(folder: Path) -> CorpusFolder:
    """The registry and the article pairs of ``folder``, in article id order; stray files are errors."""
    if not folder.is_dir():
        raise InputError("seed folder not found", folder)
    registry = folder / REGISTRY_FILE
    if not registry.is_file():
        raise InputError(f"entity registry {REGISTRY_FILE} is missing", folder)
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        raise InputError("no article (*.txt) in the seed folder", folder)
    stems = set()
    for path in texts:
        if not ARTICLE_ID.match(path.stem):
            raise InputError(
                "article file name is not a lower-case id of letters, digits, '-' and '_' (like d01.txt)", path
            )
        stems.add(path.stem)
    for path in sorted(folder.glob("*.yaml")):
        if path.name != REGISTRY_FILE and path.stem not in stems:
            raise InputError(f"annotation has no article {path.stem}.txt beside it", path)
    articles = []
    for path in texts:
        annotation = path.with_suffix(".yaml")
        if not annotation.is_file():
            raise InputError(f"article has no annotation file {annotation.name}", path)
        articles.append(ArticleFiles(path.stem, path, annotation))
    return CorpusFolder(folder, registry, tuple(articles))
