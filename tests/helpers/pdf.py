"""Small PDFs written by hand: a report's text and ruled tables, and hostile variants.

The text is set in a CID font that embeds no glyphs: a ToUnicode map is all a text
layer needs, and it keeps a page a few kilobytes, so that the fuzzer can read
thousands of them. `document` writes any pages and objects given, to build what a
parser should refuse (bombs, endless operators) from the same pieces.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

__all__ = ["Deflated", "Page", "document", "report_pdf", "text_pdf"]

Page = tuple[bytes, dict[str, bytes]]
"""A page: its content stream, and the form XObjects it draws, by name."""

_FONT_SIZE = 6
_ROW_HEIGHT = 10
_COLUMN_WIDTH = 260
_LINE_CHARACTERS = 100


class Deflated(bytes):
    """A stream's content already Flate-compressed: written as it is."""


def _stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    deflated = isinstance(data, Deflated)
    body = data if deflated or not compress else zlib.compress(data)
    flate = b" /Filter /FlateDecode" if compress or deflated else b""
    return b"<< /Length %d%s%s >>\nstream\n" % (len(body), flate, extra) + body + b"\nendstream"


def _to_unicode(characters: Sequence[str]) -> bytes:
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(characters), 100):
        chunk = characters[start : start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        for offset, character in enumerate(chunk):
            code = start + offset + 1
            target = character.encode("utf-16-be").hex().upper().encode()
            lines.append(b"<%04X> <%s>" % (code, target))
        lines.append(b"endbfchar")
    lines += [b"endcmap CMapName currentdict /CMap defineresource pop end end"]
    return b"\n".join(lines)


def document(
    pages: Sequence[Page],
    characters: Sequence[str] = (),
    *,
    compress: bool = True,
    to_unicode: bytes | None = None,
) -> bytes:
    """A PDF of `pages` whose font F1 maps code i + 1 to `characters[i]`.

    `to_unicode` replaces the font's ToUnicode stream as written (compressed or not).
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    tree = add(b"")
    unicode_map = add(to_unicode if to_unicode is not None else _stream(_to_unicode(characters)))
    descendant = add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Song "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /Song /Flags 4 "
        b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 700 /StemV 80 >> /DW 1000 >>"
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (descendant, unicode_map)
    )
    kids = []
    for content, forms in pages:
        names = []
        for name, form in forms.items():
            number = add(
                _stream(
                    form,
                    b" /Type /XObject /Subtype /Form /BBox [0 0 4000 4000]"
                    b" /Resources << /Font << /F1 %d 0 R >> >>" % font,
                    compress,
                )
            )
            names.append(b"/%s %d 0 R" % (name.encode(), number))
        stream = add(_stream(content, compress=compress))
        height = 4000
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 3000 %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> /XObject << %s >> >> >>"
                % (tree, height, stream, font, b" ".join(names))
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


class _Writer:
    """Content streams of text lines and ruled table rows, page after page."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.pages: list[bytes] = []
        self.content: list[bytes] = []
        self.y = 3950

    def _code(self, text: str) -> bytes:
        hexes = []
        for character in text:
            if character not in self.codes:
                self.codes[character] = len(self.codes) + 1
            hexes.append(b"%04X" % self.codes[character])
        return b"<" + b"".join(hexes) + b">"

    def _room(self) -> None:
        if self.y < 60:
            self.pages.append(b"\n".join(self.content))
            self.content, self.y = [], 3950

    def text(self, line: str, x: int = 40) -> None:
        for start in range(0, max(len(line), 1), _LINE_CHARACTERS):
            self._room()
            piece = line[start : start + _LINE_CHARACTERS]
            self.content.append(
                b"BT /F1 %d Tf %d %d Td %s Tj ET" % (_FONT_SIZE, x, self.y, self._code(piece))
            )
            self.y -= _ROW_HEIGHT

    def row(self, cells: Sequence[str], width: int) -> None:
        self._room()
        bottom = self.y - 3
        for index in range(width):
            left = 40 + index * _COLUMN_WIDTH
            self.content.append(b"%d %d %d %d re S" % (left, bottom, _COLUMN_WIDTH, _ROW_HEIGHT))
            text = cells[index] if index < len(cells) else ""
            if text:
                self.content.append(
                    b"BT /F1 %d Tf %d %d Td %s Tj ET"
                    % (_FONT_SIZE, left + 2, bottom + 2, self._code(text[:40]))
                )
        self.y -= _ROW_HEIGHT

    def gap(self) -> None:
        self.y -= _ROW_HEIGHT

    def finish(self) -> tuple[list[bytes], list[str]]:
        if self.content:
            self.pages.append(b"\n".join(self.content))
        characters = sorted(self.codes, key=self.codes.__getitem__)
        return self.pages, characters


def text_pdf(lines: Sequence[str | Sequence[str]], *, compress: bool = True) -> bytes:
    """A PDF of `lines`: a string is a line of text, a sequence of strings a table row
    (consecutive rows make one ruled table, as wide as its widest row)."""
    writer = _Writer()
    index = 0
    while index < len(lines):
        item = lines[index]
        if isinstance(item, str):
            writer.text(item)
            index += 1
            continue
        end = index
        while end < len(lines) and not isinstance(lines[end], str):
            end += 1
        table = lines[index:end]
        width = max(len(row) for row in table)
        for row in table:
            writer.row(row, width)
        writer.gap()
        index = end
    pages, characters = writer.finish()
    return document([(page, {}) for page in pages], characters, compress=compress)


def report_pdf(text: str, *, compress: bool = True) -> bytes:
    """A report's plain-text rendering (``render(report, "txt")``) set as a PDF."""
    lines: list[str | Sequence[str]] = []
    for line in text.splitlines():
        if " | " in line or line.endswith(" |"):
            lines.append([cell.strip() for cell in line.rstrip(" |").split(" | ")])
        elif line.strip():
            lines.append(line)
    return text_pdf(lines, compress=compress)
