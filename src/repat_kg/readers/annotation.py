"""Read and check one article's curated annotation (YAML) against its text, the registry and the vocabularies."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from repat_kg.errors import InputError, show
from repat_kg.model.records import (
    Annotation,
    DateSpec,
    Document,
    Entity,
    EventMention,
    Extracted,
    ExtractionRun,
    NumericClaim,
    Speaker,
    Statement,
)
from repat_kg.model.text import ArticleText, Span
from repat_kg.model.vocab import Vocabulary
from repat_kg.readers.fields import (
    as_flag,
    as_id,
    as_list,
    as_mapping,
    as_number,
    as_slug,
    as_text,
    parse_date,
    require,
)
from repat_kg.readers.yamlfile import LineDict

# The keys each kind of mapping in an annotation may have (seeds/README.md documents them); any other
# key is refused with its file and line, so a typo ('relaton:') never silently changes the data.
KEYS: dict[str, frozenset[str]] = {
    "the annotation file": frozenset({"document", "events", "claims", "quotes"}),
    "document": frozenset({"outlet", "outlet_basis", "url", "headline", "published", "wire", "content", "extraction"}),
    "extraction": frozenset({"software", "spacy", "model", "rules"}),
    "extracted": frozenset({"confidence", "reviewed"}),
    "published": frozenset({"date", "relation", "basis", "evidence"}),
    "a wire credit": frozenset({"agency", "evidence"}),
    "an event": frozenset(
        {
            "key",
            "type",
            "label",
            "date",
            "places",
            "participants",
            "evidence",
            "status",
            "status_evidence",
            "distinct_from",
            "extracted",
        }
    ),
    "a distinct_from review": frozenset({"event", "basis"}),
    "a date": frozenset({"value", "start", "end", "basis", "evidence"}),
    "a place": frozenset({"place", "role"}),
    "a participant": frozenset({"agent", "role"}),
    "a claim": frozenset(
        {
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
            "scope",
            "part_of",
            "extracted",
        }
    ),
    "a speaker": frozenset({"person", "org", "unnamed", "title", "affiliation"}),
    "as_of": frozenset({"value", "basis"}),
    "a quote": frozenset({"id", "kind", "speaker", "cue", "event", "text", "extracted"}),
}
# What a figure counted as a proportion may be at most.
PROPORTION_MAX = 1


class _ArticleParser:
    """Checks one annotation file against its article, the registry and the vocabularies."""

    def __init__(self, path: Path, article: ArticleText, entities: dict[str, Entity], vocab: Vocabulary):
        self.path = path
        self.article = article
        self.entities = entities
        self.vocab = vocab
        self.run: ExtractionRun | None = None

    def mapping(self, value: Any, line: int | None, kind: str) -> LineDict:
        """``value`` as a mapping of ``kind`` (a key of KEYS), every key of it known."""
        return as_mapping(value, self.path, line, kind, KEYS[kind])

    def entity(self, raw: Any, line: int, categories: tuple[str, ...], what: str) -> str:
        value = as_id(raw, self.path, line, what)
        if value not in self.entities:
            raise InputError(f"unknown entity id {show(value)} in {what}", self.path, line)
        category = self.entities[value].category
        if category not in categories:
            raise InputError(
                f"{what} must be a {' or '.join(categories)}, but {show(value)} is a {category}", self.path, line
            )
        return value

    def locate(self, mapping: LineDict, key: str, what: str = "evidence") -> Span:
        text = as_text(require(mapping, key, self.path, what), self.path, mapping.line_of(key), what)
        return self.article.locate(text, self.path, mapping.line_of(key), what)

    def parse(self, data: Any) -> Annotation:
        data = self.mapping(data, 1, "the annotation file")
        document = self.document(
            self.mapping(require(data, "document", self.path, "annotation"), data.line_of("document"), "document")
        )
        annotation = Annotation(document)
        event_keys: set[str] = set()
        for item in as_list(data.get("events"), self.path, data.line_of("events"), "events"):
            event = self.event(self.mapping(item, data.line_of("events"), "an event"))
            if event.key in event_keys:
                raise InputError(f"event key {show(event.key)} is used twice in this file", self.path, item.line)
            event_keys.add(event.key)
            annotation.events.append(event)
        ids: set[str] = set()
        for item in as_list(data.get("claims"), self.path, data.line_of("claims"), "claims"):
            claim = self.claim(self.mapping(item, data.line_of("claims"), "a claim"), event_keys)
            if claim.id in ids:
                raise InputError(f"claim id {show(claim.id)} is used twice in this file", self.path, item.line)
            ids.add(claim.id)
            annotation.claims.append(claim)
        for item in as_list(data.get("quotes"), self.path, data.line_of("quotes"), "quotes"):
            statement = self.statement(self.mapping(item, data.line_of("quotes"), "a quote"), event_keys)
            if statement.id in ids:
                raise InputError(f"id {show(statement.id)} is used twice in this file", self.path, item.line)
            ids.add(statement.id)
            annotation.statements.append(statement)
        return annotation

    def content_lines(self, document: LineDict) -> None:
        line = document.line_of("content")
        ranges = []
        for item in as_list(require(document, "content", self.path, "document"), self.path, line, "content"):
            text = str(item) if isinstance(item, int) and not isinstance(item, bool) else item
            match = re.fullmatch(r"(\d{1,9})(?:-(\d{1,9}))?", text) if isinstance(text, str) else None
            if not match:
                raise InputError(f"content range {show(item)} is not 'FIRST-LAST'", self.path, line)
            first, last = int(match.group(1)), int(match.group(2) or match.group(1))
            if not 1 <= first <= last <= self.article.line_count:
                raise InputError(
                    f"content range {show(item)} is outside lines 1-{self.article.line_count} "
                    f"of {self.article.path.name}",
                    self.path,
                    line,
                )
            ranges.append((first, last))
        self.article.set_content_lines(ranges)

    def document(self, document: LineDict) -> Document:
        self.content_lines(document)
        outlet = self.entity(
            require(document, "outlet", self.path, "document"), document.line_of("outlet"), ("organization",), "outlet"
        )
        basis = as_text(
            require(document, "outlet_basis", self.path, "document"),
            self.path,
            document.line_of("outlet_basis"),
            "outlet_basis",
        )
        url = document.get("url")
        if url is not None and not (isinstance(url, str) and re.fullmatch(r"https?://\S+", url)):
            raise InputError(f"url {show(url)} is not an http(s) URL", self.path, document.line_of("url"))
        published = self.mapping(
            require(document, "published", self.path, "document"), document.line_of("published"), "published"
        )
        date = parse_date(require(published, "date", self.path, "published"), self.path, published.line_of("date"))
        relation = self.vocab.check(
            "date relation", published.get("relation", "exact"), self.path, published.line_of("relation")
        )
        pub_basis = published.get("basis")
        if pub_basis is not None or date.precision != "day" or relation != "exact":
            pub_basis = as_text(
                pub_basis, self.path, published.line_of("basis"), "published.basis (how the date was inferred)"
            )
        pub_evidence = self.locate(published, "evidence", "date evidence") if "evidence" in published else None
        if "extraction" in document:
            self.run = self.extraction_run(document)
        wire = []
        for item in as_list(document.get("wire"), self.path, document.line_of("wire"), "wire"):
            item = self.mapping(item, document.line_of("wire"), "a wire credit")
            agency = self.entity(
                require(item, "agency", self.path, "wire"), item.line_of("agency"), ("organization",), "wire agency"
            )
            wire.append((agency, self.locate(item, "evidence")))
        return Document(
            article=self.article,
            outlet=outlet,
            outlet_basis=basis,
            url=url,
            headline=self.locate(document, "headline", "headline"),
            published=date,
            published_relation=relation,
            published_basis=pub_basis,
            published_evidence=pub_evidence,
            wire=tuple(wire),
            extraction=self.run,
        )

    def extraction_run(self, document: LineDict) -> ExtractionRun:
        """``extraction: {software, spacy, model, rules}``: what drafted this article's facts."""
        spec = self.mapping(document["extraction"], document.line_of("extraction"), "extraction")
        names = ("software", "spacy", "model", "rules")
        values = [as_text(require(spec, k, self.path, "extraction"), self.path, spec.line_of(k), k) for k in names]
        return ExtractionRun(*values)

    def extracted(self, item: LineDict) -> Extracted | None:
        """``extracted: {confidence: 0.8, reviewed: true}`` on a machine-drafted fact."""
        if "extracted" not in item:
            return None
        line = item.line_of("extracted")
        if self.run is None:
            raise InputError(
                "'extracted' needs the document's 'extraction' (which software drafted it)", self.path, line
            )
        spec = self.mapping(item["extracted"], line, "extracted")
        confidence = as_number(
            require(spec, "confidence", self.path, "extracted"), self.path, spec.line_of("confidence"), "confidence"
        )
        if not 0 <= confidence <= 1:
            raise InputError("confidence must lie between 0 and 1", self.path, spec.line_of("confidence"))
        reviewed = as_flag(spec.get("reviewed", False), self.path, spec.line_of("reviewed"), "'reviewed'")
        return Extracted(confidence, reviewed)

    def date_spec(self, spec: LineDict) -> DateSpec:
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
        if basis is not None or evidence is None:
            basis = as_text(basis, self.path, spec.line_of("basis"), "date basis (a date without evidence needs one)")
        return DateSpec(value, start, end, basis, evidence)

    def event(self, item: LineDict) -> EventMention:
        key = as_slug(require(item, "key", self.path, "event"), self.path, item.line_of("key"), "event key")
        raw_types = require(item, "type", self.path, f"event {show(key)}")
        types = tuple(
            self.vocab.check("event type", t, self.path, item.line_of("type"))
            for t in (raw_types if isinstance(raw_types, list) else [raw_types])
        )
        label = as_text(
            require(item, "label", self.path, f"event {show(key)}"), self.path, item.line_of("label"), "label"
        )
        date = self.date_spec(
            self.mapping(require(item, "date", self.path, f"event {show(key)}"), item.line_of("date"), "a date")
        )
        places = []
        for place in as_list(item.get("places"), self.path, item.line_of("places"), "places"):
            place = self.mapping(place, item.line_of("places"), "a place")
            place_id = self.entity(
                require(place, "place", self.path, "place"), place.line_of("place"), ("place",), "event place"
            )
            role = self.vocab.check("place role", place.get("role", "location"), self.path, place.line_of("role"))
            places.append((role, place_id))
        participants = []
        for participant in as_list(item.get("participants"), self.path, item.line_of("participants"), "participants"):
            participant = self.mapping(participant, item.line_of("participants"), "a participant")
            agent = require(participant, "agent", self.path, "participant")
            line = participant.line_of("agent")
            agent = self.entity(agent, line, ("person", "organization", "place"), "participant")
            if self.entities[agent].category == "place" and self.entities[agent].kind != "country":
                raise InputError(f"participant {show(agent)} is a place that is not a country", self.path, line)
            role = self.vocab.check(
                "role", require(participant, "role", self.path, "participant"), self.path, participant.line_of("role")
            )
            participants.append((agent, role))
        if not places and not participants:
            raise InputError(f"event {show(key)} needs at least one place or participant", self.path, item.line)
        status = self.vocab.check(
            "event status", require(item, "status", self.path, f"event {show(key)}"), self.path, item.line_of("status")
        )
        status_evidence = self.locate(item, "status_evidence", "status evidence") if "status_evidence" in item else None
        return EventMention(
            key,
            types,
            label,
            date,
            tuple(places),
            tuple(participants),
            self.locate(item, "evidence"),
            status,
            status_evidence,
            self.distinct_from(item, key),
            self.extracted(item),
        )

    def distinct_from(self, item: LineDict, key: str) -> tuple[tuple[str, str], ...]:
        """The events a curator reviewed against this one and found different, each with the reason."""
        reviews = []
        line = item.line_of("distinct_from")
        for review in as_list(item.get("distinct_from"), self.path, line, "distinct_from"):
            review = self.mapping(review, line, "a distinct_from review")
            other = as_slug(
                require(review, "event", self.path, "distinct_from"), self.path, review.line_of("event"), "event key"
            )
            if other == key:
                raise InputError(
                    f"event {show(key)} cannot be distinct from itself", self.path, review.line_of("event")
                )
            basis = as_text(
                require(review, "basis", self.path, "distinct_from"),
                self.path,
                review.line_of("basis"),
                "distinct_from basis (why the two events differ)",
            )
            reviews.append((other, basis))
        return tuple(sorted(reviews))

    def speaker(self, item: LineDict) -> Speaker:
        value = require(item, "speaker", self.path, "claim")
        line = item.line_of("speaker")
        if value == "none":
            return Speaker("none")
        if not isinstance(value, LineDict):
            raise InputError(f"speaker must be 'none' or a mapping, not {show(value)}", self.path, line)
        spec = self.mapping(value, line, "a speaker")
        kinds = [k for k in ("person", "org", "unnamed") if k in spec]
        if len(kinds) != 1:
            raise InputError("speaker needs exactly one of 'person', 'org', 'unnamed' (or is 'none')", self.path, line)
        title = spec.get("title")
        if title is not None:
            title = as_text(title, self.path, spec.line_of("title"), "title")
            if not self.article.occurs_in_content(title):
                raise InputError(
                    f"speaker title not found in the content of {self.article.path.name}: {show(title)}",
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
            label = as_text(spec["unnamed"], self.path, spec.line_of("unnamed"), "unnamed source")
            if not self.article.occurs_in_content(label):
                raise InputError(
                    f"unnamed source not found in the content of {self.article.path.name}: {show(label)}",
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
        return self.vocab.check("cue", cue, self.path, item.line_of("cue"))

    def event_ref(self, item: LineDict, event_keys: set[str]) -> str | None:
        event = item.get("event")
        if event is None:
            return None
        event = as_id(event, self.path, item.line_of("event"), "event")
        if event not in event_keys:
            raise InputError(
                f"unknown event key {show(event)} (not defined in this file's events)", self.path, item.line_of("event")
            )
        return event

    def claim(self, item: LineDict, event_keys: set[str]) -> NumericClaim:
        claim_id = as_slug(require(item, "id", self.path, "claim"), self.path, item.line_of("id"), "claim id")
        what = f"claim {show(claim_id)}"
        qualifier = require(item, "qualifier", self.path, what)
        self.vocab.check("qualifier", qualifier, self.path, item.line_of("qualifier"))
        counted = require(item, "counted", self.path, what)
        self.vocab.check("counted", counted, self.path, item.line_of("counted"))
        # A proportion is a fraction: 0 to 1 (as_number refuses negatives).
        maximum = Decimal(PROPORTION_MAX) if counted == "proportion" else None
        value, low, high = (
            as_number(item[key], self.path, item.line_of(key), f"{key} of a {counted} figure", maximum)
            if key in item
            else None
            for key in ("value", "low", "high")
        )
        if qualifier == "range" and (low is None or high is None or value is not None):
            raise InputError(f"{what}: a range needs 'low' and 'high' and no 'value'", self.path, item.line)
        if qualifier == "vague" and (low is None or value is not None):
            raise InputError(
                f"{what}: a vague figure needs 'low' (the smallest number it can mean) and no 'value'",
                self.path,
                item.line,
            )
        if qualifier not in ("range", "vague") and (value is None or low is not None or high is not None):
            raise InputError(
                f"{what}: qualifier {show(qualifier)} needs 'value' and no 'low'/'high'", self.path, item.line
            )
        if low is not None and high is not None and low > high:
            raise InputError(f"{what}: low {show(str(low))} is above high {show(str(high))}", self.path, item.line)
        scope = None
        if "scope" in item:
            scope = self.vocab.check("headcount scope", item["scope"], self.path, item.line_of("scope"))
        elif "event" in item and counted in self.vocab.collections["head counts"]:
            raise InputError(
                f"{what} counts {counted} for an event: give its scope (total, part or running-total)",
                self.path,
                item.line,
            )
        quantity = as_slug(
            require(item, "quantity", self.path, what), self.path, item.line_of("quantity"), "quantity key"
        )
        part_of = None
        if "part_of" in item:
            part_of = as_slug(item["part_of"], self.path, item.line_of("part_of"), "part_of quantity key")
            if part_of == quantity:
                raise InputError(f"{what} cannot be part of its own quantity", self.path, item.line_of("part_of"))
        speaker = self.speaker(item)
        as_of = as_of_basis = None
        if "as_of" in item:
            spec = self.mapping(item["as_of"], item.line_of("as_of"), "as_of")
            as_of = parse_date(require(spec, "value", self.path, "as_of"), self.path, spec.line_of("value"))
            as_of_basis = spec.get("basis")
            if as_of_basis is not None:
                as_of_basis = as_text(as_of_basis, self.path, spec.line_of("basis"), "as_of basis")
        return NumericClaim(
            id=claim_id,
            quantity=quantity,
            event=self.event_ref(item, event_keys),
            value=value,
            low=low,
            high=high,
            qualifier=qualifier,
            counted=counted,
            description=as_text(
                require(item, "description", self.path, what), self.path, item.line_of("description"), "description"
            ),
            speaker=speaker,
            cue=self.cue(item, speaker),
            as_of=as_of,
            as_of_basis=as_of_basis,
            evidence=self.locate(item, "evidence"),
            scope=scope,
            part_of=part_of,
            extracted=self.extracted(item),
        )

    def statement(self, item: LineDict, event_keys: set[str]) -> Statement:
        quote_id = as_slug(require(item, "id", self.path, "quote"), self.path, item.line_of("id"), "quote id")
        kind = item.get("kind", "direct")
        if kind not in ("direct", "indirect"):
            raise InputError(f"quote kind {show(kind)} is not 'direct' or 'indirect'", self.path, item.line_of("kind"))
        speaker = self.speaker(item)
        if speaker.kind == "none":
            raise InputError(f"quote {show(quote_id)} needs a speaker", self.path, item.line_of("speaker"))
        return Statement(
            id=quote_id,
            direct=kind == "direct",
            speaker=speaker,
            cue=self.cue(item, speaker),
            event=self.event_ref(item, event_keys),
            text=self.locate(item, "text", "quotation"),
            extracted=self.extracted(item),
        )


def read_annotation(
    path: Path, data: Any, article: ArticleText, entities: dict[str, Entity], vocab: Vocabulary
) -> Annotation:
    """Check the parsed YAML ``data`` of the annotation file ``path`` against its article and the registry."""
    return _ArticleParser(path, article, entities, vocab).parse(data)
