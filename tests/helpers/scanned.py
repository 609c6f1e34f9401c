"""Scanned PDFs made here: pages of a PDF rasterised into images, with no text layer.

pdfium (pypdfium2, which pdfplumber renders with) draws each page; Pillow writes the
pictures as a PDF of images, as a scanner does; pdfium puts those pages in place of the
originals, so that a PDF can be scanned in part.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import pypdfium2

__all__ = ["printed_pdf", "rasterised_pdf", "scanned_pdf"]

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


def printed_pdf(report: Any, path: Path) -> Path:
    """`report` rendered as HTML and printed to a PDF at `path` by Chromium, as an office
    prints its report before it signs and scans it."""
    from playwright.sync_api import sync_playwright

    from disclosure_report import render
    from tests.helpers.rendered import CHROMIUM, CHROMIUM_ARGS

    page_file = path.with_suffix(".html")
    page_file.write_text(str(render(report, "html")), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            page.pdf(path=str(path), prefer_css_page_size=True)
        finally:
            browser.close()
    return path


def rasterised_pdf(
    source: Path,
    dpi: int,
    *,
    turn: float = 0.0,
    degraded: bool = False,
    pages: Sequence[int] | None = None,
) -> bytes:
    """The pages of the PDF at `source` (1-based `pages`, all when None) rasterised by
    ``pdftoppm`` at `dpi` in grey, turned by `turn` degrees, `degraded` as a poor scan is
    (blurred, on grey paper with noise, saved as JPEG at quality 45), as a PDF of images
    only."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "page"
        chosen = ["-f", str(min(pages)), "-l", str(max(pages))] if pages else []
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", *chosen, str(source), str(prefix)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        pictures = []
        for file in sorted(Path(folder).glob("page-*.png")):
            number = int(file.stem.rsplit("-", 1)[1])
            if pages is not None and number not in pages:
                continue
            image = Image.open(file).convert("L")
            if turn:
                image = image.rotate(
                    turn, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
                )
            pictures.append(_degraded(image, seed=number) if degraded else image)
    written = io.BytesIO()
    pictures[0].save(written, "PDF", save_all=True, append_images=pictures[1:], resolution=dpi)
    return written.getvalue()


def _degraded(image: Any, seed: int) -> Any:
    import numpy as np
    from PIL import Image, ImageFilter

    pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(0.8)), dtype=np.float64)
    pixels = pixels * 0.85 + 20 + np.random.default_rng(seed).normal(0, 12, pixels.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=45)
    return Image.open(io.BytesIO(buffer.getvalue()))


def tally(truth: dict[str, Any], result: Any) -> tuple[int, int, list[tuple[str, Any, Any]]]:
    """The cells of an import against `truth` (pointer: value): how many are right, how
    many unread with a finding at their cell or its row, and the wrong ones (pointer, truth,
    read)."""
    from tests.helpers.documents import cells

    read = cells(result.document)
    unread = result.document.get("unread", {})
    flagged = {finding.pointer for finding in result.findings if finding.pointer}
    right = left = 0
    wrong = []
    for at, expected in truth.items():
        if read[at] == expected:
            right += 1
        elif read[at] is None and at in unread and {at, at.rsplit("/", 1)[0]} & flagged:
            left += 1
        else:
            wrong.append((at, expected, read[at]))
    return right, left, wrong
