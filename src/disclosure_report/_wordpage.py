"""The page and the fonts of the Word documents this library writes, in one place.

A4 with the margins of GB/T 9704-2012 (党政机关公文格式: 37 mm top, 35 mm bottom, 28 mm
left, 26 mm right), Chinese text in 仿宋 with headings in 黑体, Latin text and figures in
Times New Roman. Word and LibreOffice set Chinese text in the ``eastAsia`` font of a run,
which python-docx does not set by itself: `east_asian` does.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BODY", "HEADING", "LATIN", "east_asian", "set_up"]

BODY = "仿宋"
HEADING = "黑体"
LATIN = "Times New Roman"

_MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


def east_asian(target: Any, name: str, latin: str = LATIN) -> None:
    """Set the fonts of a python-docx style or run: `name` for Chinese, `latin` for the rest."""
    from docx.oxml.ns import qn

    target.font.name = latin
    properties = target.element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def set_up(document: Any, body_size: float = 12) -> None:
    """A4, the margins of GB/T 9704, and the body and heading fonts of `document`."""
    from docx.shared import Mm, Pt

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = Mm(_MARGINS_MM["top"])
        section.bottom_margin = Mm(_MARGINS_MM["bottom"])
        section.left_margin = Mm(_MARGINS_MM["left"])
        section.right_margin = Mm(_MARGINS_MM["right"])
    normal = document.styles["Normal"]
    normal.font.size = Pt(body_size)
    east_asian(normal, BODY)
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        east_asian(style, HEADING)
        style.font.bold = False
        style.font.color.rgb = None
