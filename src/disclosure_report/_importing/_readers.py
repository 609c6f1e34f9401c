"""Readers: each input format as one stream of text lines and table rows.

A table row keeps its cells as printed: ``None`` where a merged cell continues,
``""`` where a cell is empty. Every block knows where it came from.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs

from .._errors import MissingExtraError
from .._findings import Source
from .._limits import LIMITS, Budget, LimitExceeded

__all__ = [
    "Block",
    "PdfText",
    "Row",
    "Text",
    "Where",
    "read_docx",
    "read_html",
    "read_pdf",
    "read_pdf_text",
    "read_text",
]


@attrs.frozen
class Where:
    """Where a block came from: a page, table and row, or a line."""

    page: int | None = None
    table: int | None = None
    row: int | None = None
    line: int | None = None
    sheet: str | None = None
    addresses: tuple[str, ...] = ()
    """For a spreadsheet row: the address of each cell (``E12``)."""
    character: int | None = None
    """For a label found inside a line of text: where in the line it starts (1-based)."""
    boxes: tuple[tuple[int, int, int, int] | None, ...] = ()
    """For a row rebuilt from a scanned page: the box of each cell in the page image
    (`Source.box`), where there is one."""

    def source(self, column: int | None = None) -> Source:
        """The place as data, for a finding; `column` is 0-based."""
        if self.sheet is not None:
            if column is not None and column < len(self.addresses):
                return Source(sheet=self.sheet, cell=self.addresses[column])
            return Source(sheet=self.sheet, line=self.line)
        return Source(
            page=self.page, table=self.table, row=self.row, line=self.line,
            column=self.character if column is None else column + 1, box=self._box(column),
        )  # fmt: skip

    def _box(self, column: int | None) -> tuple[int, int, int, int] | None:
        return self.boxes[column] if column is not None and column < len(self.boxes) else None

    def describe(self, column: int | None = None) -> str:
        if self.sheet is not None and column is not None and column < len(self.addresses):
            return f"{self.sheet}!{self.addresses[column]}"
        if self.sheet is not None:
            return f"{self.sheet}, row {self.line}"
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.character is not None:
            parts.append(f"character {self.character}")
        if column is not None:
            parts.append(f"column {column + 1}")
        box = self._box(column)
        if box is not None:
            parts.append("pixels {},{}–{},{}".format(*box))
        return ", ".join(parts)


@attrs.frozen
class Text:
    """A line of running text."""

    text: str
    where: Where


@attrs.frozen
class Row:
    """A table row, cell by cell."""

    cells: tuple[str | None, ...]
    where: Where
    tall: frozenset[int] = frozenset()
    """Positions of cells merged down over the rows below (``rowspan``): a number there
    is printed across several rows, not in this one alone."""
    doubts: tuple[tuple[int, str], ...] = ()
    """Positions of cells whose reading is not sure (OCR), each with why: such a cell is
    left unread, never taken as read."""


Block = Text | Row


# --- plain text and Markdown --------------------------------------------------

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABLE_MARK = re.compile(r"^---\s*table on page (\d+)\s*---$")
_PAGE_MARK = re.compile(r"^=+\s*page (\d+)\s*=+$")


def _json_row(line: str) -> tuple[str | None, ...] | None:
    if not (line.startswith("[") and line.endswith("]")):
        return None
    try:
        cells = json.loads(line)
    except ValueError:
        return None
    if not isinstance(cells, list) or not all(c is None or isinstance(c, str) for c in cells):
        return None
    return tuple(cells)


def _pipe_row(line: str) -> tuple[str | None, ...] | None:
    if "|" not in line:
        return None
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return tuple(cell.strip() for cell in stripped.split("|"))


def read_text(text: str, budget: Budget | None = None) -> Iterator[Block]:
    """Plain text or Markdown: a line with ``|`` between cells (or a JSON array of cells,
    as table dumps write them) is a table row, any other line running text.

    Each line, and each cell of a row, is drawn on `budget`."""
    budget = budget or Budget()
    page: int | None = None
    table: int | None = None
    row = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if mark := _TABLE_MARK.match(line):
            page, table, row = int(mark.group(1)), (table or 0) + 1, 0
            continue
        if mark := _PAGE_MARK.match(line):
            page = int(mark.group(1))
            continue
        if _SEPARATOR.match(line):
            continue
        cells = _json_row(line) or _pipe_row(line)
        budget.draw_cells(len(cells) if cells is not None else 1)
        if cells is not None:
            row += 1
            yield Row(cells, Where(page=page, table=table, row=row if table else None, line=number))
        elif line:
            yield Text(line, Where(line=number))


# --- HTML -------------------------------------------------------------------------


_SUPERSCRIPT = str.maketrans("0123456789+-()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾")


def superscript(text: str) -> str:
    """Text raised above the line (``<sup>``), as a footnote marker that cannot merge with
    the number before it: digits as superscript digits, anything else in ``⁽…⁾``."""
    text = text.strip()
    if re.fullmatch(r"[0-9+\-()]+", text):
        return text.translate(_SUPERSCRIPT)
    return f"⁽{text}⁾" if text else ""


class _HTMLTables(HTMLParser):
    """Tables (rowspan and colspan laid out on a grid) and the text around them.

    Text raised (``<sup>``, ``<sub>``) becomes a footnote marker (`superscript`), and text
    struck out (``<del>``, ``<s>``, ``<strike>``) is marked ``〔删除：…〕``, so that neither can
    be read as part of a number.
    """

    _BREAKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section"})
    _SKIP = frozenset({"script", "style", "head", "title"})
    _RAISED = frozenset({"sup", "sub"})
    _STRUCK = frozenset({"del", "s", "strike"})

    def __init__(self, budget: Budget) -> None:
        super().__init__(convert_charrefs=True)
        self.budget = budget
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.tables = 0
        self.stack: list[dict[str, Any]] = []
        self.skipping = 0
        self.annotation = 0
        """Depth inside an element the project's rendering marked ``data-annotation``."""
        self.inline: list[tuple[str, list[str]]] = []
        """Open ``<sup>``/``<del>`` elements, each with the text inside it so far."""

    def _flush_text(self) -> None:
        line = re.sub(r"\s+", " ", "".join(self.text)).strip()
        self.text = []
        if line:
            self.budget.draw_cells(1)
            self.blocks.append(Text(line, Where(line=self.getpos()[0])))

    _VOID = frozenset({"br", "img", "hr", "col", "meta", "input", "link", "wbr", "area", "source"})

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.budget.draw_elements(1, "HTML")
        if self.annotation or any(name == "data-annotation" for name, _ in attributes):
            # What this project's own rendering adds to a report (finding marks, the lists of
            # findings and notes) is not part of the report.
            if tag not in self._VOID:
                self.annotation += 1
            return
        if tag in self._RAISED or tag in self._STRUCK:
            self.inline.append((tag, []))
        elif tag in self._SKIP:
            self.skipping += 1
        elif tag == "table":
            self._flush_text()
            self.budget.draw_cells(1)
            self.tables += 1
            self.stack.append({"number": self.tables, "rows": [], "row": None, "cell": None})
        elif self.stack and tag == "tr":
            self.budget.draw_cells(1)
            self.stack[-1]["row"] = []
        elif self.stack and tag in ("td", "th"):
            spans = dict(attributes)
            rowspan, colspan = _span(spans.get("rowspan")), _span(spans.get("colspan"))
            self.budget.draw_cells(rowspan * colspan)  # every grid position it covers
            self.stack[-1]["cell"] = {"text": [], "rowspan": rowspan, "colspan": colspan}
        elif self.stack and self.stack[-1]["cell"] is not None and tag in self._BREAKS:
            # A line break or a paragraph inside a cell: two numbers in it must not merge.
            self.stack[-1]["cell"]["text"].append("\n")
        elif not self.stack and tag in self._BREAKS:
            self._flush_text()

    def handle_endtag(self, tag: str) -> None:
        if self.annotation:
            if tag not in self._VOID:
                self.annotation -= 1
            return
        if tag in self._RAISED or tag in self._STRUCK:
            if not self.inline or self.inline[-1][0] != tag:
                return  # an end tag without its start: nothing to close
            self._close_inline(1)
            return
        if tag in ("td", "th", "tr", "table") or tag in self._BREAKS:
            self._close_inline(len(self.inline))  # an element left open ends with its cell
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif self.stack and tag in ("td", "th"):
            current = self.stack[-1]
            if current["cell"] is not None and current["row"] is not None:
                current["row"].append(current["cell"])
            current["cell"] = None
        elif self.stack and tag == "tr":
            current = self.stack[-1]
            if current["row"] is not None:
                current["rows"].append(current["row"])
            current["row"] = None
        elif self.stack and tag == "table":
            table = self.stack.pop()
            for index, (cells, tall) in enumerate(_grid(table["rows"]), 1):
                where = Where(table=table["number"], row=index)
                self.blocks.append(Row(tuple(cells), where, tall))
        elif not self.stack and tag in self._BREAKS:
            self._flush_text()

    def _close_inline(self, count: int) -> None:
        for _ in range(count):
            tag, parts = self.inline.pop()
            inside = "".join(parts)
            if inside.strip():
                self.handle_data(
                    superscript(inside) if tag in self._RAISED else f"〔删除：{inside}〕"
                )

    def handle_data(self, data: str) -> None:
        if self.skipping or self.annotation:
            return
        if self.inline:
            self.inline[-1][1].append(data)
            return
        if self.stack:
            cell = self.stack[-1]["cell"]
            if cell is not None:
                cell["text"].append(data)
        else:
            self.text.append(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _grid(rows: list[list[dict[str, Any]]]) -> list[tuple[list[str | None], frozenset[int]]]:
    """Rows laid out on a grid: a spanned cell is text where it starts, None elsewhere;
    with each row, the positions of its cells that span rows below."""
    grid: list[tuple[list[str | None], frozenset[int]]] = []
    pending: dict[tuple[int, int], bool] = {}
    for row_index, cells in enumerate(rows):
        line: list[str | None] = []
        tall: set[int] = set()
        column = 0
        for cell in cells:
            while pending.pop((row_index, column), False):
                line.append(None)
                column += 1
            text = re.sub(r"[ \t\r\f\v]+", " ", "".join(cell["text"])).strip()
            for down in range(1, cell["rowspan"]):
                for across in range(cell["colspan"]):
                    pending[(row_index + down, column + across)] = True
            if cell["rowspan"] > 1:
                tall.add(len(line))
            line.append(text)
            line.extend([None] * (cell["colspan"] - 1))
            column += cell["colspan"]
        while pending.pop((row_index, column), False):
            line.append(None)
            column += 1
        grid.append((line, frozenset(tall)))
    return grid


def read_html(text: str, budget: Budget | None = None) -> list[Block]:
    """An HTML page: its tables, and its running text outside them.

    Every table, row, line of text and grid position a cell covers is drawn on `budget`."""
    parser = _HTMLTables(budget or Budget())
    parser.feed(text)
    parser.close()
    parser._flush_text()
    return parser.blocks


# --- Word -------------------------------------------------------------------------


def read_docx(path: str | Path, budget: Budget | None = None) -> list[Block]:
    """A Word document: paragraphs and tables in document order (needs python-docx).

    A table is laid out on its grid here, row by row, each grid position drawn on
    `budget` before it is made: a cell spanning 200,000 columns is refused, not built.
    """
    try:
        import docx
        from docx.table import Table, _Cell
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="reading_word_needs_docx") from None
    budget = budget or Budget()
    blocks: list[Block] = []
    tables = 0
    with _third_party("docx"):
        document = docx.Document(str(path))
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                if item.text.strip():
                    budget.draw_cells(1)
                    blocks.append(Text(item.text.strip(), Where(line=len(blocks) + 1)))
            elif isinstance(item, Table):
                tables += 1
                grid: list[list[str | None]] = []
                tall: list[set[int]] = []
                starts: dict[int, int] = {}
                """The row where the cell at each grid column starts."""
                for row in item.rows:
                    cells: list[str | None] = []
                    tall.append(set())
                    for tc in row._tr.tc_lst:
                        span = max(1, tc.grid_span)
                        budget.draw_cells(span)
                        # A cell merged with the one above continues it, as a span does,
                        # and the cell it continues spans rows.
                        merged = tc.vMerge == "continue"
                        if merged and len(cells) in starts:
                            tall[starts[len(cells)]].add(len(cells))
                        elif not merged:
                            starts[len(cells)] = len(grid)
                        cells.append(None if merged else _Cell(tc, item).text.strip())
                        cells.extend([None] * (span - 1))
                    grid.append(cells)
                for index, (cells, down) in enumerate(zip(grid, tall, strict=True), 1):
                    where = Where(table=tables, row=index)
                    blocks.append(Row(tuple(cells), where, frozenset(down)))
    return blocks


