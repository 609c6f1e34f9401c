"""Import published reports — HTML, PDF, Word, Markdown and text — into the contract's JSON.

`import_report(source)` reads a file (or bytes), finds the tables by their labels,
reads every cell, and returns the document with its import findings and where each
value came from. Nothing is fixed: a blank stays blank, a total that does not add
up stays as printed, and `validate` reports it.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any, Literal

try:  # openpyxl parses workbooks with defusedxml when it is installed (the import extra)
    from defusedxml import DefusedXmlException as EntitiesForbidden
except ImportError:  # pragma: no cover - depends on the installed extras
    EntitiesForbidden = ValueError

from .._jsontext import decode
from ..errors import DisclosureReportError, ReportSyntaxError
from ..findings import IMPORT_CODES
from ..layout import layout
from ..limits import LIMITS, LimitExceeded, check_size, check_zip
from ._readers import Block, read_docx, read_html, read_pdf, read_text
from ._recognize import ImportResult, recognize

__all__ = ["FORMATS", "IMPORT_CODES", "ImportResult", "NotAReportError", "import_report"]

Format = Literal["auto", "html", "pdf", "docx", "xlsx", "md", "txt"]
FORMATS = ("auto", "html", "pdf", "docx", "xlsx", "md", "txt")


class NotAReportError(DisclosureReportError, ValueError):
    """The input holds no table of an annual report."""


def _sniff(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    by_suffix = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
                 ".xlsx": "xlsx", ".md": "md", ".markdown": "md", ".txt": "txt"}  # fmt: skip
    if suffix in by_suffix:
        return by_suffix[suffix]
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "xlsx" if b"xl/workbook.xml" in data[:65536] or b"xl/" in data[:4096] else "docx"
    head = data[:2048].lower()
    if b"<html" in head or b"<table" in head or b"<!doctype html" in head:
        return "html"
    return "txt"


def _text(data: bytes) -> str:
    try:
        return decode(data)
    except ReportSyntaxError:
        # Chinese government sites still publish in GB 18030 (GBK) now and then.
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise NotAReportError("the text is neither UTF-8 nor GB 18030") from None


def _blocks(data: bytes, kind: str, path: Path | None) -> tuple[list[Block], dict[str, Any]]:
    """The blocks of an input, and what a workbook's basic-information sheet says."""
    if kind == "xlsx":
        from ..rendering._office import read_workbook

        return read_workbook(data)
    return _document_blocks(data, kind, path), {}


def _document_blocks(data: bytes, kind: str, path: Path | None) -> list[Block]:
    if kind == "pdf":
        if path is None:
            raise NotAReportError("PDF is read from a file")
        return read_pdf(path)
    if kind == "docx":
        if path is None:
            raise NotAReportError("Word documents are read from a file")
        return read_docx(path)
    text = _text(data)
    return read_html(text) if kind == "html" else list(read_text(text))


def import_report(
    source: str | os.PathLike[str] | bytes,
    *,
    format: Format = "auto",
    agency: str | None = None,
    year: int | None = None,
) -> ImportResult:
    """Import a published report from a file path (or the bytes of a text or HTML file).

    `agency` and `year` override what the title says. Raises `NotAReportError` when
    the input holds no report table.
    """
    path = None if isinstance(source, bytes) else Path(source)
    size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    try:
        check_size(size, LIMITS.import_bytes, "the input", "DISCLOSURE_REPORT_MAX_IMPORT_BYTES")
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        kind = format if format != "auto" else _sniff(data, str(path or ""))
        if kind in ("xlsx", "docx"):
            check_zip(data)
    except LimitExceeded as error:
        raise NotAReportError(str(error)) from None
    try:
        blocks, basics = _blocks(data, kind, path)
    except DisclosureReportError:
        raise
    except (ValueError, KeyError, SyntaxError, zipfile.BadZipFile, EntitiesForbidden) as error:
        # SyntaxError covers lxml's XMLSyntaxError, raised on entity amplification too.
        raise NotAReportError(f"cannot read it as {kind}: {error}") from None
    name = basics.get("机关名称")
    result = recognize(
        blocks,
        agency=agency or (name if isinstance(name, str) and name.strip() else None),
        year=year or _year_or_none(basics.get("年度")),
        template=_text_or_none(basics.get("模板")),
        division_code=_text_or_none(basics.get("行政区划代码")),
        scope=_text_or_none(basics.get("统计范围")),
    )
    if result is None:
        raise NotAReportError("no table of an annual report was found")
    for section in layout(result.template).text_sections:
        if section.label.zh in basics:  # a workbook's 正文 sheet: the texts verbatim
            result.document["sections"][section.key] = basics[section.label.zh]
    if "注释" in basics:  # a workbook's notes, with what the import noted on top
        result.document["notes"] = {**basics["注释"], **result.document.get("notes", {})}
    return result


def _text_or_none(value: Any) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def _year_or_none(value: Any) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None
