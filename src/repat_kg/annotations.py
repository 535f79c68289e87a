"""Read and check the seed folder: articles, their curated annotations and the entity registry."""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from repat_kg.errors import InputError
from repat_kg.evidence import ArticleText, Span
from repat_kg.vocab import WIKIDATA_ENTITY, XSD, Vocabulary
from repat_kg.yamlfile import LineDict, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9][0-9]*$")
AUTOMATIC_LINK_FIELDS = ("label", "score")
ARTICLE_ID = re.compile(r"^[0-9]{3}_[0-9a-f]{16}$")
REGISTRY_FILE = "entities.yaml"
ENTITY_CATEGORIES = {"people": "person", "organizations": "organization", "places": "place"}
UNBOUNDED_COUNTS = {"square-kilometres", "proportion"}


@dataclass(frozen=True)
class DateValue:
    """An ISO date of day, month or year precision."""

    lexical: str
    precision: str

    @property
    def datatype(self) -> str:
        return XSD + {"day": "date", "month": "gYearMonth", "year": "gYear"}[self.precision]


@dataclass(frozen=True)
class DateSpec:
    """When an event happened according to one article: a date, or an (open) range."""

    date: DateValue | None
    start: DateValue | None
    end: DateValue | None
    basis: str | None
    evidence: Span | None

    @property
    def precision(self) -> str:
        values = [v for v in (self.date, self.start, self.end) if v is not None]
        order = ["day", "month", "year"]
        return max((v.precision for v in values), key=order.index)


@dataclass(frozen=True)
class WikidataLink:
    """An entity's Wikidata item and how the pairing was made (curated, gazetteer or API)."""

    qid: str
    method: str  # notation of a rkg:LinkMethodScheme concept
    evidence: str
    matched_label: str | None = None  # automatic links: the item label that matched, as "text@lang"
    score: Decimal | None = None  # automatic links: the match score when accepted

    @property
    def item_iri(self) -> str:
        return WIKIDATA_ENTITY + self.qid


@dataclass(frozen=True)
class Entity:
    id: str
    category: str  # person | organization | place
    name: str
    aliases: tuple[str, ...]
    kind: str | None  # organisation kind or place class IRI
    within: str | None = None
    within_evidence: Span | None = None
    wikidata: WikidataLink | None = None

    @property
    def kind_notation(self) -> str | None:
        """The kind as written in the registry ('city', 'ministry'), from the IRI's local name."""
        if self.kind is None:
            return None
        local = re.split(r"[#/]", self.kind)[-1]
        return local.removeprefix("orgkind-").lower() if local.startswith("orgkind-") else local.lower()


@dataclass(frozen=True)
class Speaker:
    kind: str  # none | person | org | unnamed
    entity: str | None = None
    label: str | None = None  # unnamed sources, as printed
    title: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True)
class NumericClaim:
    id: str
    quantity: str
    event: str | None
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str
    qualifier_iri: str
    counted: str
    counted_iri: str
    description: str
    speaker: Speaker
    cue_iri: str
    as_of: DateValue | None
    as_of_basis: str | None
    evidence: Span

    def implied_bounds(self) -> tuple[Decimal, Decimal | None]:
        """The interval of numbers the figure and its qualifier allow (None: unbounded)."""
        tenth = Decimal("0.1")
        whole = self.counted not in UNBOUNDED_COUNTS
        if self.qualifier == "range":
            assert self.low is not None and self.high is not None
            return self.low, self.high
        if self.qualifier == "vague":
            assert self.low is not None
            return self.low, self.high
        assert self.value is not None
        value = self.value
        step = Decimal(1) if whole and value == value.to_integral_value() else Decimal(0)
        bounds: dict[str, tuple[Decimal, Decimal | None]] = {
            "exact": (value, value),
            "about": (value - value * tenth, value + value * tenth),
            "nearly": (value - value * tenth, value),
            "more-than": (value + step, None),
            "fewer-than": (Decimal(0), value - step),
            "at-least": (value, None),
            "up-to": (Decimal(0), value),
        }
        return bounds[self.qualifier]


@dataclass(frozen=True)
class Statement:
    """A direct quotation or a reported statement of a speaker."""

    id: str
    direct: bool
    speaker: Speaker
    cue_iri: str
    event: str | None
    text: Span


