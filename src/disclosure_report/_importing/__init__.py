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
from typing import Any
from xml.parsers import expat

import attrs

try:  # openpyxl parses workbooks with defusedxml when it is installed (the import extra)
    from defusedxml import DefusedXmlException as EntitiesForbidden
except ImportError:  # pragma: no cover - depends on the installed extras
    EntitiesForbidden = ValueError

from .._errors import (
    DisclosureReportError,
    ImportLimitExceeded,
    InvalidArgumentError,
    NotAReportError,
    ReportSyntaxError,
    ScannedReportError,
)
from .._findings import IMPORT_CODES, Finding, Source
from .._formats import IMPORT_FORMATS, ImportFormat
from .._jsontext import decode
from .._layout import layout, path_of, pointer, value_at
from .._limits import LIMITS, Budget, LimitExceeded, check_size, check_zip, read_bounded
from .._ooxml import scan
from ._readers import (
    Block,
    PdfText,
    Row,
    _third_party,
    read_docx,
    read_html,
    read_pdf_text,
    read_text,
)
from ._recognize import ImportResult, recognize
from ._workbook import Basics, read_workbook

__all__ = [
    "FORMATS",
    "IMPORT_CODES",
    "ImportResult",
    "NotAReportError",
    "ScannedReportError",
    "form_of",
    "import_report",
]

Format = ImportFormat
FORMATS = IMPORT_FORMATS


_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
"""How PNG, JPEG and TIFF files start: page images, read with OCR."""


def form_of(data: bytes, name: str) -> str:
    """The form of a published report, by its name's suffix or its first bytes: one of
    `FORMATS` but ``auto``."""
    suffix = Path(name).suffix.lower()
    by_suffix = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
                 ".xlsx": "xlsx", ".md": "md", ".markdown": "md", ".txt": "txt",
                 ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image",
                 ".tiff": "image"}  # fmt: skip
    if suffix in by_suffix:
        return by_suffix[suffix]
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_IMAGES):
        return "image"
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
            raise NotAReportError(key="text_encoding") from None


def _blocks(
    data: bytes, kind: str, path: Path | None, budget: Budget, formulas: bool, jobs: int | None
) -> tuple[list[Block], Basics, PdfText | None]:
    """The blocks of an input, what a workbook says besides its tables, and for a PDF what
    its text layer held (its scanned pages)."""
    if kind == "xlsx":
        with _third_party("xlsx"):
            rows, basics = read_workbook(data, budget, formulas)
            return list(rows), basics, None
    if kind == "pdf":
        if path is None:
            raise NotAReportError(key="pdf_from_file")
        text = read_pdf_text(path, budget)
        if text.scanned:
            text = _read_scans(path, text, budget, jobs)
        return text.blocks, Basics(), text
    return _document_blocks(data, kind, path, budget, jobs), Basics(), None


def _read_scans(path: Path, text: PdfText, budget: Budget, jobs: int | None) -> PdfText:
    """A PDF's scanned pages read with OCR, in their places among its other pages; without
    the ``ocr`` extra, the text layer alone, its scanned pages named (`_with_scans`)."""
    from .._errors import MissingExtraError
    from . import _ocr

    try:
        _ocr.engine()
    except MissingExtraError:
        return text
    with _third_party("pdf"):
        pages = _ocr.render_pages(path, text.scanned)
        read = _ocr.read_images(pages, budget, _ocr.workers(jobs, len(text.scanned)))
    blocks = list(text.blocks)
    for page in text.scanned:
        at = next((i for i, b in enumerate(blocks) if (b.where.page or 0) > page), len(blocks))
        blocks[at:at] = [block for block in read if block.where.page == page]
    return attrs.evolve(text, blocks=blocks, scanned=())


def _document_blocks(
    data: bytes, kind: str, path: Path | None, budget: Budget, jobs: int | None
) -> list[Block]:
    if kind == "image":
        from ._ocr import read_image_file

        return read_image_file(data, budget, jobs)
    if kind == "docx":
        if path is None:
            raise NotAReportError(key="word_from_file")
        return read_docx(path, budget)
    text = _text(data)
    return read_html(text, budget) if kind == "html" else list(read_text(text, budget))


def _with_scans(result: ImportResult | None, pdf: PdfText | None) -> ImportResult | None:
    """Name the scanned pages of a PDF: the whole report when its text layer held no
    table (`ScannedReportError`), else one `IMPORT_SCANNED` finding a page."""
    if pdf is None or not pdf.scanned:
        return result
    if result is None:
        raise ScannedReportError(pdf.scanned, pdf.pages)
    found = tuple(
        Finding(
            "IMPORT_SCANNED",
            IMPORT_CODES["IMPORT_SCANNED"].severity,
            "",
            expected=pdf.pages,
            source=Source(page=page),
        )
        for page in pdf.scanned
    )
    return attrs.evolve(result, findings=(*found, *result.findings))


