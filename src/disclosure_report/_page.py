"""Page setup and fonts of official documents (公文), in one place for every printed output.

The annual report in Word, the review letter (审核意见书) in Word, the workbook's print setup
and the HTML page's print CSS all read these: A4, the margins of GB/T 9704-2012 (党政机关公文
格式), and the font families offices use — a title in 方正小标宋简体 (黑体 where it is missing),
headings in 黑体, body text and tables in 仿宋_GB2312 (仿宋, then 宋体). Each family ends with the
Noto CJK font that Linux machines have (Debian's fonts-noto-cjk), which is what LibreOffice and
Chromium print with where the office fonts are not installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

__all__ = [
    "A4",
    "FONTS",
    "LANDSCAPE",
    "PORTRAIT",
    "SIZES",
    "TABLE_STYLE",
    "Font",
    "Margins",
    "Role",
    "css_family",
    "docx_font",
    "docx_page",
    "docx_styles",
    "fontconfig",
]

A4 = (210.0, 297.0)
"""Width and height of an A4 sheet, in millimetres."""


@attrs.frozen
class Margins:
    """White space around the type area, in millimetres."""

    top: float
    bottom: float
    left: float
    right: float

    def text_width(self, landscape: bool = False) -> float:
        """Width of the type area on an A4 page."""
        width = A4[1] if landscape else A4[0]
        return width - self.left - self.right


PORTRAIT = Margins(top=37, bottom=35, left=28, right=26)
"""GB/T 9704-2012: 天头 37 mm, 订口 28 mm, a type area of 156 mm × 225 mm."""

LANDSCAPE = Margins(top=28, bottom=26, left=37, right=35)
"""A landscape page (a wide table): the portrait margins turned with the sheet."""

Role = Literal["title", "heading", "body", "table"]


@attrs.frozen
class Font:
    """A font family to ask for first, what to fall back to, and the Noto CJK font last."""

    family: str
    fallbacks: tuple[str, ...]
    generic: Literal["serif", "sans-serif"]
    noto: str

    @property
    def chain(self) -> tuple[str, ...]:
        return (self.family, *self.fallbacks, self.noto)


FONTS: Mapping[Role, Font] = {
    "title": Font("方正小标宋简体", ("小标宋", "黑体", "SimHei"), "sans-serif", "Noto Sans CJK SC"),
    "heading": Font("黑体", ("SimHei",), "sans-serif", "Noto Sans CJK SC"),
    "body": Font(
        "仿宋_GB2312", ("仿宋", "FangSong", "宋体", "SimSun"), "serif", "Noto Serif CJK SC"
    ),
    "table": Font(
        "仿宋_GB2312", ("仿宋", "FangSong", "宋体", "SimSun"), "serif", "Noto Serif CJK SC"
    ),
}
"""The font of each kind of text."""

SIZES: Mapping[Role, float] = {"title": 22, "heading": 16, "body": 16, "table": 10.5}
"""Point sizes: 二号 for the title, 三号 for headings and text, 五号 in tables."""

TABLE_STYLE = "表格文字"
"""The paragraph style of text in table cells: the table font, single-spaced."""

BODY_LINE = 28.0
"""Line pitch of body text in points: 22 lines on the 225 mm type area, as GB/T 9704 sets."""


def css_family(role: Role) -> str:
    """The CSS ``font-family`` of `role`: every family in order, then the generic one."""
    font = FONTS[role]
    return ", ".join([*(f'"{name}"' for name in font.chain), font.generic])


def fontconfig() -> str:
    """A fontconfig file that prints each office font with its Noto CJK fallback on Linux.

    LibreOffice and Chromium ask fontconfig for a font they do not have; without this, every
    missing family (仿宋_GB2312, 方正小标宋简体, …) comes out in one sans-serif face.
    """
    aliases = []
    seen: set[str] = set()
    for font in FONTS.values():
        for name in (font.family, *font.fallbacks):
            if name in seen:
                continue
            seen.add(name)
            aliases.append(
                f'  <alias binding="same"><family>{name}</family>'
                f"<prefer><family>{font.noto}</family></prefer></alias>"
            )
    return "\n".join(
        [
            '<?xml version="1.0"?>',
            '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
            "<fontconfig>",
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
            *aliases,
            "</fontconfig>",
            "",
        ]
    )


# --- Word (python-docx) ----------------------------------------------------------------


def docx_font(target: Any, role: Role, *, size: float | None = None) -> None:
    """Give a python-docx run or style the font of `role`: East Asian and Latin family, size,
    and simplified Chinese as its language (which glyph forms a CJK font draws)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = FONTS[role]
    target.font.size = Pt(size or SIZES[role])
    target.font.name = "Times New Roman"
    element = target.element if hasattr(target, "element") else target._element
    properties = element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font.family)
    fonts.set(qn("w:hint"), "eastAsia")
    language = properties.find(qn("w:lang"))
    if language is None:
        language = properties.makeelement(qn("w:lang"), {})
        properties.append(language)
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")


def docx_page(section: Any, *, landscape: bool = False) -> None:
    """Make a python-docx section an A4 page with the official margins."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    width, height = A4
    margins = LANDSCAPE if landscape else PORTRAIT
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Mm(height), Mm(width)) if landscape else (Mm(width), Mm(height))
    )
    section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
    section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
    section.header_distance, section.footer_distance = Mm(15), Mm(20)


def docx_styles(document: Any) -> None:
    """A4 pages, the office fonts on the styles a document uses, and a font table that tells
    Word what to use where a family is missing (its first fallback)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    for section in document.sections:
        docx_page(section)
    normal = document.styles["Normal"]
    docx_font(normal, "body")
    spacing = normal.paragraph_format
    spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacing.line_spacing = Pt(BODY_LINE)
    spacing.space_before = spacing.space_after = Pt(0)
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        docx_font(style, "heading")
        style.font.bold = False
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = Pt(BODY_LINE)
    table = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table.base_style = normal
    docx_font(table, "table")
    table.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table.paragraph_format.first_line_indent = Pt(0)
    _font_table(document)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _font_table(document: Any) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.oxml.xmlchemy import serialize_for_reading

    rels = document.part.rels.values()
    part = next((rel.target_part for rel in rels if rel.reltype.endswith("/fontTable")), None)
    if part is None:  # pragma: no cover - python-docx's default template has one
        return
    root = parse_xml(part.blob)
    known = {element.get(qn("w:name")) for element in root.findall(qn("w:font"))}
    for font in FONTS.values():
        if font.family in known:
            continue
        known.add(font.family)
        family = "roman" if font.generic == "serif" else "modern"
        root.append(
            parse_xml(
                f'<w:font xmlns:w="{_W}" w:name="{font.family}">'
                f'<w:altName w:val="{font.fallbacks[0]}"/><w:charset w:val="86"/>'
                f'<w:family w:val="{family}"/></w:font>'
            )
        )
    declaration = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    part._blob = declaration + serialize_for_reading(root).encode("utf-8")
