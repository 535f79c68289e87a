"""Evidence offsets checked against the article files themselves, not against the slice they were made from."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import yaml

from conftest import SEEDS

SPANS = """PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX schema: <http://schema.org/>
SELECT ?id ?start ?end ?exact WHERE {
  ?span oa:hasSource/schema:identifier ?id ; oa:hasSelector ?p, ?q .
  ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }"""
QUOTED_KEYS = {"evidence", "text", "title", "headline", "unnamed", "status_evidence"}


def spans(built: Path) -> list[tuple[str, int, int, str]]:
    store = ox.Store()
    store.load(path=str(built / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS)
    rows = store.query(SPANS, use_default_graph_as_union=True)
    return [(r["id"].value, int(r["start"].value), int(r["end"].value), r["exact"].value) for r in rows]


def raw_text(article_id: str) -> str:
    # The file's bytes decoded as they stand: no newline translation, offsets in code points.
    return (SEEDS / f"{article_id}.txt").read_bytes().decode("utf-8")


def quoted_by_people() -> set[str]:
    """Every text the annotations and the registry quote from the articles, and every name they print."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in QUOTED_KEYS and isinstance(value, str):
                    found.add(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in SEEDS.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        walk(data)
        if path.name == "entities.yaml":
            for section in data.values():
                for entity in section.values():
                    found.add(entity["name"])
                    found.update(entity.get("aliases", []))
    return found


def test_every_span_slices_the_article_file_to_a_text_a_person_quoted(built: Path) -> None:
    quoted = quoted_by_people()
    rows = spans(built)
    assert len(rows) >= 250
    texts = {path.stem: raw_text(path.stem) for path in SEEDS.glob("*.txt")}
    for article_id, start, end, exact in rows:
        piece = texts[article_id][start:end]
        assert piece == exact, (article_id, start, end, exact[:60])
        assert piece in quoted, f"{article_id}[{start}:{end}] is {piece[:60]!r}, which no annotation quotes"


def test_hand_counted_offsets(built: Path) -> None:
    rows = spans(built)
    # 000 starts "Accessibility links\n\nBreaking News\n\n" (19 + 1 + 1 + 13 + 1 + 1 = 36 characters),
    # then the headline on line 5.
    headline = "US-Backed Syrian Forces Hand Over 34 Children of IS Fighters to Russia"
    hits = {(start, end) for article_id, start, end, exact in rows if article_id == "000_f6cb99c41662595b" and exact == headline}
    assert hits == {(36, 36 + len(headline))}
    assert raw_text("000_f6cb99c41662595b")[36:40] == "US-B"