def _characters(block: Block) -> int:
    """The characters of a block, which the recognizer's work grows with."""
    if isinstance(block, Row):
        return sum(len(cell) for cell in block.cells if cell)
    return len(block.text)


def _read(source: str | os.PathLike[str] | bytes) -> bytes:
    if isinstance(source, bytes):
        check_size(len(source), LIMITS.import_bytes, "input",
                   "DISCLOSURE_REPORT_MAX_IMPORT_BYTES")  # fmt: skip
        return source
    return read_bounded(source, LIMITS.import_bytes, "input",
                        "DISCLOSURE_REPORT_MAX_IMPORT_BYTES")  # fmt: skip


def import_report(
    source: str | os.PathLike[str] | bytes,
    *,
    format: Format = "auto",
    agency: str | None = None,
    year: int | None = None,
    jobs: int | None = None,
) -> ImportResult:
    """Import a published report from a file path (or the bytes of a text or HTML file).

    `agency` and `year` override what the title says. Scanned pages are read with OCR in
    this process, or over `jobs` processes (never more than there are scanned pages; see
    `_ocr.workers` for what a script that asks for several must do). Raises
    `NotAReportError` when
    the input holds no report table or cannot be read as its format, and its subclass
    `ImportLimitExceeded` (a `LimitExceeded` too) when it would take more than the limits
    allow (`LIMITS`).
    """
    if jobs is not None and jobs < 1:
        raise InvalidArgumentError(key="jobs_at_least_one", jobs=jobs)
    path = None if isinstance(source, bytes) else Path(source)
    budget = Budget()
    formulas = False
    try:
        data = _read(source)
        kind = format if format != "auto" else form_of(data, str(path or ""))
        if kind in ("xlsx", "docx"):
            check_zip(data)
            formulas = scan(data, budget, kind).formulas
        blocks, basics, pdf = _blocks(data, kind, path, budget, formulas, jobs)
        budget.draw_characters(sum(_characters(block) for block in blocks))
    except LimitExceeded as error:
        raise error.recast(ImportLimitExceeded) from None
    except DisclosureReportError:
        raise
    except (
        ValueError, KeyError, SyntaxError, zipfile.BadZipFile, expat.ExpatError, EntitiesForbidden
    ) as error:  # fmt: skip
        # SyntaxError covers lxml's XMLSyntaxError, raised on entity amplification too.
        raise NotAReportError(key="unreadable_as", kind=kind, detail=str(error)) from None
    said = basics.fields
    name = said.get("/agency/name")
    result = _with_scans(
        recognize(
            blocks,
            agency=agency or (name if isinstance(name, str) and name.strip() else None),
            year=year or _year_or_none(said.get("/year")),
            template=_text_or_none(said.get("/template")),
            division_code=_text_or_none(said.get("/agency/division_code")),
            credit_code=_text_or_none(said.get("/agency/credit_code")),
            scope=_text_or_none(said.get("/agency/scope")),
        ),
        pdf,
    )
    if result is None:
        raise NotAReportError(key="no_report_table")
    if any(isinstance(block, Row) and block.where.boxes for block in blocks):
        from ._ocr import confirm  # rows read from scanned pages: the sums check them

        result = confirm(result)
    unread = result.document.get("unread", {})
    for section in layout(result.template).text_sections:
        if section.label.zh in basics.sections:  # a workbook's texts, verbatim
            result.document["sections"][section.key] = basics.sections[section.label.zh]
            unread.pop(pointer(section.path), None)
    if "unread" in result.document and not unread:
        del result.document["unread"]
    if basics.notes:  # a workbook's notes, with what the import noted on top
        result.document["notes"] = {**basics.notes, **result.document.get("notes", {})}
    if kind == "xlsx":
        _note_formulas(result, basics.formulas)
    return result


def _note_formulas(result: ImportResult, formulas: dict[str, str]) -> None:
    """Say in the notes which values a workbook's formulas computed."""
    notes = result.document.setdefault("notes", {})
    for at, where in result.provenance.items():
        formula = formulas.get(where)
        if formula is None or value_at(result.document, path_of(at)) is None:
            continue
        said = f"{where} 为公式 {formula}，读取的是文件保存的计算结果"
        notes[at] = f"{notes[at]}；{said}" if at in notes else said
    if not notes:
        del result.document["notes"]


def _text_or_none(value: Any) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def _year_or_none(value: Any) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None
