"""A generated report printed, scanned and imported: every cell is the number printed, or
unread with a finding that says where on which page it could not be read.

The report is rendered as HTML, printed to PDF by Chromium and rasterised by ``pdftoppm``
into a PDF of images only, turned as a sheet lies crooked on a scanner. The figures for both
templates at 150 and 300 dpi, straight and turned, are in docs/importing.md
(``python benchmarks/bench_ocr_rendered.py``); this test reads one of them, the 2019
template, whose tables differ from the 2021 template's that the real reports test.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2
import pytest

from disclosure_report._importing import _ocr, import_report
from disclosure_report._jsonio import unstructure
from tests.helpers.documents import cells
from tests.helpers.rendered import office_report
from tests.helpers.scanned import printed_pdf, rasterised_pdf, tally


@pytest.mark.office
def test_a_scanned_print_of_a_2019_report_has_every_cell_right_or_flagged(tmp_path: Path) -> None:
    report = office_report("2019")
    printed = printed_pdf(report, tmp_path / "report.pdf")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(rasterised_pdf(printed, 150, turn=1.5))
    result = import_report(scan, jobs=2)
    assert result.template == "2019"
    truth = cells(unstructure(report))
    right, unread, wrong = tally(truth, result)
    assert wrong == []
    assert right >= 0.9 * len(truth), (right, unread)
    # Where a cell was read is a box of the page image (the page rendered at 200 dpi):
    # read there again, it is the number the cell holds.
    document = pypdfium2.PdfDocument(scan)
    try:
        for at in ("/applications/received/natural_person", "/applications/carried_forward/total",
                   "/review_litigation/litigation_direct/total"):  # fmt: skip
            source = result.sources[at]
            assert source.page is not None, at
            assert source.box is not None, at
            page = document[source.page - 1].render(scale=200 / 72, grayscale=True).to_pil()
            left, top, right_edge, bottom = source.box
            pad = (bottom - top) // 3
            crop = page.convert("L").crop((left - pad, top - pad, right_edge + pad, bottom + pad))
            found, _ = _ocr.engine()(np.asarray(crop), use_det=False, use_cls=False)
            assert found[0][0] == str(truth[at]), at
    finally:
        document.close()
