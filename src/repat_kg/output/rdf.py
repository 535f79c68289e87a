"""Serialise quads to the RDF formats, whole or as per-unit chunks that concatenate to one valid file."""

from __future__ import annotations

import pyoxigraph as ox

from repat_kg.errors import InputError
from repat_kg.model.vocab import DEFAULT_BASE, PREFIXES

# File name suffix -> pyoxigraph format; the merged formats hold triples, the others keep graphs.
FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
MERGED_FORMATS = {"ttl", "nt"}
# Formats the build writes a unit at a time (one header, then concatenated chunks).
BUILD_FORMATS = ("trig", "nq", "ttl")


def prefixes_for(base: str = DEFAULT_BASE) -> dict[str, str]:
    return {**PREFIXES, "id": base}


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")


def serialize(quads: list[ox.Quad], fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """Serialise the quads; merged formats (Turtle, N-Triples) drop the graph names and duplicates."""
    check_format(fmt)
    if fmt in MERGED_FORMATS:
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
        content = ox.serialize(triples, format=FORMATS[fmt], prefixes=prefixes_for(base))
    else:
        content = ox.serialize(quads, format=FORMATS[fmt], prefixes=prefixes_for(base))
    assert content is not None  # no output stream given, so pyoxigraph returns the bytes
    return content


def header(fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """The prefix declarations a chunked file starts with (empty for the line formats)."""
    if fmt in ("nq", "nt"):
        return b""
    probe = ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"))
    content = ox.serialize([probe], format=FORMATS["ttl"], prefixes=prefixes_for(base))
    assert content is not None
    return b"".join(line + b"\n" for line in content.split(b"\n") if line.startswith(b"@prefix"))


def chunk(quads: list[ox.Quad], fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """The quads serialised without the prefix header; for the merged formats their graph names are dropped."""
    if not quads:
        return b""
    terms: list[ox.Quad] = quads
    # Callers give one graph's quads, all in the default graph or all in one named graph.
    if fmt in MERGED_FORMATS and not isinstance(quads[0].graph_name, ox.DefaultGraph):
        terms = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
    content = ox.serialize(terms, format=FORMATS[fmt], prefixes=prefixes_for(base))
    assert content is not None
    if fmt in ("nq", "nt"):
        return content
    skip = len(prefixes_for(base))
    lines = content.split(b"\n", skip)
    assert all(line.startswith(b"@prefix") for line in lines[:skip])
    return lines[skip]


def named_graph_chunks(triples: list[ox.Quad], graph: str, base: str = DEFAULT_BASE) -> tuple[bytes, bytes]:
    """The N-Quads and TriG chunks of one named graph from its triples (default-graph quads), serialised once.

    N-Quads is the N-Triples text with the graph name put before each final dot (an N-Triples
    line ends in " ." and holds no raw newline); TriG is the Turtle text inside the graph's block.
    """
    ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    name = f"<{graph}>".encode()
    nquads = ntriples.replace(b" .\n", b" " + name + b" .\n")
    body = chunk(triples, "ttl", base)
    trig = name + b" {\n" + body + b"}\n" if body else b""
    return nquads, trig
