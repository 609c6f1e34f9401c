"""The report as an Excel workbook to fill in, and as a Word document to publish.

The workbook draws each table's official grid on a sheet of its own: labels
locked, input cells unlocked with data validation, and live checks that colour a
total red while it does not add up. Reading it back goes by the labels, through
the same recognizer as any published report.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from .._errors import MissingExtraError, RenderError
from .._findings import Finding
from .._layout import layout, path_of, value_at
from .._page import FONTS
from .._rules import equations
from .._workbook import BASICS, basic_fields, notes_sheet, sections_sheet, shown_value
from ._grid import TableGrid, column_widths, grid
from ._text import finding_line, stated_unit

__all__ = ["render_xlsx"]


_VALIDATIONS: dict[str, dict[str, Any]] = {
    "count": {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0",
              "error": "请填写不小于 0 的整数"},
    "signed": {"type": "whole", "operator": "between", "formula1": "-1000000000",
               "formula2": "1000000000", "error": "请填写整数（减少填负数）"},
    "money": {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0",
              "error": "请填写以万元为单位的金额"},
    "stated": {"showInputMessage": True, "promptTitle": "金额与单位",
               "prompt": "模板未印单位：请连同单位填写，如 251000元 或 25.1万元"},
}  # fmt: skip
"""What an input cell accepts, by the kind of value it holds."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters a workbook cannot hold (the XML of xlsx forbids them)."""


def _refuse_control_characters(document: Mapping[str, Any]) -> None:
    texts = {
        "/agency/name": document["agency"]["name"],
        **{f"/sections/{key}": text for key, text in document["sections"].items()},
        **{f"/notes{at}": note for at, note in (document.get("notes") or {}).items()},
    }
    for at, text in texts.items():
        if isinstance(text, str) and _CONTROL.search(text):
            raise RenderError(key="control_character", at=at)


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_SHEET_WIDTH = 150.0
"""Width of a table sheet in Excel's units (a digit of the default font): a landscape A4
page at about 100 %. Printing fits each sheet to one page wide."""

_CJK_WIDTH = 2.1
"""Excel's width units a Chinese character takes."""

_LINE = 15.0
"""Height in points of one line of wrapped text in a cell."""

_INPUT_FILL = "FFF2CC"
"""The colour of the cells to fill in: pale yellow, as offices mark input cells."""

_FINDING_FILL = "FFE0E0"


def _lines(text: str, width: float) -> int:
    """Lines `text` wraps to in a cell `width` units wide."""
    size = sum(_CJK_WIDTH if ord(c) >= 0x2E80 else 1.1 for c in text)
    return max(1, math.ceil(size / max(width - 1.5, 1.0)))


