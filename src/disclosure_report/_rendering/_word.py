"""The report as a Word document to publish: A4, official margins and fonts, the tables in
their printed geometry, notes and findings as footnotes.

Page setup and fonts come from `disclosure_report._page`, shared with every other Word
output of the library. 表四's fifteen columns get a landscape page of their own.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from .._errors import MissingExtraError
from .._findings import Finding
from .._layout import Table, layout
from .._page import (
    FONTS,
    LANDSCAPE,
    PORTRAIT,
    SIZES,
    TABLE_STYLE,
    docx_font,
    docx_page,
    docx_styles,
)
from ._grid import GridCell, anchor, column_widths, grid
from ._text import finding_line, note_line, title, value_text

__all__ = ["render_docx"]

_WIDE = frozenset({"review_litigation"})
"""Tables printed on a landscape page."""

_FINDING_FILL = "FFE0E0"
_CELL_MARGIN = 57
"""White space left and right in a cell, in twentieths of a point (1 mm)."""

_SMALL = 9.0
"""Point size (小五) of the wide table, whose headers have five columns to a group."""
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class _Footnotes:
    """Footnotes collected while the document is written, then stored as its footnotes part."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def mark(self, paragraph: Any, text: str) -> None:
        """A footnote reference at the end of `paragraph`, whose footnote says `text`."""
        from docx.oxml import parse_xml

        self.texts.append(text)
        number = len(self.texts)
        paragraph._p.append(
            parse_xml(
                f'<w:r xmlns:w="{_W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{number}"/></w:r>'
            )
        )

    def attach(self, out: Any) -> None:
        if not self.texts:
            return
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        font = f'<w:rFonts w:eastAsia="{escape(FONTS["table"].family)}"/>'
        size = f'<w:sz w:val="{int(SIZES["table"] * 2)}"/>'
        notes = [
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            "</w:footnote>",
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote>",
        ]
        for number, text in enumerate(self.texts, 1):
            notes.append(
                f'<w:footnote w:id="{number}"><w:p><w:pPr><w:spacing w:line="240" '
                f'w:lineRule="auto"/></w:pPr><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
                f"{size}</w:rPr><w:footnoteRef/></w:r><w:r><w:rPr>{font}{size}</w:rPr>"
                f'<w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
            )
        blob = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:footnotes xmlns:w="{_W}">{"".join(notes)}</w:footnotes>'
        ).encode()
        part = Part(
            PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, blob, out.part.package
        )
        out.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def render_docx(document: Mapping[str, Any], findings: Sequence[Finding] = ()) -> bytes:
    """The report as a Word document (needs python-docx); `findings`, when given, are
    shaded in their cells and told in footnotes."""
    try:
        import docx
        from docx.enum.section import WD_SECTION
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="word_needs_docx") from None
    lay = layout(document["template"])
    out = docx.Document()
    docx_styles(out)
    footnotes = _Footnotes()
    notes: dict[tuple[str, str], list[str]] = {}
    for at, note in (document.get("notes") or {}).items():
        notes.setdefault(anchor(lay.template.id, at), []).append(
            note_line(lay.template.id, at, note)
        )
    marks: dict[str, list[str]] = {}
    for finding in findings:
        marks.setdefault(finding.pointer, []).append(finding_line(finding))

    heading = out.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.line_spacing = Pt(36)
    heading.paragraph_format.space_after = Pt(16)
    name = heading.add_run(document["agency"]["name"])
    docx_font(name, "title")
    name.add_break()
    docx_font(heading.add_run(title(document)[len(document["agency"]["name"]) :]), "title")
    for text in notes.get(("title", ""), []):
        footnotes.mark(heading, text)
    for text in marks.get("", []) + marks.get("/template", []) + marks.get("/year", []):
        footnotes.mark(heading, text)

    for section in lay.sections:
        wide = section.key in _WIDE
        if wide:
            docx_page(out.add_section(WD_SECTION.NEW_PAGE), landscape=True)
        head = out.add_heading(section.label.zh, level=1)
        head.paragraph_format.first_line_indent = Pt(SIZES["body"] * 2)
        for text in notes.get(("section", section.key), []):
            footnotes.mark(head, text)
        if not isinstance(section, Table):
            for line in document["sections"][section.key].splitlines():
                if line.strip():
                    paragraph = out.add_paragraph(line.strip())
                    paragraph.paragraph_format.first_line_indent = Pt(SIZES["body"] * 2)
            continue
        width = (LANDSCAPE if wide else PORTRAIT).text_width(landscape=wide)
        _table(out, lay.template.id, section.key, document, width, notes, marks, footnotes)
        if wide:
            docx_page(out.add_section(WD_SECTION.NEW_PAGE))
    footnotes.attach(out)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _table(out: Any, template: str, key: str, document: Mapping[str, Any], width: float,
           notes: Mapping[tuple[str, str], list[str]], marks: Mapping[str, list[str]],
           footnotes: _Footnotes) -> None:  # fmt: skip
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import parse_xml
    from docx.shared import Mm

    table_grid = grid(template, key)
    widths = column_widths(template, key, width)
    table = out.add_table(rows=table_grid.height, cols=table_grid.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    properties = table._tbl.tblPr
    # Word wants these before tblLook, in this order.
    look = properties.find(f"{{{_W}}}tblLook")
    place = look.addprevious if look is not None else properties.append
    place(parse_xml(f'<w:tblLayout xmlns:w="{_W}" w:type="fixed"/>'))
    place(
        parse_xml(
            f'<w:tblCellMar xmlns:w="{_W}"><w:left w:w="{_CELL_MARGIN}" w:type="dxa"/>'
            f'<w:right w:w="{_CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
        )
    )
    for column, size in zip(table._tbl.tblGrid.findall(f"{{{_W}}}gridCol"), widths, strict=True):
        column.set(f"{{{_W}}}w", str(int(Mm(size).twips)))
    for index, row in enumerate(table.rows):
        flags = row._tr.get_or_add_trPr()
        flags.append(parse_xml(f'<w:cantSplit xmlns:w="{_W}"/>'))  # a row stays on one page
        if index < table_grid.header_rows:  # and the header rows repeat on every page
            flags.append(parse_xml(f'<w:tblHeader xmlns:w="{_W}"/>'))
        for column, cell in enumerate(row.cells):
            cell.width = Mm(widths[column])
    # One element per grid position until cells are merged: looked up here once, as
    # `table.cell()` walks the whole table on every call.
    positions = [list(row._tr.tc_lst) for row in table.rows]
    # Looked up once too: naming the style on each paragraph searches every style each time.
    style_id = out.part.get_style_id(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    for cell in table_grid.cells:
        _cell(table, positions, style_id, cell, document, notes, marks, footnotes,
              _SMALL if key in _WIDE else None)  # fmt: skip


def _cell(table: Any, positions: list[list[Any]], style_id: str | None, cell: GridCell,
          document: Mapping[str, Any],
          notes: Mapping[tuple[str, str], list[str]], marks: Mapping[str, list[str]],
          footnotes: _Footnotes, size: float | None) -> None:  # fmt: skip
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.table import _Cell

    # The grid's cells never overlap, so the corners of this one are still unmerged.
    target = _Cell(positions[cell.row][cell.column], table)
    if cell.rowspan > 1 or cell.colspan > 1:
        corner = positions[cell.row + cell.rowspan - 1][cell.column + cell.colspan - 1]
        target = target.merge(_Cell(corner, table))
    text = cell.text
    if cell.pointer is not None:
        text = value_text(document, cell.pointer)
    paragraph = target.paragraphs[0]
    paragraph._p.style = style_id
    leaf_label = cell.role == "label" and cell.rowspan == 1
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if leaf_label else WD_ALIGN_PARAGRAPH.CENTER
    target.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    if text:
        docx_font(paragraph.add_run(text), "table", size=size)
    if cell.pointer is None:
        return
    for note in notes.get(("cell", cell.pointer), []):
        footnotes.mark(paragraph, note)
    found = marks.get(cell.pointer, [])
    for line in found:
        footnotes.mark(paragraph, line)
    if found:
        shading = parse_xml(
            f'<w:shd xmlns:w="{_W}" w:val="clear" w:color="auto" w:fill="{_FINDING_FILL}"/>'
        )
        properties = target._tc.get_or_add_tcPr()
        aligned = properties.find(f"{{{_W}}}vAlign")  # shd comes before vAlign
        if aligned is not None:
            aligned.addprevious(shading)
        else:
            properties.append(shading)
