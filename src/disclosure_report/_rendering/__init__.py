"""Reports in the official layout: HTML, Markdown, plain text, Excel and Word.

`render(report, "html")` and the others draw every table from one grid derived from
the template's layout, so all outputs agree with each other and with the template.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._declare import Report
from .._error_words import Phrase
from .._errors import InvalidArgumentError, RenderError
from .._findings import Finding
from .._formats import RENDER_FORMATS, RenderFormat
from .._jsonio import unstructure
from .._limits import Budget
from .._validation import validate
from ._grid import GridCell, TableGrid, grid
from ._office import render_xlsx
from ._text import render_html, render_markdown, render_text
from ._word import render_docx

__all__ = ["ANNOTATED", "FORMATS", "GridCell", "TableGrid", "grid", "render"]

Format = RenderFormat
FORMATS = RENDER_FORMATS
BINARY = ("xlsx", "docx")
ANNOTATED: tuple[Format, ...] = FORMATS
"""The formats that can show findings (`annotate`)."""


def render(
    report: Report,
    format: Format,
    *,
    annotate: bool = False,
    findings: Sequence[Finding] | None = None,
) -> str | bytes:
    """The report in `format`: text for html, md and txt; bytes for xlsx and docx.

    With `annotate` (HTML), the cells that have findings are marked and the findings
    listed under the tables; `findings` defaults to what `validate` finds.
    """
    if annotate and format not in ANNOTATED:
        raise RenderError(key="annotate_format", format=format, formats=", ".join(ANNOTATED))
    document = unstructure(report)
    marked: Sequence[Finding] = ()
    if annotate:
        marked = findings if findings is not None else validate(report).findings
    budget = Budget()
    budget.draw_output_lines(_lines(document, marked), Phrase.of("rendering", format=format))
    rendered = _render(document, format, marked)
    size = len(rendered if isinstance(rendered, bytes) else rendered.encode("utf-8", "replace"))
    budget.draw_output(size, Phrase.of("rendering", format=format))
    return rendered


def _lines(document: Mapping[str, Any], findings: Sequence[Finding]) -> int:
    """The paragraphs a rendering will hold beside its tables: each line of each text,
    note and finding (Word takes time that grows with the square of their number)."""
    texts: list[str] = [*document["sections"].values(), *(document.get("notes") or {}).values()]
    return sum(text.count("\n") + 1 for text in texts) + len(findings)


def _render(document: Mapping[str, Any], format: str, marked: Sequence[Finding]) -> str | bytes:
    if format == "html":
        return render_html(document, marked)
    if format == "md":
        return render_markdown(document, marked)
    if format == "txt":
        return render_text(document, marked)
    if format == "xlsx":
        return render_xlsx(document, marked)
    if format == "docx":
        return render_docx(document, marked)
    raise InvalidArgumentError(key="unknown_format", format=format, formats=", ".join(FORMATS))
