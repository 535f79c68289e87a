"""Time repat-kg as whole processes on synthetic corpora of growing size: wall time and peak memory.

The whole table comes from this one command (corpora are cached in benchmarks/.cache and made
again only when generate.py changes):

    python benchmarks/run.py --sizes 100,1000,10000 --repeat 3 --json benchmarks/results.json

For every size N it writes a corpus with ``benchmarks/generate.py N`` and runs, each as its own
process (``python -m repat_kg``, this checkout's ``src`` first on PYTHONPATH):

- ``build`` (validated), ``build --jobs 1``, ``--no-validate``, ``--validator pyshacl``, each from a clean folder;
- ``build --store`` into a new store; the same rebuild with nothing changed; after one article's
  text got a sentence more (outside any evidence); after one article was added;
- ``validate OUT/repat-kg.nq``; ``build --reason`` (and ``--reasoner rules|owlrl``);
- every canned query (``repat-kg queries``) with ``--data OUT/repat-kg.nq`` and with ``--store``;
  a required parameter gets a value from the corpus (the most quoted person for ``statements-by``),
  and the federated query is pointed at the local Oxigraph server, which holds the Wikidata-shaped
  test fixture;
- ``export --store --format ttl``; ``load --endpoint`` into ``oxigraph serve`` on a free
  127.0.0.1 port (started and stopped here);
- for N <= --reference-max: the reference engines (``--validator pyshacl``, ``--reasoner owlrl``)
  and "the all-rdflib way" (``benchmarks/rdflib_way.py``: rdflib parses the
  N-Quads, pySHACL validates, rdflib's engine runs the queries, rdflib writes Turtle), and the
  ratio of our build's time to it;

and once: ``repat-kg --help`` and the build of the seeds. A command that does not exist yet (click's
"No such option/command", an unknown choice) is recorded as "n/a", one that fails as "failed (exit
N)", one that runs longer than --timeout as "timeout"; the run goes on. Each process is waited for
with os.wait4; its peak memory is the largest sum of the resident set sizes of its process group
(the build and its workers), sampled from /proc every 50 ms, or wait4's peak if larger.

Output: a table (stage, N, status, median wall seconds, peak MB, milliseconds per article), the
flatness of the time per article from 1,000 to 10,000 articles (1.0: linear), the build's time as
a share of the all-rdflib way's, and with --json the same as JSON (with every run's numbers).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "benchmarks" / "generate.py"
RDFLIB_WAY = ROOT / "benchmarks" / "rdflib_way.py"
FIXTURE = ROOT / "tests" / "data" / "wikidata-fixture.ttl"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
NOT_AVAILABLE = re.compile(r"No such (option|command)|Invalid value for '--(validator|reasoner|jobs)'|got unexpected")
REPAT = [sys.executable, "-m", "repat_kg"]


@dataclass
class Run:
    wall: float
    peak_kb: int
    code: int | None  # None: killed after the timeout
    error: str = ""
    output_lines: int = 0
    output_last: str = ""
    output_first: str = ""


@dataclass
class Result:
    stage: str
    n: int | None  # articles; None for stages that do not depend on the corpus
    status: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def wall(self) -> float | None:
        return statistics.median(r.wall for r in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.peak_kb for r in self.runs) / 1024 if self.ok else None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def per_article_ms(self) -> float | None:
        return self.wall / self.n * 1000 if self.ok and self.n and self.wall is not None else None

    def as_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "n": self.n,
            "status": self.status,
            "wall_s": self.wall,
            "peak_mb": self.peak_mb,
            "per_article_ms": self.per_article_ms,
            "note": self.note,
            **({"detail": self.detail} if self.detail else {}),
            "runs": [
                {
                    "wall_s": r.wall,
                    "peak_mb": r.peak_kb / 1024,
                    "exit": r.code,
                    "error": r.error,
                    "output": r.output_last[:300],
                }
                for r in self.runs
            ],
        }


def group_rss_kb(group: int) -> int:
    """The summed resident set size of every process in process group ``group`` (from /proc), in KB."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            # after the command name: state ppid pgrp ... rss is field 24 of stat (index 21 here)
            if int(fields[2]) == group:
                total += int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, IndexError, ValueError):
            continue
    return total


