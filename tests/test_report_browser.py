"""The HTML report of the seeds in a real headless Chromium (Debian's chromium and chromium-driver, no network).

Timeline marks, the evidence highlight, the speaker filter and the tracker are checked against the graph
and against figures read in the articles; a screenshot of the page is saved in test-artifacts/.
"""

from __future__ import annotations

import base64
import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT, SEEDS, run_cli

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extras")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "test-artifacts"
RKG = "https://w3id.org/repat-kg/ontology#"
VOA = "000_f6cb99c41662595b"
NATIONAL_2018 = "004_42c25d0253e96991"
DASH = "\u2013"


@pytest.fixture(scope="module")
def report_file(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = run_cli("report", "--data", str(built / "repat-kg.nq"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    """Debian's Chromium, headless, with every background connection switched off and a fresh profile."""
    assert Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists(), (
        "Chromium is missing: apt-get install chromium chromium-driver (.ci/run installs them)"
    )
    profile = tempfile.mkdtemp(prefix="repat-kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--window-size=1280,900", f"--user-data-dir={profile}",
    ):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture()
def page(browser: webdriver.Chrome, report_file: Path) -> webdriver.Chrome:
    browser.set_window_size(1280, 900)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.get(report_file.as_uri())
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#claims-table tbody tr"))
    return browser


def graph(built: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(built / "repat-kg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def select_all_rows(page: webdriver.Chrome) -> None:
    Select(page.find_element(By.ID, "page-size")).select_by_visible_text("all")


def open_evidence(page: webdriver.Chrome, button: object) -> str:
    """Click a figure and return the highlighted text; the dialog must open with exactly one highlight."""
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()  # type: ignore[attr-defined]
    WebDriverWait(page, 10).until(lambda d: d.execute_script("return document.getElementById('evidence').open"))
    marks = page.find_elements(By.CSS_SELECTOR, "#evidence-text mark")
    assert len(marks) == 1
    return str(page.execute_script("return document.getElementById('evidence-mark').textContent"))


def close_evidence(page: webdriver.Chrome) -> None:
    page.find_element(By.ID, "evidence-close").click()
    WebDriverWait(page, 10).until(lambda d: not d.execute_script("return document.getElementById('evidence').open"))


# --- the timeline ---


def test_the_timeline_has_one_mark_per_repatriation_handover_and_evacuation_event(page, built: Path) -> None:
    marks = page.find_elements(By.CSS_SELECTOR, "svg.timeline a.tl-mark")
    drawn = [m.get_attribute("data-event") for m in marks]
    query = f"""SELECT DISTINCT ?e WHERE {{ ?e a ?c . ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?k .
        VALUES ?k {{ <{RKG}Repatriation> <{RKG}Handover> <{RKG}Evacuation> }} }}"""
    events = {s["e"].value.rsplit("/event/", 1)[1] for s in graph(built).query(query, use_default_graph_as_union=True)}
    assert sorted(drawn) == sorted(events), "one mark per event, no event left out, none twice"
    # Read in the articles: the 34 children handed over in Qamishli (VOA), the 43 Kazakhs of January 2019
    # (The Defense Post), the return planned for August 2019 (The National: "will be returned ... in August").
    assert {"handover-qamishli-2021-04-18", "kazakhstan-repatriation-2019-01", "russia-repatriation-iraq-2019-08"} <= set(drawn)


def test_planned_events_are_drawn_unlike_done_ones(page) -> None:
    planned = page.find_element(By.CSS_SELECTOR, 'a.tl-mark[data-event="russia-repatriation-iraq-2019-08"]')
    done = page.find_element(By.CSS_SELECTOR, 'a.tl-mark[data-event="handover-qamishli-2021-04-18"]')
    assert "tl-planned" in planned.get_attribute("class") and "tl-happened" in done.get_attribute("class")
    shape = "rect, path, circle"
    planned_style = page.execute_script(
        "var s = getComputedStyle(arguments[0].querySelector(arguments[1])); return [s.fill, s.strokeDasharray];",
        planned, shape,
    )
    done_style = page.execute_script(
        "var s = getComputedStyle(arguments[0].querySelector(arguments[1])); return [s.fill, s.strokeDasharray];",
        done, shape,
    )
    assert planned_style[0] == "rgb(255, 255, 255)" and planned_style[1] not in ("", "none"), "hollow and dashed"
    assert done_style[0] != "rgb(255, 255, 255)" and done_style[1] in ("", "none")


def test_a_timeline_mark_shows_its_head_counts_and_links_to_its_sources(page) -> None:
    france = page.find_element(By.CSS_SELECTOR, 'a.tl-mark[data-event="france-repatriation-syria-2022-10"]')
    # The Moscow Times, 2022-10-20: France "had repatriated 40 children and 15 women".
    assert france.find_element(By.CSS_SELECTOR, "text.mark-label").text == "40 children, 15 women"
    assert france.get_dom_attribute("href").endswith("#op-france-repatriation-syria-2022-10")
    france.click()
    entry = page.find_element(By.ID, "op-france-repatriation-syria-2022-10")
    sources = entry.find_elements(By.CSS_SELECTOR, ".reports a[href^='#article-']")
    assert [a.get_dom_attribute("href").rsplit("#", 1)[1] for a in sources] == ["article-001_34515e69bfa560d7"]


# --- the evidence view ---


def test_clicking_a_figure_highlights_exactly_its_evidence(page) -> None:
    """Every figure of the table: the highlight is its evidence, at its offsets in the article text."""
    select_all_rows(page)
    rows = page.find_elements(By.CSS_SELECTOR, "#claims-table tbody tr")
    assert len(rows) == 54  # the seeds' curated numeric claims
    texts = {path.stem: path.read_text(encoding="utf-8") for path in SEEDS.glob("0*.txt")}
    for row in rows:
        button = row.find_element(By.CSS_SELECTOR, "button.ev")
        article, start, end = (button.get_attribute(k) for k in ("data-article", "data-start", "data-end"))
        highlighted = open_evidence(page, button)
        assert highlighted == texts[article][int(start) : int(end)]
        before = page.execute_script("return document.getElementById('evidence-text').firstChild.textContent")
        assert before == texts[article][: int(start)], "the highlight stands at its offsets, not elsewhere"
        close_evidence(page)


def test_the_evidence_of_omars_figure_is_his_sentence(page) -> None:
    """VOA: '“They have so far taken back more than 140 children on at least four occasions,” Kurdish official Omar said.'"""
    Select(page.find_element(By.ID, "filter-speaker")).select_by_visible_text("Abdulkarim Omar")
    buttons = page.find_elements(By.CSS_SELECTOR, "#claims-table tbody button.ev")
    shown = {b.text: b for b in buttons}
    assert set(shown) == {"more than 140", "at least 4"}
    assert open_evidence(page, shown["more than 140"]) == "more than 140 children"
    assert "Voice of America" in page.find_element(By.ID, "evidence-meta").text
    ARTIFACTS.mkdir(exist_ok=True)
    page.save_screenshot(str(ARTIFACTS / "report-seeds-evidence.png"))
    assert page.find_element(By.CSS_SELECTOR, "#evidence-meta a").get_attribute("href").startswith("https://www.voanews.com/")


# --- the figures table ---


def test_filtering_by_a_speaker_leaves_only_that_speakers_rows(page) -> None:
    # The National, 2018-12-30: "Mr Kadyrov ... adding that 24 of them were from Dagestan, and another three
    # were from Chechnya" — his two figures.
    Select(page.find_element(By.ID, "filter-speaker")).select_by_visible_text("Ramzan Kadyrov")
    rows = page.find_elements(By.CSS_SELECTOR, "#claims-table tbody tr")
    assert {r.find_element(By.CSS_SELECTOR, "td.speaker").get_attribute("data-speaker") for r in rows} == {"Ramzan Kadyrov"}
    assert sorted(r.find_element(By.CSS_SELECTOR, "button.ev").text for r in rows) == ["24", "3"]
    assert "of 2 figures (filtered from 54)" in page.find_element(By.ID, "claims-status").text
    Select(page.find_element(By.ID, "filter-speaker")).select_by_visible_text("all")
    assert len(page.find_elements(By.CSS_SELECTOR, "#claims-table tbody tr")) == 50, "the first page of 54"


def test_the_figures_table_sorts_by_a_column(page) -> None:
    select_all_rows(page)
    page.find_element(By.CSS_SELECTOR, 'th[data-key="figure"] button').click()
    header = page.find_element(By.CSS_SELECTOR, 'th[data-key="figure"]')
    assert header.get_attribute("aria-sort") == "ascending"
    values = page.execute_script(
        "return Array.from(document.querySelectorAll('#claims-table tbody td.figure')).map(td => td.textContent)"
    )
    numbers = [float(v.split()[-1].split(DASH)[0].replace(",", "")) for v in values]
    assert numbers == sorted(numbers)
    page.find_element(By.CSS_SELECTOR, 'th[data-key="figure"] button').click()
    assert header.get_attribute("aria-sort") == "descending"


def test_filtering_by_state_and_article(page) -> None:
    Select(page.find_element(By.ID, "filter-state")).select_by_visible_text("France")
    rows = page.find_elements(By.CSS_SELECTOR, "#claims-table tbody tr")
    # The Moscow Times: France "had repatriated 40 children and 15 women"; VOA: "several countries including
    # the United States, France, Germany, Britain, Finland ... have repatriated some of their citizens".
    assert sorted(r.find_element(By.CSS_SELECTOR, "button.ev").text for r in rows) == ["15", "40", "vague: 3"]
    Select(page.find_element(By.ID, "filter-state")).select_by_visible_text("all")
    Select(page.find_element(By.ID, "filter-article")).select_by_value(NATIONAL_2018)
    rows = page.find_elements(By.CSS_SELECTOR, "#claims-table tbody tr")
    assert {r.get_attribute("data-claim").split("/")[0] for r in rows} == {NATIONAL_2018}


# --- the tracker ---


def tracker_rows(built: Path) -> list[dict[str, str]]:
    result = run_cli("query", "tracker", "--data", str(built / "repat-kg.nq"), "--format", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_the_tracker_shows_the_figures_the_tracker_query_gives(page, built: Path) -> None:
    expected = tracker_rows(built)
    shown = page.execute_script(
        """return Array.from(document.querySelectorAll('#tracker section.state')).flatMap(s =>
             Array.from(s.querySelectorAll('tbody tr')).map(r => [s.dataset.state, r.dataset.year, r.dataset.event,
               r.dataset.counted, r.dataset.scope, r.dataset.chosen, r.dataset.lowest, r.dataset.highest,
               r.dataset.quantity]))"""
    )
    columns = ("state", "year", "event", "counted", "scope", "chosen", "lowest", "highest", "quantity")
    assert sorted(tuple(r) for r in shown) == sorted(tuple(row[c] for c in columns) for row in expected)


def test_the_tracker_reads_as_the_articles_say(page) -> None:
    def cells(state: str, event: str, counted: str) -> dict[str, str]:
        row = page.find_element(
            By.CSS_SELECTOR, f'section.state[data-state="{state}"] tr[data-event="{event}"][data-counted="{counted}"]'
        )
        return {name: row.find_element(By.CSS_SELECTOR, f"td.{name}").text for name in ("chosen", "range", "chosen-by")}

    # VOA: Kurdish officials said they "handed over 34 children".
    assert cells("Russia", "handover-qamishli-2021-04-18", "children")["chosen"] == "34"
    # The Defense Post: the presidency's "156 children" of the May 2019 evacuation.
    assert cells("Kazakhstan", "kazakhstan-evacuation-syria-2019-05-07", "children") == {
        "chosen": "156", "range": "156", "chosen-by": "Presidency of Kazakhstan"}  # fmt: skip
    # The National, July 2019: Iraq's ministry gave 33 children; other figures say 30.
    assert cells("Russia", "russia-repatriation-baghdad-2019-07-10", "children") == {
        "chosen": "33", "range": f"30{DASH}33", "chosen-by": "Ahmad Al Sahaf"}  # fmt: skip
    # The totals line adds single operations: Kazakhstan's 156 (May 2019) children.
    totals = page.find_element(By.CSS_SELECTOR, 'section.state[data-state="Kazakhstan"] .totals').text
    assert "children: 156" in totals


# --- use by keyboard, phone, print, with no network ---


def test_a_figure_opens_and_closes_by_keyboard(page) -> None:
    button = page.find_element(By.CSS_SELECTOR, "#claims-table tbody button.ev")
    page.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    WebDriverWait(page, 10).until(lambda d: d.execute_script("return document.getElementById('evidence').open"))
    page.switch_to.active_element.send_keys(Keys.ESCAPE)
    WebDriverWait(page, 10).until(lambda d: not d.execute_script("return document.getElementById('evidence').open"))
    assert page.switch_to.active_element == button, "focus goes back to the figure"


def test_every_control_is_reachable_by_tab(page) -> None:
    """No interactive element is taken out of the tab order, and each has a name."""
    unnamed = page.execute_script(
        """return Array.from(document.querySelectorAll('button, select, input, a[href]')).filter(e =>
             e.tabIndex < 0 || !(e.textContent.trim() || e.getAttribute('aria-label') ||
             (e.labels && e.labels.length))).map(e => e.outerHTML.slice(0, 80))"""
    )
    assert unnamed == []


def test_the_report_fits_a_phone_screen(page) -> None:
    page.set_window_size(390, 844)
    width, inner = page.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, "nothing makes the page scroll sideways (wide tables scroll in their own box)"
    ARTIFACTS.mkdir(exist_ok=True)
    page.save_screenshot(str(ARTIFACTS / "report-seeds-phone.png"))


def test_the_report_prints_without_its_controls(page) -> None:
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    hidden = page.execute_script(
        "return ['nav', '#claim-filters', '.pager'].map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none", "none", "none"]
    pdf = page.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    document = base64.b64decode(pdf["data"])
    assert document.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-seeds.pdf").write_bytes(document)


def test_the_report_loads_nothing_and_logs_no_error(page) -> None:
    resources = page.execute_script("return performance.getEntriesByType('resource').length")
    assert resources == 0
    errors = [entry for entry in page.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], "a CSP refusal or a script error shows here"


def test_a_screenshot_of_the_report_is_saved(page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.save_screenshot(str(ARTIFACTS / "report-seeds-top.png"))
    page.find_element(By.CSS_SELECTOR, ".timeline-figure").screenshot(str(ARTIFACTS / "report-seeds-timeline.png"))
    height = page.execute_script("return document.documentElement.scrollHeight")
    page.set_window_size(1280, min(int(height), 8000))
    target = ARTIFACTS / "report-seeds.png"
    page.save_screenshot(str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
