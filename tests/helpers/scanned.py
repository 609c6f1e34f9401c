"""Scanned PDFs made here: pages of a real PDF rasterised into images, with no text layer.

pdfium (pypdfium2, which pdfplumber renders with) draws each page; Pillow writes the
pictures as a PDF of images, as a scanner does; pdfium puts those pages in place of the
originals, so that a PDF can be scanned in part.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from pathlib import Path

import pypdfium2

__all__ = ["scanned_pdf"]

_SCALE = 0.75
"""Points to pixels: 54 dots an inch, enough to see the page and small enough to stay fast."""


def scanned_pdf(source: Path, pages: Collection[int] | None = None) -> bytes:
    """The PDF at `source` with `pages` (1-based; all when None) replaced by their images."""
    original = pypdfium2.PdfDocument(source)
    try:
        chosen = sorted(pages) if pages is not None else list(range(1, len(original) + 1))
        pictures = [
            original[number - 1].render(scale=_SCALE).to_pil().convert("RGB") for number in chosen
        ]
        images = io.BytesIO()
        pictures[0].save(
            images, "PDF", save_all=True, append_images=pictures[1:], resolution=72 * _SCALE
        )
        scans = pypdfium2.PdfDocument(images.getvalue())
        for index, number in enumerate(chosen):
            original.del_page(number - 1)
            original.import_pages(scans, [index], index=number - 1)
        written = io.BytesIO()
        original.save(written)
        scans.close()
        return written.getvalue()
    finally:
        original.close()
