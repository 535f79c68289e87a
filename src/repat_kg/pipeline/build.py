"""Build the graph from a corpus folder one article at a time: check, map, validate, reason, write and store.

Units (one per article, one for the registry) are processed in a process pool, or taken from the
cache when nothing they depend on changed; corpus-wide checks run over their summaries; the
outputs are assembled by streaming the units' chunks in article order, so no step holds every
article's quads at once and an incremental build writes the same bytes as a clean one. Nothing
is renamed into place, and the manifest is not replaced, until every step has succeeded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from repat_kg import __version__, paths
from repat_kg.atomic import AtomicFiles
from repat_kg.errors import InputError, NonConformingError
from repat_kg.mapping.corpus import CORPUS_GRAPH, DATASET_GRAPH, corpus_quads, dataset_quads
from repat_kg.mapping.entities import map_entities
from repat_kg.mapping.ontology import ONTOLOGY_GRAPH, ontology_quads
from repat_kg.mapping.terms import IriMinter
from repat_kg.model.ranking import ClaimFacts, current_statuses, rank_claims
from repat_kg.model.records import DateValue, Entity
from repat_kg.model.text import ArticleText, read_text
from repat_kg.model.vocab import DEFAULT_BASE, Vocabulary, load_vocabulary
from repat_kg.output.rdf import BUILD_FORMATS, chunk, header, named_graph_chunks
from repat_kg.pipeline.cache import Manifest, UnitCache, UnitRecord, decode_result, digest, encode_result
from repat_kg.pipeline.corpus import ArticleFiles, CorpusFolder, find_corpus
from repat_kg.pipeline.units import UnitContext, UnitResult, UnitSettings, UnitSummary, process_entities, process_unit
from repat_kg.quality.validation import Violation
from repat_kg.readers.annotation import read_annotation
from repat_kg.readers.registry import read_registry, resolve_within
from repat_kg.readers.yamlfile import parse_yaml
from repat_kg.store.persistent import StoreSync, check_store_folder

OUTPUT_STEM = "repat-kg"
CACHE_DIR_NAME = ".repat-kg-cache"
# Below this many units to compute, a process pool costs more than it saves.
POOL_THRESHOLD = 8
NQ = ox.RdfFormat.N_QUADS


@dataclass
class BuildOptions:
    base: str = DEFAULT_BASE
    validate: bool = True
    validator: str = "fast"
    reason: bool = False
    reasoner: str = "rules"
    formats: tuple[str, ...] = BUILD_FORMATS
    jobs: int | None = None  # None: the CPU count
    cache_dir: Path | None = None  # None: <out>/.repat-kg-cache when writing outputs, else no cache
    store_dir: Path | None = None


@dataclass
class BuildResult:
    summaries: list[UnitSummary]
    quad_count: int
    written: list[Path] = field(default_factory=list)
    computed: int = 0
    reused: int = 0
    store_replaced: list[str] = field(default_factory=list)
    store_unchanged: list[str] = field(default_factory=list)
    store_dropped: list[str] = field(default_factory=list)

    @property
    def events(self) -> int:
        return sum(s.events for s in self.summaries)

    @property
    def claims(self) -> int:
        return sum(s.claims for s in self.summaries)

    @property
    def statements(self) -> int:
        return sum(s.statements for s in self.summaries)


def default_seeds_dir(cwd: Path | None = None) -> Path:
    """seeds/ of the current folder when there is one, else the seeds shipped with the package."""
    local = (cwd or Path.cwd()) / "seeds"
    return local if local.is_dir() else paths.shipped_seeds_dir()


def environment_digest(settings: UnitSettings) -> str:
    """What every unit depends on besides its own files: code, ontology, shapes and settings."""
    package = Path(__file__).resolve().parent.parent
    sources = sorted(package.rglob("*.py"))
    parts: list[bytes | str] = [__version__, ox.__version__, repr(settings)]
    parts += [path.relative_to(package).as_posix() for path in sources]
    parts += [path.read_bytes() for path in sources]
    parts += [paths.ontology_file().read_bytes(), paths.shapes_file().read_bytes()]
    return digest(*parts)


def _entity_digests(entities: dict[str, Entity]) -> dict[str, str]:
    return {entity_id: digest(repr(entity)) for entity_id, entity in entities.items()}


def _dependency_digest(dependencies: tuple[str, ...], entity_digests: dict[str, str]) -> str:
    return digest(*(f"{d}={entity_digests.get(d, 'missing')}" for d in dependencies))


@dataclass
class _Prepared:
    corpus: CorpusFolder
    context: UnitContext  # the registry (its 'within' resolved), vocabulary, entity and ontology quads
    environment: str
    entity_digests: dict[str, str]
    entities_key: str


def _prepare(folder: Path, settings: UnitSettings) -> _Prepared:
    try:
        mint = IriMinter(settings.base)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    corpus = find_corpus(folder)
    vocab = load_vocabulary()
    registry = read_registry(corpus.registry, vocab)
    # 'within' evidence is located in the content lines its article's annotation declares.
    files = {a.article_id: a for a in corpus.articles}
    within_texts: dict[str, ArticleText] = {}
    within_sources: list[bytes | str] = []
    for article_id in sorted(registry.within_articles() & set(files)):
        article = ArticleText.read(files[article_id].text)
        annotation_text = read_text(files[article_id].annotation)
        read_annotation(
            files[article_id].annotation,
            parse_yaml(annotation_text, files[article_id].annotation),
            article,
            registry.entities,
            vocab,
        )
        within_texts[article_id] = article
        within_sources += [article.text, annotation_text]
    entities = resolve_within(registry, within_texts)
    environment = environment_digest(settings)
    entity_quads = map_entities(entities, vocab, mint)
    context = UnitContext(settings, entities, vocab, ontology_quads(paths.ontology_file()), entity_quads)
    entities_key = "entities-" + digest(environment, corpus.registry.read_bytes(), *within_sources)
    return _Prepared(corpus, context, environment, _entity_digests(entities), entities_key)


# ----------------------------------------------------------------------------- worker processes

_worker_context: UnitContext | None = None


def _init_worker(settings: UnitSettings, entities: dict[str, Entity], vocab: Vocabulary, ontology: bytes,
                 entity_quads: bytes) -> None:
    global _worker_context
    _worker_context = UnitContext(settings, entities, vocab, _parse_nq(ontology), _parse_nq(entity_quads))


def _work(job: tuple[ArticleFiles, str, str]) -> bytes:
    assert _worker_context is not None
    return encode_result(process_unit(*job, _worker_context))


def _parse_nq(data: bytes) -> list[ox.Quad]:
    return [q for q in ox.parse(data, format=NQ) if isinstance(q, ox.Quad)]


def _computed(
    jobs: list[tuple[ArticleFiles, str, str]], prepared: _Prepared, workers: int
) -> Iterator[UnitResult]:
    """Process the units of ``jobs`` in order, in a process pool when it pays."""
    if workers <= 1 or len(jobs) < POOL_THRESHOLD:
        for job in jobs:
            yield process_unit(*job, prepared.context)
        return
    context = prepared.context
    init = (
        context.settings,
        context.entities,
        context.vocab,
        ox.serialize(context.ontology, format=NQ) or b"",
        ox.serialize(context.entity_quads, format=NQ) or b"",
    )
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=init) as pool:
        chunksize = max(1, min(32, len(jobs) // (workers * 8)))
        for encoded in pool.map(_work, jobs, chunksize=chunksize):
            yield decode_result(encoded)


# ----------------------------------------------------------------------------- the build


def build(folder: Path, out_dir: Path | None, options: BuildOptions | None = None) -> BuildResult:
    """Build, validate (unless told not to) and write the outputs; nothing is replaced on failure.

    With ``options.reason``, inferences go into their own named graph, never among the asserted data.
    """
    options = options or BuildOptions()
    for fmt in options.formats:
        if fmt not in BUILD_FORMATS:
            raise InputError(f"unknown output format {fmt!r}; expected one of: {', '.join(BUILD_FORMATS)}")
    if options.store_dir is not None:
        check_store_folder(options.store_dir)  # before the work, not after it
    settings = UnitSettings(options.base, options.validate, options.validator, options.reason, options.reasoner)
    prepared = _prepare(folder, settings)
    cache_dir = options.cache_dir or (out_dir / CACHE_DIR_NAME if out_dir is not None else None)
    units = _Units(prepared, UnitCache(cache_dir) if cache_dir is not None else None)
    units.run(options.jobs or os.cpu_count() or 1)
    units.check()
    result = BuildResult(units.summaries, units.quad_count, computed=units.computed, reused=units.reused)
    if out_dir is not None or options.store_dir is not None:
        _write(units, out_dir, options, result)
    units.save_manifest()
    return result


def build_quads(folder: Path, base: str = DEFAULT_BASE, validate: bool = False) -> list[ox.Quad]:
    """Every quad of the corpus (ontology, entities, articles), sorted; built in memory, nothing written."""
    units = _Units(_prepare(folder, UnitSettings(base, validate)), None)
    units.run(1)
    units.check()
    mint = units.prepared.context.mint
    quads = [ox.Quad(q.subject, q.predicate, q.object, mint.graph("ontology")) for q in units.prepared.context.ontology]
    quads += _parse_nq(units.entities_result.chunks["nq"]) if units.entities_result else []
    for summary in units.summaries:
        quads += _parse_nq(units.result_of(summary.article_id).chunks["nq"])
    for name, graph_quads in units.corpus_graphs().items():
        quads += [ox.Quad(q.subject, q.predicate, q.object, mint.graph(name)) for q in graph_quads]
    return sorted(quads, key=str)


class _Units:
    """The units of one build: which are reused, which computed, their summaries and where their chunks are."""

    def __init__(self, prepared: _Prepared, cache: UnitCache | None):
        self.prepared = prepared
        self.cache = cache
        previous = cache.previous if cache is not None else None
        self.previous = previous if previous is not None and previous.environment == prepared.environment else None
        self.records: dict[str, UnitRecord] = {}
        self.summaries: list[UnitSummary] = []
        self.violations: set[Violation] = set()
        self.reports: list[str] = []
        self.memory: dict[str, UnitResult] = {}
        self.computed = self.reused = 0
        self.entities_result: UnitResult | None = None
        self._corpus_graphs: dict[str, list[ox.Quad]] | None = None

    # -- which units can be reused
    def _changed_names(self) -> list[str]:
        """Names of the entities added or changed since the last build (they may now be mentioned)."""
        if self.previous is None:
            return []
        known = self.previous.entities
        return sorted(
            {
                name
                for entity_id, value in self.prepared.entity_digests.items()
                if known.get(entity_id) != value
                for name in self.prepared.context.entities[entity_id].names
            }
        )

    def _reusable(self, article_id: str, source: str, text: str, changed_names: list[str]) -> UnitRecord | None:
        if self.previous is None or self.cache is None:
            return None
        record = self.previous.units.get(article_id)
        if record is None or record.source != source:
            return None
        if _dependency_digest(record.dependencies, self.prepared.entity_digests) != record.dependency_digest:
            return None
        if any(name in text for name in changed_names):
            return None
        if not self.cache.path_of(record.result).is_file():
            return None
        return record

    def run(self, workers: int) -> None:
        prepared = self.prepared
        changed_names = self._changed_names()
        order: list[str] = []
        jobs: list[tuple[ArticleFiles, str, str]] = []
        sources: dict[str, str] = {}
        for files in prepared.corpus.articles:
            text, annotation_text = read_text(files.text), read_text(files.annotation)
            source = digest(prepared.environment, files.article_id, text, annotation_text)
            order.append(files.article_id)
            record = self._reusable(files.article_id, source, text, changed_names)
            if record is not None:
                self.records[files.article_id] = record
                self.reused += 1
            else:
                sources[files.article_id] = source
                jobs.append((files, text, annotation_text))
        for result in _computed(jobs, prepared, workers):
            assert result.summary is not None
            self._keep(result, sources[result.summary.article_id])
            self.computed += 1
        self._entities()
        for article_id in order:
            record = self.records[article_id]
            self.summaries.append(record.summary)
            self.violations.update(record.violations)
            if record.report:
                self.reports.append(record.report)

    def _keep(self, result: UnitResult, source: str) -> None:
        summary = result.summary
        assert summary is not None
        context = self.prepared.context
        dependencies = tuple(context.dependencies([*summary.references, *summary.mentions]))
        dependency_digest = _dependency_digest(dependencies, self.prepared.entity_digests)
        key = digest(source, dependency_digest, *dependencies)
        self.records[summary.article_id] = UnitRecord(
            source, dependencies, dependency_digest, key, summary, result.violations, result.report
        )
        if self.cache is not None:
            self.cache.save(key, result)
        else:
            self.memory[key] = result

    def _entities(self) -> None:
        key = self.prepared.entities_key
        cached = self.cache.load(key) if self.cache is not None else None
        result = cached or process_entities(self.prepared.context)
        if cached is None and self.cache is not None:
            self.cache.save(key, result)
        self.entities_result = result
        self.violations.update(result.violations)
        if result.report:
            self.reports.append(result.report)

    def result_of(self, article_id: str) -> UnitResult:
        key = self.records[article_id].result
        if self.cache is None:
            return self.memory[key]
        result = self.cache.load(key)
        if result is None:  # a unit file damaged or removed since it was checked: make it again
            files = next(f for f in self.prepared.corpus.articles if f.article_id == article_id)
            result = process_unit(files, read_text(files.text), read_text(files.annotation), self.prepared.context)
            self.cache.save(key, result)
        return result

    # -- corpus-wide checks, over the summaries
    def check(self) -> None:
        registry_path = self.prepared.corpus.registry
        mentioned = {entity_id for s in self.summaries for entity_id in s.mentions}
        outlets = {s.outlet for s in self.summaries}
        for entity_id in self.prepared.context.entities:
            if entity_id not in mentioned and entity_id not in outlets:
                raise InputError(
                    f"entity {entity_id!r} is not mentioned (by name or alias) in the content of any article",
                    registry_path,
                )
        events = {key for s in self.summaries for key in s.event_keys}
        quantities = {row[1] for s in self.summaries for row in s.claim_facts}
        files = {a.article_id: a.annotation for a in self.prepared.corpus.articles}
        for summary in self.summaries:
            for key in summary.distinct_from:
                if key not in events:
                    raise InputError(f"distinct_from names event {key!r}, which no article reports",
                                     files[summary.article_id])
            for key in summary.part_of:
                if key not in quantities:
                    raise InputError(f"part_of names quantity {key!r}, which no claim gives a figure for",
                                     files[summary.article_id])
        if self.violations:
            report = "\n".join(self.reports) or "\n".join(str(v) for v in sorted(self.violations))
            raise NonConformingError(report, len(self.violations))

    def corpus_graphs(self) -> dict[str, list[ox.Quad]]:
        """The graphs only the whole corpus can make: claim ranks and current statuses, the dataset description."""
        if self._corpus_graphs is None:
            context = self.prepared.context
            facts = [ClaimFacts.from_row(row) for s in self.summaries for row in s.claim_facts]
            reports = [
                (key, s.published, s.article_id, status) for s in self.summaries for key, status in s.event_reports
            ]
            published = [s.published for s in self.summaries if s.published]
            latest = max(published) if published else None
            latest_date = DateValue(latest, {4: "year", 7: "month"}.get(len(latest), "day")) if latest else None
            self._corpus_graphs = {
                CORPUS_GRAPH: corpus_quads(rank_claims(facts), current_statuses(reports), context.vocab, context.mint),
                DATASET_GRAPH: dataset_quads(
                    [s.article_id for s in self.summaries], latest_date, __version__, context.mint
                ),
            }
        return self._corpus_graphs

    @property
    def quad_count(self) -> int:
        context = self.prepared.context
        corpus = sum(len(quads) for quads in self.corpus_graphs().values())
        return len(context.ontology) + len(context.entity_quads) + sum(s.quads for s in self.summaries) + corpus

    def save_manifest(self) -> None:
        if self.cache is None:
            return
        manifest = Manifest(self.prepared.environment, self.prepared.entity_digests, self.records)
        self.cache.save_manifest(manifest, {self.prepared.entities_key})


# ----------------------------------------------------------------------------- outputs


def _write(units: _Units, out_dir: Path | None, options: BuildOptions, result: BuildResult) -> None:
    """Stream every unit into the output files and the store; rename the files only when all succeeded."""
    base = options.base
    context = units.prepared.context
    targets = {fmt: out_dir / f"{OUTPUT_STEM}.{fmt}" for fmt in options.formats} if out_dir is not None else {}
    assert units.entities_result is not None
    with AtomicFiles(list(targets.values())) as files:
        streams = {fmt: files.stream(path) for fmt, path in targets.items()}
        for fmt, stream in streams.items():
            stream.write(header(fmt, base))
        # N-Triples lines of the shared subjects' triples already in the merged view (and of the entities graph).
        asserted_elsewhere: set[bytes] = set()
        entity_lines = ox.serialize(context.entity_quads, format=ox.RdfFormat.N_TRIPLES) or b""
        asserted_elsewhere.update(entity_lines.splitlines(keepends=True))
        store = StoreSync(options.store_dir) if options.store_dir is not None else None
        inferred_own: list[bytes] = []
        inferred_shared: set[bytes] = set()

        def emit(unit: UnitResult, key: str | None = None) -> None:
            fresh = []
            for line in unit.chunks.get("shared", b"").splitlines(keepends=True):
                if line not in asserted_elsewhere:
                    asserted_elsewhere.add(line)
                    fresh.append(line)
            for fmt, stream in streams.items():
                if fmt == "ttl":
                    stream.write(unit.chunks["ttl"])
                    # N-Triples statements are Turtle: the shared triples go as they are, not parsed again.
                    stream.write(b"".join(fresh))
                else:
                    stream.write(unit.chunks[fmt])
            if store is not None:
                store.offer(unit.graph, unit.chunks["nq"], key)
            _split_inferred(unit, base, inferred_own, inferred_shared)

        ontology_graph = context.mint.graph(ONTOLOGY_GRAPH).value
        ontology_nq, ontology_trig = named_graph_chunks(context.ontology, ontology_graph, base)
        ontology_ttl = chunk(context.ontology, "ttl", base)
        emit(UnitResult(None, ontology_graph, {"nq": ontology_nq, "trig": ontology_trig, "ttl": ontology_ttl}))
        emit(units.entities_result)  # its key also covers the texts 'within' points into: hash the content
        for summary in units.summaries:
            emit(units.result_of(summary.article_id), units.records[summary.article_id].result)
        for name, graph_quads in units.corpus_graphs().items():
            graph = context.mint.graph(name).value
            nquads, trig = named_graph_chunks(graph_quads, graph, base)
            # Their subjects (claims, quantities, events) are described in the article graphs: the
            # merged view gets their triples as N-Triples, which are Turtle.
            lines = ox.serialize(graph_quads, format=ox.RdfFormat.N_TRIPLES) or b""
            emit(UnitResult(None, graph, {"nq": nquads, "trig": trig, "ttl": b"", "shared": lines}))
        if options.reason:
            inferred_graph = context.mint.graph("inferred").value
            inferred_nq = _inferred_nquads(inferred_own, inferred_shared, asserted_elsewhere, inferred_graph)
            inferred = _parse_nq(inferred_nq)
            for fmt, stream in streams.items():
                stream.write(inferred_nq if fmt == "nq" else chunk(inferred, fmt, base))
            if store is not None:
                store.offer(inferred_graph, inferred_nq)
            result.quad_count += len(inferred)
        if store is not None:  # the last step inside the `with`: a failed store renames no file
            result.store_replaced, result.store_unchanged, result.store_dropped = store.finish()
    result.written = list(targets.values())


def _split_inferred(unit: UnitResult, base: str, own: list[bytes], shared: set[bytes]) -> None:
    """Inferences about a unit's own resources are kept in order; those about shared ones are pooled."""
    data = unit.chunks.get("inferred")
    if not data:
        return
    article = unit.summary.article_id if unit.summary is not None else None
    owned = [f"<{base}{kind}/{article}".encode() for kind in ("article", "claim", "source")] if article else []
    prefixes = tuple(p + end for p in owned for end in (b"/", b">"))
    for line in data.splitlines(keepends=True):
        if prefixes and line.startswith(prefixes):
            own.append(line)
        else:
            shared.add(line)


def _inferred_nquads(own: list[bytes], shared: set[bytes], asserted: set[bytes], graph: str) -> bytes:
    """The inferred graph's N-Quads: own inferences in unit order, then the pooled ones not asserted anywhere, sorted.

    A pooled line is compared as N-Triples: the line without its graph name (every line ends in
    " <graph> .", the inverse of :func:`repat_kg.output.rdf.named_graph_chunks`).
    """
    ending = f" <{graph}> .\n".encode()
    pooled = [line for line in sorted(shared) if line.removesuffix(ending) + b" .\n" not in asserted]
    return b"".join([*own, *pooled])
