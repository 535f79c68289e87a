"""Extract a batch of inputs into a corpus folder of draft annotations, skipping bad inputs with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from repat_kg import __version__, paths
from repat_kg.atomic import write_atomically
from repat_kg.errors import InputError
from repat_kg.extraction.article import extract_article, publication_date
from repat_kg.extraction.drafts import render_annotation, render_registry, used_entities
from repat_kg.extraction.entities import ArticleDrafts, Drafts, EntityIndex, adopt, with_ids
from repat_kg.extraction.events import Published
from repat_kg.extraction.furniture import Layout, layout
from repat_kg.extraction.inputs import MAX_BYTES, Article, Skipped, collect_inputs, read_input, text_digest
from repat_kg.extraction.lexicon import Lexicon, check_lexicon, load_lexicon
from repat_kg.extraction.nlp import Pipeline, load_pipeline
from repat_kg.extraction.parallel import run_in_order
from repat_kg.linking.gazetteer import GAZETTEER_FILE, read_gazetteer
from repat_kg.model.records import Entity
from repat_kg.model.text import ArticleText
from repat_kg.model.vocab import load_vocabulary
from repat_kg.readers.registry import REGISTRY_FILE, read_registry


@dataclass
class Summary:
    """What a batch wrote and what it skipped."""

    articles: int = 0
    figures: int = 0
    statements: int = 0
    events: int = 0
    new_entities: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    model: str = ""
    load_seconds: float = 0.0
    extract_seconds: float = 0.0


@dataclass(frozen=True)
class Options:
    registry: Path | None = None
    published: str | None = None
    jobs: int = 1
    model: str | None = None
    max_bytes: int = MAX_BYTES


def default_registry() -> Path:
    return paths.shipped_seeds_dir() / REGISTRY_FILE


def read_batch(inputs: list[Path], max_bytes: int = MAX_BYTES) -> tuple[list[Article], list[Skipped]]:
    """Read every input; bad ones, and repeats of an article already read, become Skipped with a reason."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    digests: dict[str, Path] = {}
    ids: dict[str, Path] = {}
    for path in collect_inputs(inputs):
        item = read_input(path, max_bytes)
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        digest = text_digest(item.text)
        if digest in digests:
            skipped.append(Skipped(path, f"same article text as {digests[digest].name}"))
            continue
        if item.article_id in ids:
            skipped.append(
                Skipped(path, f"article id {item.article_id!r} already taken by {ids[item.article_id].name}")
            )
            continue
        digests[digest] = path
        ids[item.article_id] = path
        articles.append(item)
    return articles, skipped


def _outlet(article: Article, index: EntityIndex, drafts: Drafts) -> tuple[str, str]:
    """A registry news organisation the page names (site name first), else a draft outlet."""
    registry = index.entities
    if article.site_name:
        for entity in registry.values():
            if entity.category == "organization" and article.site_name in (entity.name, *entity.aliases):
                return entity.id, f"the page's site name '{article.site_name}' (trafilatura)"
        return drafts.get("organization", article.site_name, "news-outlet"), (
            f"the page's site name '{article.site_name}' (trafilatura); a draft entity"
        )
    for mention in index.mentions(article.text):
        entity = registry[mention.entity_id]
        if entity.category == "organization" and entity.kind == "news-outlet":
            return (
                entity.id,
                f"the text names the outlet '{article.text[mention.start : mention.end]}' (page furniture or credit)",
            )
    name = f"Unknown outlet of {article.article_id}"
    return drafts.get(
        "organization", name, "news-outlet"
    ), "not known: the input is a bare text with no site name; set it by hand"


# A task is a few articles in a row with at least this many content lines, so the processes share the
# batch finely; spaCy parses a task as one batch (BATCH_SIZE is above the lines of nearly every task).
TASK_LINES = 96
BATCH_SIZE = 256


def _tasks(lines: list[int]) -> list[list[int]]:
    """The article numbers of each task, in order."""
    tasks: list[list[int]] = []
    current: list[int] = []
    count = 0
    for number, size in enumerate(lines):
        current.append(number)
        count += size
        if count >= TASK_LINES:
            tasks.append(current)
            current, count = [], 0
    if current:
        tasks.append(current)
    return tasks


