"""Pages without a text layer: a scan (or a photograph) of a page, which only OCR could read.

A published PDF is sometimes a scan of the signed paper report. Its pages draw an image and
no text, so the import finds nothing on them; it says so (`IMPORT_SCANNED`, or
`ScannedReportError` when no table was found anywhere else) instead of "no table found".
`without_text_layer` decides it for one laid-out pdfplumber page, so that a reader can send
such a page elsewhere (to OCR) rather than read its empty text.
"""

from __future__ import annotations

from typing import Any

__all__ = ["COVERED", "without_text_layer"]

COVERED = 0.5
"""The share of a page that its images must cover for a page without text to be a scan:
a blank page, or one with only a small logo or seal, is not."""


def _area(box: tuple[float, float, float, float]) -> float:
    x0, top, x1, bottom = box
    return max(0.0, x1 - x0) * max(0.0, bottom - top)


def without_text_layer(page: Any) -> bool:
    """Whether a pdfplumber `page` prints no text and is covered by images: a scanned page.

    A character counts as text when it is not white space, whatever its rendering mode: the
    invisible text that OCR software lays over a scan is a text layer, and is read.
    """
    if any(not char["text"].isspace() for char in page.chars):
        return False
    page_x0, page_top, page_x1, page_bottom = page.bbox
    covered = 0.0
    for image in page.images:
        box = (
            max(image["x0"], page_x0),
            max(image["top"], page_top),
            min(image["x1"], page_x1),
            min(image["bottom"], page_bottom),
        )
        covered += _area(box)
    size = _area(page.bbox)
    return size > 0 and covered >= COVERED * size
