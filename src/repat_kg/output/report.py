"""Render the assembled report as one self-contained HTML file (Jinja2 templates shipped in the package).

Styles, script and data are inline and a Content-Security-Policy forbids every other load, so the
file opens with no network. The timeline is inline SVG laid out here; the claims table is drawn by
the inline script from a JSON block (paged, so large corpora stay usable); the evidence view slices
each article's text by its code-point offsets. The same report gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import jinja2

from repat_kg import __version__, paths
from repat_kg.output.report_data import Claim, Mark, Report

# Timeline geometry, in SVG user units (the drawing scales to the page width).
WIDTH, LABELS, RIGHT, UNDATED = 1000, 170, 16, 60
ROW, LANE_PAD, AXIS = 16, 8, 28
MIN_BAR = 6.0
CHARACTER = 6.2  # the width of one character of a mark's label, for keeping labels apart


@dataclass(frozen=True)
class Shape:
    """How one mark is drawn: a bar over its span, or a triangle at an open end, or a dot (no date)."""

    kind: str  # bar | since | until | undated
    x: float
    y: float
    width: float
    status_class: str
    dates: str
    label_x: float  # where the head counts are written beside the mark
    label_anchor: str  # start (right of the mark) or end (left of it, near the right edge)


@dataclass(frozen=True)
class Lane:
    name: str
    y: float
    height: float


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    lanes: tuple[Lane, ...]
    ticks: tuple[tuple[float, str], ...]
    shapes: tuple[tuple[Mark, Shape], ...]
    undated_x: float | None  # where the marks with no date stand, when there are any


def _period(text: str) -> tuple[date, date]:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD period and the day after it."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0] + 1, 1, 1)
    if len(parts) == 2:
        start = date(parts[0], parts[1], 1)
        after = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return start, after
    start = date(parts[0], parts[1], parts[2])
    return start, start + timedelta(days=1)


def _year_fraction(day: date) -> float:
    start = date(day.year, 1, 1)
    return day.year + (day - start).days / (date(day.year + 1, 1, 1) - start).days


def dates_text(mark: Mark) -> str:
    """The span of time the articles give, in words: '2019-05-07 to 2019-05-09', 'since 2017', 'by 2021-04-18'."""
    if mark.low and mark.high:
        return mark.low if mark.low == mark.high else f"{mark.low} to {mark.high}"
    if mark.low:
        return f"since {mark.low}"
    if mark.high:
        return f"by {mark.high}"
    return "no date given"


def layout_timeline(marks: list[Mark], lanes: list[str]) -> Timeline:
    """Place every mark in its state's lane; marks that would overlap go on separate rows of the lane."""
    years = [int(d[:4]) for m in marks for d in (m.low, m.high) if d]
    first, last = (min(years), max(years) + 1) if years else (2000, 2001)
    undated = any(not (m.low or m.high) for m in marks)
    plot_right = WIDTH - RIGHT - (UNDATED if undated else 0)
    scale = (plot_right - LABELS) / (last - first)

    def x_of(day: date) -> float:
        return round(LABELS + (_year_fraction(day) - first) * scale, 1)

    placed: list[tuple[Mark, str, float, float]] = []  # mark, kind, x, width
    for mark in marks:
        if mark.low and mark.high:
            x0, x1 = x_of(_period(mark.low)[0]), x_of(_period(mark.high)[1])
            placed.append((mark, "bar", x0, max(MIN_BAR, round(x1 - x0, 1))))
        elif mark.low:
            placed.append((mark, "since", x_of(_period(mark.low)[0]), 10.0))
        elif mark.high:
            placed.append((mark, "until", x_of(_period(mark.high)[1]) - 10.0, 10.0))
        else:
            placed.append((mark, "undated", plot_right + UNDATED / 2 - 5, 10.0))
    shapes: list[tuple[Mark, Shape]] = []
    lane_boxes = []
    y = float(AXIS)
    for lane in lanes:
        rows: list[float] = []  # the right end of the last mark on each row
        in_lane = [p for p in placed if p[0].lane == lane]
        for mark, kind, x, width in in_lane:
            label = len(mark.counts_text) * CHARACTER + 4 if mark.counts_text else 0.0
            flipped = x + width + label > WIDTH - 2
            left, right = (x - label, x + width) if flipped else (x, x + width + label)
            row = next((i for i, end in enumerate(rows) if end + 4 <= left), len(rows))
            if row == len(rows):
                rows.append(0.0)
            rows[row] = right
            status = "planned" if mark.planned else mark.status or "happened"
            label_x, anchor = (round(x - 3, 1), "end") if flipped else (round(x + width + 3, 1), "start")
            row_y = y + LANE_PAD + row * ROW
            shapes.append((mark, Shape(kind, x, row_y, width, status, dates_text(mark), label_x, anchor)))
        height = LANE_PAD * 2 + max(1, len(rows)) * ROW
        lane_boxes.append(Lane(lane, y, height))
        y += height
    ticks = tuple((x_of(date(year, 1, 1)), str(year)) for year in range(first, last))
    return Timeline(WIDTH, int(y + 6), tuple(lane_boxes), ticks, tuple(shapes), plot_right if undated else None)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(paths.report_templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["label"] = lambda notation: (notation or "").replace("-", " ")
    return env


def _claim_record(claim: Claim) -> list[str]:
    """A claims-table row as the script reads it (the order of CLAIM_FIELDS)."""
    return [
        claim.id,
        claim.figure,
        claim.counted,
        claim.speaker,
        claim.speaker_title,
        claim.speaker_type,
        claim.article,
        claim.published,
        " | ".join(claim.states),
        claim.method,
        claim.rank,
        claim.quantity,
        str(claim.evidence.start),
        str(claim.evidence.end),
        claim.evidence.text,
    ]


CLAIM_FIELDS = (
    "id", "figure", "counted", "speaker", "title", "speakerType", "article", "published", "states",
    "method", "rank", "quantity", "start", "end", "evidence",
)  # fmt: skip


def _json_block(data: Any) -> str:
    """JSON safe inside a <script type="application/json"> element (no '<', '>', '&' or line separators)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(raw, f"\\u{ord(raw):04x}")
    return text


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def render_report(report: Report, title: str = "Repatriations reported in the news") -> bytes:
    """The report as UTF-8 HTML bytes, the same for the same report."""
    env = _environment()
    folder = paths.report_templates_dir()
    style = (folder / "report.css").read_text(encoding="utf-8")
    script = (folder / "report.js").read_text(encoding="utf-8")
    data = {
        "fields": list(CLAIM_FIELDS),
        "claims": [_claim_record(c) for c in report.claims],
        "articles": {
            a.id: {"outlet": a.outlet, "published": a.published, "url": a.url, "headline": a.headline, "text": a.text}
            for a in report.articles.values()
        },
    }
    policy = (
        f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    html = env.get_template("report.html.j2").render(
        title=title,
        version=__version__,
        report=report,
        timeline=layout_timeline(report.marks, report.lanes),
        dates_text=dates_text,
        style=style,
        script=script,
        data=_json_block(data),
        policy=policy,
    )
    return html.encode("utf-8")