@dataclass
class _Result:
    """What the rules made of one article, to send between processes: the draft annotation with placeholder
    ids for new entities (or why the rules failed), the new entities asked for, the ids used, and counts."""

    number: int
    annotation: str | None
    reason: str = ""
    asked: list[tuple[str, str, str | None]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    figures: int = 0
    statements: int = 0
    events: int = 0


def _extract_one(
    number: int,
    prepared: tuple[Article, Layout, Published],
    docs: list[tuple[int, object]],
    index: EntityIndex,
    registry: dict[str, Entity],
    lexicon: Lexicon,
    provenance: str,
    head_counts: frozenset[str],
) -> _Result:
    """Run the rules on one parsed article (its own draft entities, under placeholder ids) and render it."""
    article, page, published = prepared
    drafts = ArticleDrafts(registry, lexicon)
    try:
        outlet = _outlet(article, index, drafts)
        draft = extract_article(article, page, docs, index, drafts, lexicon, published, outlet)
        annotation = render_annotation(draft, provenance, lexicon, head_counts)
    except Exception as exc:  # a rule tripping on one odd article must not stop the batch
        reason = " ".join(f"the rules failed on this article ({type(exc).__name__}: {exc})".split())
        return _Result(number, None, reason[:200])
    return _Result(
        number,
        annotation,
        asked=drafts.asked,
        used=used_entities([draft]),
        figures=sum(max(1, len(c.attribution.sources)) for c in draft.claims),
        statements=sum(len(quote.attribution.sources) for quote in draft.quotes),
        events=len(draft.events),
    )


def extract_batch(
    inputs: list[Path],
    out_dir: Path,
    options: Options,
    progress: Callable[[int, int], None] | None = None,
    pipeline: Pipeline | None = None,
) -> Summary:
    """Extract ``inputs`` into ``out_dir``: <id>.txt, <id>.yaml per article and entities.yaml."""
    started = dt.datetime.now()
    summary = Summary()
    if options.published is not None:
        try:
            dt.date.fromisoformat(options.published)
        except ValueError:
            raise InputError(f"--published {options.published!r} is not a date like 2021-04-18") from None
    vocab = load_vocabulary()
    lexicon = load_lexicon()
    check_lexicon(lexicon, vocab)
    registry_path = options.registry or default_registry()
    registry = read_registry(registry_path, vocab)
    gazetteer_path = registry_path.parent / GAZETTEER_FILE
    gazetteer = read_gazetteer(gazetteer_path) if gazetteer_path.is_file() else []
    index = EntityIndex(registry.entities, gazetteer)
    drafts = Drafts(registry.entities, lexicon)
    articles, skipped = read_batch(inputs, options.max_bytes)
    summary.skipped = skipped
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("output is not a folder", out_dir)
    prepared = []
    for article in articles:
        page = layout(article.text, lexicon)
        if not page.content:
            summary.skipped.append(Skipped(article.source, "no article text left after removing page furniture"))
            continue
        published = publication_date(article, page, options.published)
        if published is None:
            summary.skipped.append(Skipped(article.source, "no publication date in the page or text; give --published"))
            continue
        prepared.append((article, page, published))
    if pipeline is None:
        pipeline = load_pipeline(options.model)
    summary.model, summary.load_seconds = f"{pipeline.model} {pipeline.model_version}", pipeline.load_seconds
    article_texts: list[ArticleText] = []  # per article: its text, with its content lines
    paragraphs: list[list[tuple[str, int]]] = []  # per article: (text, offset) of each content line
    for article, page, _ in prepared:
        article_text = ArticleText(article.article_id, out_dir / f"{article.article_id}.txt", article.text)
        article_text.set_content_lines(page.content)
        article_texts.append(article_text)
        lines = [article_text.line(n) for first, last in page.content for n in range(first, last + 1)]
        paragraphs.append([(text, offset) for offset, text in lines if text.strip()])
    provenance = (
        f"software {__version__}, spaCy {pipeline.spacy_version}, model {pipeline.model} {pipeline.model_version}, "
        f"rules {lexicon.version}"
    )
    head_counts = vocab.collections["head counts"]
    tasks = _tasks([len(lines) for lines in paragraphs])

    def run_task(task: int) -> list[_Result]:
        """Parse a task's articles and run the rules on each; draft entities under placeholder ids."""
        numbers = tasks[task]
        items = [(text, (number, offset)) for number in numbers for text, offset in paragraphs[number]]
        docs: dict[int, list[tuple[int, object]]] = {number: [] for number in numbers}
        for doc, (number, offset) in pipeline.nlp.pipe(items, as_tuples=True, batch_size=BATCH_SIZE):
            docs[number].append((offset, doc))
        return [_extract_one(n, prepared[n], docs[n], index, registry.entities, lexicon, provenance, head_counts)
                for n in numbers]  # fmt: skip

    outputs: dict[Path, bytes] = {}
    texts: dict[str, ArticleText] = {}
    used: set[str] = set()
    # Tasks run in this process and in the workers, whichever is free; the results come back in article
    # order, and the draft entities get their ids in that order, as if one process had done everything.
    for results in run_in_order(run_task, len(tasks), options.jobs):
        for result in results:
            article = prepared[result.number][0]
            if result.annotation is None:
                summary.skipped.append(Skipped(article.source, result.reason))
            else:
                ids = adopt(drafts, result.asked)
                outputs[out_dir / f"{article.article_id}.txt"] = article.text.encode("utf-8")
                annotation = with_ids(result.annotation, ids)
                outputs[out_dir / f"{article.article_id}.yaml"] = annotation.encode("utf-8")
                used |= {ids.get(entity_id, entity_id) for entity_id in result.used}
                texts[article.article_id] = article_texts[result.number]
                summary.articles += 1
                summary.figures += result.figures
                summary.statements += result.statements
                summary.events += result.events
            if progress is not None:
                progress(result.number + 1, len(prepared))
    if progress is not None:
        progress(len(prepared), len(prepared))
    # the drafts' speakers, places and states, and every person the articles name in full
    used |= {e for e, d in drafts.by_id.items() if d.category == "person"}
    summary.new_entities = len([e for e in drafts.by_id if e in used])
    if texts:
        outputs[out_dir / REGISTRY_FILE] = render_registry(registry_path, drafts, texts, used).encode("utf-8")
        out_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(outputs)
        summary.written = sorted(outputs)
    summary.extract_seconds = (dt.datetime.now() - started).total_seconds()
    return summary
