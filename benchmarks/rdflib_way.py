"""The all-rdflib way, for comparison: what a built graph costs with rdflib and pySHACL alone.

Usage: python benchmarks/rdflib_way.py BUILT.nq [--person NAME] [--out FILE.ttl] [--query-timeout S]

Parses the N-Quads that ``repat-kg build`` wrote into an rdflib Dataset, validates the union of its
graphs (the ontology graph among them) with pySHACL against the shapes, as
src/repat_kg/validate.py does, runs every canned query with rdflib's SPARQL engine over the union
of the graphs (``person`` bound for statements-by; the federated query is left out, it needs a
Wikidata endpoint), and serialises the merged graph as Turtle. Prints one JSON line with the time
of each step and the row counts; exits 1 if the graph does not conform. rdflib's engine is slow on
some of the queries (their time grows faster than the data), so a query is stopped after
--query-timeout seconds (SIGALRM; rdflib is pure Python) and reported as "timeout": the total is
then a lower bound.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class QueryTimeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise QueryTimeout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="the N-Quads file written by repat-kg build")
    parser.add_argument("--person", default="", help="value of the person parameter of statements-by")
    parser.add_argument("--out", type=Path, help="Turtle file to write (default: serialised to memory only)")
    parser.add_argument("--query-timeout", type=int, default=300, help="seconds a query may run (default 300)")
    args = parser.parse_args()

    start = time.perf_counter()
    import pyshacl
    import rdflib
    from rdflib.plugins.sparql import prepareQuery

    times: dict[str, float] = {"import": round(time.perf_counter() - start, 3)}

    def lap(step: str, since: float) -> float:
        now = time.perf_counter()
        times[step] = round(now - since, 3)
        return now

    signal.signal(signal.SIGALRM, _alarm)
    mark = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(str(args.data), format="nquads")
    merged = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        merged.add((s, p, o))
    mark = lap("parse", mark)

    shapes = rdflib.Graph().parse(str(ROOT / "shapes" / "repat-kg-shapes.ttl"), format="turtle")
    conforms, _, _ = pyshacl.validate(merged, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False)
    mark = lap("validate", mark)

    rows: dict[str, int | str] = {}
    query_seconds: dict[str, float] = {}
    for path in sorted((ROOT / "queries").glob("*.rq")):
        began = time.perf_counter()
        text = path.read_text(encoding="utf-8")
        if "SERVICE" in text:
            rows[path.stem] = "skipped (SERVICE)"
            continue
        bindings = {}
        if "# param: person" in text:
            bindings[rdflib.Variable("person")] = rdflib.Literal(args.person)
        signal.alarm(args.query_timeout)
        try:
            rows[path.stem] = len(list(dataset.query(prepareQuery(text), initBindings=bindings)))
        except QueryTimeout:
            rows[path.stem] = f"timeout (> {args.query_timeout} s)"
        except Exception as exc:  # an rdflib limitation is a result here, not a crash
            rows[path.stem] = f"error: {type(exc).__name__}: {exc}"[:200]
        finally:
            signal.alarm(0)
        query_seconds[path.stem] = round(time.perf_counter() - began, 3)
    mark = lap("queries", mark)

    content = merged.serialize(format="turtle", encoding="utf-8")
    if args.out:
        args.out.write_bytes(content)
    lap("turtle", mark)
    times["total"] = round(time.perf_counter() - start, 3)
    print(
        json.dumps(
            {
                "conforms": bool(conforms),
                "triples": len(merged),
                "seconds": times,
                "rows": rows,
                "query_seconds": query_seconds,
            }
        )
    )
    sys.exit(0 if conforms else 1)


if __name__ == "__main__":
    main()
