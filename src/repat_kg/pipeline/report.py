"""Make the HTML report: run its canned queries with any runner (local or remote), render, write it whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repat_kg.atomic import write_atomically
from repat_kg.output.report import render_report
from repat_kg.output.report_data import assemble, report_queries
from repat_kg.store.queries import CannedQuery, Table


def make_report(run: Callable[[CannedQuery], Table]) -> bytes:
    """The report's HTML: every report query answered by ``run``, assembled and rendered."""
    answers = {section: run(query) for section, query in report_queries().items()}
    return render_report(assemble(answers))


def write_report(run: Callable[[CannedQuery], Table], output: Path) -> Path:
    """Write the report to ``output`` once every query has answered; a failure leaves an earlier file as it was."""
    write_atomically({output: make_report(run)})
    return output
