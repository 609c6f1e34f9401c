"""The official geometry of each table: a grid of cells with their spans.

Derived from the layout once; the HTML, Word and workbook renderers all draw this
grid, so the three agree with each other and with the printed template.
"""

from __future__ import annotations

import functools
from typing import Literal

import attrs

from .._layout import Group, Row, Table, layout

__all__ = ["GridCell", "TableGrid", "anchor", "column_widths", "grid"]

Role = Literal["corner", "header", "title", "label", "value", "empty"]

TABLE_2_WIDTH = 3
"""Value columns of table 2: the width of block （一）, which every block spans."""


@attrs.frozen
class GridCell:
    """One printed cell: its text (or the pointer of the value it shows) and its spans."""

    row: int
    column: int
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    pointer: str | None = None
    """For a value cell: the JSON Pointer of the value it shows."""


@attrs.frozen
class TableGrid:
    """A table as printed: `cells` placed on a grid of `height` rows and `width` columns."""

    table: Table
    cells: tuple[GridCell, ...]
    height: int
    width: int
    header_rows: int

    def by_pointer(self) -> dict[str, GridCell]:
        return {cell.pointer: cell for cell in self.cells if cell.pointer}


def _span(node: Row | Group) -> int:
    return 1 if isinstance(node, Row) else sum(_span(child) for child in node.children)


def _depth(nodes: tuple[Row | Group, ...]) -> int:
    return max(1 if isinstance(n, Row) else 1 + _depth(n.children) for n in nodes)


def _proactive(table: Table) -> TableGrid:
    cells: list[GridCell] = []
    width = 1 + TABLE_2_WIDTH
    line = 0
    block: str | None = None
    for row in table.rows:
        if row.band and row.band.zh != block:
            block = row.band.zh
            cells.append(GridCell(line, 0, block, "title", colspan=width))
            line += 1
            cells.append(GridCell(line, 0, table.corner or "", "header"))
            cells.extend(_spread(line, [c.label.zh for c in row.columns], "header"))
            line += 1
        cells.append(GridCell(line, 0, row.label.zh, "label"))
        pointers = [f"{row.pointer}/{column.key}" for column in row.columns]
        cells.extend(_spread(line, pointers, "value"))
        line += 1
    return TableGrid(table, tuple(cells), line, width, 0)


def _spread(line: int, items: list[str], role: Role) -> list[GridCell]:
    """Cells after the label column: one value spans the three value columns."""
    if len(items) == 1:
        return [_cell(line, 1, items[0], role, colspan=TABLE_2_WIDTH)]
    placed = [_cell(line, 1 + index, item, role) for index, item in enumerate(items)]
    placed += [GridCell(line, 1 + index, "", "empty") for index in range(len(items), TABLE_2_WIDTH)]
    return placed


def _cell(line: int, column: int, item: str, role: Role, colspan: int = 1) -> GridCell:
    if role == "value":
        return GridCell(line, column, "", role, colspan=colspan, pointer=item)
    return GridCell(line, column, item, role, colspan=colspan)


def _matrix(table: Table) -> TableGrid:
    """Table 3: three header rows, group labels spanning their rows."""
    depth = _depth(table.children)
    columns = table.rows[0].columns
    width = depth + len(columns)
    cells = [GridCell(0, 0, table.corner or "", "corner", rowspan=3, colspan=depth)]
    header = table.columns_header.zh if table.columns_header else ""
    cells.append(GridCell(0, depth, header, "header", colspan=len(columns)))
    column = depth
    bands: set[str] = set()
    for item in columns:
        if item.band is None:
            cells.append(GridCell(1, column, item.label.zh, "header", rowspan=2))
        else:
            if item.band.zh not in bands:
                bands.add(item.band.zh)
                count = sum(1 for other in columns if other.band == item.band)
                cells.append(GridCell(1, column, item.band.zh, "header", colspan=count))
            cells.append(GridCell(2, column, item.label.zh, "header"))
        column += 1
    line = 3

    def place(nodes: tuple[Row | Group, ...], level: int) -> None:
        nonlocal line
        for node in nodes:
            if isinstance(node, Group):
                cells.append(GridCell(line, level, node.label.zh, "label", rowspan=_span(node)))
                place(node.children, level + 1)
                continue
            cells.append(GridCell(line, level, node.label.zh, "label", colspan=depth - level))
            for index, item in enumerate(node.columns):
                pointer = f"{node.pointer}/{item.key}"
                cells.append(GridCell(line, depth + index, "", "value", pointer=pointer))
            line += 1

    place(table.children, 0)
    return TableGrid(table, tuple(cells), line, width, 3)