def render_xlsx(document: Mapping[str, Any], findings: Sequence[Finding] = ()) -> bytes:
    """A workbook in the official layout, for an office to fill in (needs openpyxl).

    Input cells are pale yellow and unlocked, labels locked; each table sheet prints on A4
    landscape, one page wide, its header rows repeated. `findings`, when given, are shown
    as comments on their cells.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.comments import Comment
        from openpyxl.formatting.rule import FormulaRule
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation
        from openpyxl.worksheet.page import PageMargins
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="workbook_needs_openpyxl") from None

    _refuse_control_characters(document)
    lay = layout(document["template"])
    book = Workbook()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    red = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
    family = FONTS["table"].family
    bold = Font(name=family, bold=True)
    plain = Font(name=family)
    to_fill = PatternFill("solid", start_color=_INPUT_FILL, end_color=_INPUT_FILL)
    flagged = PatternFill("solid", start_color=_FINDING_FILL, end_color=_FINDING_FILL)
    said: dict[str, list[str]] = {}
    for finding in findings:
        said.setdefault(finding.pointer, []).append(finding_line(finding))

    def remark(target: Any, at: str) -> None:
        if at in said:
            target.comment = Comment("\n".join(said[at]), "disclosure-report", 120, 320)
            target.fill = flagged

    basics = book.active
    assert basics is not None
    basics.title = BASICS
    basics.append(["项目", "内容"])
    for label, path in basic_fields(lay):
        node: Any = document
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        at = "/" + "/".join(path)
        basics.append([label, shown_value(at, node)])
        remark(basics.cell(row=basics.max_row, column=2), at)
    for row in basics.iter_rows(min_row=2, min_col=2, max_col=2):
        for entry in row:
            entry.protection = Protection(locked=False)
            if entry.comment is None:
                entry.fill = to_fill
    basics.column_dimensions["A"].width = 16
    basics.column_dimensions["B"].width = 40
    basics.protection.sheet = True

    for table in lay.tables:
        sheet = book.create_sheet(table.name.zh)
        table_grid = grid(lay.template.id, table.key)
        sheet.append([table.label.zh])
        sheet["A1"].font = bold
        offset = 2
        kinds = {
            cell.pointer: "stated" if cell.column.unit_key else cell.kind for cell in lay.cells
        }
        checks = {
            kind: DataValidation(allow_blank=True, showErrorMessage=True, **options)
            for kind, options in _VALIDATIONS.items()
        }
        for validation in checks.values():
            sheet.add_data_validation(validation)
        addresses: dict[str, str] = {}
        for cell in table_grid.cells:
            top, left = offset + cell.row, 1 + cell.column
            target = sheet.cell(row=top, column=left)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(start_row=top, start_column=left,
                                  end_row=top + cell.rowspan - 1,
                                  end_column=left + cell.colspan - 1)  # fmt: skip
            for down in range(top, top + cell.rowspan):
                for across in range(left, left + cell.colspan):
                    sheet.cell(row=down, column=across).border = border
            target.alignment = centred
            target.font = plain
            if cell.pointer is None:
                target.value = cell.text or None
                if cell.role in ("title", "corner"):
                    target.font = bold
                if cell.role == "label" and cell.rowspan == 1:
                    target.alignment = Alignment(vertical="center", wrap_text=True)
                continue
            value = value_at(document, path_of(cell.pointer))
            target.value = value
            kind = kinds[cell.pointer]
            if isinstance(value, (Decimal, int)) and kind in ("money", "stated"):
                places = _decimals(Decimal(value))
                # the unit a report states is shown, as the workbook prints it, after the digits
                unit = stated_unit(document, cell.pointer) or ""
                target.number_format = ("0." + "0" * places if places else "0") + (
                    f'"{unit}"' if unit else ""
                )
            target.protection = Protection(locked=False)
            target.fill = to_fill
            remark(target, cell.pointer)
            checks[kind].add(target)
            addresses[cell.pointer] = target.coordinate
        _live_checks(sheet, lay.template.id, table.key, addresses, red, FormulaRule)
        widths = column_widths(lay.template.id, table.key, _SHEET_WIDTH)
        for column, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(column)].width = round(width, 1)
        _row_heights(sheet, table_grid, widths, offset)
        _print_setup(sheet, table_grid, offset, PageMargins)
        sheet.protection.sheet = True

    texts = book.create_sheet(sections_sheet())
    texts.append(["部分", "内容"])
    for section in lay.text_sections:
        texts.append([section.label.zh, document["sections"][section.key]])
    for row in texts.iter_rows(min_row=2, min_col=2, max_col=2):
        for entry in row:
            entry.protection = Protection(locked=False)
            entry.alignment = Alignment(wrap_text=True, vertical="top")
    texts.column_dimensions["A"].width = 30
    texts.column_dimensions["B"].width = 100
    texts.protection.sheet = True
    others: tuple[Any, ...] = (basics, texts)
    for other in others:
        other.page_setup.paperSize = other.PAPERSIZE_A4
        other.sheet_properties.pageSetUpPr.fitToPage = True
        other.page_setup.fitToWidth = 1
        other.page_setup.fitToHeight = 0

    notes = book.create_sheet(notes_sheet())
    notes.append(["位置（JSON Pointer）", notes_sheet()])
    for at, note in (document.get("notes") or {}).items():
        notes.append([at, note])
    notes.column_dimensions["A"].width = 50
    notes.column_dimensions["B"].width = 80

    for sheet in book.worksheets:  # a text starting with "=" stays a text, never a formula
        for entry in sheet._cells.values():
            if entry.data_type == "f":
                entry.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row_heights(sheet: Any, table_grid: TableGrid, widths: Sequence[float], offset: int) -> None:
    """Make every row tall enough for its wrapped labels (Excel does not when printing)."""
    lines = [1] * table_grid.height
    for cell in table_grid.cells:
        if cell.rowspan == 1 and cell.text:
            width = sum(widths[cell.column : cell.column + cell.colspan])
            lines[cell.row] = max(lines[cell.row], _lines(cell.text, width))
    for cell in table_grid.cells:  # a cell over several rows shares out what they lack
        if cell.rowspan > 1 and cell.text:
            width = sum(widths[cell.column : cell.column + cell.colspan])
            span = range(cell.row, cell.row + cell.rowspan)
            lack = _lines(cell.text, width) - sum(lines[i] for i in span)
            for i in span if lack > 0 else ():
                lines[i] += math.ceil(lack / cell.rowspan)
    for row, count in enumerate(lines):
        sheet.row_dimensions[offset + row].height = _LINE * count + 3


def _print_setup(sheet: Any, table_grid: TableGrid, offset: int, margins: Any) -> None:
    """A4 landscape, one page wide, the header rows on every page, panes frozen below them."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    last = offset + table_grid.header_rows - 1
    sheet.print_title_rows = f"1:{last}" if table_grid.header_rows else "1:1"
    labels = min((cell.column for cell in table_grid.cells if cell.role == "value"), default=0)
    corner = sheet.cell(row=last + 1, column=labels + 1)
    sheet.freeze_panes = corner.coordinate


def _live_checks(sheet: Any, template: str, table_key: str, addresses: Mapping[str, str],
                 fill: Any, rule: Any) -> None:  # fmt: skip
    """Colour each stated total red while the cells it sums do not add up to it."""
    for equation in (eq for found in equations(template).values() for eq in found):
        target = equation.target.pointer
        if target not in addresses:
            continue
        terms = "".join(
            f"{'+' if term.sign > 0 else '-'}N({addresses[term.pointer]})"
            for term in equation.terms
            if term.pointer in addresses
        )
        formula = f"N({addresses[target]})<>0{terms}"
        sheet.conditional_formatting.add(addresses[target], rule(formula=[formula], fill=fill))
