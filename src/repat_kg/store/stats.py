"""Count what the graph holds: triples, graphs, articles, events, claims and entities."""

from __future__ import annotations

import pyoxigraph as ox

from repat_kg.model.vocab import RKG

COUNTED_CLASSES = {
    "articles": "SourceDocument",
    "events": "Event",
    "numeric claims": "NumericClaim",
    "quotations": "Quotation",
    "reported statements": "ReportedStatement",
    "quantities": "Quantity",
    "people": "Person",
    "organizations": "Organization",
    "places": "Place",
    "unnamed sources": "UnnamedSource",
    "text spans": "TextSpan",
}


def statistics(store: ox.Store) -> list[tuple[str, int]]:
    """Rows of (what, how many), in a fixed order; one query counts the instances of every class."""
    result = store.query(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
        use_default_graph_as_union=True,
    )
    assert isinstance(result, ox.QuerySolutions)
    counts = {solution["class"].value: int(solution["n"].value) for solution in result}
    rows = [("triples (all graphs)", len(store)), ("named graphs", sum(1 for _ in store.named_graphs()))]
    rows += [(label, counts.get(RKG + local, 0)) for label, local in COUNTED_CLASSES.items()]
    return rows
