"""A report as offices publish it: web pages, Word files, Markdown, one cell per line.

Built from a document and the layout, with the habits of real sites: a table split
into blocks, group labels spanning rows, labels broken over lines, markup in cells.
"""

from __future__ import annotations

import html
from decimal import Decimal
from pathlib import Path
from typing import Any

from disclosure_report._layout import Group, Row, Table, layout, pointer

Document = dict[str, Any]


def _value(document: Document, path: tuple[str, ...]) -> str:
    """A value as an office prints it; an amount whose template prints no unit is followed
    by the unit the report states (``251000元``)."""
    node: Any = document
    for key in path[:-1]:
        node = node[key]
    value = node[path[-1]]
    if value is None:
        return "-"
    text = str(value) if not isinstance(value, Decimal) else format(value, "f")
    place = layout(document["template"]).field(pointer(path))
    unit_key = place.cell.column.unit_key if place and place.cell else None
    return text + (node.get(unit_key) or "" if unit_key else "")


def _row_cells(document: Document, row: Row) -> list[str]:
    return [_value(document, (*row.path, column.key)) for column in row.columns]


def _span(node: Row | Group) -> int:
    return 1 if isinstance(node, Row) else sum(_span(child) for child in node.children)


def html_page(document: Document, *, split_blocks: bool = True) -> str:
    """The report as a web page: table 2 split per block, table 3 with spanning groups."""
    lay = layout(document["template"])
    parts = [
        "<html><head><meta charset='utf-8'><title>年报</title><style>td{border:1px}</style>",
        "</head><body>",
        f"<h1>{html.escape(document['agency']['name'])}<br>"
        f"{document['year']}年政府信息公开工作年度报告</h1>",
    ]

    def text(number: int, key: str) -> None:
        label = next(s.label.zh for s in lay.sections if s.section == number)
        parts.append(f"<h2>{label}</h2>")
        for line in document["sections"][key].splitlines():
            parts.append(f"<p>{html.escape(line)}</p>")

    text(1, "overview")
    for table in lay.tables:
        parts.append(f"<h2>{table.label.zh}</h2>")
        parts.append(_HTML_TABLES[table.key](document, table, split_blocks))
    text(5, "problems")
    text(6, "other")
    parts.append("</body></html>")
    return "\n".join(parts)


def _proactive_html(document: Document, table: Table, split: bool) -> str:
    blocks: dict[str, list[Row]] = {}
    for row in table.rows:
        blocks.setdefault(row.band.zh if row.band else "", []).append(row)
    tables = []
    for title, rows in blocks.items():
        lines = [f"<tr><td colspan='4'><strong>{title}</strong></td></tr>"]
        headers = "".join(
            f"<td colspan='{3 // len(rows[0].columns)}'>{c.label.zh}</td>" for c in rows[0].columns
        )
        lines.append(f"<tr><td>信息内容</td>{headers}</tr>")
        for row in rows:
            values = "".join(
                f"<td colspan='{3 // len(row.columns)}'><span>{v}</span></td>"
                for v in _row_cells(document, row)
            )
            lines.append(f"<tr><td>{row.label.zh}</td>{values}</tr>")
        tables.append("\n".join(lines))
    if split:
        return "\n".join(f"<table>{t}</table>" for t in tables)
    return "<table>" + "\n".join(tables) + "</table>"


def _applications_html(document: Document, table: Table, _: bool) -> str:
    columns = table.rows[0].columns
    lines = [
        f"<tr><td rowspan='3' colspan='3'>{table.corner}</td><td colspan='7'>申请人情况</td></tr>",
        "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td>"
        "<td rowspan='2'>总计</td></tr>",
        "<tr>"
        + "".join(f"<td>{c.label.zh[:2]}<br>{c.label.zh[2:]}</td>" for c in columns if c.band)
        + "</tr>",
    ]

    def emit(nodes: tuple[Row | Group, ...], depth: int, opened: list[str]) -> None:
        for node in nodes:
            if isinstance(node, Group):
                cell = (
                    f"<td rowspan='{_span(node)}'>{'<br>'.join(node.label.zh)}</td>"
                    if depth == 0
                    else f"<td rowspan='{_span(node)}'>{node.label.zh}</td>"
                )
                emit(node.children, depth + 1, [*opened, cell])
                continue
            label = node.label.zh.replace(".", "、", 1) if depth == 2 else node.label.zh
            width = 3 - depth
            cells = "".join(opened) + f"<td colspan='{width}'>{label}</td>"
            values = "".join(f"<td>{v}</td>" for v in _row_cells(document, node))
            lines.append(f"<tr>{cells}{values}</tr>")
            opened = []

    emit(table.children, 0, [])
    return "<table>" + "\n".join(lines) + "</table>"


