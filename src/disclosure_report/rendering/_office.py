"""The report as an Excel workbook to fill in, and as a Word document to publish.

The workbook draws each table's official grid on a sheet of its own: labels
locked, input cells unlocked with data validation, and live checks that colour a
total red while it does not add up. Reading it back goes by the labels, through
the same recognizer as any published report.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from ..layout import layout, path_of, value_at
from ..rules import equations
from ._grid import GridCell, grid
from ._text import cell_text, title

__all__ = ["BASICS", "NOTES_SHEET", "SECTIONS_SHEET", "read_workbook", "render_docx", "render_xlsx"]

BASICS = "基本信息"
SECTIONS_SHEET = "正文"
NOTES_SHEET = "注释"
_BASIC_FIELDS = (
    ("模板", ("template",)),
    ("年度", ("year",)),
    ("机关名称", ("agency", "name")),
    ("行政区划代码", ("agency", "division_code")),
    ("统计范围", ("agency", "scope")),
)


_VALIDATIONS: dict[str, dict[str, Any]] = {
    "count": {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0",
              "error": "请填写不小于 0 的整数"},
    "signed": {"type": "whole", "operator": "between", "formula1": "-1000000000",
               "formula2": "1000000000", "error": "请填写整数（减少填负数）"},
    "money": {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0",
              "error": "请填写以万元为单位的金额"},
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
            raise ValueError(f"{at}: a control character cannot be written to a workbook")


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def render_xlsx(document: Mapping[str, Any]) -> bytes:
    """A workbook in the official layout, for an office to fill in (needs openpyxl)."""
    try:
        from openpyxl import Workbook
        from openpyxl.formatting.rule import FormulaRule
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ImportError(
            "workbooks need openpyxl: pip install 'disclosure-report[office]'"
        ) from None

    _refuse_control_characters(document)
    lay = layout(document["template"])
    book = Workbook()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    red = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
    bold = Font(bold=True)

    basics = book.active
    assert basics is not None
    basics.title = BASICS
    basics.append(["项目", "内容"])
    for label, path in _BASIC_FIELDS:
        node: Any = document
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        basics.append([label, node])
    for row in basics.iter_rows(min_row=2, min_col=2, max_col=2):
        for entry in row:
            entry.protection = Protection(locked=False)
    basics.column_dimensions["A"].width = 16
    basics.column_dimensions["B"].width = 40
    basics.protection.sheet = True

    for table in lay.tables:
        sheet = book.create_sheet(table.name.zh)
        table_grid = grid(lay.template.id, table.key)
        sheet.append([table.label.zh])
        sheet["A1"].font = bold
        offset = 2
        kinds = {cell.pointer: cell.kind for cell in lay.cells}
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
            if cell.pointer is None:
                target.value = cell.text or None
                if cell.role in ("title", "corner"):
                    target.font = bold
                continue
            value = value_at(document, path_of(cell.pointer))
            target.value = value
            kind = kinds[cell.pointer]
            if isinstance(value, Decimal):
                places = _decimals(value)
                target.number_format = "0." + "0" * places if places else "0"
            target.protection = Protection(locked=False)
            checks[kind].add(target)
            addresses[cell.pointer] = target.coordinate
        _live_checks(sheet, lay.template.id, table.key, addresses, red, FormulaRule)
        for column in range(1, table_grid.width + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 14
        sheet.column_dimensions["A"].width = 22
        sheet.protection.sheet = True

    texts = book.create_sheet(SECTIONS_SHEET)
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

    notes = book.create_sheet(NOTES_SHEET)
    notes.append(["位置（JSON Pointer）", "注释"])
    for at, note in (document.get("notes") or {}).items():
        notes.append([at, note])
    notes.column_dimensions["A"].width = 50
    notes.column_dimensions["B"].width = 80

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _live_checks(sheet: Any, template: str, table_key: str, addresses: Mapping[str, str],
                 fill: Any, rule: Any) -> None:  # fmt: skip
    """Colour each stated total red while the cells it sums do not add up to it."""
    for equation in (eq for found in equations(template).values() for eq in found):
        target = equation.target.pointer
        if target not in addresses:
            continue
        terms = "".join(
            f"{'+' if sign > 0 else '-'}N({addresses[cell.pointer]})"
            for cell, sign in equation.terms
            if cell.pointer in addresses
        )
        formula = f"N({addresses[target]})<>0{terms}"
        sheet.conditional_formatting.add(addresses[target], rule(formula=[formula], fill=fill))


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[tuple[str | None, str]]]]:
    """Each row of a sheet: cell text (None inside a merged area, "" where empty) and address."""
    from openpyxl.cell.cell import MergedCell

    for row in sheet.iter_rows():
        cells: list[tuple[str | None, str]] = []
        for cell in row:
            if isinstance(cell, MergedCell):
                cells.append((None, cell.coordinate))
            elif cell.value is None:
                cells.append(("", cell.coordinate))
            else:
                cells.append((_as_text(cell.value, cell.number_format), cell.coordinate))
        yield row[0].row if row else 0, cells


def _as_text(value: Any, number_format: str) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        places = len(number_format.split(".")[1]) if "." in number_format else 0
        exact = Decimal(repr(value))
        return format(exact.quantize(Decimal(1).scaleb(-places)) if places else exact, "f")
    return str(value)


def read_workbook(data: bytes) -> tuple[list[Any], dict[str, Any]]:
    """Blocks of a workbook's table sheets and its basic information (needs openpyxl).

    Each block knows the sheet and cell it came from (``表三!E12``).
    """
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ImportError(
            "reading workbooks needs openpyxl: pip install 'disclosure-report[office]'"
        ) from None

    from ..importing._readers import Row, Where

    book = load_workbook(io.BytesIO(data), data_only=False)
    blocks: list[Any] = []
    basics: dict[str, Any] = {}
    for sheet in book.worksheets:
        if sheet.title == BASICS:
            for values in sheet.iter_rows(min_row=1, values_only=True):
                if len(values) >= 2 and isinstance(values[0], str):
                    basics[values[0].strip()] = values[1]
            continue
        if sheet.title == NOTES_SHEET:
            found = {
                str(values[0]): "" if values[1] is None else str(values[1])
                for values in sheet.iter_rows(min_row=2, values_only=True)
                if len(values) >= 2 and values[0] is not None
            }
            if found:
                basics[NOTES_SHEET] = found
            continue
        if sheet.title == SECTIONS_SHEET:
            for values in sheet.iter_rows(min_row=2, values_only=True):
                if len(values) >= 2 and isinstance(values[0], str):
                    text = values[1]
                    basics[values[0].strip()] = "" if text is None else str(text)
            continue
        for number, cells in _sheet_rows(sheet):
            texts = tuple(text for text, _ in cells)
            addresses = tuple(address for _, address in cells)
            blocks.append(Row(texts, Where(line=number, sheet=sheet.title, addresses=addresses)))
    return blocks, basics


def render_docx(document: Mapping[str, Any]) -> bytes:
    """The report as a Word document in the official layout (needs python-docx)."""
    try:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ImportError(
            "Word output needs python-docx: pip install 'disclosure-report[office]'"
        ) from None
    lay = layout(document["template"])
    out = docx.Document()
    style = out.styles["Normal"]
    style.font.size = Pt(11)
    heading = out.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title(document))
    run.bold = True
    run.font.size = Pt(16)
    for section in lay.sections:
        out.add_heading(section.label.zh, level=2)
        if section.key in document["sections"] and not hasattr(section, "children"):
            for line in document["sections"][section.key].splitlines():
                if line.strip():
                    out.add_paragraph(line)
            continue
        table_grid = grid(lay.template.id, section.key)
        table = out.add_table(rows=table_grid.height, cols=table_grid.width)
        table.style = "Table Grid"
        for cell in table_grid.cells:
            _docx_cell(table, cell, document)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _docx_cell(table: Any, cell: GridCell, document: Mapping[str, Any]) -> None:
    target = table.cell(cell.row, cell.column)
    if cell.rowspan > 1 or cell.colspan > 1:
        target = target.merge(
            table.cell(cell.row + cell.rowspan - 1, cell.column + cell.colspan - 1)
        )
    if cell.pointer is None:
        target.text = cell.text
    else:
        target.text = cell_text(value_at(document, path_of(cell.pointer)))
