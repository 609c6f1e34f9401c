"""Plain workbooks a clerk sorts and filters: a bold header row that stays in view, an
autofilter over the table, and columns wide enough for Chinese text. Needs openpyxl."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from typing import Any

from ._errors import MissingExtraError

__all__ = ["Sheet", "workbook"]

Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]]]
"""A sheet's title, its header and its rows."""

_WIDEST = 60


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The bytes of an .xlsx file holding `sheets`."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="workbook_needs_openpyxl") from None
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        for cell in sheet._cells.values():  # a text starting with "=" stays a text
            if cell.data_type == "f":
                cell.data_type = "s"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(len(header), 1))
        sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
        for index in range(len(header)):
            values = [header[index], *(row[index] for row in rows if index < len(row))]
            widest = max(_width(value) for value in values)
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(widest + 2, _WIDEST)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
