"""Assemble the HTML report's contents from the answers of its canned queries (plain data, sorted, no HTML).

The report is a client of the same queries a SPARQL user runs: ``REPORT_QUERIES`` names them, and
:func:`assemble` turns their tables into the sections the template renders (summary, tracker,
timeline, claims, disagreements, evidence texts, entities). Everything is sorted here, so the same
graph gives the same report on every engine.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from repat_kg import paths
from repat_kg.errors import InputError
from repat_kg.output.release import JOINER, sorted_joined
from repat_kg.output.tables import plain
from repat_kg.store.queries import CannedQuery, Table, parse_query

# Section -> the query file (under queries/) that feeds it.
REPORT_QUERIES = {
    "tracker": "tracker.rq",
    "conflicts": "conflicting-claims.rq",
    "claims": "tables/claims.rq",
    "statements": "tables/statements.rq",
    "sources": "tables/sources.rq",
    "entities": "tables/entities.rq",
    "events": "tables/events.rq",
    "timeline": "report/timeline.rq",
    "texts": "report/texts.rq",
    "mentions": "report/mentions.rq",
}
DASH = "\u2013"  # the en dash of a range: 3-14 reads '3\u201314'
SEVERAL_STATES = "Several states"
NO_STATE = "State not given"
# Columns whose cells are lists joined by JOINER.
LIST_COLUMNS = frozenset({"aliases", "types", "repatriating_states", "origins", "destinations", "locations"})
PLANNED = frozenset({"planned", "announced"})  # drawn hollow: not (yet) done
LIST_LIMIT = 10  # items listed per entity and kind; the rest are counted (and reachable through the claims table)

Row = dict[str, str]


def report_queries() -> dict[str, CannedQuery]:
    """The report's queries, by section, read from the shipped queries folder."""
    folder = paths.queries_dir()
    queries = {}
    for section, relative in REPORT_QUERIES.items():
        path = folder / relative
        queries[section] = parse_query(path.stem, path.read_text(encoding="utf-8"), str(path))
    return queries


def rows_of(table: Table) -> list[Row]:
    """A query's answer as plain cells keyed by column (IRIs and literals as their text, unbound as ''); the parts
    of a joined list cell sorted, since engines join GROUP_CONCAT values in any order."""
    rows = []
    for row in table.rows:
        cells = {column: plain(term) for column, term in zip(table.columns, row, strict=True)}
        for column in LIST_COLUMNS.intersection(cells):
            cells[column] = sorted_joined(cells[column])
        rows.append(cells)
    return rows


def _int(cell: str) -> int:
    try:
        return int(cell)
    except ValueError:
        return 0


def _number(cell: str) -> Decimal | None:
    try:
        return Decimal(cell) if cell else None
    except InvalidOperation:
        return None


def _show_number(cell: str) -> str:
    """'4500' -> '4,500', '0.3333' stays; the text as given when it is not a number."""
    number = _number(cell)
    if number is None:
        return cell
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return str(number)


def figure_text(qualifier: str, value: str, low: str, high: str) -> str:
    """How a figure reads: '34', 'more than 140', '3-14' (an en dash), 'vague: 3'; the evidence has the words."""
    if value:
        shown = _show_number(value)
    elif low and high:
        shown = f"{_show_number(low)}{DASH}{_show_number(high)}"
    else:
        shown = _show_number(low or high)
    if qualifier in ("", "exact", "range"):
        return shown
    if qualifier == "vague":
        return f"vague: {shown}"
    return f"{qualifier.replace('-', ' ')} {shown}"


def chosen_text(cell: str) -> str:
    """The tracker's chosen figure ('more-than 140', 'vague 3', '30') in the report's words."""
    qualifier, _, number = cell.rpartition(" ")
    return figure_text(qualifier, number, "", "") if cell else ""


@dataclass(frozen=True)
class Evidence:
    """A span of an article the reader can open: the article, its offsets and its exact text."""

    article: str
    start: int
    end: int
    text: str


@dataclass
class Claim:
    id: str
    figure: str
    counted: str
    quantity: str
    event: str
    scope: str
    speaker: str
    speaker_id: str
    speaker_type: str
    speaker_title: str
    cue: str
    rank: str
    method: str
    article: str
    published: str
    states: tuple[str, ...]
    evidence: Evidence
    implied_min: Decimal | None
    implied_max: Decimal | None