# --- PDF ----------------------------------------------------------------------------


@attrs.frozen
class PdfText:
    """What a PDF's text layer holds: its blocks, and the pages that have no text layer."""

    blocks: list[Block]
    pages: int
    """How many pages the PDF has."""
    scanned: tuple[int, ...] = ()
    """The pages (1-based) that print no text and are covered by an image: scans, read by
    no one here (`_scanned.without_text_layer`)."""


def read_pdf(path: str | Path, budget: Budget | None = None) -> list[Block]:
    """A PDF's text layer: tables found by pdfplumber, and the text outside them (no OCR)."""
    return read_pdf_text(path, budget).blocks


def read_pdf_text(path: str | Path, budget: Budget | None = None) -> PdfText:
    """A PDF's text layer: tables found by pdfplumber, and the text outside them (no OCR),
    with the pages that have none.

    Every stream is measured before it is decompressed, and every page's content
    counted before it is laid out, on `budget` (see `_pdf`).
    """
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="reading_pdf_needs_pdfplumber") from None
    from ._pdf import bounded, lay_out
    from ._scanned import without_text_layer

    budget = budget or Budget()
    blocks: list[Block] = []
    scanned: list[int] = []
    tables = 0
    with (
        Path(path).open("rb") as stream,  # closed here even when pdfplumber fails to open it
        _third_party("pdf"),
        bounded(budget),
        pdfplumber.open(stream) as pdf,
    ):
        pages = len(pdf.pages)
        if pages > LIMITS.pdf_pages:
            raise LimitExceeded(
                key="pdf_pages", count=pages, limit=LIMITS.pdf_pages,
                variable="DISCLOSURE_REPORT_MAX_PDF_PAGES",
            )  # fmt: skip
        for number, page in enumerate(pdf.pages, 1):
            lay_out(pdf, page, budget)
            if without_text_layer(page):
                scanned.append(number)
                continue
            found = page.find_tables()
            boxes = [table.bbox for table in found]

            def outside(obj: dict[str, Any], boxes: list[Any] = boxes) -> bool:
                middle_x = (obj["x0"] + obj["x1"]) / 2
                middle_y = (obj["top"] + obj["bottom"]) / 2
                return not any(
                    x0 <= middle_x <= x1 and top <= middle_y <= bottom
                    for x0, top, x1, bottom in boxes
                )

            # Text lines and tables in the order they stand on the page, top to bottom, so
            # that a table follows the heading printed above it.
            placed: list[tuple[float, int, Any]] = [
                (line["top"], 1, line["text"])
                for line in page.filter(outside).extract_text_lines()
                if line["text"].strip()
            ]
            placed += [(table.bbox[1], 0, table) for table in found]
            for _, is_text, item in sorted(placed, key=lambda entry: (entry[0], entry[1])):
                if is_text:
                    budget.draw_cells(1)
                    blocks.append(Text(item.strip(), Where(page=number)))
                    continue
                tables += 1
                for index, cells in enumerate(item.extract(), 1):
                    budget.draw_cells(max(1, len(cells)))
                    blocks.append(Row(tuple(cells), Where(page=number, table=tables, row=index)))
    return PdfText(blocks, pages, tuple(scanned))


_SHOWN = 200
"""Characters of a parser's own message kept in ours (pdfminer's can hold a whole stream)."""


@contextlib.contextmanager
def _third_party(kind: str) -> Iterator[None]:
    """Turn whatever a third-party parser raises into a `ValueError` naming the format.

    pdfminer, python-docx and openpyxl raise what they meet, of any type, on a broken
    file; the library's own errors (a limit reached) pass through as they are.
    """
    try:
        yield
    except (LimitExceeded, ImportError, MemoryError):
        raise
    except Exception as error:  # a parser's failure on a broken file, whatever its type
        words = str(error) or type(error).__name__
        if len(words) > _SHOWN:
            words = words[:_SHOWN] + "…"
        raise ValueError(f"{type(error).__name__}: {words}") from None
