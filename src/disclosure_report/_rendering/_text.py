"""The report as an HTML page, as Markdown, and as plain text in the ` | ` style."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from .._findings import Finding
from .._layout import (
    Table,
    TextSection,
    common_label,
    layout,
    path_of,
    pointer,
    unit_at,
    value_at,
)
from .._messages import message
from .._page import css_family
from .._templates._common import REPORT_TITLE
from ._grid import GridCell, TableGrid, anchor, column_widths, grid

__all__ = [
    "cell_text",
    "finding_line",
    "note_line",
    "render_html",
    "render_markdown",
    "render_text",
    "stated_unit",
    "title",
    "value_text",
]


def cell_text(value: Any) -> str:
    """A value as printed: blank stays empty, money keeps its digits."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def stated_unit(document: Mapping[str, Any], at: str) -> str | None:
    """The unit a report states for the amount at `at`, where the template prints none
    (``元`` of ``251000元``); None for any other cell, and where it states none."""
    place = layout(document["template"]).field(at)
    if place is None or place.cell is None or place.cell.column.unit_key is None:
        return None
    return unit_at(document, place.cell)


def value_text(document: Mapping[str, Any], at: str) -> str:
    """The value at `at` as printed: `cell_text`, with the unit the report states after an
    amount whose template prints none (``251000元``)."""
    value = value_at(document, path_of(at))
    unit = stated_unit(document, at) if value is not None else None
    return cell_text(value) + (unit or "")


def finding_line(finding: Finding) -> str:
    """A finding as one line of a list or a footnote: its code and message."""
    return f"{finding.code} {message(finding)}"


def note_line(template: str, at: str, note: str) -> str:
    """A note as a footnote: the note alone where it is marked on its own cell or heading,
    with its place in front where it can only be marked on the title."""
    from ._grid import anchor

    if anchor(template, at)[0] != "title":
        return note
    place = layout(template).field(at)
    where = " · ".join(label.zh for label in place.labels) if place and place.labels else at
    return f"{where}：{note}"


def title(document: Mapping[str, Any]) -> str:
    """The report's title: its agency, its year, and the title every report has."""
    return f"{document['agency']['name']}{document['year']}年{REPORT_TITLE}"


_CSS = """
@page { size: A4; margin: 20mm 15mm; }
@page wide { size: A4 landscape; margin: 15mm 20mm; }
body { font-family: BODY; font-size: 12pt; line-height: 1.6; color: #000;
       max-width: 180mm; margin: 0 auto; }
h1 { font-family: TITLE; font-size: 20pt; text-align: center; font-weight: bold;
     margin: 0 0 1.2em; }
h2 { font-family: HEADING; font-size: 14pt; font-weight: normal; margin: 1.2em 0 .6em; }
p { text-indent: 2em; margin: 0 0 .4em; }
section.wide { page: wide; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: .6em 0 1em; }
thead { display: table-header-group; }
td, th { border: 1px solid #000; padding: 2px 3px; text-align: center; vertical-align: middle;
         font-family: TABLE; font-size: 9.5pt; font-weight: normal; overflow-wrap: anywhere; }
td.label { text-align: left; }
td.label[rowspan] { text-align: center; }
td.value { font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
td.finding { background: #ffe0e0; outline: 2px solid #c00; outline-offset: -2px; }
sup.finding-mark { color: #c00; font-weight: bold; }
td.finding.blank::before { content: "空白"; color: #c00; font-size: 8pt; margin-right: .2em; }
td.unread::before { content: "UNREAD"; color: #555; font-size: 8pt; margin-right: .2em; }
td.unread { background: #eee; }
sup.note-mark { font-size: 7.5pt; }
section.findings, section.notes { border-top: 1px solid #999; margin-top: 1.5em; font-size: 10pt; }
section.findings li.warning { color: #7a4b00; }
section.findings li.error { color: #a00; }
@media print {
  body { max-width: none; }
  td.finding { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
_CSS = (
    _CSS.replace("BODY", css_family("body"))
    .replace("TITLE", css_family("title"))
    .replace("HEADING", css_family("heading"))
    .replace("TABLE", css_family("table"))
)


def _css() -> str:
    """The page's style, the marker of an unread cell named as the templates name it."""
    return _CSS.replace("UNREAD", common_label("/unread").zh)


_WIDE = frozenset({"review_litigation"})
"""Tables printed on a landscape page."""


