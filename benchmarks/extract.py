"""Time `repat-kg extract` on a batch of real-sized articles: articles per second, and model load time apart.

Usage: python benchmarks/extract.py [N] [--jobs J] [--texts DIR]

The articles are the texts of a synthetic corpus written by benchmarks/generate.py (4-6 KB each, with page
furniture, like the seeds), or the .txt files of --texts DIR. The spaCy model is loaded once (timed on its
own), then the batch runs in J processes (this one and J-1 forked workers, each taking the next task of a
few articles when free: parse, rules and draft; extraction/parallel.py; the pipes the rules do not use are
disabled), and the drafts and the registry are written. Prints one JSON line: articles per second, and per
CPU-second of all the processes, and the workers' CPU seconds.

Measured on the project's 2-core machine, alternated with the code of the session before (2b018e5),
medians of 3 runs (README, repat-kg extract, Speed): 100 articles of 4.6 KB with --jobs 2, 21.5 articles/s
against 10.2; --jobs 1, 10.0 against 8.5; model load 0.5-0.85 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from repat_kg.extraction.batch import Options, extract_batch
from repat_kg.extraction.nlp import load_pipeline

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=200, help="number of articles (default 200)")
    parser.add_argument("--jobs", type=int, default=2, help="spaCy processes (default 2)")
    parser.add_argument("--texts", type=Path, help="a folder of .txt articles to use instead of generated ones")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if args.texts is not None:
            texts = sorted(args.texts.glob("*.txt"))[: args.n]
        else:
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(args.n), str(work / "corpus")],
                check=True,
                capture_output=True,
            )
            texts = sorted((work / "corpus").glob("*.txt"))
        size = sum(p.stat().st_size for p in texts)
        started = time.perf_counter()
        pipeline = load_pipeline()
        load = time.perf_counter() - started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        started, cpu = time.perf_counter(), time.process_time()
        summary = extract_batch(texts, work / "drafts", Options(jobs=args.jobs), pipeline=pipeline)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    print(
        json.dumps(
            {
                "articles": summary.articles,
                "skipped": len(summary.skipped),
                "mean_kb": round(size / max(1, len(texts)) / 1024, 1),
                "jobs": args.jobs,
                "model": summary.model,
                "model_load_s": round(load, 2),
                "extract_s": round(elapsed, 2),
                "articles_per_s": round(summary.articles / elapsed, 1) if elapsed else None,
                # CPU seconds of this process: with --jobs 1 all the work, so articles per CPU-second is what one
                # idle core does (on a shared machine the wall-clock rate understates it)
                "cpu_s": round(cpu, 2),
                "articles_per_cpu_s": round(summary.articles / cpu, 1) if cpu and args.jobs == 1 else None,
                # with --jobs 2 or more: the CPU seconds of the parsing processes, and the batch's articles per
                # CPU-second of all its processes (what the jobs would give on idle cores, less waiting)
                "worker_cpu_s": round(workers, 2) if args.jobs > 1 else None,
                "articles_per_total_cpu_s": round(summary.articles / (cpu + workers), 1) if cpu + workers else None,
                "figures": summary.figures,
                "statements": summary.statements,
                "events": summary.events,
            }
        )
    )


if __name__ == "__main__":
    main()
