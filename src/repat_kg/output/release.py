"""Release tables: the graph as CSV files a spreadsheet opens (events, claims, statements, sources, entities).

Each table is a SPARQL query in ``queries/tables/`` whose header names every column with its
HXL hashtag and its definition (``# column: name | #hashtag | definition``), so the same query
runs on a graph file, an on-disk store or a remote endpoint, and the codebook is written from the
same lines. Cells joined with " | " are sorted and rows are sorted, so every engine gives the
same bytes; the files (and the codebook) are written together or not at all.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from repat_kg import paths
from repat_kg.errors import InputError
from repat_kg.output.tables import plain
from repat_kg.store.queries import CannedQuery, Table, parse_query

TABLE_NAMES = ("events", "claims", "statements", "sources", "entities")
CODEBOOK = "codebook.md"
JOINER = " | "
COLUMN_LINE = re.compile(r"^#\s*column:\s*([a-z][a-z0-9_]*)\s*\|\s*(#[a-z0-9_+]+)\s*\|\s*(.+?)\s*$")
SCHEME_NOTE = re.compile(r"\(scheme: ([^)]+)\)")


@dataclass(frozen=True)
class Column:
    name: str
    hxl: str  # the HXL hashtag with its attributes
    definition: str

    @property
    def schemes(self) -> list[str]:
        """The ontology schemes (or class vocabularies) the column's values come from, as the definition names them."""
        return SCHEME_NOTE.findall(self.definition)


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    columns: tuple[Column, ...]
    query: CannedQuery


def table_specs() -> list[TableSpec]:
    """The release tables, in release order, with their columns as their query files declare them."""
    folder = paths.queries_dir() / "tables"
    specs = []
    for name in TABLE_NAMES:
        path = folder / f"{name}.rq"
        text = path.read_text(encoding="utf-8")
        columns = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.startswith("# column:"):
                match = COLUMN_LINE.match(line)
                if not match:
                    raise InputError("malformed column line (expected 'name | #hashtag | definition')", path, number)
                columns.append(Column(*match.groups()))
        query = parse_query(name, text, str(path))
        specs.append(TableSpec(name, query.description, tuple(columns), query))
    return specs


def sorted_joined(cell: str) -> str:
    """A cell that joins several values with JOINER, its values sorted and each once (engines join them in any
    order); any other cell as it is."""
    return JOINER.join(sorted(set(cell.split(JOINER)))) if JOINER in cell else cell


def table_rows(spec: TableSpec, table: Table) -> list[list[str]]:
    """The query's answer as sorted rows of plain cells in the declared column order; joined cells sorted."""
    declared = [c.name for c in spec.columns]
    if table.columns != declared:
        raise InputError(f"table {spec.name!r}: the query's columns {table.columns} are not the declared {declared}")
    rows = []
    for row in table.rows:
        cells = [plain(term) for term in row]
        rows.append([sorted_joined(cell) for cell in cells])
    # Distinct rows, sorted: engines may return them in any order.
    return [list(r) for r in sorted({tuple(r) for r in rows}, key=lambda r: [_sort_key(cell) for cell in r])]


def _sort_key(cell: str) -> tuple[int, float, str]:
    """Numbers in numeric order (line 9 before line 10), other cells as text."""
    try:
        return (0, float(cell), cell)
    except ValueError:
        return (1, 0.0, cell)


def csv_bytes(spec: TableSpec, rows: list[list[str]], hxl: bool) -> bytes:
    """A CSV file: UTF-8 with a byte-order mark (so spreadsheets read it as UTF-8), CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in spec.columns])
    if hxl:
        writer.writerow([c.hxl for c in spec.columns])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
