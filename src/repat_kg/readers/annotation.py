"""Read and check one article's curated annotation (YAML) against its text, the registry and the vocabularies."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from repat_kg.errors import InputError
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
from repat_kg.readers.fields import as_list, as_mapping, as_number, as_slug, as_text, parse_date, require
from repat_kg.readers.yamlfile import LineDict


class _ArticleParser:
    """Checks one annotation file against its article, the registry and the vocabularies."""

    def __init__(self, path: Path, article: ArticleText, entities: dict[str, Entity], vocab: Vocabulary):
        self.path = path
        self.article = article
        self.entities = entities
        self.vocab = vocab
        self.run: ExtractionRun | None = None

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
        text = as_text(require(mapping, key, self.path, what), self.path, mapping.line_of(key), what)
        return self.article.locate(text, self.path, mapping.line_of(key), what)

    def parse(self, data: Any) -> Annotation:
        data = as_mapping(data, self.path, 1, "the annotation file")
        for key in data:
            if key not in {"document", "events", "claims", "quotes"}:
                raise InputError(f"unknown top-level field {key!r}", self.path, data.line_of(key))
        document = self.document(
            as_mapping(
                require(data, "document", self.path, "annotation"), self.path, data.line_of("document"), "document"
            )
        )
        annotation = Annotation(document)
        event_keys: set[str] = set()
        for item in as_list(data.get("events"), self.path, data.line_of("events"), "events"):
            event = self.event(as_mapping(item, self.path, data.line_of("events"), "an event"))
            if event.key in event_keys:
                raise InputError(f"event key {event.key!r} is used twice in this file", self.path, item.line)
            event_keys.add(event.key)
            annotation.events.append(event)
        ids: set[str] = set()
        for item in as_list(data.get("claims"), self.path, data.line_of("claims"), "claims"):
            claim = self.claim(as_mapping(item, self.path, data.line_of("claims"), "a claim"), event_keys)
            if claim.id in ids:
                raise InputError(f"claim id {claim.id!r} is used twice in this file", self.path, item.line)
            ids.add(claim.id)
            annotation.claims.append(claim)
        for item in as_list(data.get("quotes"), self.path, data.line_of("quotes"), "quotes"):
            statement = self.statement(as_mapping(item, self.path, data.line_of("quotes"), "a quote"), event_keys)
            if statement.id in ids:
                raise InputError(f"id {statement.id!r} is used twice in this file", self.path, item.line)
            ids.add(statement.id)
            annotation.statements.append(statement)
        return annotation

    def content_lines(self, document: LineDict) -> None:
        line = document.line_of("content")
        ranges = []
        for item in as_list(require(document, "content", self.path, "document"), self.path, line, "content"):
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
            raise InputError(f"url {url!r} is not an http(s) URL", self.path, document.line_of("url"))
        published = as_mapping(
            require(document, "published", self.path, "document"),
            self.path,
            document.line_of("published"),
            "published",
        )
        date = parse_date(require(published, "date", self.path, "published"), self.path, published.line_of("date"))
        relation = self.vocab.check(
            "date relation", published.get("relation", "exact"), self.path, published.line_of("relation")
        )
        pub_basis = published.get("basis")
        if date.precision != "day" or published.get("relation", "exact") != "exact":
            pub_basis = as_text(
                pub_basis, self.path, published.line_of("basis"), "published.basis (how the date was inferred)"
            )
        pub_evidence = self.locate(published, "evidence", "date evidence") if "evidence" in published else None
        if "extraction" in document:
            self.run = self.extraction_run(document)
        wire = []
        for item in as_list(document.get("wire"), self.path, document.line_of("wire"), "wire"):
            item = as_mapping(item, self.path, document.line_of("wire"), "a wire credit")
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
        spec = as_mapping(document["extraction"], self.path, document.line_of("extraction"), "extraction")
        names = ("software", "spacy", "model", "rules")
        for key in spec:
            if key not in names:
                raise InputError(f"unknown extraction field {key!r}", self.path, spec.line_of(key))
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
        spec = as_mapping(item["extracted"], self.path, line, "extracted")
        for key in spec:
            if key not in ("confidence", "reviewed"):
                raise InputError(f"unknown extracted field {key!r}", self.path, spec.line_of(key))
        confidence = as_number(
            require(spec, "confidence", self.path, "extracted"), self.path, spec.line_of("confidence"), "confidence"
        )
        if not 0 <= confidence <= 1:
            raise InputError("confidence must lie between 0 and 1", self.path, spec.line_of("confidence"))
        reviewed = spec.get("reviewed", False)
        if not isinstance(reviewed, bool):
            raise InputError("'reviewed' must be true or false", self.path, spec.line_of("reviewed"))
        return Extracted(confidence, reviewed)

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
            basis = as_text(basis, self.path, spec.line_of("basis"), "date basis (a date without evidence needs one)")
        return DateSpec(value, start, end, basis, evidence)

    def event(self, item: LineDict) -> EventMention:
        for key in item:
            if key not in {"key", "type", "label", "date", "places", "participants", "evidence", "extracted"}:
                raise InputError(f"unknown event field {key!r}", self.path, item.line_of(key))
        key = as_slug(require(item, "key", self.path, "event"), self.path, item.line_of("key"), "event key")
        raw_types = require(item, "type", self.path, f"event {key!r}")
        types = tuple(
            self.vocab.check("event type", t, self.path, item.line_of("type"))
            for t in (raw_types if isinstance(raw_types, list) else [raw_types])
        )
        label = as_text(require(item, "label", self.path, f"event {key!r}"), self.path, item.line_of("label"), "label")
        date = self.date_spec(
            as_mapping(require(item, "date", self.path, f"event {key!r}"), self.path, item.line_of("date"), "date")
        )
        places = []
        for place in as_list(item.get("places"), self.path, item.line_of("places"), "places"):
            place = as_mapping(place, self.path, item.line_of("places"), "a place")
            place_id = self.entity(
                require(place, "place", self.path, "place"), place.line_of("place"), ("place",), "event place"
            )
            role = self.vocab.check("place role", place.get("role", "location"), self.path, place.line_of("role"))
            places.append((role, place_id))
        participants = []
        for participant in as_list(item.get("participants"), self.path, item.line_of("participants"), "participants"):
            participant = as_mapping(participant, self.path, item.line_of("participants"), "a participant")
            agent = require(participant, "agent", self.path, "participant")
            line = participant.line_of("agent")
            agent = self.entity(agent, line, ("person", "organization", "place"), "participant")
            if self.entities[agent].category == "place" and self.entities[agent].kind != "country":
                raise InputError(f"participant {agent!r} is a place that is not a country", self.path, line)
            role = self.vocab.check(
                "role", require(participant, "role", self.path, "participant"), self.path, participant.line_of("role")
            )
            participants.append((agent, role))
        if not places and not participants:
            raise InputError(f"event {key!r} needs at least one place or participant", self.path, item.line)
        return EventMention(
            key,
            types,
            label,
            date,
            tuple(places),
            tuple(participants),
            self.locate(item, "evidence"),
            self.extracted(item),
        )

    def speaker(self, item: LineDict) -> Speaker:
        value = require(item, "speaker", self.path, "claim")
        line = item.line_of("speaker")
        if value == "none":
            return Speaker("none")
        spec = as_mapping(value, self.path, line, "speaker ('none' or a mapping)")
        kinds = [k for k in ("person", "org", "unnamed") if k in spec]
        if len(kinds) != 1:
            raise InputError("speaker needs exactly one of 'person', 'org', 'unnamed' (or is 'none')", self.path, line)
        for key in spec:
            if key not in {"person", "org", "unnamed", "title", "affiliation"}:
                raise InputError(f"unknown speaker field {key!r}", self.path, spec.line_of(key))
        title = spec.get("title")
        if title is not None:
            title = as_text(title, self.path, spec.line_of("title"), "title")
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
            label = as_text(spec["unnamed"], self.path, spec.line_of("unnamed"), "unnamed source")
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
        return self.vocab.check("cue", cue, self.path, item.line_of("cue"))

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
            "extracted",
        }
        for key in item:
            if key not in fields:
                raise InputError(f"unknown claim field {key!r}", self.path, item.line_of(key))
        claim_id = as_slug(require(item, "id", self.path, "claim"), self.path, item.line_of("id"), "claim id")
        what = f"claim {claim_id!r}"
        qualifier = require(item, "qualifier", self.path, what)
        self.vocab.check("qualifier", qualifier, self.path, item.line_of("qualifier"))
        value = as_number(item["value"], self.path, item.line_of("value"), "value") if "value" in item else None
        low = as_number(item["low"], self.path, item.line_of("low"), "low") if "low" in item else None
        high = as_number(item["high"], self.path, item.line_of("high"), "high") if "high" in item else None
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
        counted = require(item, "counted", self.path, what)
        self.vocab.check("counted", counted, self.path, item.line_of("counted"))
        speaker = self.speaker(item)
        as_of = as_of_basis = None
        if "as_of" in item:
            spec = as_mapping(item["as_of"], self.path, item.line_of("as_of"), "as_of")
            as_of = parse_date(require(spec, "value", self.path, "as_of"), self.path, spec.line_of("value"))
            as_of_basis = spec.get("basis")
        return NumericClaim(
            id=claim_id,
            quantity=as_slug(
                require(item, "quantity", self.path, what), self.path, item.line_of("quantity"), "quantity key"
            ),
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
            extracted=self.extracted(item),
        )

    def statement(self, item: LineDict, event_keys: set[str]) -> Statement:
        for key in item:
            if key not in {"id", "kind", "speaker", "cue", "event", "text", "extracted"}:
                raise InputError(f"unknown quote field {key!r}", self.path, item.line_of(key))
        quote_id = as_slug(require(item, "id", self.path, "quote"), self.path, item.line_of("id"), "quote id")
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