def _side_by_side(table: Table) -> TableGrid:
    """Table 4: its rows printed as groups of columns, one data row of values."""
    cells: list[GridCell] = []
    column = 0
    bands: set[str] = set()
    for row in table.rows:
        size = len(row.columns)
        if row.band is None:
            cells.append(GridCell(0, column, row.label.zh, "header", colspan=size))
            for index, item in enumerate(row.columns):
                cells.append(GridCell(1, column + index, item.label.zh, "header", rowspan=2))
        else:
            if row.band.zh not in bands:
                bands.add(row.band.zh)
                count = sum(len(r.columns) for r in table.rows if r.band == row.band)
                cells.append(GridCell(0, column, row.band.zh, "header", colspan=count))
            cells.append(GridCell(1, column, row.label.zh, "header", colspan=size))
            for index, item in enumerate(row.columns):
                cells.append(GridCell(2, column + index, item.label.zh, "header"))
        for index, item in enumerate(row.columns):
            pointer = f"{row.pointer}/{item.key}"
            cells.append(GridCell(3, column + index, "", "value", pointer=pointer))
        column += size
    return TableGrid(table, tuple(cells), 4, column, 3)


@functools.cache
def grid(template: str, table_key: str) -> TableGrid:
    """The printed grid of one table of `template`."""
    table = layout(template).table(table_key)
    if table.transposed:
        return _side_by_side(table)
    if table.columns_header is not None:
        return _matrix(table)
    return _proactive(table)


_DIGITS = 7
"""Digits a value column makes room for (447228 and a footnote mark)."""


def _need(cell: GridCell) -> float:
    """Width a cell asks for, in characters of the table's font (a digit counts half)."""
    if cell.role == "value":
        return _DIGITS / 2 + 1
    text = cell.text
    chars = sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)
    # Group labels standing over several rows can wrap a character or two a line; other
    # labels and headers in two or three lines.
    lines = max(3, cell.rowspan) if cell.role == "label" else 3
    return max(2.0, chars / lines) + 1


@functools.cache
def column_widths(template: str, table_key: str, width: float) -> tuple[float, ...]:
    """Widths of the grid's columns that add up to `width`, from what each column holds.

    Each cell of one column asks for room for its text on a few lines (a value for its
    digits); a cell over several columns shares out what its columns lack. The Word
    document, the workbook and the HTML page all size their columns with this.
    """
    table_grid = grid(template, table_key)
    needs = [0.0] * table_grid.width
    for cell in sorted(table_grid.cells, key=lambda c: c.colspan):
        if cell.role in ("title", "empty", "corner"):
            continue
        span = range(cell.column, cell.column + cell.colspan)
        have = sum(needs[i] for i in span)
        want = _need(cell) if cell.colspan == 1 else _need(cell) / 2
        if want > have:
            for i in span:
                needs[i] += (want - have) / cell.colspan
    total = sum(needs)
    return tuple(width * need / total for need in needs)


Anchor = tuple[Literal["cell", "section", "title"], str]


def anchor(template: str, at: str) -> Anchor:
    """Where a note on `at` (a JSON Pointer) is marked: the value cell it names or the first
    under it, the heading of the section or table it names, else the title."""
    from .._layout import layout

    lay = layout(template)
    parts = at.split("/")
    if len(parts) >= 3 and parts[1] == "sections":
        return ("section", parts[2])
    for table in lay.tables:
        if at == f"/{table.key}":
            return ("section", table.key)
        cells = grid(template, table.key).cells
        for cell in cells:
            if cell.pointer is not None and (
                cell.pointer == at or cell.pointer.startswith(at + "/")
            ):
                return ("cell", cell.pointer)
    return ("title", "")
