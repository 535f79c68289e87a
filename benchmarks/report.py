"""Time `repat-kg report` on synthetic corpora: the process, its queries, the file's parts, its load in Chromium.

Usage: python benchmarks/report.py [N ...] [--work DIR] [--repeat R] [--no-browser]

For each N (default 100 1000 10000) a corpus is written by benchmarks/generate.py (about 1,450 quads
an article) and built once with ``repat-kg build DIR -o OUT --store STORE``; with --work DIR the
corpus, the build and the store are kept in DIR/N/ and reused by later runs (a 10,000-article build
takes several minutes). Then, R times each, medians printed:

* ``repat-kg report --store STORE -o FILE`` as a whole process: wall seconds and peak RSS;
* each query of ``REPORT_QUERIES`` alone, through ``repat_kg.store.queries.run`` on the opened store;
* the file's bytes, and its parts: the embedded article texts, the claims JSON, the rest of the JSON
  block, and the HTML of each section;
* its load in headless Chromium (Debian's /usr/bin/chromium and /usr/bin/chromedriver through selenium,
  the flags of tests/test_report_browser.py): milliseconds from navigation start to the figures
  table's first rows (``data-ready``, set by report.js once the first page is drawn), to the load
  event, and to the first frame drawn after it; the time from a click on a figure to its highlighted
  evidence being drawn, and from choosing the speaker with the most figures to the filtered table
  being drawn; the JS heap and the DOM's node count (CDP Performance.getMetrics).

Prints one JSON line per N.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from repat_kg.output.report_data import report_queries
from repat_kg.store.persistent import open_persistent
from repat_kg.store.queries import run

HERE = Path(__file__).resolve().parent
REPAT = [sys.executable, "-m", "repat_kg"]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--window-size=1280,900",
)  # fmt: skip
SECTIONS = ("summary", "tracker", "timeline", "claims", "disagreements", "entities", "sources")
DATA_BLOCK = re.compile(rb'<script type="application/json" id="report-data">(.*?)</script>', re.DOTALL)

# Runs in the page after a click or a change: milliseconds until the next frame is drawn (layout and paint done).
NEXT_FRAME = """
const [t0, done] = [arguments[0], arguments[arguments.length - 1]];
requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
"""
CLICK_FIGURE = """
const button = document.querySelector('#claims-table tbody button.ev');
const t0 = performance.now();
button.click();
document.getElementById('evidence-mark').getBoundingClientRect();
return [t0, performance.now() - t0, document.querySelectorAll('#evidence-text mark').length];
"""
CHOOSE_SPEAKER = """
const select = document.getElementById('filter-speaker');
select.value = arguments[0];
const t0 = performance.now();
select.dispatchEvent(new Event('change'));
document.querySelector('#claims-table tbody').getBoundingClientRect();
return [t0, performance.now() - t0, document.querySelectorAll('#claims-table tbody tr').length];
"""


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def built_store(n: int, folder: Path) -> tuple[Path, dict[str, Any]]:
    """The store of an n-article corpus in folder, generated and built unless an earlier run left it there."""
    store, stamp = folder / "store", folder / "built.json"
    if stamp.is_file() and store.is_dir():
        return store, {**json.loads(stamp.read_text(encoding="utf-8")), "reused": True}
    for part in ("corpus", "build", "store"):
        shutil.rmtree(folder / part, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(n), str(folder / "corpus")], check=True, capture_output=True
    )
    started = time.perf_counter()
    done = subprocess.run(
        [*REPAT, "build", str(folder / "corpus"), "-o", str(folder / "build"), "--store", str(store)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    quads = re.search(r"built (\d+) quads", done.stdout + done.stderr)
    facts = {"build_s": round(time.perf_counter() - started, 1), "quads": int(quads.group(1)) if quads else None}
    stamp.write_text(json.dumps(facts), encoding="utf-8")
    return store, {**facts, "reused": False}


def time_process(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process run to its end."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        error = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}: {error.strip()}")
    if child.stderr:
        child.stderr.close()
    return wall, usage.ru_maxrss / 1024


def time_queries(store_dir: Path, repeat: int) -> dict[str, dict[str, float | int]]:
    store = open_persistent(store_dir)
    out = {}
    for query in report_queries().values():
        times, rows = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            rows = len(run(store, query, {}).rows)
            times.append(time.perf_counter() - started)
        out[query.source.split("queries/", 1)[-1]] = {"s": median(times), "rows": rows}
    return out


def json_bytes(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def parts(html: bytes) -> dict[str, Any]:
    """The file's bytes by part: the JSON block's article texts, claims and the rest; the HTML of each section."""
    block = DATA_BLOCK.search(html)
    assert block is not None, "the report has no data block"
    data = json.loads(block.group(1))
    texts = sum(json_bytes(a["text"]) for a in data["articles"].values())
    claims = json_bytes(data["claims"])
    starts = sorted((html.find(f'<section id="{name}"'.encode()), name) for name in SECTIONS)
    ends = [start for start, _ in starts[1:]] + [html.find(b"</main>")]
    return {
        "bytes": len(html),
        "data_block": len(block.group(1)),
        "article_texts": texts,
        "claims_json": claims,
        "html": len(html) - len(block.group(1)),
        "sections": {name: end - start for (start, name), end in zip(starts, ends, strict=True)},
    }


@contextmanager
def chromium() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="repat-kg-bench-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(600)
    driver.set_script_timeout(600)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def load_once(driver: Any, report: Path, speaker: str) -> dict[str, float]:
    driver.get("about:blank")
    driver.execute_cdp_cmd("Performance.enable", {})
    driver.get(report.as_uri())  # returns after the load event
    timing = driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0];"
        "return [Number(document.documentElement.dataset.ready), n.domContentLoadedEventEnd, n.loadEventEnd,"
        " document.querySelectorAll('#claims-table tbody tr').length];"
    )
    frame = driver.execute_async_script(
        "const done = arguments[0]; requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0));"
    )
    metrics = {m["name"]: m["value"] for m in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}
    t0, evidence_sync, highlights = driver.execute_script(CLICK_FIGURE)
    evidence_frame = driver.execute_async_script(NEXT_FRAME, t0)
    assert highlights == 1, "the evidence view did not open with one highlight"
    driver.execute_script("document.getElementById('evidence').close()")
    t0, filter_sync, rows = driver.execute_script(CHOOSE_SPEAKER, speaker)
    filter_frame = driver.execute_async_script(NEXT_FRAME, t0)
    return {
        "ready_ms": timing[0],
        "dom_content_loaded_ms": timing[1],
        "load_ms": timing[2],
        "first_frame_ms": frame,
        "first_rows": timing[3],
        "evidence_ms": evidence_sync,
        "evidence_frame_ms": evidence_frame,
        "filter_ms": filter_sync,
        "filter_frame_ms": filter_frame,
        "filter_rows": rows,
        "js_heap_mb": metrics["JSHeapUsedSize"] / 2**20,
        "dom_nodes": metrics["Nodes"],
    }


def browse(report: Path, html: bytes, repeat: int) -> dict[str, Any]:
    block = DATA_BLOCK.search(html)
    assert block is not None
    data = json.loads(block.group(1))
    speaker_at = data["fields"].index("speaker")
    speaker, figures = Counter(c[speaker_at] for c in data["claims"] if c[speaker_at]).most_common(1)[0]
    with chromium() as driver:
        runs = [load_once(driver, report, speaker) for _ in range(repeat)]
    out: dict[str, Any] = {key: median([r[key] for r in runs]) for key in runs[0]}
    out["speaker"] = speaker
    out["speaker_figures"] = figures
    return out


def measure(n: int, folder: Path, repeat: int, browser: bool) -> dict[str, Any]:
    store, build = built_store(n, folder)
    report = folder / "report.html"
    walls, peaks = [], []
    for _ in range(repeat):
        wall, peak = time_process([*REPAT, "report", "--store", str(store), "-o", str(report)])
        walls.append(wall)
        peaks.append(peak)
    html = report.read_bytes()
    result: dict[str, Any] = {
        "articles": n,
        "build": build,
        "report_s": median(walls),
        "report_peak_mb": round(max(peaks)),
        "queries": time_queries(store, repeat),
        "size": parts(html),
    }
    if browser:
        result["browser"] = browse(report, html, repeat)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000], help="numbers of articles")
    parser.add_argument("--work", type=Path, help="keep corpora, builds and stores in WORK/N/ and reuse them")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement; medians are printed")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        for n in args.sizes:
            print(json.dumps(measure(n, work / str(n), args.repeat, not args.no_browser)), flush=True)


if __name__ == "__main__":
    main()
