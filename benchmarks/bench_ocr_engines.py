"""How well and how fast two offline OCR engines read the tables of a real published PDF.

    python benchmarks/bench_ocr_engines.py [--pdf FILE] [--pages 3 4 5] [--dpi 200]

The PDF has a text layer, which is the truth here: every table cell pdfplumber finds on the
chosen pages is one question. Each page is rasterised (``pdftoppm -r DPI``) and read by

- RapidOCR (``rapidocr-onnxruntime``: PP-OCRv4 models shipped in the wheel), and
- Tesseract 5 (Debian's ``tesseract-ocr`` and ``tesseract-ocr-chi-sim``, TSV output),

and a cell is *right* when the text of the boxes whose centre lies in it equals the text layer's
(spaces aside), *missed* when no box lies in it, and *wrong* otherwise. Numbers and labels are
counted apart. Seconds are wall-clock per page, on whatever the machine is doing; the ratio of
the two engines, measured in the same run, is the figure to compare.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Box = tuple[float, float, float, float, str]
"""x0, top, x1, bottom (pixels) and the text read."""

_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?")


def _rapid() -> Callable[[Path], list[Box]]:
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(text_score=0.0, max_side_len=4000)

    def read(image: Path) -> list[Box]:
        found, _ = engine(str(image))
        boxes: list[Box] = []
        for corners, text, _score in found or []:
            xs = [point[0] for point in corners]
            ys = [point[1] for point in corners]
            boxes.append((min(xs), min(ys), max(xs), max(ys), text))
        return boxes

    return read


def _tesseract(image: Path) -> list[Box]:
    tsv = subprocess.run(
        ["tesseract", str(image), "-", "-l", "chi_sim", "tsv"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    boxes: list[Box] = []
    for line in tsv.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        left, top, width, height = (float(part) for part in parts[6:10])
        boxes.append((left, top, left + width, top + height, parts[11]))
    return boxes


def _cells(pdf: Any, page_number: int, scale: float) -> list[tuple[tuple[float, ...], str]]:
    """Each non-empty table cell of a page: its box in pixels and its text-layer text."""
    page = pdf.pages[page_number - 1]
    cells = []
    for table in page.find_tables():
        for row in table.rows:
            for box in row.cells:
                if box is None:
                    continue
                text = re.sub(r"\s+", "", page.crop(box).extract_text() or "")
                if text:
                    cells.append((tuple(value * scale for value in box), text))
    return cells


def _score(cells: list[tuple[tuple[float, ...], str]], boxes: list[Box]) -> dict[str, int]:
    tally = dict.fromkeys(
        ("numbers", "numbers_right", "numbers_wrong", "numbers_missed",
         "labels", "labels_right"), 0
    )  # fmt: skip
    for (x0, top, x1, bottom), truth in cells:
        inside = sorted(
            (box for box in boxes
             if x0 <= (box[0] + box[2]) / 2 <= x1 and top <= (box[1] + box[3]) / 2 <= bottom),
            key=lambda box: (round(box[1] / 20), box[0]),
        )  # fmt: skip
        read = re.sub(r"\s+", "", "".join(box[4] for box in inside))
        if _NUMBER.fullmatch(truth):
            tally["numbers"] += 1
            key = "right" if read == truth else "missed" if not inside else "wrong"
            tally[f"numbers_{key}"] += 1
        else:
            tally["labels"] += 1
            tally["labels_right"] += read == truth
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    published = Path("tests/fixtures/published/2024_淮安市人民政府.pdf")
    parser.add_argument("--pdf", type=Path, default=published)
    parser.add_argument("--pages", type=int, nargs="+", default=[3, 4, 5])
    parser.add_argument("--dpi", type=int, default=200)
    arguments = parser.parse_args()
    import pdfplumber

    if shutil.which("pdftoppm") is None or shutil.which("tesseract") is None:
        raise SystemExit("needs poppler-utils and tesseract-ocr, tesseract-ocr-chi-sim")
    started = time.perf_counter()
    rapid = _rapid()
    print(f"RapidOCR models loaded in {time.perf_counter() - started:.1f} s")
    engines: dict[str, Callable[[Path], list[Box]]] = {"rapidocr": rapid, "tesseract": _tesseract}
    totals: dict[str, dict[str, float]] = {name: {} for name in engines}
    with pdfplumber.open(arguments.pdf) as pdf, tempfile.TemporaryDirectory() as folder:
        for number in arguments.pages:
            prefix = Path(folder) / f"page{number}"
            subprocess.run(
                ["pdftoppm", "-r", str(arguments.dpi), "-png", "-singlefile",
                 "-f", str(number), "-l", str(number), str(arguments.pdf), str(prefix)],
                check=True,
            )  # fmt: skip
            image = prefix.with_suffix(".png")
            cells = _cells(pdf, number, arguments.dpi / 72)
            for name, engine in engines.items():
                start = time.perf_counter()
                boxes = engine(image)
                seconds = time.perf_counter() - start
                tally = _score(cells, boxes)
                print(f"page {number} {name:10} {seconds:6.1f} s  numbers "
                      f"{tally['numbers_right']}/{tally['numbers']} right, "
                      f"{tally['numbers_wrong']} wrong, {tally['numbers_missed']} missed; "
                      f"labels {tally['labels_right']}/{tally['labels']} right")  # fmt: skip
                total = totals[name]
                total["seconds"] = total.get("seconds", 0.0) + seconds
                for key, value in tally.items():
                    total[key] = total.get(key, 0) + value
    for name, total in totals.items():
        print(f"all {name:10} {total['seconds'] / len(arguments.pages):6.1f} s/page  numbers "
              f"{total['numbers_right']:.0f}/{total['numbers']:.0f} right, "
              f"{total['numbers_wrong']:.0f} wrong, {total['numbers_missed']:.0f} missed; "
              f"labels {total['labels_right']:.0f}/{total['labels']:.0f} right")  # fmt: skip
    ratio = totals["rapidocr"]["seconds"] / totals["tesseract"]["seconds"]
    print(f"RapidOCR takes {ratio:.2f}× Tesseract's time")


if __name__ == "__main__":
    main()