@dataclass
class Article:
    id: str
    outlet: str
    published: str
    url: str
    headline: str
    text: str


@dataclass
class Mark:
    """One event on the timeline: its lane, its span of time and how it is drawn."""

    event: str
    label: str
    status: str
    lane: str
    states: tuple[str, ...]
    types: str
    low: str  # earliest date any article gives ('' when none)
    high: str  # latest date any article gives
    head_counts: tuple[tuple[str, str], ...]  # (what is counted, the preferred figure) of its total head counts
    reports: tuple[tuple[str, str, Evidence], ...]  # (article, its status, its evidence)

    @property
    def planned(self) -> bool:
        return self.status in PLANNED

    @property
    def counts_text(self) -> str:
        """'34 children', '156 children, 75 adults': the label drawn beside the mark."""
        return ", ".join(f"{figure} {counted.replace('-', ' ')}" for counted, figure in self.head_counts)


@dataclass
class TrackerRow:
    year: str
    event: str
    operation: str
    status: str
    counted: str
    scope: str
    chosen: str  # as the report shows it ('more than 140')
    chosen_cell: str  # as the tracker query gives it ('more-than 140')
    rule: str
    chosen_by: str
    chosen_source: str
    lowest: str
    highest: str
    lowest_cell: str
    highest_cell: str
    figures: str
    part_of: str
    quantity: str
    sources: tuple[str, ...]


@dataclass
class StateTracker:
    state: str
    operations: int
    totals: tuple[tuple[str, str], ...]  # (counted, sum of the chosen single-operation totals)
    rows: list[TrackerRow]


@dataclass
class Disagreement:
    quantity: str
    claims: list[Claim]
    contradictions: int  # pairs of figures that cannot both be true (conflicting-claims)


@dataclass
class EntityPage:
    id: str
    category: str
    name: str
    aliases: str
    kind: str
    within: str
    qid: str
    link_method: str
    method: str
    mentions: list[Evidence]
    mention_count: int
    figures: list[Claim]
    figure_count: int
    statements: list[tuple[str, Evidence]]
    statement_count: int


@dataclass
class Summary:
    articles: int
    outlets: int
    first_published: str
    last_published: str
    events: int
    operations: int
    claims: int
    statements: int
    people: int
    organizations: int
    places: int
    extracted_claims: int


@dataclass
class Report:
    summary: Summary
    trackers: list[StateTracker]
    marks: list[Mark]
    lanes: list[str]
    claims: list[Claim]
    disagreements: list[Disagreement]
    articles: dict[str, Article]
    entities: list[EntityPage]
    speakers: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)


def assemble(answers: Mapping[str, Table]) -> Report:
    """The report's sections from the answers of :data:`REPORT_QUERIES` (by section name)."""
    missing = sorted(set(REPORT_QUERIES) - set(answers))
    if missing:
        raise InputError(f"the report needs the answers of: {', '.join(missing)}")
    rows = {section: rows_of(answers[section]) for section in REPORT_QUERIES}
    articles = _articles(rows["sources"], rows["texts"])
    event_states = _event_states(rows["timeline"])
    claims = _claims(rows["claims"], event_states)
    marks = _marks(rows["timeline"], claims)
    lanes = sorted({m.lane for m in marks}, key=_lane_order)
    entities = _entities(rows["entities"], rows["mentions"], rows["statements"], claims)
    summary = Summary(
        articles=len(articles),
        outlets=len({a.outlet for a in articles.values() if a.outlet}),
        first_published=min((a.published for a in articles.values() if a.published), default=""),
        last_published=max((a.published for a in articles.values() if a.published), default=""),
        events=len({r["event_id"] for r in rows["events"]}),
        operations=len(marks),
        claims=len(claims),
        statements=len({r["statement_id"] for r in rows["statements"]}),
        people=sum(1 for e in entities if e.category == "person"),
        organizations=sum(1 for e in entities if e.category == "organization"),
        places=sum(1 for e in entities if e.category == "place"),
        extracted_claims=sum(1 for c in claims if c.method != "curated"),
    )
    return Report(
        summary=summary,
        trackers=_trackers(rows["tracker"], claims),
        marks=marks,
        lanes=lanes,
        claims=claims,
        disagreements=_disagreements(claims, rows["conflicts"]),
        articles=articles,
        entities=entities,
        speakers=sorted({c.speaker for c in claims if c.speaker}),
        states=sorted({s for c in claims for s in c.states}),
    )


