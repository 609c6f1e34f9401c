"""Reading a workbook: its table sheets as rows of cells that know their sheet and address,
and what its other sheets (基本信息, 正文, 注释) say. Needs openpyxl.

The workbooks `render(report, "xlsx")` writes read back through the same recognizer as
any published report; so does a clerk's workbook with rows inserted or cells merged.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from .._errors import MissingExtraError
from .._layout import layout, pointer
from .._limits import Budget
from .._templates import templates
from .._workbook import BASICS, basic_fields, basic_value, notes_sheet, sections_sheet
from ._readers import Row, Where

__all__ = ["Basics", "read_workbook"]


@attrs.define
class Basics:
    """What a workbook says besides its tables."""

    fields: dict[str, Any] = attrs.Factory(dict)
    """The rows of 基本信息, by the JSON Pointer of the field they are."""
    sections: dict[str, str] = attrs.Factory(dict)
    """The texts of 正文, by their printed label."""
    notes: dict[str, str] = attrs.Factory(dict)
    """The notes of 注释, by JSON Pointer."""
    formulas: dict[str, str] = attrs.Factory(dict)
    """The formula of each cell whose value one computed, by ``sheet!address``."""


def _basic_pointers() -> dict[str, str]:
    """The pointer of each label 基本信息 may print, in any template in use."""
    return {
        label: pointer(path)
        for template in templates()
        for label, path in basic_fields(layout(template))
    }


def _present_rows(sheet: Any, budget: Budget) -> Iterator[tuple[int, list[Any]]]:
    """The rows of a sheet that hold cells, each from column A to its last cell present
    (None where a position holds none).

    openpyxl's `iter_rows` walks every position up to the farthest cell (for a cell at
    XFD1048576, 1.7·10¹⁰ of them); this walks only the cells the file holds, as
    openpyxl keeps them, drawing the gaps it fills in on `budget`.
    """
    by_row: dict[int, dict[int, Any]] = {}
    for (row, column), cell in sheet._cells.items():
        by_row.setdefault(row, {})[column] = cell
    for row in sorted(by_row):
        present = by_row[row]
        width = max(present)
        budget.draw_cells(width - len(present), "xml_cells")
        yield row, [present.get(column) for column in range(1, width + 1)]


def _sheet_rows(
    sheet: Any, budget: Budget, formulas: Mapping[str, str]
) -> Iterator[tuple[int, list[tuple[str | None, str]]]]:
    """Each row of a sheet: cell text (None inside a merged area, "" where empty) and address.

    A formula reads as the value the file saved for it; one saved without its value
    reads as the formula, which no cell of a report can be.
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import get_column_letter

    for number, row in _present_rows(sheet, budget):
        cells: list[tuple[str | None, str]] = []
        for column, cell in enumerate(row, 1):
            address = f"{get_column_letter(column)}{number}"
            formula = formulas.get(f"{sheet.title}!{address}")
            if isinstance(cell, MergedCell):
                cells.append((None, address))
            elif cell is None or cell.value is None:
                cells.append(("" if formula is None else formula, address))
            else:
                cells.append((_as_text(cell.value, cell.number_format), address))
        yield number, cells


_PLACES = re.compile(r"\.([0#?]*)")
_MOST_PLACES = 30


_UNIT = re.compile(r'"(元|万元)"$')
"""A unit of money a number format prints after the digits (``0.00"元"``)."""


def _as_text(value: Any, number_format: str) -> str:
    """A cell's value as the workbook shows it: a number with the places its format has,
    and the unit of money the format prints after it."""
    if isinstance(value, bool):
        return str(value).lower()
    if not isinstance(value, (int, float)):
        return str(value)
    shown = number_format.split(";", 1)[0]
    unit = _UNIT.search(shown)
    suffix = unit.group(1) if unit else ""
    if isinstance(value, int):
        return f"{value}{suffix}"
    if not math.isfinite(value):
        return str(value)
    found = _PLACES.search(shown)
    places = min(len(found.group(1)), _MOST_PLACES) if found else 0
    exact = Decimal(repr(value))
    return (format(exact, f".{places}f") if places else format(exact, "f")) + suffix


def _formulas(data: bytes) -> dict[str, str]:
    """The formulas of a workbook, by ``sheet!address``."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=False)
    return {
        f"{sheet.title}!{cell.coordinate}": str(cell.value)
        for sheet in book.worksheets
        for cell in sheet._cells.values()
        if cell.data_type == "f"
    }


def _pairs(sheet: Any, budget: Budget, first: int) -> Iterator[tuple[Any, Any]]:
    """The first two values of each row from row `first` on: (label, value)."""
    for number, row in _present_rows(sheet, budget):
        if number >= first and len(row) >= 2:
            label, value = (None if cell is None else cell.value for cell in row[:2])
            yield label, value


def read_workbook(
    data: bytes, budget: Budget | None = None, formulas: bool = True
) -> tuple[list[Row], Basics]:
    """Rows of a workbook's table sheets, and what its other sheets say (needs openpyxl).

    Each row knows the sheet and cells it came from (``表三!E12``). With `formulas` false
    (the caller knows the workbook has none) formulas are not looked for.
    """
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="reading_workbooks_needs_openpyxl") from None

    budget = budget or Budget()
    book = load_workbook(io.BytesIO(data), data_only=True)
    basics = Basics(formulas=_formulas(data) if formulas else {})
    known = _basic_pointers()
    rows: list[Row] = []
    for sheet in book.worksheets:
        if sheet.title == BASICS:
            for label, value in _pairs(sheet, budget, 1):
                if isinstance(label, str) and label.strip() in known:
                    at = known[label.strip()]
                    basics.fields[at] = basic_value(at, value)
        elif sheet.title == notes_sheet():
            basics.notes = {
                str(at): "" if note is None else str(note)
                for at, note in _pairs(sheet, budget, 2)
                if at is not None
            }
        elif sheet.title == sections_sheet():
            for label, text in _pairs(sheet, budget, 2):
                if isinstance(label, str):
                    basics.sections[label.strip()] = "" if text is None else str(text)
        else:
            for number, cells in _sheet_rows(sheet, budget, basics.formulas):
                texts = tuple(text for text, _ in cells)
                addresses = tuple(address for _, address in cells)
                rows.append(Row(texts, Where(line=number, sheet=sheet.title, addresses=addresses)))
    return rows, basics