def _review_html(document: Document, table: Table, _: bool) -> str:
    results = "".join(f"<td>{c.label.zh}</td>" for c in table.rows[0].columns)
    values = "".join(f"<td>{v}</td>" for row in table.rows for v in _row_cells(document, row))
    return (
        "<table><tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
        "<tr>"
        + "".join(f"<td rowspan='2'>{c.label.zh}</td>" for c in table.rows[0].columns)
        + "<td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr>"
        f"<tr>{results}{results}</tr><tr>{values}</tr></table>"
    )


_HTML_TABLES = {
    "proactive": _proactive_html,
    "applications": _applications_html,
    "review_litigation": _review_html,
}


def markdown(document: Document) -> str:
    """The report as Markdown: headings, paragraphs and pipe tables."""
    lay = layout(document["template"])
    lines = [f"# {document['agency']['name']}{document['year']}年政府信息公开工作年度报告", ""]
    for section in lay.sections:
        lines += [f"## {section.label.zh}", ""]
        if isinstance(section, Table):
            for row in section.rows:
                labels = [g.zh for g in row.groups] + [row.label.zh]
                lines.append("| " + " | ".join([*labels, *_row_cells(document, row)]) + " |")
                if row is section.rows[0]:
                    lines.append("|" + "---|" * (len(labels) + len(row.columns)))
            lines.append("")
        else:
            lines += [document["sections"][section.key], ""]
    return "\n".join(lines)


def one_cell_per_line(document: Document) -> str:
    """The tables as text copied from a web page: every cell on a line of its own."""
    lay = layout(document["template"])
    lines = [f"{document['agency']['name']}", f"{document['year']}年政府信息公开工作年度报告"]
    lines += ["一、总体情况", document["sections"]["overview"]]
    for table in lay.tables:
        lines.append(table.label.zh)
        for row in table.rows:
            if table.key == "review_litigation":
                continue
            lines.append(row.label.zh)
            lines.extend(_row_cells(document, row))
    return "\n".join(lines) + "\n"


def word(document: Document, path: Path) -> None:
    """The report as a Word file, table 3 with merged group cells."""
    import docx

    lay = layout(document["template"])
    out = docx.Document()
    out.add_paragraph(f"{document['agency']['name']}")
    out.add_paragraph(f"{document['year']}年政府信息公开工作年度报告")
    for section in lay.sections:
        out.add_paragraph(section.label.zh)
        if not isinstance(section, Table):
            out.add_paragraph(document["sections"][section.key])
            continue
        depth = max(len(row.groups) for row in section.rows) + 1
        width = depth + len(section.rows[0].columns)
        grid = out.add_table(rows=len(section.rows), cols=width)
        for index, row in enumerate(section.rows):
            labels = [g.zh for g in row.groups] + [row.label.zh]
            for column, label in enumerate(labels):
                grid.cell(index, column).text = label
            if len(labels) < depth:
                grid.cell(index, len(labels) - 1).merge(grid.cell(index, depth - 1))
                grid.cell(index, len(labels) - 1).text = row.label.zh
            for column, value in enumerate(_row_cells(document, row)):
                grid.cell(index, depth + column).text = value
        grouped = [index for index, row in enumerate(section.rows) if row.groups]
        if grouped and depth > 1:
            merged = grid.cell(grouped[0], 0).merge(grid.cell(grouped[-1], 0))
            merged.text = section.rows[grouped[0]].groups[0].zh
    out.save(str(path))
