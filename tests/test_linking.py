"""Wikidata links: curated links in the registry, `repat-kg link` offline and online, and the graph side."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from conftest import ROOT, SEEDS, free_port, run_cli
from fake_wikidata_api import FakeApi, Item, serving

DATA = Path(__file__).parent / "data"
REFERENCE = DATA / "wikidata-verified.tsv"  # byte copy of ../shared/reference/wikidata-verified.tsv
TRAPS = DATA / "link-traps.yaml"
TRAP_GAZETTEER = DATA / "trap-gazetteer.tsv"
SECTIONS = {"people": "person", "organizations": "org", "places": "place"}
# Reference rows whose entity is not in the seed registry (checked by hand against entities.yaml and
# the articles): Belgium is not named, and the other rows are near misses kept for contrast.
NOT_IN_SEEDS = {
    "Belgium",
    "VKontakte",
    "Al-Hasakah Governorate (location of al-Hol, Roj, Qamishli)",
    "Deir ez-Zor (city, not the governorate)",
    "Nineveh Governorate (Mosul's governorate)",
    "Baghdad Governorate",
    "Kurdistan (cultural region; NOT the Kurdistan Region)",
}
# Reference labels that differ from the registry's spelling.
REGISTRY_ID_FOR = {"Ministry of Emergency Situations (Russia)": "russia-emergencies-ministry"}


def reference_rows() -> list[dict[str, str]]:
    lines = [line for line in REFERENCE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line.strip()]


def registry() -> dict[str, dict[str, object]]:
    data = yaml.safe_load((SEEDS / "entities.yaml").read_text(encoding="utf-8"))
    return {entity_id: spec for section in SECTIONS for entity_id, spec in data[section].items()}


def registry_id(label: str, entities: dict[str, dict[str, object]]) -> str | None:
    if label in REGISTRY_ID_FOR:
        return REGISTRY_ID_FOR[label]
    base = label.split(" (")[0].casefold()
    for entity_id, spec in entities.items():
        names = [str(spec["name"]), *[str(a) for a in spec.get("aliases", []) or []]]  # type: ignore[union-attr]
        if base in (name.casefold() for name in names):
            return entity_id
    return None


# ----------------------------------------------------------------------------- curated links


# sha256 of ../shared/reference/wikidata-verified.tsv as received (read-only there; checked on 2026-12-01):
# the copy in tests/data is compared with it everywhere, so no checkout can shrink the comparison.
REFERENCE_SHA256 = "4190231444a2a116ca0357c93c86e43dfd3f5f932c9a5220a7202790d6cb148c"


def test_the_reference_copy_is_the_one_we_were_given() -> None:
    assert hashlib.sha256(REFERENCE.read_bytes()).hexdigest() == REFERENCE_SHA256
    shared = ROOT.parent / "shared" / "reference" / "wikidata-verified.tsv"
    if shared.is_file():  # beside the team's workspace, the original must still be the one pinned above
        assert hashlib.sha256(shared.read_bytes()).hexdigest() == REFERENCE_SHA256
    assert len(reference_rows()) >= 40 and "Q7747" in REFERENCE.read_text(encoding="utf-8")


def test_every_verified_entity_of_the_seeds_is_linked_to_its_qid() -> None:
    entities = registry()
    unmatched = set()
    for row in reference_rows():
        if row["status"] != "VERIFIED":
            continue
        entity_id = registry_id(row["label"], entities)
        if entity_id is None:
            unmatched.add(row["label"])
            continue
        link = entities[entity_id].get("wikidata")
        assert isinstance(link, dict), f"{entity_id} has a verified QID {row['qid']} but no link"
        assert link["qid"] == row["qid"], f"{entity_id}: {link['qid']} is not the verified {row['qid']}"
        assert str(link["evidence"]).strip(), f"{entity_id}: link without evidence"
    assert unmatched == NOT_IN_SEEDS


def test_no_link_rests_on_an_unverified_or_missing_pairing() -> None:
    doubtful = {row["qid"] for row in reference_rows() if row["status"] != "VERIFIED" and row["qid"]}
    not_found = {row["label"].split(" (")[0] for row in reference_rows() if row["status"] == "NOT-FOUND"}
    entities = registry()
    for entity_id, spec in entities.items():
        link = spec.get("wikidata")
        if not isinstance(link, dict):
            continue
        assert link["qid"] not in doubtful, f"{entity_id} links to unverified {link['qid']}"
        assert link["method"] == "curated" or "score" in link
        assert len(str(link["evidence"])) > 20, f"{entity_id}: evidence too thin"
        assert spec["name"] not in not_found, f"{entity_id} was not found in public material, yet is linked"


def test_wikidata_links_query_lists_every_link_with_its_provenance(built: Path) -> None:
    result = run_cli("query", "wikidata-links", "--format", "csv", "--data", str(built / "repat-kg.nq"))
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    linked = {k for k, v in registry().items() if isinstance(v.get("wikidata"), dict)}
    assert len(rows) - 1 == len(linked) == 35
    putin = next(row for row in rows if row.startswith("vladimir-putin,"))
    assert ",person,Vladimir Putin,Q7747,curated,," in putin and "fs:13111764808" in putin


def test_links_point_to_canonical_wikidata_iris_without_owl_same_as(built: Path) -> None:
    store = ox.Store()
    store.load(path=str(built / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS)
    rkg = "https://w3id.org/repat-kg/ontology#"
    items = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(rkg + "wikidataItem"), None)}
    assert "http://www.wikidata.org/entity/Q212757" in items
    assert all(item.startswith("http://www.wikidata.org/entity/Q") for item in items)
    same_as = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
    assert not list(store.quads_for_pattern(None, same_as, None))


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        ("{qid: Q858, method: curated}", "missing required field 'evidence'"),
        ("{qid: 858, method: curated, evidence: x}", "is not a Wikidata item id"),
        ("{qid: Q858, method: guessed, evidence: x}", "unknown link method 'guessed'"),
        ("{qid: Q858, method: curated, evidence: x, score: 0.9}", "'score' is only for automatic links"),
        ("{qid: Q858, method: gazetteer, evidence: x, label: Syria@en}", "missing required field 'score'"),
        ("{qid: Q159, method: curated, evidence: x}", "Q159 is already linked to 'russia'"),
    ],
)
def test_bad_links_in_the_registry_stop_the_build(seeds_copy: Path, block: str, problem: str) -> None:
    registry_file = seeds_copy / "entities.yaml"
    text = registry_file.read_text(encoding="utf-8")
    anchor = "  northeast-syria:\n    name: Northeast Syria\n"
    assert anchor in text
    registry_file.write_text(text.replace(anchor, anchor + f"    wikidata: {block}\n"), encoding="utf-8")
    line = text[: text.index(anchor)].count("\n") + 3
    result = run_cli("build", str(seeds_copy), "-o", str(seeds_copy / "out"))
    assert result.returncode == 2
    assert problem in result.stderr and "Traceback" not in result.stderr
    assert f"entities.yaml:{line}:" in result.stderr or f"entities.yaml:{line + 0}" in result.stderr
    assert not (seeds_copy / "out").exists()


# ----------------------------------------------------------------------------- offline linking


def link_json(*args: str) -> tuple[dict[str, dict[str, str]], str]:
    result = run_cli("link", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {row["entity"]: row for row in json.loads(result.stdout)}, result.stderr


def test_link_resolves_the_traps_and_leaves_the_ambiguous_unlinked() -> None:
    rows, summary = link_json("--registry", str(TRAPS), "--gazetteer", str(TRAP_GAZETTEER))
    decided = {entity: (row["decision"], row["qid"]) for entity, row in rows.items()}
    assert decided == {
        "anna-kuznetzova": ("link", "Q900000001"),  # misspelling matched
        "kuznetsova": ("ambiguous", "Q900000001"),  # two namesakes: no link
        "vladimir-putin": ("link", "Q7747"),
        "mosul-person": ("no-candidate", ""),  # a person never links to a city
        "afp": ("link", "Q40464"),
        "deir-ez-zor-city": ("link", "Q239097"),  # same name, the type decides
        "deir-ez-zor-governorate": ("link", "Q232387"),
        "baghdad": ("link", "Q1530"),  # not Baghdad Governorate
        "kurdistan-region": ("link", "Q205047"),  # not cultural Kurdistan
        "al-hol-camp": ("no-candidate", ""),
    }
    assert "Q900000002" in rows["kuznetsova"]["reason"]
    assert "Q83317" in rows["mosul-person"]["reason"]
    assert float(rows["anna-kuznetzova"]["score"]) < 1
    assert "left unlinked: al-hol-camp, kuznetsova, mosul-person" in summary


def test_nothing_under_the_threshold_is_linked() -> None:
    rows, _ = link_json("--registry", str(TRAPS), "--gazetteer", str(TRAP_GAZETTEER), "--threshold", "0.95")
    assert rows["anna-kuznetzova"]["decision"] == "below-threshold"
    assert rows["anna-kuznetzova"]["qid"] == "Q900000001"


def test_accept_writes_links_with_provenance_and_keeps_the_file_layout(tmp_path: Path) -> None:
    registry_file = tmp_path / "entities.yaml"
    shutil.copy(TRAPS, registry_file)
    result = run_cli("link", "--accept", "--registry", str(registry_file), "--gazetteer", str(TRAP_GAZETTEER))
    assert result.returncode == 0, result.stderr
    assert "wrote 7 link(s)" in result.stderr
    text = registry_file.read_text(encoding="utf-8")
    assert "# surname only, and two people in the gazetteer share it: ambiguous" in text
    data = yaml.safe_load(text)
    anna = data["people"]["anna-kuznetzova"]["wikidata"]
    assert anna["qid"] == "Q900000001" and anna["method"] == "gazetteer"
    assert anna["label"] == "Anna Kuznetsova@en" and anna["score"] == pytest.approx(0.933)
    assert "trap-gazetteer.tsv line" in anna["evidence"]
    assert "wikidata" not in data["people"]["kuznetsova"]
    assert "wikidata" not in data["people"]["mosul-person"]
    assert data["places"]["deir-ez-zor-governorate"]["wikidata"]["qid"] == "Q232387"
    # A second run finds them linked and proposes nothing new.
    rows, summary = link_json("--registry", str(registry_file), "--gazetteer", str(TRAP_GAZETTEER))
    assert set(rows) == {"kuznetsova", "mosul-person", "al-hol-camp"}
    assert summary.startswith("7 entities already linked")


def test_accepted_links_enter_the_graph_and_validate(seeds_copy: Path) -> None:
    registry_file = seeds_copy / "entities.yaml"
    text = registry_file.read_text(encoding="utf-8")
    gazetteer = seeds_copy / "wikidata-gazetteer.tsv"
    gazetteer.write_text(
        gazetteer.read_text(encoding="utf-8") + "Q900000003\thuman\ten:Gennady Kuzmin\tfictional test row\n",
        encoding="utf-8",
    )
    result = run_cli("link", "--accept", "--registry", str(registry_file), "-e", "gennady-kuzmin")
    assert result.returncode == 0, result.stderr
    assert registry_file.read_text(encoding="utf-8") != text
    out = seeds_copy / "out"
    result = run_cli("build", str(seeds_copy), "-o", str(out))
    assert result.returncode == 0, result.stderr
    result = run_cli("query", "wikidata-links", "--format", "csv", "--data", str(out / "repat-kg.nq"))
    row = next(line for line in result.stdout.splitlines() if line.startswith("gennady-kuzmin,"))
    assert ",Q900000003,gazetteer," in row
    assert float(row.split(",Q900000003,gazetteer,")[1].split(",")[0]) == 1


def test_link_refuses_a_malformed_gazetteer(tmp_path: Path) -> None:
    gazetteer = tmp_path / "g.tsv"
    gazetteer.write_text("qid\ttype\tlabels\tevidence\nQ1\tplanet\ten:Universe\tx\n", encoding="utf-8")
    result = run_cli("link", "--registry", str(TRAPS), "--gazetteer", str(gazetteer))
    assert result.returncode == 2
    assert f"{gazetteer}:2: unknown type 'planet'" in result.stderr and "Traceback" not in result.stderr


# ----------------------------------------------------------------------------- online linking

CLASSES = {
    "Q5": Item("Q5", "human"),
    "Q515": Item("Q515", "city"),
    "Q1549591": Item("Q1549591", "big city", subclass_of=("Q515",)),
    "Q43229": Item("Q43229", "organization"),
    "Q192283": Item("Q192283", "news agency"),
}
API_ITEMS = {
    **CLASSES,
    "Q900000001": Item("Q900000001", "Anna Kuznetsova", "Russian children's rights commissioner", instance_of=("Q5",)),
    "Q900000002": Item("Q900000002", "Anna Kuznetsova", "athlete", instance_of=("Q5",)),
    "Q7747": Item("Q7747", "Vladimir Putin", "President of Russia", ("Putin",), instance_of=("Q5",)),
    "Q83317": Item("Q83317", "Mosul", "city in Iraq", instance_of=("Q1549591",)),
    "Q40464": Item("Q40464", "Agence France-Presse", "news agency", ("AFP",), instance_of=("Q192283",)),
    "Q1530": Item("Q1530", "Baghdad", "capital of Iraq", instance_of=("Q1549591",)),
}


def online(api: FakeApi, registry_file: Path, cache: Path, *extra: str) -> tuple[int, str, str]:
    result = run_cli(
        "link", "--online", "--no-gazetteer", "--registry", str(registry_file), "--api-url", api.url,
        "--cache-dir", str(cache), "--min-interval", "0", "--timeout", "10", "--retries", "1", "--format", "json",
        *extra,
    )  # fmt: skip
    return result.returncode, result.stdout, result.stderr


def test_online_linking_checks_types_and_caches_every_answer(tmp_path: Path) -> None:
    with serving(FakeApi(dict(API_ITEMS))) as api:
        code, out, err = online(api, TRAPS, tmp_path / "cache")
        assert code == 0, err
        first = len(api.requests)
        assert first > 0
        rows = {row["entity"]: row for row in json.loads(out)}
        assert (rows["vladimir-putin"]["decision"], rows["vladimir-putin"]["qid"]) == ("link", "Q7747")
        assert (rows["baghdad"]["decision"], rows["baghdad"]["qid"]) == ("link", "Q1530")  # big city ⊂ city
        assert rows["anna-kuznetzova"]["decision"] == "no-candidate"  # a misspelling finds nothing: no link
        assert rows["mosul-person"]["decision"] == "no-candidate"  # the hit is a city, not a human
        assert rows["afp"]["qid"] == "Q40464" and rows["afp"]["decision"] == "link"
        assert rows["al-hol-camp"]["decision"] == "no-candidate"
        assert all(agent.startswith("repat-kg/") and "https://" in agent for agent in api.user_agents)
        assert all(request.get("maxlag") == ["5"] for request in api.requests)
        # Second run: everything from the cache, not one request.
        code, again, err = online(api, TRAPS, tmp_path / "cache")
        assert code == 0, err
        assert len(api.requests) == first
        assert again == out
        assert "; 0 API requests, " in err


def test_online_namesakes_of_the_same_type_stay_unlinked(tmp_path: Path) -> None:
    with serving(FakeApi(dict(API_ITEMS))) as api:
        code, out, err = online(api, SEEDS / "entities.yaml", tmp_path / "cache", "-e", "anna-kuznetsova")
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["decision"] == "ambiguous" and "Q900000002" in row["reason"]


def test_online_accept_records_the_api_evidence(tmp_path: Path) -> None:
    registry_file = tmp_path / "entities.yaml"
    shutil.copy(TRAPS, registry_file)
    with serving(FakeApi(dict(API_ITEMS))) as api:
        code, _, err = online(api, registry_file, tmp_path / "cache", "--accept", "-e", "vladimir-putin")
    assert code == 0, err
    link = yaml.safe_load(registry_file.read_text(encoding="utf-8"))["people"]["vladimir-putin"]["wikidata"]
    assert link["method"] == "wikidata-api" and link["qid"] == "Q7747" and link["score"] == 1
    assert f"Wikidata API {api.url}" in link["evidence"] and "instance of (P31) Q5" in link["evidence"]


def test_online_retries_a_rate_limited_request(tmp_path: Path) -> None:
    with serving(FakeApi(dict(API_ITEMS), mode="flaky")) as api:
        code, out, err = online(api, TRAPS, tmp_path / "cache", "-e", "vladimir-putin")
        assert code == 0, err
        assert json.loads(out)[0]["qid"] == "Q7747"
        urls = ["&".join(f"{k}={v}" for k, v in sorted(r.items())) for r in api.requests]
        assert len(urls) == 2 * len(set(urls))  # each request answered 429 once, then succeeded


def test_online_empty_results_leave_entities_unlinked(tmp_path: Path) -> None:
    with serving(FakeApi(dict(API_ITEMS), mode="empty")) as api:
        code, out, err = online(api, TRAPS, tmp_path / "cache")
    assert code == 0, err
    assert {row["decision"] for row in json.loads(out)} == {"no-candidate"}


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("error", "answered API error internal_api_error_DBQueryError: A database query error"),
        ("slow", "failed after 2 attempts: no answer within 1 s"),
    ],
)
def test_online_service_failures_are_one_line_errors(tmp_path: Path, mode: str, message: str) -> None:
    with serving(FakeApi(dict(API_ITEMS), mode=mode, delay=2.5 if mode == "slow" else 0)) as api:
        code, out, err = online(api, TRAPS, tmp_path / "cache", "-e", "vladimir-putin", "--timeout", "1")
    assert code == 3
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert out == ""
    assert not any((tmp_path / "cache").glob("*.json")), "a failed answer must not be cached"


MALFORMED = [
    ("not-json", "answered with something that is not JSON"),
    ("json-array", "answered with unexpected JSON"),
    ("search-shape", "answered JSON of an unexpected shape: search is a string, not an array"),
    ("item-shape", "answered JSON of an unexpected shape: entities.Q7747.claims is a string, not an object"),
    ("label-shape", "answered JSON of an unexpected shape: entities.Q7747.labels.en.value is a number, not a string"),
]


@pytest.mark.parametrize(("mode", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_online_malformed_answers_are_one_line_errors_and_not_cached(tmp_path: Path, mode: str, message: str) -> None:
    cache = tmp_path / "cache"
    with serving(FakeApi(dict(API_ITEMS), mode=mode)) as api:
        code, out, err = online(api, TRAPS, cache, "-e", "vladimir-putin")
        assert code == 3, err
        assert message in err and err.count("\n") == 1 and "Traceback" not in err, err
        assert out == ""
        # Nothing of the failed exchange may be replayed from the cache: a rerun asks again and,
        # the service well again, links as if the failure had never been.
        api.mode = "ok"
        code, out, err = online(api, TRAPS, cache, "-e", "vladimir-putin")
    assert code == 0, err
    assert json.loads(out)[0]["qid"] == "Q7747"


def test_online_a_damaged_cache_is_asked_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with serving(FakeApi(dict(API_ITEMS))) as api:
        code, first, err = online(api, TRAPS, cache, "-e", "vladimir-putin")
        assert code == 0, err
        files = sorted(cache.glob("*.json"))
        assert files
        files[0].write_text('{"search": [{"id"', encoding="utf-8")  # cut short
        for other in files[1:]:
            other.write_text('{"search": 5, "entities": 5}', encoding="utf-8")  # not an answer's shape
        asked = len(api.requests)
        code, again, err = online(api, TRAPS, cache, "-e", "vladimir-putin")
        assert code == 0, err
        assert again == first
        assert len(api.requests) == asked + len(files)


def test_online_unreachable_service_is_a_one_line_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/w/api.php"  # nothing listens there
    result = run_cli(
        "link", "--online", "--registry", str(TRAPS), "--api-url", url, "--cache-dir", str(tmp_path),
        "--min-interval", "0", "--retries", "0",
    )  # fmt: skip
    assert result.returncode == 3
    assert result.stderr.startswith(f"repat-kg: error: cannot reach the Wikidata API at {url}")
    assert result.stderr.count("\n") == 1


# ----------------------------------------------------------------------------- federated query


WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


def federated_query_for(endpoint: str, folder: Path) -> Path:
    """wikidata-places with its constant SERVICE IRI replaced, as a user with a mirror of Wikidata would."""
    text = (ROOT / "queries" / "wikidata-places.rq").read_text(encoding="utf-8")
    assert f"SERVICE <{WIKIDATA_SPARQL}>" in text and "SERVICE ?" not in text  # a constant, for strict engines
    path = folder / "wikidata-places-mirror.rq"
    path.write_text(text.replace(f"<{WIKIDATA_SPARQL}>", f"<{endpoint}>"), encoding="utf-8")
    return path


def test_federated_query_joins_our_places_with_wikidata(built: Path, wikidata_endpoint: str, tmp_path: Path) -> None:
    result = run_cli(
        "query", str(federated_query_for(wikidata_endpoint, tmp_path)), "--format", "json",
        "--data", str(built / "repat-kg.nq"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [
        {key: value["value"] for key, value in binding.items()}
        for binding in json.loads(result.stdout)["results"]["bindings"]
    ]
    by_qid = {row["qid"]: row for row in rows}
    assert set(by_qid) == {"Q212757", "Q1530", "Q858"}  # Moscow is in the fixture but no repatriation place
    assert by_qid["Q212757"]["place"] == "Qamishli"
    assert by_qid["Q212757"]["coordinates"] == "Point(41.2 37.05)" and by_qid["Q212757"]["population"] == "100000"
    assert "population" not in by_qid["Q858"]
    assert "Baghdad" in by_qid["Q1530"]["events"]
    assert {row["wikidata"] for row in rows} == {wikidata_endpoint}


def test_an_iri_parameter_that_is_not_an_iri_is_refused(built: Path, tmp_path: Path) -> None:
    query = tmp_path / "echo.rq"
    query.write_text("# title: Echo\n# param: endpoint (iri) an IRI\nSELECT ?endpoint WHERE { }\n", encoding="utf-8")
    result = run_cli("query", str(query), "-p", "endpoint", "not an iri> } DROP ALL", "--data", str(built / "repat-kg.nq"))
    assert result.returncode == 2
    assert "must be an absolute IRI" in result.stderr


def test_federated_query_against_a_dead_endpoint_fails_cleanly(built: Path, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run_cli("query", str(federated_query_for(url, tmp_path)), "--data", str(built / "repat-kg.nq"))
    assert result.returncode == 3
    assert result.stderr.startswith("repat-kg: error: a SERVICE endpoint failed")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