@dataclass(frozen=True)
class EventMention:
    """An event as one article reports it."""

    key: str
    types: tuple[str, ...]
    label: str
    date: DateSpec
    places: tuple[tuple[str, str], ...]  # (place role property IRI, place id)
    participants: tuple[tuple[str, str], ...]  # (agent id, role IRI)
    evidence: Span


@dataclass(frozen=True)
class Document:
    article: ArticleText
    outlet: str
    outlet_basis: str
    url: str | None
    headline: Span
    published: DateValue
    published_relation_iri: str
    published_basis: str | None
    published_evidence: Span | None
    wire: tuple[tuple[str, Span], ...]


@dataclass
class Annotation:
    path: Path
    document: Document
    events: list[EventMention] = field(default_factory=list)
    claims: list[NumericClaim] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


@dataclass
class Corpus:
    """Everything the seed folder says, checked."""

    entities: dict[str, Entity]
    annotations: list[Annotation]
    articles: dict[str, ArticleText]


# ----------------------------------------------------------------------------- helpers


def _require(mapping: LineDict, key: str, source: Path, what: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping or mapping[key] in (None, ""):
        line = mapping.line if isinstance(mapping, LineDict) else None
        raise InputError(f"{what}: missing required field {key!r}", source, line)
    return mapping[key]


def _mapping(value: Any, source: Path, line: int | None, what: str) -> LineDict:
    if not isinstance(value, LineDict):
        raise InputError(f"{what} must be a mapping", source, line)
    return value


def _list(value: Any, source: Path, line: int | None, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{what} must be a list", source, line)
    return value


def _text(value: Any, source: Path, line: int, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{what} must be a non-empty string", source, line)
    return value


def _slug(value: Any, source: Path, line: int, what: str) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise InputError(f"{what} {value!r} is not a lower-case slug like 'al-hol-camp'", source, line)
    return value


def parse_date(value: Any, source: Path, line: int) -> DateValue:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD into a DateValue; anything else is a malformed date."""
    if isinstance(value, datetime.date):
        value = value.isoformat()
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    patterns = ((r"\d{4}", "year", "%Y"), (r"\d{4}-\d{2}", "month", "%Y-%m"), (r"\d{4}-\d{2}-\d{2}", "day", "%Y-%m-%d"))
    for pattern, precision, fmt in patterns:
        if text is not None and re.fullmatch(pattern, text):
            try:
                datetime.datetime.strptime(text, fmt)
            except ValueError:
                break
            return DateValue(text, precision)
    raise InputError(f"malformed date {value!r}; expected YYYY, YYYY-MM or YYYY-MM-DD", source, line)


def _number(value: Any, source: Path, line: int, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{what} must be a number, not {value!r}", source, line)
    number = Decimal(str(value))
    if number < 0:
        raise InputError(f"{what} must not be negative", source, line)
    return number


# ----------------------------------------------------------------------------- registry


def _load_registry(
    path: Path, vocab: Vocabulary, parsed: Any = None
) -> tuple[dict[str, Entity], list[tuple[str, LineDict]]]:
    data = _mapping(load_yaml(path) if parsed is None else parsed, path, 1, "the entity registry")
    unknown = set(data) - set(ENTITY_CATEGORIES)
    if unknown:
        key = sorted(unknown)[0]
        raise InputError(
            f"unknown registry section {key!r}; expected people, organizations, places", path, data.line_of(key)
        )
    entities: dict[str, Entity] = {}
    pending_within: list[tuple[str, LineDict]] = []
    for section, category in ENTITY_CATEGORIES.items():
        block = data.get(section) or LineDict()
        block = _mapping(block, path, data.line_of(section), f"section {section!r}")
        for entity_id, spec in block.items():
            line = block.line_of(entity_id)
            _slug(entity_id, path, line, "entity id")
            if entity_id in entities:
                raise InputError(f"entity id {entity_id!r} is used twice", path, line)
            spec = _mapping(spec, path, line, f"entity {entity_id!r}")
            allowed = {"name", "aliases", "wikidata"} | ({"kind"} if category != "person" else set())
            allowed |= {"within", "within_evidence"} if category == "place" else set()
            for key in spec:
                if key not in allowed:
                    raise InputError(f"entity {entity_id!r}: unknown field {key!r}", path, spec.line_of(key))
            name = _text(_require(spec, "name", path, f"entity {entity_id!r}"), path, spec.line_of("name"), "name")
            aliases = tuple(
                _text(alias, path, spec.line_of("aliases"), "alias")
                for alias in _list(spec.get("aliases"), path, spec.line_of("aliases"), "aliases")
            )
            kind = None
            if category == "organization":
                kind = vocab.iri(
                    "organization kind",
                    _require(spec, "kind", path, f"entity {entity_id!r}"),
                    path,
                    spec.line_of("kind"),
                )
            elif category == "place":
                kind = vocab.iri(
                    "place kind", _require(spec, "kind", path, f"entity {entity_id!r}"), path, spec.line_of("kind")
                )
            wikidata = _wikidata_link(spec, entity_id, path, vocab) if "wikidata" in spec else None
            if wikidata is not None:
                for other in entities.values():
                    if other.wikidata is not None and other.wikidata.qid == wikidata.qid:
                        raise InputError(
                            f"entity {entity_id!r}: Wikidata item {wikidata.qid} is already linked to {other.id!r}; "
                            "two registry entities cannot be the same item",
                            path,
                            spec.line_of("wikidata"),
                        )
            entities[entity_id] = Entity(entity_id, category, name, aliases, kind, wikidata=wikidata)
            if "within" in spec:
                pending_within.append((entity_id, spec))
    return entities, pending_within


def _wikidata_link(spec: LineDict, entity_id: str, path: Path, vocab: Vocabulary) -> WikidataLink:
    """Parse an entity's ``wikidata:`` block: qid, method and evidence, plus label and score if automatic."""
    what = f"entity {entity_id!r}: wikidata"
    block = _mapping(spec["wikidata"], path, spec.line_of("wikidata"), what)
    for key in block:
        if key not in ("qid", "method", "evidence", *AUTOMATIC_LINK_FIELDS):
            raise InputError(f"{what}: unknown field {key!r}", path, block.line_of(key))
    qid = _require(block, "qid", path, what)
    if not isinstance(qid, str) or not QID.match(qid):
        raise InputError(f"{what}: {qid!r} is not a Wikidata item id like 'Q159'", path, block.line_of("qid"))
    method = _require(block, "method", path, what)
    vocab.iri("link method", method, path, block.line_of("method"))
    evidence = _text(_require(block, "evidence", path, what), path, block.line_of("evidence"), f"{what} evidence")
    if method == "curated":
        for key in AUTOMATIC_LINK_FIELDS:
            if key in block:
                raise InputError(f"{what}: {key!r} is only for automatic links", path, block.line_of(key))
        return WikidataLink(qid, method, evidence)
    label = _text(_require(block, "label", path, what), path, block.line_of("label"), f"{what} label")
    score = _number(_require(block, "score", path, what), path, block.line_of("score"), f"{what} score")
    if score > 1:
        raise InputError(f"{what}: score must lie between 0 and 1", path, block.line_of("score"))
    return WikidataLink(qid, method, evidence, label, score)


def load_registry(path: Path, vocab: Vocabulary, parsed: Any = None) -> dict[str, Entity]:
    """Read and check the entity registry alone (names, kinds, Wikidata links), without the articles.

    ``parsed`` is the file's YAML if the caller has already read it with ``load_yaml``.
    """
    if parsed is None and not path.is_file():
        raise InputError("entity registry not found", path)
    return _load_registry(path, vocab, parsed)[0]


def _resolve_within(
    path: Path,
    entities: dict[str, Entity],
    pending: list[tuple[str, LineDict]],
    articles: dict[str, ArticleText],
) -> None:
    for entity_id, spec in pending:
        within = spec["within"]
        line = spec.line_of("within")
        if within not in entities or entities[within].category != "place":
            raise InputError(f"place {entity_id!r}: 'within' names unknown place {within!r}", path, line)
        evidence = _mapping(spec.get("within_evidence"), path, line, f"place {entity_id!r}: within_evidence")
        article_id = _require(evidence, "article", path, "within_evidence")
        if article_id not in articles:
            raise InputError(f"within_evidence names unknown article {article_id!r}", path, evidence.line_of("article"))
        text = _text(_require(evidence, "text", path, "within_evidence"), path, evidence.line_of("text"), "text")
        span = articles[article_id].locate(text, path, evidence.line_of("text"))
        old = entities[entity_id]
        entities[entity_id] = dataclasses.replace(old, within=within, within_evidence=span)
    # A containment cycle would make every place contain itself.
    for entity_id in entities:
        seen = {entity_id}
        current = entities[entity_id].within
        while current is not None:
            if current in seen:
                raise InputError(f"place {entity_id!r}: 'within' forms a cycle", path)
            seen.add(current)
            current = entities[current].within


# ----------------------------------------------------------------------------- articles


class _ArticleParser:
    """Checks one annotation file against its article, the registry and the vocabularies."""

    def __init__(self, path: Path, article: ArticleText, entities: dict[str, Entity], vocab: Vocabulary):
        self.path = path
        self.article = article
        self.entities = entities
        self.vocab = vocab

    def entity(self, value: Any, line: int, categories: tuple[str, ...], what: str) -> str:
        if not isinstance(value, str) or value not in self.entities:
            raise InputError(f"unknown entity id {value!r} in {what}", self.path, line)
        category = self.entities[value].category
        if category not in categories:
            raise InputError(
                f"{what} must be a {' or '.join(categories)}, but {value!r} is a {category}", self.path, line
            )
        return value

    def locate(self, mapping: LineDict, key: str, what: str = "evidence") -> Span:
        text = _text(_require(mapping, key, self.path, what), self.path, mapping.line_of(key), what)
        return self.article.locate(text, self.path, mapping.line_of(key), what)

    def parse(self, data: Any) -> Annotation:
        data = _mapping(data, self.path, 1, "the annotation file")
        for key in data:
            if key not in {"document", "events", "claims", "quotes"}:
                raise InputError(f"unknown top-level field {key!r}", self.path, data.line_of(key))
        document = self.document(
            _mapping(
                _require(data, "document", self.path, "annotation"), self.path, data.line_of("document"), "document"
            )
        )
        annotation = Annotation(self.path, document)
        event_keys: set[str] = set()
        for item in _list(data.get("events"), self.path, data.line_of("events"), "events"):
            event = self.event(_mapping(item, self.path, data.line_of("events"), "an event"))
            if event.key in event_keys:
                raise InputError(f"event key {event.key!r} is used twice in this file", self.path, item.line)
            event_keys.add(event.key)
            annotation.events.append(event)
        ids: set[str] = set()
        for item in _list(data.get("claims"), self.path, data.line_of("claims"), "claims"):
            claim = self.claim(_mapping(item, self.path, data.line_of("claims"), "a claim"), event_keys)
            if claim.id in ids:
                raise InputError(f"claim id {claim.id!r} is used twice in this file", self.path, item.line)
            ids.add(claim.id)
            annotation.claims.append(claim)
        for item in _list(data.get("quotes"), self.path, data.line_of("quotes"), "quotes"):
            statement = self.statement(_mapping(item, self.path, data.line_of("quotes"), "a quote"), event_keys)
            if statement.id in ids:
                raise InputError(f"id {statement.id!r} is used twice in this file", self.path, item.line)
            ids.add(statement.id)
            annotation.statements.append(statement)
        return annotation

    def content_lines(self, document: LineDict) -> None:
        line = document.line_of("content")
        ranges = []
        for item in _list(_require(document, "content", self.path, "document"), self.path, line, "content"):
            match = re.fullmatch(r"(\d+)(?:-(\d+))?", str(item))
            if not match:
                raise InputError(f"content range {item!r} is not 'FIRST-LAST'", self.path, line)
            first, last = int(match.group(1)), int(match.group(2) or match.group(1))
            if not 1 <= first <= last <= self.article.line_count:
                raise InputError(
                    f"content range {item!r} is outside lines 1-{self.article.line_count} of {self.article.path.name}",
                    self.path,
                    line,
                )
            ranges.append((first, last))
        self.article.set_content_lines(ranges)

    def document(self, document: LineDict) -> Document:
        self.content_lines(document)
        outlet = self.entity(
            _require(document, "outlet", self.path, "document"), document.line_of("outlet"), ("organization",), "outlet"
        )
        basis = _text(
            _require(document, "outlet_basis", self.path, "document"),
            self.path,
            document.line_of("outlet_basis"),
            "outlet_basis",
        )
        url = document.get("url")
        if url is not None and not (isinstance(url, str) and re.fullmatch(r"https?://\S+", url)):
            raise InputError(f"url {url!r} is not an http(s) URL", self.path, document.line_of("url"))
        published = _mapping(
            _require(document, "published", self.path, "document"),
            self.path,
            document.line_of("published"),
            "published",
        )
        date = parse_date(_require(published, "date", self.path, "published"), self.path, published.line_of("date"))
        relation = self.vocab.iri(
            "date relation", published.get("relation", "exact"), self.path, published.line_of("relation")
        )
        pub_basis = published.get("basis")
        if date.precision != "day" or published.get("relation", "exact") != "exact":
            pub_basis = _text(
                pub_basis, self.path, published.line_of("basis"), "published.basis (how the date was inferred)"
            )
        pub_evidence = self.locate(published, "evidence", "date evidence") if "evidence" in published else None
        wire = []
        for item in _list(document.get("wire"), self.path, document.line_of("wire"), "wire"):
            item = _mapping(item, self.path, document.line_of("wire"), "a wire credit")
            agency = self.entity(
                _require(item, "agency", self.path, "wire"), item.line_of("agency"), ("organization",), "wire agency"
            )
            wire.append((agency, self.locate(item, "evidence")))
        return Document(
            article=self.article,
            outlet=outlet,
            outlet_basis=basis,
            url=url,
            headline=self.locate(document, "headline", "headline"),
            published=date,
            published_relation_iri=relation,
            published_basis=pub_basis,
            published_evidence=pub_evidence,
            wire=tuple(wire),
        )

    def date_spec(self, spec: LineDict) -> DateSpec:
        for key in spec:
            if key not in {"value", "start", "end", "basis", "evidence"}:
                raise InputError(f"unknown date field {key!r}", self.path, spec.line_of(key))
        value = parse_date(spec["value"], self.path, spec.line_of("value")) if "value" in spec else None
        start = parse_date(spec["start"], self.path, spec.line_of("start")) if "start" in spec else None
        end = parse_date(spec["end"], self.path, spec.line_of("end")) if "end" in spec else None
        if value is None and start is None and end is None:
            raise InputError("date needs 'value', or 'start' and/or 'end'", self.path, spec.line)
        if value is not None and (start is not None or end is not None):
            raise InputError("date has both 'value' and a range", self.path, spec.line)
        if start is not None and end is not None and start.lexical > end.lexical:
            raise InputError(f"date range starts after it ends ({start.lexical} > {end.lexical})", self.path, spec.line)
        evidence = self.locate(spec, "evidence", "date evidence") if "evidence" in spec else None
        basis = spec.get("basis")
        if evidence is None:
            basis = _text(basis, self.path, spec.line_of("basis"), "date basis (a date without evidence needs one)")
        return DateSpec(value, start, end, basis, evidence)

    def event(self, item: LineDict) -> EventMention:
        for key in item:
            if key not in {"key", "type", "label", "date", "places", "participants", "evidence"}:
                raise InputError(f"unknown event field {key!r}", self.path, item.line_of(key))
        key = _slug(_require(item, "key", self.path, "event"), self.path, item.line_of("key"), "event key")
        raw_types = _require(item, "type", self.path, f"event {key!r}")
        types = tuple(
            self.vocab.iri("event type", t, self.path, item.line_of("type"))
            for t in (raw_types if isinstance(raw_types, list) else [raw_types])
        )
        label = _text(_require(item, "label", self.path, f"event {key!r}"), self.path, item.line_of("label"), "label")
        date = self.date_spec(
            _mapping(_require(item, "date", self.path, f"event {key!r}"), self.path, item.line_of("date"), "date")
        )
        places = []
        for place in _list(item.get("places"), self.path, item.line_of("places"), "places"):
            place = _mapping(place, self.path, item.line_of("places"), "a place")
            place_id = self.entity(
                _require(place, "place", self.path, "place"), place.line_of("place"), ("place",), "event place"
            )
            role = self.vocab.iri("place role", place.get("role", "location"), self.path, place.line_of("role"))
            places.append((role, place_id))
        participants = []
        for participant in _list(item.get("participants"), self.path, item.line_of("participants"), "participants"):
            participant = _mapping(participant, self.path, item.line_of("participants"), "a participant")
            agent = _require(participant, "agent", self.path, "participant")
            line = participant.line_of("agent")
            agent = self.entity(agent, line, ("person", "organization", "place"), "participant")
            if (
                self.entities[agent].category == "place"
                and self.entities[agent].kind != self.vocab.terms["place kind"]["country"]
            ):
                raise InputError(f"participant {agent!r} is a place that is not a country", self.path, line)
            role = self.vocab.iri(
                "role", _require(participant, "role", self.path, "participant"), self.path, participant.line_of("role")
            )
            participants.append((agent, role))
        if not places and not participants:
            raise InputError(f"event {key!r} needs at least one place or participant", self.path, item.line)
        return EventMention(key, types, label, date, tuple(places), tuple(participants), self.locate(item, "evidence"))

    def speaker(self, item: LineDict) -> Speaker:
        value = _require(item, "speaker", self.path, "claim")
        line = item.line_of("speaker")
        if value == "none":
            return Speaker("none")
        spec = _mapping(value, self.path, line, "speaker ('none' or a mapping)")
        kinds = [k for k in ("person", "org", "unnamed") if k in spec]
        if len(kinds) != 1:
            raise InputError("speaker needs exactly one of 'person', 'org', 'unnamed' (or is 'none')", self.path, line)
        for key in spec:
            if key not in {"person", "org", "unnamed", "title", "affiliation"}:
                raise InputError(f"unknown speaker field {key!r}", self.path, spec.line_of(key))
        title = spec.get("title")
        if title is not None:
            title = _text(title, self.path, spec.line_of("title"), "title")
            if not self.article.occurs_in_content(title):
                raise InputError(
                    f"speaker title not found in the content of {self.article.path.name}: {title!r}",
                    self.path,
                    spec.line_of("title"),
                )
        affiliation = None
        if "affiliation" in spec:
            affiliation = self.entity(
                spec["affiliation"], spec.line_of("affiliation"), ("organization", "place"), "affiliation"
            )
        kind = kinds[0]
        if kind == "unnamed":
            label = _text(spec["unnamed"], self.path, spec.line_of("unnamed"), "unnamed source")
            if not self.article.occurs_in_content(label):
                raise InputError(
                    f"unnamed source not found in the content of {self.article.path.name}: {label!r}",
                    self.path,
                    spec.line_of("unnamed"),
                )
            return Speaker("unnamed", label=label, title=title, affiliation=affiliation)
        categories = ("person",) if kind == "person" else ("organization", "place")
        entity = self.entity(spec[kind], spec.line_of(kind), categories, f"speaker {kind}")
        return Speaker(kind, entity=entity, title=title, affiliation=affiliation)

    def cue(self, item: LineDict, speaker: Speaker) -> str:
        cue = item.get("cue", "none" if speaker.kind == "none" else None)
        if cue == "none" and speaker.kind != "none":
            raise InputError("cue 'none' is only for claims with speaker 'none'", self.path, item.line_of("cue"))
        return self.vocab.iri("cue", cue, self.path, item.line_of("cue"))

    def event_ref(self, item: LineDict, event_keys: set[str]) -> str | None:
        event = item.get("event")
        if event is not None and event not in event_keys:
            raise InputError(
                f"unknown event key {event!r} (not defined in this file's events)", self.path, item.line_of("event")
            )
        return event

    def claim(self, item: LineDict, event_keys: set[str]) -> NumericClaim:
        fields = {
            "id",
            "quantity",
            "event",
            "value",
            "low",
            "high",
            "qualifier",
            "counted",
            "description",
            "speaker",
            "cue",
            "as_of",
            "evidence",
        }
        for key in item:
            if key not in fields:
                raise InputError(f"unknown claim field {key!r}", self.path, item.line_of(key))
        claim_id = _slug(_require(item, "id", self.path, "claim"), self.path, item.line_of("id"), "claim id")
        what = f"claim {claim_id!r}"
        qualifier = _require(item, "qualifier", self.path, what)
        qualifier_iri = self.vocab.iri("qualifier", qualifier, self.path, item.line_of("qualifier"))
        value = _number(item["value"], self.path, item.line_of("value"), "value") if "value" in item else None
        low = _number(item["low"], self.path, item.line_of("low"), "low") if "low" in item else None
        high = _number(item["high"], self.path, item.line_of("high"), "high") if "high" in item else None
        if qualifier == "range" and (low is None or high is None or value is not None):
            raise InputError(f"{what}: a range needs 'low' and 'high' and no 'value'", self.path, item.line)
        if qualifier == "vague" and (low is None or value is not None):
            raise InputError(
                f"{what}: a vague figure needs 'low' (the smallest number it can mean) and no 'value'",
                self.path,
                item.line,
            )
        if qualifier not in ("range", "vague") and (value is None or low is not None or high is not None):
            raise InputError(f"{what}: qualifier {qualifier!r} needs 'value' and no 'low'/'high'", self.path, item.line)
        if low is not None and high is not None and low > high:
            raise InputError(f"{what}: low {low} is above high {high}", self.path, item.line)
        counted = _require(item, "counted", self.path, what)
        counted_iri = self.vocab.iri("counted", counted, self.path, item.line_of("counted"))
        speaker = self.speaker(item)
        as_of = as_of_basis = None
        if "as_of" in item:
            spec = _mapping(item["as_of"], self.path, item.line_of("as_of"), "as_of")
            as_of = parse_date(_require(spec, "value", self.path, "as_of"), self.path, spec.line_of("value"))
            as_of_basis = spec.get("basis")
        return NumericClaim(
            id=claim_id,
            quantity=_slug(
                _require(item, "quantity", self.path, what), self.path, item.line_of("quantity"), "quantity key"
            ),
            event=self.event_ref(item, event_keys),
            value=value,
            low=low,
            high=high,
            qualifier=qualifier,
            qualifier_iri=qualifier_iri,
            counted=counted,
            counted_iri=counted_iri,
            description=_text(
                _require(item, "description", self.path, what), self.path, item.line_of("description"), "description"
            ),
            speaker=speaker,
            cue_iri=self.cue(item, speaker),
            as_of=as_of,
            as_of_basis=as_of_basis,
            evidence=self.locate(item, "evidence"),
        )

    def statement(self, item: LineDict, event_keys: set[str]) -> Statement:
        for key in item:
            if key not in {"id", "kind", "speaker", "cue", "event", "text"}:
                raise InputError(f"unknown quote field {key!r}", self.path, item.line_of(key))
        quote_id = _slug(_require(item, "id", self.path, "quote"), self.path, item.line_of("id"), "quote id")
        kind = item.get("kind", "direct")
        if kind not in ("direct", "indirect"):
            raise InputError(f"quote kind {kind!r} is not 'direct' or 'indirect'", self.path, item.line_of("kind"))
        speaker = self.speaker(item)
        if speaker.kind == "none":
            raise InputError(f"quote {quote_id!r} needs a speaker", self.path, item.line_of("speaker"))
        return Statement(
            id=quote_id,
            direct=kind == "direct",
            speaker=speaker,
            cue_iri=self.cue(item, speaker),
            event=self.event_ref(item, event_keys),
            text=self.locate(item, "text", "quotation"),
        )


def _check_mentions(
    registry_path: Path, entities: dict[str, Entity], articles: dict[str, ArticleText], outlets: set[str]
) -> None:
    """Every entity must be named in some article's content; outlets rest on their outlet_basis."""
    for entity in entities.values():
        if entity.id in outlets:
            continue
        names = (entity.name, *entity.aliases)
        if not any(article.occurs_in_content(name) for article in articles.values() for name in names):
            raise InputError(
                f"entity {entity.id!r} is not mentioned (by name or alias) in the content of any article",
                registry_path,
            )


def load_corpus(seeds_dir: Path, vocab: Vocabulary) -> Corpus:
    """Read and check every article, annotation and the registry in ``seeds_dir``."""
    if not seeds_dir.is_dir():
        raise InputError("seed folder not found", seeds_dir)
    registry_path = seeds_dir / REGISTRY_FILE
    if not registry_path.is_file():
        raise InputError(f"entity registry {REGISTRY_FILE} is missing", seeds_dir)
    article_paths = sorted(seeds_dir.glob("*.txt"))
    if not article_paths:
        raise InputError("no article (*.txt) in the seed folder", seeds_dir)
    articles: dict[str, ArticleText] = {}
    for path in article_paths:
        if not ARTICLE_ID.match(path.stem):
            raise InputError("article file name is not NNN_<16 hex digits>.txt", path)
        articles[path.stem] = ArticleText.read(path)
    for path in sorted(seeds_dir.glob("*.yaml")):
        if path.name != REGISTRY_FILE and path.stem not in articles:
            raise InputError(f"annotation has no article {path.stem}.txt beside it", path)
    entities, pending_within = _load_registry(registry_path, vocab)
    annotations = []
    for article_id, article in articles.items():
        path = seeds_dir / f"{article_id}.yaml"
        if not path.is_file():
            raise InputError(f"article has no annotation file {path.name}", article.path)
        annotations.append(_ArticleParser(path, article, entities, vocab).parse(load_yaml(path)))
    _resolve_within(registry_path, entities, pending_within, articles)
    _check_mentions(registry_path, entities, articles, {a.document.outlet for a in annotations})
    return Corpus(entities, annotations, articles)
