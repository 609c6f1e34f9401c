"""Small hostile files: each a few kilobytes that once cost gigabytes or minutes to read."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from disclosure_report import Report
from disclosure_report._rendering import render
from tests.helpers.pdf import document

__all__ = [
    "docx_rows",
    "html_spans",
    "pdf_content",
    "rezip",
    "workbook",
    "xlsx_sheet",
]


def rezip(source: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """`source`, a zip archive, with each member passed through `change(name, data)`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for item in original.infolist():
            copy.writestr(item.filename, change(item.filename, original.read(item.filename)))
    return out.getvalue()


def workbook(report: Report) -> bytes:
    rendered = render(report, "xlsx")
    assert isinstance(rendered, bytes)
    return rendered


def xlsx_sheet(source: bytes, sheet: str, old: bytes, new: bytes) -> bytes:
    """A workbook with `old` replaced by `new` in the XML of worksheet `sheet` (``sheet3``)."""

    def change(name: str, data: bytes) -> bytes:
        if name == f"xl/worksheets/{sheet}.xml":
            assert old in data
            return data.replace(old, new, 1)
        return data

    return rezip(source, change)


def html_spans(cells: int, span: int) -> bytes:
    """A page with one row of `cells` cells, each spanning `span` rows and columns."""
    row = "".join(f"<td rowspan={span} colspan={span}>x</td>" for _ in range(cells))
    return f"<html><body><table><tr>{row}</tr></table></body></html>".encode()


def docx_rows(row: bytes, count: int, columns: int = 1) -> bytes:
    """A Word file whose one table holds `row` (a ``<w:tr>`` element) `count` times."""
    import docx

    blank = docx.Document()
    blank.add_table(rows=1, cols=columns)
    buffer = io.BytesIO()
    blank.save(buffer)

    def change(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        start = data.index(b"<w:tr")
        end = data.index(b"</w:tr>") + len(b"</w:tr>")
        return data[:start] + (row or data[start:end]) * count + data[end:]

    return rezip(buffer.getvalue(), change)


def pdf_content(content: bytes, forms: dict[str, bytes] | None = None, pages: int = 1) -> bytes:
    """A PDF of `pages` pages, each drawing `content` (Flate-compressed) and `forms`."""
    return document([(content, forms or {})] * pages, [chr(0x4E00 + n) for n in range(64)])