def _lane_order(lane: str) -> tuple[int, str]:
    return (2 if lane == NO_STATE else 1 if lane == SEVERAL_STATES else 0, lane)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(sorted({part for part in cell.split(JOINER) if part})) if cell else ()


def _articles(sources: Iterable[Row], texts: Iterable[Row]) -> dict[str, Article]:
    text_of = {r["article_id"]: r["text"] for r in texts}
    out = {}
    for r in sorted(sources, key=lambda r: r["article_id"]):
        article_id = r["article_id"]
        text = text_of.get(article_id, "")
        out[article_id] = Article(article_id, r["outlet"], r["published"], r["article_url"], r["headline"], text)
    return out


def _event_states(timeline: Iterable[Row]) -> dict[str, tuple[str, ...]]:
    states: dict[str, set[str]] = defaultdict(set)
    for r in timeline:
        states[r["event_id"]].update(_split(r["repatriating_states"]))
    return {event: tuple(sorted(names)) for event, names in states.items()}


def _claims(rows: Iterable[Row], event_states: Mapping[str, tuple[str, ...]]) -> list[Claim]:
    claims = []
    for r in rows:
        claims.append(
            Claim(
                id=r["claim_id"],
                figure=figure_text(r["qualifier"], r["value"], r["low"], r["high"]),
                counted=r["counted"],
                quantity=r["quantity"],
                event=r["event_id"],
                scope=r["scope"],
                speaker=r["speaker"],
                speaker_id=r["speaker_id"],
                speaker_type=r["speaker_type"],
                speaker_title=r["speaker_title"],
                cue=r["cue"],
                rank=r["rank"],
                method=r["method"],
                article=r["article_id"],
                published=r["published"],
                states=event_states.get(r["event_id"], ()),
                evidence=Evidence(r["article_id"], _int(r["start"]), _int(r["end"]), r["evidence"]),
                implied_min=_number(r["implied_min"]),
                implied_max=_number(r["implied_max"]),
            )
        )
    return sorted(claims, key=lambda c: (c.article, c.evidence.start, c.evidence.end, c.id))


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _marks(timeline: Iterable[Row], claims: list[Claim]) -> list[Mark]:
    by_event: dict[str, list[Row]] = defaultdict(list)
    for r in timeline:
        by_event[r["event_id"]].append(r)
    head_counts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for c in claims:
        if c.event and c.scope == "total" and c.rank == "preferred":
            head_counts[c.event].add((c.counted, c.figure))
    marks = []
    for event, reports in by_event.items():
        lows = [d for r in reports for d in (r["date"], r["date_start"]) if _DATE.match(d)]
        highs = [d for r in reports for d in (r["date"], r["date_end"]) if _DATE.match(d)]
        states = tuple(sorted({s for r in reports for s in _split(r["repatriating_states"])}))
        lane = states[0] if len(states) == 1 else SEVERAL_STATES if states else NO_STATE
        first: dict[str, Row] = {}
        for r in sorted(reports, key=lambda r: (r["article_id"], _int(r["start"]), _int(r["end"]))):
            first.setdefault(r["article_id"], r)
        marks.append(
            Mark(
                event=event,
                label=reports[0]["label"],
                status=reports[0]["current_status"] or reports[0]["report_status"],
                lane=lane,
                states=states,
                types=reports[0]["types"],
                low=min(lows, default=""),
                high=max(highs, default=""),
                head_counts=tuple(sorted(head_counts.get(event, ()))),
                reports=tuple(
                    (article, r["report_status"], Evidence(article, _int(r["start"]), _int(r["end"]), r["evidence"]))
                    for article, r in sorted(first.items())
                ),
            )
        )
    return sorted(marks, key=lambda m: (_lane_order(m.lane), m.low or m.high or "9999", m.high, m.event))


