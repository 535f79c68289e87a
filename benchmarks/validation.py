"""Time SHACL validation in one process: pySHACL (validate_quads) against shacl-rust (validate_fast).

Usage: python benchmarks/validation.py [--repeat N] [--copies N] [--shapes LABEL=PATH ...] [--engines ...]

The graphs are the seeds and the seeds with every article graph cloned COPIES - 1 times, the article
id renamed in every IRI (and in schema:identifier) of each clone; the entities and the ontology stay
shared, as do the events, whose IRIs carry no article id. Each timing is the median of REPEAT runs (interleaved) of
the whole function call (conversion of the quads included); each run's conformance and result count
are printed so that a timing of a graph that does not conform is seen for what it is.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_GRAPH = re.compile(r"/graph/([0-9]{3})_([0-9a-f]{16})$")


def scaled(quads: list[ox.Quad], copies: int) -> list[ox.Quad]:
    """The quads with each article graph present ``copies`` times, clone k's article ids 1kk_<hex>."""
    out = list(quads)
    articles = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    for graph in sorted(articles):
        match = ARTICLE_GRAPH.search(graph)
        if not match:
            continue
        article_id = match.group(0).removeprefix("/graph/")
        in_graph = [q for q in quads if q.graph_name.value == graph]
        for k in range(1, copies):
            clone_id = f"{100 + k:03d}_{match.group(2)}"
            out.extend(
                ox.Quad(
                    *(_renamed(t, article_id, clone_id, k) for t in (q.subject, q.predicate, q.object, q.graph_name))
                )
                for q in in_graph
            )
    return out


def _renamed(term: Any, article_id: str, clone_id: str, k: int) -> Any:
    """The term of clone k: the article id replaced in an IRI or an identifier, a blank node its own."""
    if isinstance(term, ox.NamedNode) and article_id in term.value:
        return ox.NamedNode(term.value.replace(article_id, clone_id))
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(f"{term.value}c{k}")
    if isinstance(term, ox.Literal) and term.value == article_id:
        return ox.Literal(clone_id, datatype=term.datatype)
    return term


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from repat_kg.pipeline.build import build_quads
    from repat_kg.quality.fast_shacl import validate_fast
    from repat_kg.quality.shacl import ValidationResult, validate_quads

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--shapes", action="append", default=[], metavar="LABEL=PATH")
    parser.add_argument("--engines", nargs="+", default=["pyshacl", "shacl-rust"], choices=["pyshacl", "shacl-rust"])
    parser.add_argument("--skip-scaled-pyshacl", action="store_true", help="time pySHACL on the seeds only")
    args = parser.parse_args()
    shapes = dict(s.split("=", 1) for s in args.shapes) or {"current": str(ROOT / "shapes" / "repat-kg-shapes.ttl")}
    seeds = build_quads(ROOT / "seeds")
    graphs = {"seeds": seeds, f"seeds x{args.copies}": scaled(seeds, args.copies)}
    engines: dict[str, Callable[[list[ox.Quad], Path | None], ValidationResult]] = {
        "pyshacl": validate_quads,
        "shacl-rust": validate_fast,
    }
    for graph_label, quads in graphs.items():
        print(f"# {graph_label}: {len(quads)} quads", flush=True)
        runs = [
            (shapes_label, Path(shapes_path), engine)
            for shapes_label, shapes_path in shapes.items()
            for engine in args.engines
            if not (engine == "pyshacl" and args.skip_scaled_pyshacl and graph_label != "seeds")
        ]
        times: dict[tuple[str, Path, str], list[float]] = {run: [] for run in runs}
        outcomes: dict[tuple[str, Path, str], set[tuple[bool, int]]] = {run: set() for run in runs}
        for _ in range(args.repeat):  # the runs interleaved, so that a change in the machine's load hits all alike
            for run in runs:
                start = time.perf_counter()
                result = engines[run[2]](quads, run[1])
                times[run].append(time.perf_counter() - start)
                outcomes[run].add((result.conforms, result.violation_count))
        for run in runs:
            print(
                f"{graph_label:12} {run[0]:16} {run[2]:10} median {statistics.median(times[run]):8.3f} s"
                f"  min {min(times[run]):8.3f} s  (n={args.repeat})  conforms/results {sorted(outcomes[run])}",
                flush=True,
            )


if __name__ == "__main__":
    main()
