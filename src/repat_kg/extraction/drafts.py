"""Write an extracted article as a draft annotation (the curated format) and the batch's entity registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from repat_kg.extraction.article import ArticleDraft, content_text_ranges, occurrences_in_content
from repat_kg.extraction.attribution import Source
from repat_kg.extraction.entities import Drafts
from repat_kg.extraction.lexicon import Lexicon
from repat_kg.model.text import ArticleText
from repat_kg.readers.yamlfile import load_yaml, plain

SECTIONS = {"person": "people", "organization": "organizations", "place": "places"}


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return repr(round(float(value), 6))


def _speaker(source: Source | None) -> str:
    if source is None:
        return "none"
    if source.kind == "person":
        title = f", title: {q(source.title)}" if source.title else ""
        return f"{{person: {source.entity_id}{title}}}"
    if source.kind == "org":
        return f"{{org: {source.entity_id}}}"
    return f"{{unnamed: {q(source.label)}}}"


def _cue(cue: str, source: Source | None) -> str:
    """The cue of one attribution; an unattributed figure keeps only a hedge ('believed') or none."""
    if source is None:
        return "believed" if cue == "believed" else "none"
    return cue


def draft_run(provenance: str) -> dict[str, str]:
    """The document's ``extraction`` block from 'software X, spaCy Y, model Z, rules R'."""
    parts = dict(part.split(" ", 1) for part in provenance.split(", "))
    return {"software": parts["software"], "spacy": parts["spaCy"], "model": parts["model"], "rules": parts["rules"]}


def render_annotation(draft: ArticleDraft, provenance: str, lexicon: Lexicon, head_counts: frozenset[str]) -> str:
    """The draft annotation YAML of one article (byte-identical for the same input)."""
    article = draft.article
    text = article.text
    ranges = content_text_ranges(text, draft.layout)
    out = [
        f"# Draft annotation of {article.article_id}.txt extracted by repat-kg ({provenance}).",
        "# Every fact below is a machine draft with its confidence: check each against the text before relying on it.",
        f"# Input {article.source.name} read as {article.encoding}.",
        "document:",
        f"  outlet: {draft.outlet}",
        f"  outlet_basis: {q(draft.outlet_basis)}",
    ]
    if article.url and article.url.startswith(("http://", "https://")) and " " not in article.url:
        out.append(f"  url: {q(article.url)}")
    if draft.headline_basis:
        out.append(f"  # headline: {draft.headline_basis}")
    out.append(f"  headline: {q(draft.headline)}")
    published = draft.published
    out += [
        "  published:",
        f"    date: {q(published.value)}",
        f"    relation: {published.relation}",
        f"    basis: {q(published.basis)}",
    ]
    out.append("  wire: []")
    out.append("  extraction: {" + ", ".join(f"{k}: {q(v)}" for k, v in draft_run(provenance).items()) + "}")
    content = ", ".join(q(f"{a}-{b}") for a, b in draft.layout.content)
    out.append(f"  content: [{content}]")
    out += ["", "events:" if draft.events else "events: []"]
    keys = []
    for number, (event, evidence) in enumerate(draft.events, start=1):
        key = f"{article.article_id}-{event.type}-{number}".replace("_", "-")
        keys.append(key)
        label = " ".join(evidence.split())
        label = label if len(label) <= 120 else label[:117] + "..."
        out += [f"  - key: {key}", f"    type: {event.type}", f"    label: {q(event.type.capitalize() + ': ' + label)}"]
        if event.date is not None:
            date = f"{{value: {q(event.date.value)}, basis: {q(event.date.basis)}"
            if event.date.evidence and occurrences_in_content(text, event.date.evidence, ranges) == 1:
                date += f", evidence: {q(event.date.evidence)}"
            out.append(f"    date: {date}}}")
        elif event.status == "planned":
            planned = q("planned or expected after publication; no date given")
            out.append(f"    date: {{start: {q(published.value)}, basis: {planned}}}")
        else:
            basis = f"reported as done in an article published on {published.value}; no date given"
            if published.relation == "on-or-after":
                basis = f"no date given; the article was published on or after {published.value}"
            if published.relation == "on-or-before":
                basis = f"no date given; the article was published on or before {published.value}"
            out.append(
                f"    date: {{end: {q(published.value)}, basis: {q(basis)}}}"
                if published.relation != "on-or-after"
                else f"    date: {{start: {q(published.value)}, basis: {q(basis)}}}"
            )
        seen_places = set()
        places = []
        for role, place in event.places:
            if place not in seen_places:
                seen_places.add(place)
                places.append(f"      - {{place: {place}, role: {role}}}")
        if places:
            out += ["    places:", *places]
        if event.participants:
            out.append("    participants:")
            out += [f"      - {{agent: {agent}, role: {role}}}" for agent, role in dict.fromkeys(event.participants)]
        out += [f"    evidence: {q(evidence)}", f"    status: {event.status}", "    extracted: {confidence: 0.6}"]
    out += ["", "claims:" if draft.claims else "claims: []"]
    for number, claim in enumerate(draft.claims, start=1):
        figure = claim.figure
        sources: list[Source | None] = list(claim.attribution.sources) or [None]
        for which, source in enumerate(sources):
            claim_id = f"c{number}" + ("" if len(sources) == 1 else "abcdefgh"[which])
            out += [f"  - id: {claim_id}", f"    quantity: {article.article_id.replace('_', '-')}-q{number}"]
            if claim.event is not None:
                out.append(f"    event: {keys[claim.event]}")
            if figure.qualifier == "range":
                out += [f"    low: {_number(figure.low or 0)}", f"    high: {_number(figure.high or 0)}"]
            elif figure.qualifier == "vague":
                out.append(f"    low: {_number(figure.low or 0)}")
            else:
                out.append(f"    value: {_number(figure.value or 0)}")
            out += [
                f"    qualifier: {figure.qualifier}",
                f"    counted: {figure.counted}",
                *(
                    [f"    scope: {lexicon.scope_of(claim.evidence)}"]
                    if claim.event is not None and figure.counted in head_counts
                    else []
                ),
                f"    description: {q(claim.description)}",
                f"    speaker: {_speaker(source)}",
                f"    cue: {_cue(claim.attribution.cue, source)}",
                f"    evidence: {q(claim.evidence)}",
                f"    extracted: {{confidence: {round(min(figure.confidence, claim.attribution.confidence), 2)}}}",
            ]
    out += ["", "quotes:" if draft.quotes else "quotes: []"]
    for index, quote in enumerate(draft.quotes, start=1):
        for which, source in enumerate(quote.attribution.sources):
            suffix = "" if len(quote.attribution.sources) == 1 else "abcdefgh"[which]
            out += [
                f"  - id: quote-{index}{suffix}",
                f"    speaker: {_speaker(source)}",
                f"    cue: {quote.attribution.cue}",
                f"    text: {q(quote.text)}",
                f"    extracted: {{confidence: {quote.attribution.confidence}}}",
            ]
    return "\n".join(out) + "\n"


