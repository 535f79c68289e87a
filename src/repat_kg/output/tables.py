"""Render result tables (query results, link proposals) as an aligned table, CSV, TSV or JSON."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from repat_kg.store.queries import Table

FORMATS = ("table", "csv", "tsv", "json")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def plain(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A term as a reader wants to see it: the IRI, or the literal's lexical form."""
    if term is None:
        return ""
    return term.value


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def render(table: Table, fmt: str) -> str:
    if fmt == "json":
        bindings = [
            {column: _json_term(term) for column, term in zip(table.columns, row, strict=True) if term is not None}
            for row in table.rows
        ]
        document = {"head": {"vars": table.columns}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return render_cells(table.columns, [[plain(term) for term in row] for row in table.rows], fmt)


def render_cells(columns: list[str], cells: list[list[str]], fmt: str) -> str:
    """Render rows of plain strings; JSON is a list of objects keyed by column."""
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in cells]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[cell.replace("\n", " ") for cell in row] for row in cells] if fmt == "tsv" else cells)
        return buffer.getvalue()
    widths = [min(60, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        shown = [v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(values, widths, strict=True)]
        return "  ".join(s.ljust(w) for s, w in zip(shown, widths, strict=True)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out += [line([cell.replace("\n", " ") for cell in row]) for row in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"
