"""Review letters (审核意见书): one Word document per report with findings, that the office
sends back to the unit. Needs python-docx (the ``office`` extra).

Each letter names the unit and the report, lists every finding grouped by table, each in
plain Chinese with the cell as a person reads it, what the cell should hold and what the
report printed, and closes with the office and the date. A4, the margins of GB/T 9704 and
the office fonts come from `_page`, as for every Word document of this library.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ._errors import MissingExtraError
from ._files import write_unnamed
from ._findings import Finding
from ._layout import layout
from ._messages import letter_row, letter_words
from ._page import PORTRAIT, TABLE_STYLE, docx_font, docx_styles
from ._roster import Filing, Review
from ._templates._common import REPORT_TITLE

__all__ = ["letter", "write_letters"]

_GENERAL = "报告基本信息"
"""The heading of findings outside the three tables: the agency, the template, the year."""
_COLUMNS = ("序号", "位置", "问题", "应为", "实为")
_SHARES = (12, 48, 64, 16, 16)
"""How the width of the type area is shared among the columns."""


def _groups(findings: Sequence[Finding], template: str | None) -> list[tuple[str, list[Finding]]]:
    """The findings by table, tables in printed order, findings in printed order within."""
    positions = {at: i for i, at in enumerate(layout(template).fields)} if template else {}
    groups: dict[str, list[Finding]] = {}
    order = sorted(findings, key=lambda f: (positions.get(f.pointer, -1), f.pointer, f.code))
    for finding in order:
        title = finding.table.zh if finding.table is not None else _GENERAL
        groups.setdefault(title, []).append(finding)
    tables = {_GENERAL: 0}
    if template:
        tables.update(
            (table.name.zh, index + 1) for index, table in enumerate(layout(template).tables)
        )
    return sorted(groups.items(), key=lambda item: tables.get(item[0], len(tables)))


def _headed(template: str | None, title: str) -> str:
    if template is None or title == _GENERAL:
        return title
    table = next(t for t in layout(template).tables if t.name.zh == title)
    return f"{title}　{table.label.zh}"


def letter(
    filing: Filing,
    *,
    unit: str | None = None,
    office: str = "政府信息公开工作主管部门",
    date: datetime.date | None = None,
) -> bytes:
    """The review letter of `filing` as the bytes of a .docx file."""
    try:
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="letters_need_docx") from None
    name = unit or str(filing.agency.get("name") or filing.source)
    findings = filing.result.findings if filing.result else ()
    template = filing.result.template if filing.result else None
    errors = sum(1 for f in findings if f.severity == "error") + (1 if filing.error else 0)
    warnings = sum(1 for f in findings if f.severity != "error")
    document = Document()
    docx_styles(document)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx_font(title.add_run(f"{REPORT_TITLE}审核意见书"), "title")
    for line in letter_words(name, filing.year, filing.source, errors, warnings).split("\n"):
        document.add_paragraph(line)
    if filing.error:
        document.add_paragraph(f"报告无法读取：{filing.error}")
    number = 0
    for heading, group in _groups(findings, template):
        document.add_heading(_headed(template, heading), level=2)
        table = document.add_table(rows=1, cols=len(_COLUMNS))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, _COLUMNS, strict=True):
            cell.text = text
        for finding in group:
            number += 1
            cells = table.add_row().cells
            for cell, text in zip(cells, (str(number), *letter_row(finding)), strict=True):
                cell.text = text
        table.autofit = False
        widths = [Mm(PORTRAIT.text_width() * share / sum(_SHARES)) for share in _SHARES]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for index, row in enumerate(table.rows):
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
                for paragraph in cell.paragraphs:
                    paragraph.style = document.styles[TABLE_STYLE]
                    for piece in paragraph.runs:
                        piece.font.bold = index == 0
    document.add_paragraph()
    closing = document.add_paragraph(f"{office}\n{(date or datetime.date.today()).isoformat()}")
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _file_name(name: str, year: int | None) -> str:
    safe = _UNSAFE.sub("_", name).strip(" .") or "报告"
    return f"{safe}_{year or ''}年度报告审核意见书.docx"


def write_letters(
    source: Review | Iterable[Filing],
    folder: str | Path,
    *,
    office: str = "政府信息公开工作主管部门",
    date: datetime.date | None = None,
) -> list[Path]:
    """Write one letter per report with findings into `folder` (made if missing); the paths
    written, in order. From a `Review`, every report matched to a unit (named as the roster
    names it) and every report that matched none."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    named: list[tuple[str | None, Filing]] = []
    if isinstance(source, Review):
        for status in source.statuses:
            named.extend((status.unit.name, filing) for filing in status.filings)
        named.extend((None, filing) for filing in source.unmatched)
    else:
        named.extend((None, filing) for filing in source)
    written: list[Path] = []
    for unit, filing in named:
        if filing.error is None and (filing.result is None or not filing.result.findings):
            continue
        name = unit or str(filing.agency.get("name") or Path(filing.source).stem)
        path = target / _file_name(name, filing.year)
        count = 2
        while path in written:
            path = target / _file_name(f"{name}_{count}", filing.year)
            count += 1
        write_unnamed(path, letter(filing, unit=name, office=office, date=date))
        written.append(path)
    return written