def measure(command: list[str], cwd: Path, timeout: float, stdout: Path | None = None) -> Run:
    """Run ``command`` as its own process group; its wall time and peak memory.

    Peak memory is the larger of wait4's peak RSS (the largest single process) and the largest sum
    of the RSS of the whole process group (the build and its worker processes) sampled every 50 ms.
    """
    with tempfile.TemporaryFile() as err, stdout.open("w+b") if stdout else tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=err, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        peak_group = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak_group[0] = max(peak_group[0], group_rss_kb(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            done.set()
            sampler.join()
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
        err.seek(0)
        lines = [line for line in err.read().decode("utf-8", "replace").splitlines() if line.strip()]
        out.flush()
        out.seek(0)
        output = out.read().decode("utf-8", "replace").splitlines()
    code = None if killed.is_set() else process.returncode
    clicked = [line for line in lines if line.startswith("Error:") or line.startswith("repat-kg: ")]
    error = (clicked[-1] if clicked else " | ".join(lines[-3:]))[-400:] if code else ""
    first, last = (output[0][:4000], output[-1][:4000]) if output else ("", "")
    return Run(wall, max(usage.ru_maxrss, peak_group[0]), code, error, len(output), last, first)


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.results: list[Result] = []
        self.work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="repat-kg-bench-"))
        self.cache = Path(args.cache_dir)

    # -------------------------------------------------------------- running stages
    def stage(
        self,
        name: str,
        n: int | None,
        command: list[str],
        cwd: Path | None = None,
        setup: Callable[[int], None] | None = None,
        repeat: int | None = None,
        note: str = "",
        stdout: Path | None = None,
    ) -> Result:
        result = Result(name, n, "ok", note=note)
        for r in range(repeat or self.args.repeat):
            if setup is not None:
                setup(r)
            run = measure(command, cwd or self.work, self.args.timeout, stdout)
            result.runs.append(run)
            if run.code != 0:
                if run.code is None:
                    result.status = f"timeout (> {self.args.timeout:g} s)"
                elif run.code == 2 and NOT_AVAILABLE.search(run.error):
                    result.status = "n/a"
                else:
                    result.status = f"failed (exit {run.code})"
                result.note = (note + "; " if note else "") + run.error
                break
        if result.ok and "build" in command and result.runs:
            run = result.runs[-1]
            quads = re.match(r"built (\d+) quads", run.output_first)
            facts = [f"{quads.group(1)} quads"] if quads else []
            facts += [run.output_last.split(": ", 1)[-1]] if run.output_last.startswith("store ") else []
            result.note = "; ".join([*facts, *([note] if note else [])])
        self.results.append(result)
        shown = f"{result.wall:8.2f} s {result.peak_mb:7.0f} MB" if result.ok else result.status
        print(f"  {name:58} N={n if n is not None else '-':<6} {shown}", file=sys.stderr, flush=True)
        return result

    def skipped(self, name: str, n: int | None, why: str) -> None:
        self.results.append(Result(name, n, "skipped", note=why))
        print(f"  {name:58} N={n if n is not None else '-':<6} skipped: {why}", file=sys.stderr, flush=True)

    # -------------------------------------------------------------- corpora
    def corpus(self, n: int) -> Path:
        """The cached corpus of n articles, made (and timed) when missing or older than generate.py."""
        stamp = hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:16]
        folder = self.cache / f"n{n}-seed{self.args.seed}"
        stamp_file = folder / ".generator"
        if stamp_file.is_file() and stamp_file.read_text() == stamp:
            self.results.append(Result("generate corpus", n, "cached", note=str(folder)))
            return folder
        if folder.exists():
            shutil.rmtree(folder)
        command = [sys.executable, str(GENERATOR), str(n), str(folder), "--seed", str(self.args.seed)]
        result = self.stage("generate corpus", n, command, repeat=1)
        if not result.ok:
            raise SystemExit(f"cannot generate the corpus of {n} articles: {result.note}")
        stamp_file.write_text(stamp)
        return folder

    @staticmethod
    def working_copy(corpus: Path, target: Path) -> Path:
        """A folder of links to the corpus files, so that articles can be changed and added cheaply."""
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for path in corpus.iterdir():
            if path.suffix in (".txt", ".yaml"):
                (target / path.name).symlink_to(path)
        return target

    # -------------------------------------------------------------- the stages of one size
    def size(self, n: int, catalogue: dict[str, list[tuple[str, bool]]]) -> None:
        print(f"N = {n}", file=sys.stderr, flush=True)
        corpus = self.corpus(n)
        manifest = json.loads((corpus / "benchmark.json").read_text(encoding="utf-8"))
        base = self.work / f"n{n}"
        if base.exists():
            shutil.rmtree(base)
        base.mkdir(parents=True)
        plain, store_out, store = base / "out", base / "out-store", base / "store"
        build = [*REPAT, "build", str(corpus)]

        def fresh(*folders: Path) -> Callable[[int], None]:
            def setup(_: int) -> None:
                for folder in folders:
                    if folder.exists():
                        shutil.rmtree(folder)

            return setup

        # Every build below starts clean (outputs and cache removed before each repeat), except the
        # rebuilds, which measure the cache.
        built = self.stage("build (validated)", n, [*build, "-o", str(plain)], setup=fresh(plain))
        full = n <= self.args.full_max
        why_not = f"N > --full-max {self.args.full_max}"
        jobs1 = base / "out-jobs1"
        novalidate = base / "out-novalidate"
        if full:
            self.stage("build --jobs 1", n, [*build, "-o", str(jobs1), "--jobs", "1"], setup=fresh(jobs1))
            self.stage(
                "build --no-validate", n, [*build, "-o", str(novalidate), "--no-validate"], setup=fresh(novalidate)
            )
        else:
            self.skipped("build --jobs 1", n, why_not)
            self.skipped("build --no-validate", n, why_not)
        reference = n <= self.args.reference_max
        if reference:
            pyshacl = base / "out-pyshacl"
            self.stage(
                "build --validator pyshacl", n, [*build, "-o", str(pyshacl), "--validator", "pyshacl"],
                setup=fresh(pyshacl),
            )
        else:
            self.skipped("build --validator pyshacl", n, f"N > --reference-max {self.args.reference_max}")
        work = self.working_copy(corpus, base / "corpus")
        store_build = [*REPAT, "build", str(work), "-o", str(store_out), "--store", str(store)]
        stored = self.stage("build --store (new store)", n, store_build, setup=fresh(store, store_out))
        if built.ok and full:
            self.stage("validate OUT/repat-kg.nq", n, [*REPAT, "validate", str(plain / "repat-kg.nq")])
            if reference:
                self.stage(
                    "validate OUT/repat-kg.nq --validator pyshacl", n,
                    [*REPAT, "validate", str(plain / "repat-kg.nq"), "--validator", "pyshacl"],
                )
        reasoned = base / "out-reason"
        if full:
            self.stage("build --reason", n, [*build, "-o", str(reasoned), "--reason"], setup=fresh(reasoned))
        else:
            self.skipped("validate OUT/repat-kg.nq", n, why_not)
            self.skipped("build --reason", n, why_not)
        if reference:
            owlrl = base / "out-reason-owlrl"
            self.stage(
                "build --reason --reasoner owlrl", n, [*build, "-o", str(owlrl), "--reason", "--reasoner", "owlrl"],
                setup=fresh(owlrl),
            )
        else:
            self.skipped("build --reason --reasoner owlrl", n, f"N > --reference-max {self.args.reference_max}")

        server = OxigraphServer(base / "oxigraph") if shutil.which("oxigraph", path=_bin_path()) else None
        try:
            url = server.start() if server else None
            if url is None:
                self.skipped("load --endpoint (oxigraph serve)", n, "the oxigraph server is not installed")
            elif not full:
                self.skipped("load --endpoint (oxigraph serve)", n, why_not)
            elif built.ok:
                self.stage(
                    "load --endpoint (oxigraph serve)",
                    n,
                    [*REPAT, "load", "--endpoint", url, "--data", str(plain / "repat-kg.nq")],
                )
                try:
                    server.put_default_graph(FIXTURE)
                except (OSError, urllib.error.URLError) as exc:
                    print(f"  (could not load the Wikidata fixture: {exc})", file=sys.stderr)
            self.queries(n, catalogue, manifest, plain, store, built.ok and full, stored.ok, url)
        finally:
            if server:
                server.stop()
        if stored.ok and full:
            self.stage(
                "export --store --format ttl",
                n,
                [*REPAT, "export", "--store", str(store), "--format", "ttl", "-o", str(base / "export.ttl")],
            )
        elif not full:
            self.skipped("export --store --format ttl", n, why_not)
        if stored.ok:
            self.stage("rebuild --store, nothing changed", n, store_build)
            self.stage(
                "rebuild --store after changing one article", n, store_build, setup=lambda r: change_article(work, r)
            )
            store_only = [*store_build, "--format", "nq"]
            self.stage(
                "rebuild --store --format nq after changing one article",
                n,
                store_only,
                setup=lambda r: change_article(work, r),
            )
            self.stage(
                "rebuild --store after adding one article",
                n,
                store_build,
                setup=lambda r: add_article(work, r),
                note="each repeat adds one more article",
            )
        if n <= self.args.reference_max and built.ok:
            person = (manifest.get("top_speaker") or {}).get("name", "")
            way = self.stage(
                "the all-rdflib way (parse, pySHACL, queries, Turtle)",
                n,
                [
                    sys.executable,
                    str(RDFLIB_WAY),
                    str(plain / "repat-kg.nq"),
                    "--person",
                    person,
                    "--out",
                    str(base / "rdflib.ttl"),
                    "--query-timeout",
                    str(self.args.rdflib_query_timeout),
                ],
                stdout=base / "rdflib-way.json",
            )
            if way.runs:
                with contextlib.suppress(ValueError):
                    way.detail = json.loads(way.runs[-1].output_last)
                    stopped = [q for q, rows in way.detail.get("rows", {}).items() if "timeout" in str(rows)]
                    seconds = way.detail.get("seconds", {})
                    way.note = ", ".join(f"{step} {seconds[step]:.1f} s" for step in seconds if step != "total")
                    if stopped:
                        way.note += f"; stopped after {self.args.rdflib_query_timeout} s: {', '.join(stopped)}"
        elif n > self.args.reference_max:
            self.skipped(
                "the all-rdflib way (parse, pySHACL, queries, Turtle)",
                n,
                f"N > --reference-max {self.args.reference_max}",
            )

    def queries(
        self,
        n: int,
        catalogue: dict[str, list[tuple[str, bool]]],
        manifest: dict[str, Any],
        plain: Path,
        store: Path,
        built: bool,
        stored: bool,
        url: str | None,
    ) -> None:
        person = (manifest.get("top_speaker") or {}).get("name")
        values = {"person": person, "wikidata": url + "/query" if url else None}
        for name, parameters in catalogue.items():
            params: list[str] = []
            missing = None
            for parameter, required in parameters:
                value = values.get(parameter)
                if value:
                    params += ["-p", parameter, value]
                elif required:
                    missing = f"no value for -p {parameter}"
                elif parameter == "wikidata":  # its default is the public Wikidata endpoint: not here
                    missing = "no local endpoint for the SERVICE call"
            note = " ".join(f"-p {p} {v!r}" for p, v in zip(params[1::3], params[2::3], strict=True))
            for where, flag, ok in (("--data", [str(plain / "repat-kg.nq")], built), ("--store", [str(store)], stored)):
                label = f"query {name} {where}"
                if missing:
                    self.skipped(label, n, missing)
                elif not ok:
                    self.skipped(label, n, "the build failed, or N > --full-max (a --data query parses the whole file)")
                else:
                    result = self.stage(
                        label, n, [*REPAT, "query", name, where, *flag, *params, "--format", "csv"], note=note
                    )
                    if result.ok:
                        result.note = f"{result.runs[-1].output_lines - 1} rows" + (f"; {note}" if note else "")

    # -------------------------------------------------------------- once
    def once(self) -> dict[str, list[tuple[str, bool]]]:
        print("once", file=sys.stderr, flush=True)
        self.stage("repat-kg --help", None, [*REPAT, "--help"])
        seeds_out = self.work / "seeds-out"

        def clean_seeds(_: int) -> None:
            if seeds_out.exists():
                shutil.rmtree(seeds_out)

        self.stage(
            "build seeds/ (validated)",
            5,
            [*REPAT, "build", str(ROOT / "seeds"), "-o", str(seeds_out)],
            setup=clean_seeds,
            note="the 5 seed articles",
        )
        seeds_reasoned = self.work / "seeds-reasoned"
        self.stage(
            "build seeds/ --reason",
            5,
            [*REPAT, "build", str(ROOT / "seeds"), "-o", str(seeds_reasoned), "--reason"],
            setup=lambda _: shutil.rmtree(seeds_reasoned, ignore_errors=True),
        )
        empty = self.work / "empty"
        empty.mkdir(exist_ok=True)
        self.stage(
            "query official-claims, no build (seeds in memory)",
            5,
            [*REPAT, "query", "official-claims"],
            cwd=empty,
            note="run in an empty folder, so no build/ is found",
        )
        listing = subprocess.run([*REPAT, "queries"], capture_output=True, text=True, env=ENV, cwd=self.work)
        catalogue: dict[str, list[tuple[str, bool]]] = {}
        current = None
        for line in listing.stdout.splitlines():
            head = re.match(r"^([a-z0-9][a-z0-9-]*):", line)
            param = re.match(r"^\s+-p (\S+) \S+ \((required|optional)", line)
            if head:
                current = head.group(1)
                catalogue[current] = []
            elif param and current:
                catalogue[current].append((param.group(1), param.group(2) == "required"))
        if not catalogue:  # `repat-kg queries` failed: fall back to the query files
            catalogue = {path.stem: [] for path in sorted((ROOT / "queries").glob("*.rq"))}
        return catalogue

    # -------------------------------------------------------------- report
    def report(self) -> dict[str, Any]:
        sizes = sorted({r.n for r in self.results if r.n and r.stage != "build seeds/ (validated)"})
        by_key = {(r.stage, r.n): r for r in self.results}
        flatness = {}
        low, high = (
            (1000, 10000) if {1000, 10000} <= set(sizes) else (sizes[-2], sizes[-1]) if len(sizes) > 1 else (None, None)
        )
        if low:
            for (stage, n), result in by_key.items():
                other = by_key.get((stage, high))
                if n == low and result.ok and other and other.ok and result.per_article_ms:
                    flatness[stage] = round(other.per_article_ms / result.per_article_ms, 2)
        ratios = {}
        for n in sizes:
            ours, theirs = (
                by_key.get(("build (validated)", n)),
                by_key.get(("the all-rdflib way (parse, pySHACL, queries, Turtle)", n)),
            )
            if ours and theirs and ours.ok and theirs.ok and ours.wall and theirs.wall:
                stopped = "stopped after" in theirs.note  # rdflib_way stopped some queries: its time is a lower bound
                ratios[str(n)] = {"ratio": round(ours.wall / theirs.wall, 3), "rdflib_queries_stopped": stopped}
        quads = {}
        for n in sizes:
            built = by_key.get(("build (validated)", n))
            found = re.match(r"(\d+) quads", built.note) if built and built.ok else None
            if found:
                quads[str(n)] = round(int(found.group(1)) / n)
        return {
            "quads_per_article": quads,
            "meta": {
                "command": " ".join([Path(sys.executable).name, *sys.argv]),
                "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "commit": _git_commit(),
                "versions": _versions(),
                "seed": self.args.seed,
                "repeat": self.args.repeat,
            },
            "results": [r.as_json() for r in self.results],
            "flatness": {"from": low, "to": high, "per_article_ratio": flatness},
            "build_vs_rdflib_way": ratios,
        }


