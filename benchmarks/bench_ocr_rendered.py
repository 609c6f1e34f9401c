"""How a scanned print of a generated report imports: cells right, unread and wrong.

    python benchmarks/bench_ocr_rendered.py [--templates 2019 2021] [--dpi 150 300]
                                            [--turns 0 1.5] [--jobs 1 2] [--degraded]

A filled report of each template (``tests.helpers.rendered.office_report``) is rendered as
HTML and printed to PDF by Chromium; its pages are rasterised by ``pdftoppm`` at each
resolution, turned by each angle (and with ``--degraded`` also turned by 1°, blurred, on grey
paper with noise and saved as JPEG at quality 45), and written as a PDF of images only (no
text layer), as a scanner writes one. That PDF is imported with OCR and every cell of the
template is compared with the document the report was rendered from: *right* (the number
printed), *unread* (left unread with a finding at its cell or its row) or *wrong* (any other
value). Each import runs once for each number of processes in ``--jobs`` (the pages spread
over them); pages a minute are compared with the first of them, measured in the same run.
With one process, ONNX Runtime runs on every core, and the engine's share is the time spent
in detection and recognition.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine_clock import EngineClock  # noqa: E402

from tests.helpers.documents import cells  # noqa: E402  (the helpers live with the tests)
from tests.helpers.rendered import office_report  # noqa: E402
from tests.helpers.scanned import printed_pdf, rasterised_pdf, tally  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--templates", nargs="+", default=["2019", "2021"])
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    parser.add_argument("--turns", type=float, nargs="*", default=[0.0, 1.5])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1])
    parser.add_argument(
        "--degraded", action="store_true", help="each scan also degraded (blur, noise, JPEG)"
    )
    arguments = parser.parse_args()
    import pypdfium2

    from disclosure_report._importing import import_report
    from disclosure_report._jsonio import unstructure

    engine = EngineClock()
    with tempfile.TemporaryDirectory() as folder:
        for template in arguments.templates:
            report = office_report(template)
            truth = cells(unstructure(report))
            pdf = printed_pdf(report, Path(folder) / f"{template}.pdf")
            pages = len(pypdfium2.PdfDocument(pdf))
            for dpi in arguments.dpi:
                kinds = [(f"turned {turn:g}°", {"turn": turn}) for turn in arguments.turns]
                if arguments.degraded:
                    kinds.append(("degraded, turned 1°", {"turn": 1.0, "degraded": True}))
                for kind, options in kinds:
                    scan = Path(folder) / "scan.pdf"
                    scan.write_bytes(rasterised_pdf(pdf, dpi, **options))
                    first = 0.0
                    for jobs in arguments.jobs:
                        engine.reset()
                        start = time.perf_counter()
                        result = import_report(scan, jobs=jobs)
                        seconds = time.perf_counter() - start
                        first = first or seconds
                        right, unread, wrong = tally(truth, result)
                        share = (
                            f", {engine.seconds / seconds:.0%} in the engine" if jobs == 1 else ""
                        )
                        print(
                            f"{template} {dpi} dpi {kind}, {jobs} process(es): "
                            f"{len(truth)} cells, {right} right, {unread} unread, "
                            f"{len(wrong)} wrong; "
                            f"{pages} pages, {pages / seconds * 60:.1f} pages/min "
                            f"({first / seconds:.2f}× the first){share}",
                            flush=True,
                        )
                        for at, expected, got in wrong:
                            print(f"    wrong: {at} printed {expected!r}, imported {got!r}")


if __name__ == "__main__":
    main()
