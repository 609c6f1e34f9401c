"""How a scanned report imports: cells right, flagged and wrong, and pages per minute.

    python benchmarks/bench_ocr.py [--dpi 150 200 300] [--scans straight rotated degraded]

The real published PDF of the corpus (淮安市人民政府 2024, keyed by hand in
``tests/corpus/pdf-2024-淮安市人民政府``) has its table pages (3 to 5) rasterised with
``pdftoppm`` at each resolution, turned into a scan (``straight``: as rendered; ``rotated``:
turned by 1.5°; ``degraded``: turned by 1°, blurred, with noise, a grey background and JPEG
artefacts), saved as one multi-page TIFF and imported. Every cell of the three tables is
compared with the hand-keyed truth. Time is split into the engine's (detection and
recognition) and the rest (rebuilding, recognizing); pages per minute are per process, and
ONNX Runtime uses every core for one page.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine_clock import EngineClock  # noqa: E402

from tests.helpers.corpus import CORPUS, Keyed, corpus  # noqa: E402  (the corpus lives with the tests)

PAGES = (3, 4, 5)


def scan(image: Any, kind: str, seed: int) -> Any:
    """A rendered page as a scan of the given kind."""
    import numpy as np
    from PIL import Image, ImageFilter

    if kind == "straight":
        return image
    angle = 1.5 if kind == "rotated" else 1.0
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if kind == "rotated":
        return turned
    blurred = turned.filter(ImageFilter.GaussianBlur(0.8))
    pixels = np.asarray(blurred, dtype=np.float32) * 0.85 + 20  # a grey background
    pixels += np.random.default_rng(seed).normal(0, 12, pixels.shape)
    grey = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    grey.save(buffer, "JPEG", quality=45)
    return Image.open(io.BytesIO(buffer.getvalue()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    parser.add_argument("--scans", nargs="+", default=["straight", "rotated", "degraded"])
    arguments = parser.parse_args()
    from PIL import Image

    from disclosure_report._importing import import_report

    keyed = next(k for k in corpus() if k.folder == CORPUS / "pdf-2024-淮安市人民政府")
    truth = keyed.expected()
    engine = EngineClock()
    with tempfile.TemporaryDirectory() as folder:
        for dpi in arguments.dpi:
            rendered = []
            for number in PAGES:
                prefix = Path(folder) / f"{dpi}-{number}"
                subprocess.run(
                    ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile",
                     "-f", str(number), "-l", str(number), str(keyed.source), str(prefix)],
                    check=True,
                )  # fmt: skip
                rendered.append(Image.open(prefix.with_suffix(".png")).convert("L"))
            for kind in arguments.scans:
                pages = [scan(image, kind, seed) for seed, image in enumerate(rendered)]
                path = Path(folder) / f"{dpi}-{kind}.tiff"
                pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_lzw")
                engine.reset()
                start = time.perf_counter()
                result = import_report(path, jobs=1)  # the engine timed in this process
                seconds = time.perf_counter() - start
                right, flagged, wrong = _tally(keyed, truth, result)
                print(
                    f"{dpi} dpi {kind:9} cells {right} right, {flagged} flagged, "
                    f"{len(wrong)} wrong; {len(PAGES) / seconds * 60:.1f} pages/min, "
                    f"{engine.seconds / seconds:.0%} of the time in the engine"
                )
                for at, expected, got in wrong:
                    print(f"    wrong: {at} keyed {expected!r}, imported {got!r}")


def _tally(keyed: Keyed, truth: dict[str, Any], result: Any) -> tuple[int, int, list[Any]]:
    from decimal import Decimal

    unread = result.document.get("unread", {})
    right = flagged = 0
    wrong = []
    for at, expected in truth.items():
        node: Any = result.document
        for key in at.split("/")[1:]:
            node = node[key]
        value = Decimal(str(node)) if isinstance(node, float) else node
        if value is None and at in unread:
            flagged += 1
        elif value == expected:
            right += 1
        else:
            wrong.append((at, expected, value))
    return right, flagged, wrong


if __name__ == "__main__":
    main()
