"""Printing for the tests: LibreOffice turns a docx or xlsx into PDF, and pdfplumber measures
the pages (size, where every character and every table line is, which fonts)."""

from __future__ import annotations

import os
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pdfplumber

from disclosure_report._page import fontconfig

A4_POINTS = (595.3, 841.9)


@attrs.frozen
class Page:
    """One printed page as measured: its size, and the right and bottom edge of its ink."""

    number: int
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    text: str
    fonts: frozenset[str]

    @property
    def a4(self) -> bool:
        size = sorted((self.width, self.height))
        return abs(size[0] - A4_POINTS[0]) < 1 and abs(size[1] - A4_POINTS[1]) < 1

    @property
    def inside(self) -> bool:
        """Whether every character and line lies on the page."""
        return (
            self.left >= 0
            and self.top >= 0
            and self.right <= self.width
            and self.bottom <= self.height
        )


def measure(pdf: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(str(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            things: list[dict[str, Any]] = [*page.chars, *page.lines, *page.rects]
            pages.append(
                Page(
                    number,
                    float(page.width),
                    float(page.height),
                    min((float(t["x0"]) for t in things), default=0.0),
                    max((float(t["x1"]) for t in things), default=0.0),
                    min((float(t["top"]) for t in things), default=0.0),
                    max((float(t["bottom"]) for t in things), default=0.0),
                    # Chromium's PDFs name some characters by their Kangxi radicals (⼈ for 人).
                    unicodedata.normalize("NFKC", page.extract_text() or ""),
                    frozenset(str(c["fontname"]).split("+")[-1] for c in page.chars),
                )
            )
    return pages


def pages_with(pages: list[Page], first: str, last: str) -> list[int]:
    """The pages from the one that shows `first` to the one that shows `last`."""
    start = next(p.number for p in pages if first in p.text.replace(" ", ""))
    end = next(p.number for p in pages if p.number >= start and last in p.text.replace(" ", ""))
    return list(range(start, end + 1))


def fonts_file(folder: Path) -> Path:
    """The project's fontconfig file, as a Linux office would install it."""
    path = folder / "fonts.conf"
    path.write_text(fontconfig(), encoding="utf-8")
    return path


def to_pdf(source: Path, folder: Path) -> Path:
    """`source` printed to PDF by LibreOffice, with the office fonts mapped to Noto CJK."""
    out = folder / "pdf"
    environment = {**os.environ, "FONTCONFIG_FILE": str(fonts_file(folder))}
    completed = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180, check=False, env=environment,
    )  # fmt: skip
    pdf = out / f"{source.stem}.pdf"
    assert completed.returncode == 0, completed.stderr
    assert pdf.exists(), completed.stdout + completed.stderr
    return pdf


def cjk(fonts: frozenset[str]) -> set[str]:
    return {font for font in fonts if "CJK" in font}


def all_fonts(pages: list[Page]) -> Iterator[str]:
    for page in pages:
        yield from page.fonts
