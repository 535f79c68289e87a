"""RDF terms of the mapping: deterministic IRIs under a base, typed literals, and a writer for one named graph."""

from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox

from repat_kg.model.records import DateValue, Entity
from repat_kg.model.text import Span
from repat_kg.model.vocab import OA, RDF, RKG, XSD

TYPE = ox.NamedNode(RDF + "type")
ENTITY_PATHS = {"person": "person", "organization": "organization", "place": "place"}
ENTITY_CLASSES = {"person": RKG + "Person", "organization": RKG + "Organization", "place": RKG + "Place"}
DATE_DATATYPES = {"day": XSD + "date", "month": XSD + "gYearMonth", "year": XSD + "gYear"}
_INTEGER = ox.NamedNode(XSD + "integer")
_DECIMAL = ox.NamedNode(XSD + "decimal")


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def string(value: str) -> ox.Literal:
    return ox.Literal(value)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_INTEGER)


def number(value: Decimal) -> ox.Literal:
    if value == value.to_integral_value():
        return ox.Literal(str(int(value)), datatype=_INTEGER)
    return ox.Literal(format(value.normalize(), "f"), datatype=_DECIMAL)


def date(value: DateValue) -> ox.Literal:
    return ox.Literal(value.lexical, datatype=ox.NamedNode(DATE_DATATYPES[value.precision]))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class IriMinter:
    """Deterministic IRIs under a configurable base: the same input always gets the same IRI."""

    def __init__(self, base: str):
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", base):
            raise ValueError(f"base IRI {base!r} must be an http(s) IRI ending in '/' or '#'")
        self.base = base

    def __call__(self, *parts: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + "/".join(parts))

    def graph(self, name: str) -> ox.NamedNode:
        return self("graph", name)

    def article(self, article_id: str) -> ox.NamedNode:
        return self("article", article_id)

    def entity(self, entity: Entity) -> ox.NamedNode:
        return self(ENTITY_PATHS[entity.category], entity.id)

    def span(self, span: Span) -> ox.NamedNode:
        return self("article", span.article_id, "span", f"{span.start}-{span.end}")


class GraphWriter:
    """Collects the triples of one graph (as default-graph quads: the pipeline names the graph when it writes it)."""

    def __init__(self, mint: IriMinter):
        self.quads: set[ox.Quad] = set()
        self.mint = mint
        self._predicates: dict[str, ox.NamedNode] = {}

    def add(self, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        term = self._predicates.get(predicate)
        if term is None:
            term = self._predicates[predicate] = ox.NamedNode(predicate)
        self.quads.add(ox.Quad(subject, term, obj))

    def types(self, subject: ox.NamedNode, *classes: str) -> None:
        for cls in classes:
            self.quads.add(ox.Quad(subject, TYPE, ox.NamedNode(cls)))

    def span(self, span: Span) -> ox.NamedNode:
        """A text span with its position and quote selectors, as Web Annotation describes them."""
        node = self.mint.span(span)
        position, quote = ox.NamedNode(node.value + "/position"), ox.NamedNode(node.value + "/quote")
        self.types(node, RKG + "TextSpan", OA + "SpecificResource")
        self.add(node, OA + "hasSource", self.mint.article(span.article_id))
        self.add(node, OA + "hasSelector", position)
        self.add(node, OA + "hasSelector", quote)
        # Plain xsd:integer, not the derived positive/nonNegativeInteger: pyoxigraph's Store gives those
        # back as xsd:integer, so only xsd:integer survives every engine; the shapes check the bounds.
        self.add(node, RKG + "line", integer(span.line))
        self.types(position, OA + "TextPositionSelector")
        self.add(position, OA + "start", integer(span.start))
        self.add(position, OA + "end", integer(span.end))
        self.types(quote, OA + "TextQuoteSelector")
        self.add(quote, OA + "exact", string(span.exact))
        self.add(quote, OA + "prefix", string(span.prefix))
        self.add(quote, OA + "suffix", string(span.suffix))
        return node

    def sorted_quads(self) -> list[ox.Quad]:
        return sorted(self.quads, key=str)