def _trackers(rows: Iterable[Row], claims: list[Claim]) -> list[StateTracker]:
    preferred = {c.quantity: c for c in claims if c.rank == "preferred"}
    by_state: dict[str, list[TrackerRow]] = defaultdict(list)
    for r in rows:
        by_state[r["state"]].append(
            TrackerRow(
                year=r["year"],
                event=r["event"],
                operation=r["operation"],
                status=r["status"],
                counted=r["counted"],
                scope=r["scope"],
                chosen=chosen_text(r["chosen"]),
                chosen_cell=r["chosen"],
                rule=r["rule"],
                chosen_by=r["chosen_by"],
                chosen_source=r["chosen_source"],
                lowest=_show_number(r["lowest"]),
                highest=_show_number(r["highest"]),
                lowest_cell=r["lowest"],
                highest_cell=r["highest"],
                figures=r["figures"],
                part_of=r["part_of"],
                quantity=r["quantity"],
                sources=tuple(sorted({s.strip() for s in r["sources"].replace(JOINER, ",").split(",") if s.strip()})),
            )
        )
    trackers = []
    for state in sorted(by_state):
        state_rows = sorted(by_state[state], key=lambda t: (t.year, t.event, t.counted, t.scope, t.quantity, t.chosen))
        operations = len({t.event for t in state_rows})
        trackers.append(StateTracker(state, operations, _totals(state_rows, preferred), state_rows))
    return trackers


def _totals(rows: list[TrackerRow], preferred: Mapping[str, Claim]) -> tuple[tuple[str, str], ...]:
    """Per thing counted: the sum of the chosen figures of single operations (scope total), as the bounds they allow."""
    low: dict[str, Decimal] = defaultdict(Decimal)
    high: dict[str, Decimal | None] = {}
    for t in rows:
        claim = preferred.get(t.quantity)
        if t.scope != "total" or claim is None or claim.implied_min is None:
            continue
        low[t.counted] += claim.implied_min
        bound = high.get(t.counted, Decimal(0))
        high[t.counted] = None if bound is None or claim.implied_max is None else bound + claim.implied_max
    totals = []
    for counted in sorted(low):
        lo, hi = low[counted], high[counted]
        if hi is None:
            shown = f"at least {_show_number(str(lo))}"
        elif hi == lo:
            shown = _show_number(str(lo))
        else:
            shown = f"{_show_number(str(lo))}{DASH}{_show_number(str(hi))}"
        totals.append((counted, shown))
    return tuple(totals)


def _disagreements(claims: list[Claim], conflicts: Iterable[Row]) -> list[Disagreement]:
    """Quantities on which the articles give different figures, with how many pairs cannot both be true."""
    by_quantity: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_quantity[c.quantity].append(c)
    contradictions: dict[str, int] = defaultdict(int)
    for r in conflicts:
        contradictions[r["quantity"]] += 1
    out = []
    for quantity in sorted(by_quantity):
        group = by_quantity[quantity]
        if len({c.figure for c in group}) > 1 or contradictions.get(quantity):
            ordered = sorted(group, key=lambda c: (c.published, c.article, c.evidence.start, c.id))
            out.append(Disagreement(quantity, ordered, contradictions.get(quantity, 0)))
    return out


def _entities(
    rows: Iterable[Row], mentions: Iterable[Row], statements: Iterable[Row], claims: list[Claim]
) -> list[EntityPage]:
    mentions_of: dict[str, list[Evidence]] = defaultdict(list)
    for r in mentions:
        mentions_of[r["entity_id"]].append(Evidence(r["article_id"], _int(r["start"]), _int(r["end"]), r["text"]))
    statements_of: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    for r in statements:
        if r["speaker_id"]:
            evidence = Evidence(r["article_id"], _int(r["start"]), _int(r["end"]), r["text"])
            statements_of[r["speaker_id"]].append((r["kind"], evidence))
    figures_of: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.speaker_id:
            figures_of[c.speaker_id].append(c)
    pages = []
    for r in rows:
        found = sorted(set(mentions_of.get(r["entity_id"], [])), key=lambda e: (e.article, e.start, e.end))
        said = sorted(set(statements_of.get(r["entity_id"], [])), key=lambda s: (s[1].article, s[1].start, s[0]))
        figures = figures_of.get(r["entity_id"], [])
        pages.append(
            EntityPage(
                id=r["entity_id"],
                category=r["category"],
                name=r["name"],
                aliases=r["aliases"],
                kind=r["kind"],
                within=r["within"],
                qid=r["wikidata_qid"],
                link_method=r["link_method"],
                method=r["method"],
                mentions=found[:LIST_LIMIT],
                mention_count=len(found),
                figures=figures[:LIST_LIMIT],
                figure_count=len(figures),
                statements=said[:LIST_LIMIT],
                statement_count=len(said),
            )
        )
    order = {"person": 0, "organization": 1, "place": 2}
    return sorted(pages, key=lambda p: (order.get(p.category, 3), p.name.casefold(), p.id))
