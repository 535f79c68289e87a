"""The build: deterministic output, readable by independent parsers, provenance checked in the graph."""

import subprocess
from pathlib import Path

import pyoxigraph as ox
import rdflib

from conftest import SEEDS, run_cli

RKG = "https://w3id.org/repat-kg/ontology#"
BASE = "https://w3id.org/repat-kg/id/"


def test_build_writes_trig_nquads_and_turtle(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir() if not p.name.startswith(".")) == ["repat-kg.nq", "repat-kg.trig", "repat-kg.ttl"]
    assert (built / ".repat-kg-cache" / "manifest.json").is_file()


def test_same_input_gives_byte_identical_output(built: Path, tmp_path: Path) -> None:
    again = run_cli("build", str(SEEDS), "-o", str(tmp_path))
    assert again.returncode == 0, again.stderr
    for name in ("repat-kg.nq", "repat-kg.trig", "repat-kg.ttl"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


def test_outputs_parse_in_rapper(built: Path) -> None:
    """pyoxigraph wrote the files; Raptor (a separate C implementation) must read them."""
    for name, syntax in (("repat-kg.trig", "trig"), ("repat-kg.ttl", "turtle"), ("repat-kg.nq", "nquads")):
        result = subprocess.run(["rapper", "-i", syntax, "-c", str(built / name)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "returned" in result.stderr


def test_trig_and_turtle_agree_in_rdflib(built: Path) -> None:
    """The Turtle merged view is isomorphic to the union of the TriG graphs."""
    from rdflib.compare import graph_diff, to_isomorphic

    dataset = rdflib.Dataset()
    dataset.parse(built / "repat-kg.trig", format="trig")
    union = rdflib.Graph()
    for graph in dataset.graphs():
        for triple in graph:
            union.add(triple)
    merged = rdflib.Graph().parse(built / "repat-kg.ttl", format="turtle")
    left, right = to_isomorphic(union), to_isomorphic(merged)
    if left != right:
        _, only_trig, only_ttl = graph_diff(left, right)
        raise AssertionError(f"only in TriG: {sorted(only_trig)[:5]}\nonly in Turtle: {sorted(only_ttl)[:5]}")


def test_one_named_graph_per_article_plus_ontology_and_entities(built: Path) -> None:
    graphs = {q.graph_name.value for q in ox.parse(path=str(built / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS)}
    articles = {BASE + "graph/" + p.stem for p in SEEDS.glob("*.txt")}
    corpus_level = {BASE + "graph/corpus", BASE + "graph/dataset"}  # ranks and statuses; the dataset description
    assert graphs == articles | {BASE + "graph/ontology", BASE + "graph/entities"} | corpus_level


def test_every_span_quotes_the_article_at_its_offsets(built: Path) -> None:
    """Provenance: each evidence span's exact text stands at its offsets in the article file."""
    store = ox.Store()
    store.load(path=str(built / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS)
    rows = list(
        store.query(
            """PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX schema: <http://schema.org/>
        SELECT ?id ?start ?end ?exact WHERE {
          ?span oa:hasSource/schema:identifier ?id ; oa:hasSelector ?p, ?q .
          ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""",
            use_default_graph_as_union=True,
        )
    )
    assert len(rows) >= 250
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for row in rows:
        text = texts[row["id"].value]
        assert text[int(row["start"].value) : int(row["end"].value)] == row["exact"].value


def test_event_reported_by_two_articles_is_one_event_with_two_sources(built: Path) -> None:
    store = ox.Store()
    store.load(path=str(built / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS)
    rows = list(
        store.query(
            "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?e (COUNT(DISTINCT ?doc) AS ?n) "
            "WHERE { ?e a <https://w3id.org/repat-kg/ontology#Event> ; prov:wasDerivedFrom ?doc } GROUP BY ?e HAVING (COUNT(DISTINCT ?doc) > 1)",
            use_default_graph_as_union=True,
        )
    )
    shared = {row["e"].value.rsplit("/", 1)[-1] for row in rows}
    # The 2019 campaign against IS in Syria is reported by the VOA and Moscow Times articles.
    assert "campaign-against-is-syria-2019" in shared


def test_reason_puts_inferences_in_their_own_graph(tmp_path: Path, built: Path) -> None:
    result = run_cli("build", str(SEEDS), "-o", str(tmp_path), "--reason")
    assert result.returncode == 0, result.stderr
    quads = list(ox.parse(path=str(tmp_path / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS))
    inferred = {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in quads
        if q.graph_name.value == BASE + "graph/inferred"
    }
    handover = BASE + "event/handover-qamishli-2021-04-18"
    # Qamishli lies within northeast Syria, which lies within Syria: the event is in Syria.
    assert (handover, RKG + "placeWithin", BASE + "place/syria") in inferred
    assert (handover, RKG + "placeWithin", BASE + "place/northeast-syria") in inferred
    # The class hierarchy: a handover is a schema:Event.
    assert (handover, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://schema.org/Event") in inferred
    # The asserted graphs are exactly those of the plain build.
    asserted = sorted(str(q) for q in quads if q.graph_name.value != BASE + "graph/inferred")
    plain = sorted(str(q) for q in ox.parse(path=str(built / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS))
    assert asserted == plain