def _html_table(table_grid: TableGrid, document: Mapping[str, Any],
                marks: Mapping[str, list[int]], notes: Mapping[str, list[int]]) -> str:  # fmt: skip
    unread = document.get("unread") or {}
    rows: list[list[GridCell]] = [[] for _ in range(table_grid.height)]
    for cell in table_grid.cells:
        rows[cell.row].append(cell)
    template, key = document["template"], table_grid.table.key
    widths = column_widths(template, key, 100.0)
    lines = [f'<table class="{key}">', "<colgroup>"]
    lines += [f'<col style="width: {width:.2f}%">' for width in widths]
    lines.append("</colgroup>")
    if table_grid.header_rows:
        lines.append("<thead>")
    for line, cells in enumerate(rows):
        if line == table_grid.header_rows:
            lines.append("</thead><tbody>" if table_grid.header_rows else "<tbody>")
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
                text = html.escape(value_text(document, cell.pointer))
                data = f' data-pointer="{html.escape(cell.pointer)}"'
                if cell.pointer in unread:  # not read by an import: not blank, whatever it holds
                    classes.append("unread")
                if cell.pointer in marks:
                    classes.append("finding")
                    if not text and cell.pointer not in unread:
                        classes.append("blank")
                    text += "".join(
                        f'<sup class="finding-mark" data-annotation>{number}</sup>'
                        for number in marks[cell.pointer]
                    )
                text += "".join(
                    f'<sup class="note-mark" data-annotation><a href="#note-{n}">注{n}</a></sup>'
                    for n in notes.get(cell.pointer, [])
                )
            cell_tag = "td" if cell.role in ("value", "label", "empty") else tag
            parts.append(
                f'<{cell_tag} class="{" ".join(classes)}"{spans}{data}>{text}</{cell_tag}>'
            )
        lines.append(f"<tr>{''.join(parts)}</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def _numbered_notes(document: Mapping[str, Any]) -> list[tuple[int, str, tuple[str, str], str]]:
    """The notes in order, numbered: (number, pointer, where it is marked, footnote text)."""
    template = document["template"]
    return [
        (number, at, anchor(template, at), note_line(template, at, note))
        for number, (at, note) in enumerate((document.get("notes") or {}).items(), 1)
    ]


def render_html(document: Mapping[str, Any], findings: Sequence[Finding] = ()) -> str:
    """A standalone page in the official layout; `findings` are marked on their cells, and
    the notes are footnotes under the report."""
    lay = layout(document["template"])
    marks: dict[str, list[int]] = {}
    for number, finding in enumerate(findings, 1):
        marks.setdefault(finding.pointer, []).append(number)
    footnotes = _numbered_notes(document)
    notes: dict[str, list[int]] = {}
    for number, _, (kind, where), _ in footnotes:
        notes.setdefault(where if kind == "cell" else f"{kind}:{where}", []).append(number)

    def refs(key: str) -> str:
        return "".join(
            f'<sup class="note-mark" data-annotation><a href="#note-{n}">注{n}</a></sup>'
            for n in notes.get(key, [])
        )

    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title(document))}</title>",
        f"<style>{_css()}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(document['agency']['name'])}<br>"
        f"{document['year']}年{REPORT_TITLE}{refs('title:')}</h1>",
    ]
    for section in lay.sections:
        wide = section.key in _WIDE
        if wide:
            parts.append('<section class="wide">')
        parts.append(f"<h2>{html.escape(section.label.zh)}{refs('section:' + section.key)}</h2>")
        if isinstance(section, Table):
            parts.append(_html_table(grid(lay.template.id, section.key), document, marks, notes))
        else:
            for paragraph in document["sections"][section.key].splitlines():
                if paragraph.strip():
                    parts.append(f"<p>{html.escape(paragraph)}</p>")
        if wide:
            parts.append("</section>")
    if footnotes:
        heading = html.escape(common_label("/notes").zh)
        parts.append(f'<section class="notes" data-annotation><h2>{heading}</h2><ol>')
        for number, _, _, text in footnotes:
            parts.append(f'<li id="note-{number}">{html.escape(text)}</li>')
        parts.append("</ol></section>")
    if findings:
        parts.append('<section class="findings" data-annotation><h2>检查发现</h2><ol>')
        for finding in findings:
            parts.append(
                f'<li class="{finding.severity}"><code>{finding.code}</code> '
                f"{html.escape(message(finding))}</li>"
            )
        parts.append("</ol></section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _flat_rows(lay_table: Table, document: Mapping[str, Any]) -> Iterable[list[str]]:
    """Each data row with its labels (groups, block title, row label), then its values."""
    fields = layout(document["template"]).fields
    for row in lay_table.rows:
        labels = [label.zh for label in fields[row.pointer].row]
        values = [value_text(document, pointer((*row.path, c.key))) for c in row.columns]
        yield labels + values


def _sections(document: Mapping[str, Any]) -> Iterable[TextSection | Table]:
    return layout(document["template"]).sections


def _back_matter(document: Mapping[str, Any], findings: Sequence[Finding]) -> list[str]:
    """The notes (numbered, each with its place) and the findings, after the report."""
    template = document["template"]
    lines: list[str] = []
    notes = (document.get("notes") or {}).items()
    if notes:
        lines += [common_label("/notes").zh]
        for number, (at, note) in enumerate(notes, 1):
            place = layout(template).field(at)
            where = " · ".join(label.zh for label in place.labels) if place and place.labels else at
            lines.append(f"注{number}：{where}：{note}")
    if findings:
        lines += ["检查发现"]
        lines += [f"{number}. {finding_line(f)}" for number, f in enumerate(findings, 1)]
    return lines


def render_markdown(document: Mapping[str, Any], findings: Sequence[Finding] = ()) -> str:
    """The report as Markdown: headings, paragraphs and a pipe table per table; then the
    notes, each naming its cell, and the `findings`, when given."""
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
    back = _back_matter(document, findings)
    for line in back:
        if line in (common_label("/notes").zh, "检查发现"):
            lines += [f"## {line}", ""]
        else:
            lines += [line, ""]
    return "\n".join(lines).rstrip() + "\n"


def render_text(document: Mapping[str, Any], findings: Sequence[Finding] = ()) -> str:
    """Plain text: headings and paragraphs as lines, table rows as ``label | value | …``;
    then the notes, each naming its cell, and the `findings`, when given."""
    lines = [title(document)]
    for section in _sections(document):
        lines.append(section.label.zh)
        if isinstance(section, Table):
            for row in _flat_rows(section, document):
                lines.append(" | ".join(row) + " |")
        elif document["sections"][section.key]:
            lines.append(document["sections"][section.key])
    lines += _back_matter(document, findings)
    return "\n".join(lines) + "\n"