def used_entities(drafts: list[ArticleDraft]) -> set[str]:
    """Entity ids the drafts refer to (outlet, speakers, places, participants)."""
    used: set[str] = set()
    for draft in drafts:
        used.add(draft.outlet)
        for event, _ in draft.events:
            used |= {place for _, place in event.places}
            used |= {agent for agent, _ in event.participants}
        attributions = [c.attribution for c in draft.claims] + [q.attribution for q in draft.quotes]
        for attribution in attributions:
            used |= {s.entity_id for s in attribution.sources if s.entity_id is not None}
    return used


def render_registry(registry_path: Path, drafts: Drafts, articles: dict[str, ArticleText], used: set[str]) -> str:
    """The given registry's entities named in the extracted articles (or used), plus the drafts they need."""
    raw = plain(load_yaml(registry_path)) or {}
    out: dict[str, dict[str, Any]] = {"people": {}, "organizations": {}, "places": {}}

    def mentioned(names: list[str]) -> bool:
        return any(article.first_mention(name) is not None for article in articles.values() for name in names)

    kept: dict[str, dict[str, Any]] = {}
    for section in ("people", "organizations", "places"):
        for entity_id, spec in (raw.get(section) or {}).items():
            names = [spec.get("name", ""), *(spec.get("aliases") or [])]
            if entity_id in used or mentioned(names):
                kept[entity_id] = spec
                out[section][entity_id] = kept[entity_id]
    changed = True
    while changed:  # a 'within' stays only when its evidence and its container stay too
        changed = False
        for spec in kept.values():
            if "within" not in spec:
                continue
            evidence = spec.get("within_evidence") or {}
            article = articles.get(str(evidence.get("article")))
            ok = (
                spec["within"] in kept
                and article is not None
                and _unique_in_content(article, str(evidence.get("text")))
            )
            if not ok:
                spec.pop("within", None)
                spec.pop("within_evidence", None)
                changed = True
    for entity_id in sorted(drafts.by_id):
        if entity_id not in used:
            continue
        draft = drafts.by_id[entity_id]
        if draft.category == "person" and not mentioned([draft.name]):
            continue
        entry: dict[str, Any] = {"name": draft.name}
        if draft.kind:
            entry["kind"] = draft.kind
        entry["draft"] = True
        out[SECTIONS[draft.category]][entity_id] = entry
    header = (
        "# Entity registry of an extracted batch: the given registry's entities the articles name, plus the new\n"
        "# entities the drafts need, each marked 'draft: true' until a person checks it.\n"
    )
    body = yaml.safe_dump({k: v for k, v in out.items() if v}, sort_keys=False, allow_unicode=True, width=1000)
    return header + body


def _unique_in_content(article: ArticleText, text: str) -> bool:
    count, position = 0, article.text.find(text)
    while position != -1:
        if any(s <= position and position + len(text) <= e for s, e in article.content):
            count += 1
        position = article.text.find(text, position + 1)
    return count == 1
