"""Run the rules over one parsed article: its figures, speakers, quotations and events, with evidence spans."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from repat_kg.extraction.attribution import (
    ArticleContext,
    Attribution,
    attribute,
    note_persons,
    quote_attribution,
    quote_spans,
    sent_of,
    sents_of,
    text_of,
)
from repat_kg.extraction.entities import Drafts, EntityIndex
from repat_kg.extraction.events import Event, Published, find_events
from repat_kg.extraction.figures import Figure, find_figures
from repat_kg.extraction.furniture import Layout
from repat_kg.extraction.inputs import Article
from repat_kg.extraction.lexicon import Lexicon

_FULL_DATE = re.compile(
    r"\b(?:(?P<m1>[A-Z][a-z]{2,8})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[A-Z][a-z]{2,8})\.?,?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<n3>\d\d)-(?P<d3>\d\d))\b"
)


@dataclass
class ClaimDraft:
    figure: Figure
    attribution: Attribution
    evidence: str  # exact text, unique in the content
    start: int  # article offsets of the figure words
    end: int
    description: str
    event: int | None = None  # index into the article's events


@dataclass
class QuoteDraft:
    text: str
    start: int
    attribution: Attribution


@dataclass
class ArticleDraft:
    article: Article
    layout: Layout
    headline: str
    headline_basis: str | None
    published: Published
    outlet: str
    outlet_basis: str
    claims: list[ClaimDraft] = field(default_factory=list)
    quotes: list[QuoteDraft] = field(default_factory=list)
    events: list[tuple[Event, str]] = field(default_factory=list)  # with its evidence


def content_text_ranges(text: str, layout: Layout) -> list[tuple[int, int]]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    ranges = []
    for first, last in layout.content:
        start = starts[first - 1]
        end = starts[last] if last < len(starts) else len(text)
        ranges.append((start, end))
    return ranges


def occurrences_in_content(text: str, needle: str, ranges: list[tuple[int, int]]) -> int:
    count, position = 0, text.find(needle)
    while position != -1:
        if any(s <= position and position + len(needle) <= e for s, e in ranges):
            count += 1
        position = text.find(needle, position + 1)
    return count


def unique_evidence(text: str, ranges: list[tuple[int, int]], start: int, end: int) -> str | None:
    """The shortest text around [start, end) that occurs exactly once in the content (sentence, then line)."""
    candidate = text[start:end].strip()
    if candidate and occurrences_in_content(text, candidate, ranges) == 1:
        return candidate
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    for grow in range(1, 40):
        left = max(line_start, start - grow * 8)
        right = min(line_end, end + grow * 8)
        while left > line_start and not text[left - 1].isspace():
            left -= 1  # whole words only
        while right < line_end and not text[right].isspace():
            right += 1
        candidate = text[left:right].strip()
        if occurrences_in_content(text, candidate, ranges) == 1:
            return candidate
        if left == line_start and right == line_end:
            break
    return None


def publication_date(article: Article, layout: Layout, given: str | None) -> Published | None:
    """The publication date: --published, the page's metadata, a dateline, or a lower bound from the text."""
    if given:
        return Published(given, "exact", "given on the command line (--published)")
    if article.date:
        return Published(article.date[:10], "exact", "the page's metadata (trafilatura)")
    text = article.text
    lines = text.split("\n")
    found = []
    for number, line in enumerate(lines, start=1):
        for match in _FULL_DATE.finditer(line):
            iso = _iso(match)
            if iso is not None:
                found.append((number, iso, match.group(0), line))
    for number, iso, words, line in found:
        head = "published" in line.lower() or (layout.reasons.get(number) == "timestamp" and number <= 15)
        if head or (
            layout.is_content(number)
            and number <= 12
            and re.search(r"\(\w+\)|dateline|\b[A-Z]{3,}\b", line)
            and words in line[:120]
        ):
            return Published(iso, "exact", f"the dateline printed on line {number}: '{words}'")
    in_content = [iso for number, iso, _, _ in found if layout.is_content(number)]
    if in_content:
        latest = max(in_content)
        return Published(
            latest, "on-or-after", "the latest full date the article's text gives (it reports it as past or present)"
        )
    years = [
        int(y)
        for number, line in enumerate(lines, start=1)
        if layout.is_content(number)
        for y in re.findall(r"\b((?:19|20)\d\d)\b", line)
        if 1990 <= int(y) <= dt.date.today().year
    ]
    if years:
        return Published(f"{max(years):04d}", "on-or-after", "the latest year the text mentions")
    if article.modified:
        return Published(
            article.modified,
            "on-or-before",
            "no date in the page or text: the article existed by the day its input file was last modified",
        )
    return None


