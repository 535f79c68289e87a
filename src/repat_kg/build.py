"""Build the knowledge graph from a seed folder: check, map, validate and write the outputs."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from repat_kg import paths
from repat_kg.annotations import Corpus, load_corpus
from repat_kg.errors import InputError, NonConformingError
from repat_kg.mapping import IriMinter, Mapper, ontology_quads
from repat_kg.vocab import DEFAULT_BASE, PREFIXES, load_vocabulary

OUTPUT_STEM = "repat-kg"
# File name suffix → pyoxigraph format; the merged formats hold triples, the others keep graphs.
FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
MERGED_FORMATS = {"ttl", "nt"}
DEFAULT_OUTPUTS = ("trig", "nq", "ttl")


@dataclass
class BuildResult:
    corpus: Corpus
    quads: list[ox.Quad]
    written: list[Path] = field(default_factory=list)
    violations: int = 0


def default_seeds_dir(cwd: Path | None = None) -> Path:
    """seeds/ of the current folder when there is one, else the seeds shipped with the package."""
    local = (cwd or Path.cwd()) / "seeds"
    return local if local.is_dir() else paths.shipped_seeds_dir()


def build_quads(seeds_dir: Path, base: str = DEFAULT_BASE) -> tuple[Corpus, list[ox.Quad]]:
    """Check the seed folder and map it, with the ontology graph, to a sorted list of quads."""
    try:
        mint = IriMinter(base)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    corpus = load_corpus(seeds_dir, load_vocabulary())
    data = Mapper(corpus, base).map()
    return corpus, sorted([*data, *ontology_quads(paths.ontology_file(), mint)], key=str)


def serialize(quads: list[ox.Quad], fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """Serialise the quads; merged formats (Turtle, N-Triples) drop the graph names."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    prefixes = {**PREFIXES, "id": base}
    if fmt in MERGED_FORMATS:
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
        content = ox.serialize(triples, format=FORMATS[fmt], prefixes=prefixes)
    else:
        content = ox.serialize(quads, format=FORMATS[fmt], prefixes=prefixes)
    assert content is not None  # no output stream given, so pyoxigraph returns the bytes
    return content


def write_atomically(outputs: dict[Path, bytes]) -> list[Path]:
    """Write every file to a temporary sibling first and rename only when all are written."""
    temporary: list[tuple[Path, Path]] = []
    try:
        for target, content in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            temporary.append((Path(temp_name), target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
        for name, target in temporary:
            os.replace(name, target)
    except OSError as exc:
        raise InputError(f"cannot write output: {exc}") from exc
    finally:
        for name, _ in temporary:
            if name.exists():
                name.unlink()
    return [target for _, target in temporary]


def build(
    seeds_dir: Path,
    out_dir: Path | None,
    base: str = DEFAULT_BASE,
    validate: bool = True,
    formats: tuple[str, ...] = DEFAULT_OUTPUTS,
    reason: bool = False,
) -> BuildResult:
    """Build, validate (unless told not to) and write the outputs; nothing is written on failure.

    With ``reason``, OWL-RL inferences go into their own named graph, never among the asserted data.
    """
    corpus, quads = build_quads(seeds_dir, base)
    if validate:
        # The shapes describe the asserted data; OWL-RL inferences (a transitive rkg:within gives a
        # place several containers) are derived from it and kept apart, so they are not validated.
        from repat_kg.validate import validate_quads

        validation = validate_quads(quads)
        if not validation.conforms:
            raise NonConformingError(validation.report_text, validation.violation_count)
    if reason:
        from repat_kg.reasoning import infer

        quads = sorted([*quads, *infer(quads, base, IriMinter(base).graph("inferred"))], key=str)
    result = BuildResult(corpus, quads)
    if out_dir is not None:
        outputs = {out_dir / f"{OUTPUT_STEM}.{fmt}": serialize(quads, fmt, base) for fmt in formats}
        result.written = write_atomically(outputs)
    return result