def print_table(results: list[Result], summary: dict[str, Any]) -> None:
    rows = [("stage", "N", "status", "wall s", "peak MB", "ms/article")]
    for r in results:
        if r.status == "cached":
            continue
        rows.append(
            (
                r.stage,
                str(r.n) if r.n is not None else "-",
                r.status if len(r.status) < 30 else r.status[:27] + "...",
                f"{r.wall:.2f}" if r.wall is not None else "",
                f"{r.peak_mb:.0f}" if r.peak_mb is not None else "",
                f"{r.per_article_ms:.1f}" if r.per_article_ms is not None else "",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    for k, row in enumerate(rows):
        print(
            "  ".join(
                cell.ljust(w) if i < 3 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if k == 0:
            print("  ".join("-" * w for w in widths))
    for n, quads in summary["quads_per_article"].items():
        print(f"\nN={n}: {quads} quads per article in the built graph (ontology and entity graphs included)")
    flat = summary["flatness"]
    if flat["per_article_ratio"]:
        print(f"\ntime per article at N={flat['to']} / at N={flat['from']} (1.0 = linear):")
        for stage, ratio in flat["per_article_ratio"].items():
            print(f"  {stage:58} {ratio:6.2f}")
    for n, entry in summary["build_vs_rdflib_way"].items():
        ratio, bound = entry["ratio"], " at most" if entry["rdflib_queries_stopped"] else ""
        print(
            f"\nN={n}: build (validated) takes{bound} {ratio:.2f} of the all-rdflib way's time "
            f"({1 / ratio:.1f}x faster{' at least' if bound else ''})"
            + ("; rdflib was stopped on some queries (see its note)" if bound else "")
        )
    failed = [r for r in results if r.status not in ("ok", "cached")]
    if failed:
        print("\nnot ok:")
        for r in failed:
            print(f"  {r.stage} (N={r.n}): {r.status}: {r.note}"[:300])


# ----------------------------------------------------------------------------- changes for rebuilds


def _replace_link(path: Path) -> None:
    if path.is_symlink():
        content = path.read_bytes()
        path.unlink()
        path.write_bytes(content)


def change_article(corpus: Path, revision: int) -> None:
    """Append a sentence to the last content line of the middle article (outside every evidence text)."""
    import yaml

    articles = sorted(p for p in corpus.glob("*.txt") if not p.stem.startswith("zz-added"))
    article = articles[len(articles) // 2]
    _replace_link(article)
    ranges = yaml.safe_load(article.with_suffix(".yaml").read_text(encoding="utf-8"))["document"]["content"]
    last = int(str(ranges[-1]).split("-")[-1])
    lines = article.read_text(encoding="utf-8").split("\n")
    lines[last - 1] += f" This report was updated with minor corrections (revision {revision + 1})."
    article.write_text("\n".join(lines), encoding="utf-8")


def add_article(corpus: Path, revision: int) -> None:
    """Add a copy of the first article under a new id (same entities, events and quantities)."""
    first = sorted(corpus.glob("*.txt"))[0]
    for suffix in (".txt", ".yaml"):
        (corpus / f"zz-added-{revision + 1}{suffix}").write_bytes(first.with_suffix(suffix).read_bytes())


# ----------------------------------------------------------------------------- the Oxigraph server


def _bin_path() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


class OxigraphServer:
    """`oxigraph serve` on a free 127.0.0.1 port with its data in ``location``; stopped by stop()."""

    def __init__(self, location: Path):
        self.location = location
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> str | None:
        binary = shutil.which("oxigraph", path=_bin_path())
        if binary is None:
            return None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/query?query=ASK%7B%7D", timeout=2):
                    return self.url
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None:
                    return None
                time.sleep(0.1)
        self.stop()
        return None

    def put_default_graph(self, turtle: Path) -> None:
        """Put the Wikidata-shaped test fixture into the default graph, for the federated query."""
        request = urllib.request.Request(
            self.url + "/store?default", data=turtle.read_bytes(), method="PUT", headers={"Content-Type": "text/turtle"}
        )
        with urllib.request.urlopen(request, timeout=30):
            pass

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


# ----------------------------------------------------------------------------- helpers


def _git_commit() -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except OSError:
        return None
    return done.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "") if done.returncode == 0 else None


def _versions() -> dict[str, str]:
    from importlib import metadata

    found = {}
    for package in ("pyoxigraph", "rdflib", "pyshacl", "owlrl", "oxigraph"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[package] = metadata.version(package)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", default="100,1000,10000", help="corpus sizes, comma-separated (default: %(default)s)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each stage; the median is shown (default 1)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument(
        "--full-max",
        type=int,
        default=10_000,
        help="largest N for every stage; above it only the builds, the rebuilds and the --store queries run",
    )
    parser.add_argument(
        "--reference-max",
        type=int,
        default=1000,
        help="largest N for the reference engines (pySHACL, owlrl) and the all-rdflib way (default 1000)",
    )
    parser.add_argument(
        "--rdflib-query-timeout", type=int, default=300, help="seconds rdflib may spend on one query (default 300)"
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds a command may run (default 3600)")
    parser.add_argument("--cache-dir", default=str(ROOT / "benchmarks" / ".cache"), help="where corpora are kept")
    parser.add_argument("--work", help="scratch folder for outputs and stores (default: a new temporary folder)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    bench = Bench(args)
    try:
        catalogue = bench.once()
        for n in sizes:
            bench.size(n, catalogue)
    finally:
        summary = bench.report()
        if args.json:
            args.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        print_table(bench.results, summary)
        if not args.work:
            shutil.rmtree(bench.work, ignore_errors=True)


if __name__ == "__main__":
    main()