def _iso(match: re.Match[str]) -> str | None:
    from repat_kg.extraction.events import MONTH_NUMBER

    try:
        if match.group("y1"):
            month = MONTH_NUMBER.get(match.group("m1").lower().rstrip("."))
            return dt.date(int(match.group("y1")), month, int(match.group("d1"))).isoformat() if month else None
        if match.group("y2"):
            month = MONTH_NUMBER.get(match.group("m2").lower().rstrip("."))
            return dt.date(int(match.group("y2")), month, int(match.group("d2"))).isoformat() if month else None
        return dt.date(int(match.group("y3")), int(match.group("n3")), int(match.group("d3"))).isoformat()
    except ValueError:
        return None


def _description(doc: Any, figure: Figure) -> str:
    anchor = doc[figure.anchor]
    end = figure.end
    if anchor.head.i >= figure.end and anchor.head.pos_ in ("NOUN", "PROPN") and anchor.head.i - figure.end < 6:
        end = anchor.head.i + 1
    return " ".join(doc[figure.start : end].text.split())


def extract_article(
    article: Article,
    layout: Layout,
    docs: list[tuple[int, Any]],
    index: EntityIndex,
    drafts: Drafts,
    lexicon: Lexicon,
    published: Published,
    outlet: tuple[str, str],
) -> ArticleDraft:
    """Apply every rule to the article's parsed content paragraphs ``docs`` ((offset, Doc) in text order)."""
    text = article.text
    ranges = content_text_ranges(text, layout)
    context = ArticleContext(text, index, drafts, lexicon, index.mentions(text))
    for base, doc in docs:
        note_persons(context, doc, base)
    headline, basis = _headline(article, layout, docs)
    draft = ArticleDraft(article, layout, headline, basis, published, outlet[0], outlet[1])
    previous: Figure | None = None
    for base, doc in docs:
        quotes = []
        paragraph = text_of(doc)
        for span in quote_spans(paragraph):
            attribution = quote_attribution(context, doc, base, span)
            quotes.append((span, attribution))
            quoted = paragraph[span[0] : span[1]].strip()
            if attribution is not None and quoted and occurrences_in_content(text, quoted, ranges) == 1:
                draft.quotes.append(QuoteDraft(quoted, base + span[0], attribution))
        events = find_events(context, doc, base, published)
        event_index = {}
        headline_start = _line_start(text, layout.headline_line)
        for event in events:
            if not event.places and not event.participants:
                continue
            if event.status == "planned" or base == headline_start:
                # a plan is not an event report, and the headline restates the lead's event
                continue
            evidence = unique_evidence(text, ranges, base + event.sentence.start_char, base + event.sentence.end_char)
            if evidence is None:
                continue
            event_index[event.anchor.i] = len(draft.events)
            draft.events.append((event, evidence))
        for figure in find_figures(doc, lexicon):
            if figure.inherited:
                if previous is not None and previous.counted not in (None, "proportion", "age-in-years", "years"):
                    figure.counted, figure.noun = previous.counted, previous.noun
                else:
                    figure.counted, figure.confidence = figure.counted or "people", 0.4
            if figure.counted is None:
                if figure.qualifier != "vague":
                    figure.counted = "people"
                    figure.confidence = 0.4
                else:
                    continue
            anchor = doc[figure.anchor]
            start, end = base + doc[figure.start].idx, base + doc[figure.end - 1].idx + len(doc[figure.end - 1].text)
            in_quote = next((a for (s, e), a in quotes if s <= doc[figure.start].idx < e), None)
            attribution = attribute(context, doc, base, anchor, in_quote)
            sent = sent_of(anchor)
            evidence = unique_evidence(text, ranges, base + sent.start_char, base + sent.end_char)
            if evidence is None:
                continue
            claim = ClaimDraft(figure, attribution, evidence, start, end, _description(doc, figure))
            for ancestor in anchor.ancestors:
                if ancestor.i in event_index:
                    claim.event = event_index[ancestor.i]
                    break
            draft.claims.append(claim)
            if figure.qualifier not in ("vague",) and figure.counted not in ("proportion", "age-in-years", "years"):
                previous = figure
    return draft


def _line_start(text: str, line: int | None) -> int | None:
    if line is None:
        return None
    position = 0
    for _ in range(line - 1):
        position = text.index("\n", position) + 1
    return position


def _headline(article: Article, layout: Layout, docs: list[tuple[int, Any]]) -> tuple[str, str | None]:
    lines = article.text.split("\n")
    if layout.headline_line is not None:
        return lines[layout.headline_line - 1].strip(), None
    if docs:
        doc = docs[0][1]
        first = sents_of(doc)[0]
        return first.text.strip(), "the text prints no headline: its first sentence stands in for it"
    return lines[0].strip(), "the text prints no headline"
