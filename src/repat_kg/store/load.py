"""Push a dataset into a remote store with the Graph Store Protocol, one named graph at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from repat_kg.errors import ServiceError
from repat_kg.store.persistent import by_graph
from repat_kg.store.remote import DEFAULT_CHUNK, Endpoint, values_table


@dataclass
class GraphPlan:
    name: str  # graph IRI; '' for the default graph
    triples: int
    chunks: int


@dataclass
class LoadResult:
    plan: list[GraphPlan]
    loaded: list[str] = field(default_factory=list)

    @property
    def pending(self) -> list[str]:
        return [g.name for g in self.plan if g.name not in self.loaded]


class LoadFailed(ServiceError):
    """A load stopped part-way; the message says which graphs are in and which are not."""


class LoadMismatch(ServiceError):
    """After a load, a graph on the server does not hold the triples sent to it."""


def _has_blank_nodes(quads: list[ox.Quad]) -> bool:
    return any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads)


def _chunks(quads: list[ox.Quad], size: int) -> Iterator[bytes]:
    """N-Triples bodies of at most ``size`` triples. Blank nodes only mean the same node within one
    request, so a graph that has any is sent whole."""
    step = len(quads) if _has_blank_nodes(quads) or size <= 0 else size
    for start in range(0, max(len(quads), 1), max(step, 1)):
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads[start : start + step]]
        yield ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def plan_load(quads: list[ox.Quad], chunk_size: int = DEFAULT_CHUNK) -> list[GraphPlan]:
    """What a load would send: each graph with its triple count and number of requests."""
    plans = []
    for name, group in by_graph(quads).items():
        whole = _has_blank_nodes(group) or chunk_size <= 0
        chunks = 1 if whole else max(1, -(-len(group) // chunk_size))
        plans.append(GraphPlan(name, len(group), chunks))
    return plans


def load(
    quads: list[ox.Quad],
    endpoint: Endpoint,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Callable[[int], None] = lambda _: None,
) -> LoadResult:
    """Replace each graph of ``quads`` in the remote store (PUT, then POST for further chunks).

    Re-running is idempotent: every graph is replaced, never appended to twice. On a failure the
    LoadFailed error names the graphs already loaded and those still to load; a re-run completes it.
    """
    groups = by_graph(quads)
    result = LoadResult(plan_load(quads, chunk_size))
    for plan in result.plan:
        try:
            endpoint.put_graph(plan.name or None, _chunks(groups[plan.name], chunk_size))
        except ServiceError as exc:
            done = len(result.loaded)
            missing = ", ".join(_short(g) for g in result.pending)
            raise LoadFailed(
                f"{exc}; loaded {done} of {len(result.plan)} graphs, not loaded: {missing}"
                " (run the same command again to finish)"
            ) from exc
        result.loaded.append(plan.name)
        progress(plan.triples)
    verify(endpoint, {plan.name: len(set(groups[plan.name])) for plan in result.plan if plan.name})
    return result


def count_graphs(endpoint: Endpoint, graphs: list[str]) -> dict[str, int]:
    """How many triples each named graph holds on the server (one SPARQL COUNT query, graphs bound by VALUES)."""
    counts = dict.fromkeys(graphs, 0)
    for start in range(0, len(graphs), 500):  # keep each query small
        block = values_table([ox.Variable("g")], [[ox.NamedNode(name)] for name in graphs[start : start + 500]])
        query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ {block} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        _, found = endpoint.select(query)
        for graph, number in found:
            if isinstance(graph, ox.NamedNode) and isinstance(number, ox.Literal) and graph.value in counts:
                counts[graph.value] = int(number.value)
    return counts


def verify(endpoint: Endpoint, sent: dict[str, int]) -> None:
    """Check that each named graph on the server holds exactly the number of triples sent to it.

    A store that put the triples elsewhere (a Graph Store URL naming the wrong service, a graph
    parameter it ignores) would otherwise be reported as loaded.
    """
    if not sent:
        return
    counts = count_graphs(endpoint, sorted(sent))
    wrong = [name for name in sorted(sent) if counts[name] != sent[name]]
    if wrong:
        first = wrong[0]
        others = f"; {len(wrong) - 1} other graph(s) differ too" if len(wrong) > 1 else ""
        raise LoadMismatch(
            f"after the load, graph <{first}> holds {counts[first]} triple(s) at {endpoint.query_url}, "
            f"but {sent[first]} were sent to {endpoint.gsp_url}{others}"
        )


def _short(graph: str) -> str:
    return graph.rsplit("/", 1)[-1] if graph else "(default graph)"
