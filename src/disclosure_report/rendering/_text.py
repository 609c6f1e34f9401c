"""The report as an HTML page, as Markdown, and as plain text in the ` | ` style."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..findings import Finding
from ..layout import Table, TextSection, layout, path_of, value_at
from ._grid import GridCell, TableGrid, grid

__all__ = ["cell_text", "render_html", "render_markdown", "render_text", "title"]


def cell_text(value: Any) -> str:
    """A value as printed: blank stays empty, money keeps its digits."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def title(document: Mapping[str, Any]) -> str:
    return f"{document['agency']['name']}{document['year']}年政府信息公开工作年度报告"


_CSS = """
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif;
       font-size: 11pt; line-height: 1.6; color: #000; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; text-align: center; font-weight: bold; margin: 0 0 1.2em; }
h2 { font-size: 13pt; font-family: "Noto Sans CJK SC", "SimHei", sans-serif; margin: 1.2em 0 .6em; }
p { text-indent: 2em; margin: 0 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1em; page-break-inside: auto; }
td, th { border: 1px solid #000; padding: 2px 4px; text-align: center; vertical-align: middle;
         font-size: 9.5pt; }
td.label { text-align: left; }
td.value { font-variant-numeric: tabular-nums; min-width: 3.2em; }
table.applications td.value, table.review_litigation td.value { width: 6%; }
tr { page-break-inside: avoid; }
td.finding { background: #ffe0e0; outline: 2px solid #c00; outline-offset: -2px; }
td.finding sup { color: #c00; font-weight: bold; }
section.findings { border-top: 1px solid #999; margin-top: 1.5em; font-size: 10pt; }
section.findings li.warning { color: #7a4b00; }
section.findings li.error { color: #a00; }
@media print { td.finding { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def _html_table(table_grid: TableGrid, document: Mapping[str, Any],
                marks: Mapping[str, list[int]]) -> str:  # fmt: skip
    rows: list[list[GridCell]] = [[] for _ in range(table_grid.height)]
    for cell in table_grid.cells:
        rows[cell.row].append(cell)
    lines = [f'<table class="{table_grid.table.key}">']
    for line, cells in enumerate(rows):
        tag = "th" if line < table_grid.header_rows else "td"
        parts = []
        for cell in sorted(cells, key=lambda c: c.column):
            spans = ""
            if cell.rowspan > 1:
                spans += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                spans += f' colspan="{cell.colspan}"'
            classes: list[str] = [cell.role]
            text = html.escape(cell.text)
            data = ""
            if cell.pointer is not None:
                text = html.escape(cell_text(value_at(document, path_of(cell.pointer))))
                data = f' data-pointer="{html.escape(cell.pointer)}"'
                if cell.pointer in marks:
                    classes.append("finding")
                    text += "".join(f"<sup>{number}</sup>" for number in marks[cell.pointer])
            cell_tag = "td" if cell.role in ("value", "label", "empty") else tag
            parts.append(
                f'<{cell_tag} class="{" ".join(classes)}"{spans}{data}>{text}</{cell_tag}>'
            )
        lines.append(f"<tr>{''.join(parts)}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def render_html(document: Mapping[str, Any], findings: Sequence[Finding] = ()) -> str:
    """A standalone page in the official layout; `findings` are marked on their cells."""
    lay = layout(document["template"])
    marks: dict[str, list[int]] = {}
    for number, finding in enumerate(findings, 1):
        marks.setdefault(finding.pointer, []).append(number)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title(document))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(document['agency']['name'])}<br>"
        f"{document['year']}年政府信息公开工作年度报告</h1>",
    ]
    for section in lay.sections:
        parts.append(f"<h2>{html.escape(section.label.zh)}</h2>")
        if isinstance(section, Table):
            parts.append(_html_table(grid(lay.template.id, section.key), document, marks))
        else:
            for paragraph in document["sections"][section.key].splitlines():
                if paragraph.strip():
                    parts.append(f"<p>{html.escape(paragraph)}</p>")
    if findings:
        parts.append('<section class="findings"><h2>检查发现</h2><ol>')
        for finding in findings:
            parts.append(
                f'<li class="{finding.severity}"><code>{finding.code}</code> '
                f"{html.escape(finding.message())}</li>"
            )
        parts.append("</ol></section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _flat_rows(lay_table: Table, document: Mapping[str, Any]) -> Iterable[list[str]]:
    """Each data row with its labels (groups, block title, row label), then its values."""
    fields = layout(document["template"]).fields
    for row in lay_table.rows:
        labels = [label.zh for label in fields[row.pointer].row]
        values = [cell_text(value_at(document, (*row.path, c.key))) for c in row.columns]
        yield labels + values


def _sections(document: Mapping[str, Any]) -> Iterable[TextSection | Table]:
    return layout(document["template"]).sections


def render_markdown(document: Mapping[str, Any]) -> str:
    """The report as Markdown: headings, paragraphs and a pipe table per table."""
    lines = [f"# {title(document)}", ""]
    for section in _sections(document):
        lines += [f"## {section.label.zh}", ""]
        if isinstance(section, Table):
            rows = list(_flat_rows(section, document))
            depth = max(len(row) - len(section.rows[i].columns) for i, row in enumerate(rows))
            for index, row in enumerate(rows):
                labels = row[: len(row) - len(section.rows[index].columns)]
                values = row[len(labels) :]
                padded = labels + [""] * (depth - len(labels))
                lines.append("| " + " | ".join(padded + values) + " |")
                if index == 0:
                    header = ["项目"] * depth + [c.label.zh for c in section.rows[0].columns]
                    lines.insert(len(lines) - 1, "| " + " | ".join(header) + " |")
                    lines.insert(len(lines) - 1, "|" + "---|" * len(header))
            lines.append("")
        else:
            text = document["sections"][section.key]
            lines += [text, ""] if text else []
    return "\n".join(lines).rstrip() + "\n"


def render_text(document: Mapping[str, Any]) -> str:
    """Plain text: headings and paragraphs as lines, table rows as ``label | value | …``."""
    lines = [title(document)]
    for section in _sections(document):
        lines.append(section.label.zh)
        if isinstance(section, Table):
            for row in _flat_rows(section, document):
                lines.append(" | ".join(row) + " |")
        elif document["sections"][section.key]:
            lines.append(document["sections"][section.key])
    return "\n".join(lines) + "\n"
