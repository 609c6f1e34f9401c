"""Scanned PDFs are named, not skipped: a page without a text layer is told apart.

These are the imports without the ``ocr`` extra (its engine is hidden here); with it, the
scanned pages are read (`test_ocr.py`).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pdfplumber
import pytest

from disclosure_report import NotAReportError, ScannedReportError, message
from disclosure_report._importing import _ocr, import_report
from disclosure_report._importing._scanned import without_text_layer
from disclosure_report._layout import path_of, value_at
from tests.helpers.cli import assert_one_line_error
from tests.helpers.pdf import document
from tests.helpers.scanned import scanned_pdf

REAL = Path(__file__).parent / "fixtures" / "published" / "2024_淮安市人民政府.pdf"
"""A published PDF with a text layer: its tables stand on pages 1, 3, 4 and 5 of 6."""

WITHOUT_OCR = (
    "import sys\n"
    "sys.modules['rapidocr_onnxruntime'] = None\n"
    "from disclosure_report._cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
"""The command line, as it runs without the ``ocr`` extra."""


@pytest.fixture(autouse=True)
def _without_ocr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    _ocr._load.cache_clear()
    yield
    _ocr._load.cache_clear()


@attrs.frozen
class _Page:
    """What `without_text_layer` reads of a pdfplumber page."""

    chars: list[dict[str, Any]]
    images: list[dict[str, Any]]
    bbox: tuple[float, float, float, float] = (0, 0, 600, 800)


def _image(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}


@pytest.mark.parametrize(
    ("drawn", "scanned"),
    [
        (_Page([], [_image(0, 0, 600, 800)]), True),
        (_Page([{"text": " "}], [_image(-10, -10, 610, 810)]), True),
        (_Page([], [_image(0, 0, 600, 300), _image(0, 300, 600, 500)]), True),
        (_Page([], []), False),  # a blank page
        (_Page([], [_image(20, 20, 120, 120)]), False),  # a seal or a logo alone
        (_Page([], [_image(0, 0, 600, 390)]), False),  # less than half the page
        (_Page([{"text": "年"}], [_image(0, 0, 600, 800)]), False),  # OCR's invisible text
    ],
)
def test_a_page_without_text_covered_by_images_is_a_scan(drawn: _Page, scanned: bool) -> None:
    assert without_text_layer(drawn) is scanned


def test_the_pages_of_a_real_pdf_have_a_text_layer_and_their_images_have_none(
    tmp_path: Path,
) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(REAL, [2, 4]))
    with pdfplumber.open(REAL) as pdf:
        assert [without_text_layer(page) for page in pdf.pages] == [False] * 6
    with pdfplumber.open(scan) as pdf:
        assert [without_text_layer(page) for page in pdf.pages] == [
            False, True, False, True, False, False,
        ]  # fmt: skip
    with pdfplumber.open(_blank(tmp_path)) as pdf:
        assert not without_text_layer(pdf.pages[0])


def _blank(folder: Path) -> Path:
    path = folder / "blank.pdf"
    path.write_bytes(document([(b"", {})]))
    return path


def test_a_scanned_report_is_named_as_a_scan_not_as_no_table(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(REAL))
    with pytest.raises(ScannedReportError) as caught:
        import_report(scan)
    assert isinstance(caught.value, NotAReportError)  # what callers caught before still holds
    assert (caught.value.pages, caught.value.total) == ((1, 2, 3, 4, 5, 6), 6)
    assert "no text layer" in str(caught.value)
    assert "no table of an annual report was found" not in str(caught.value)


def test_a_pdf_without_text_and_without_images_has_no_table(tmp_path: Path) -> None:
    with pytest.raises(NotAReportError, match="no table") as caught:
        import_report(_blank(tmp_path))
    assert not isinstance(caught.value, ScannedReportError)


def test_a_scanned_page_among_text_pages_is_a_finding_and_its_cells_are_unread(
    tmp_path: Path,
) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(REAL, [4]))
    whole = import_report(REAL)
    result = import_report(scan)
    scanned = [finding for finding in result.findings if finding.code == "IMPORT_SCANNED"]
    assert [(f.severity, f.source.page if f.source else None) for f in scanned] == [("warning", 4)]
    assert message(scanned[0], "en") == (
        "document: a scanned page without a text layer: not read "
        "(page 4: one of 6 pages; it holds only an image, which only OCR could read: "
        "pip install 'disclosure-report[ocr]')"
    )
    assert message(scanned[0]).startswith("文档：扫描页，没有文字层，未读入（第 4 页：共 6 页")
    # What page 4 printed is unread, never zero; what the other pages printed is as before.
    received = "/applications/received/total"
    assert whole.provenance[received].startswith("page 4")
    assert received in result.document["unread"]
    assert result.document["applications"]["received"]["total"] is None
    assert result.document["year"] == whole.document["year"]
    elsewhere = [at for at, where in whole.provenance.items() if not where.startswith("page 4")]
    assert len(elsewhere) > 20
    for at in elsewhere:
        before = value_at(whole.document, path_of(at))
        assert value_at(result.document, path_of(at)) == before, at
    on_page_4 = [at for at in whole.provenance if at not in elsewhere]
    assert on_page_4
    assert all(value_at(result.document, path_of(at)) is None for at in on_page_4)
    assert set(on_page_4) <= set(result.document["unread"])


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ("a scan", "1, 3, 4, 5 of 6", "OCR")),
     ("zh", ("扫描件", "共 6 页，第 1、3、4、5 页", "文字识别"))],
)  # fmt: skip
def test_the_command_says_in_one_line_that_the_report_is_a_scan(
    tmp_path: Path, lang: str, words: tuple[str, ...]
) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(REAL, [1, 3, 4, 5]))
    script = tmp_path / "without_ocr.py"
    script.write_text(WITHOUT_OCR, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), "import", "--lang", lang, str(scan)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert_one_line_error(result, "scan.pdf", *words, "disclosure-report[ocr]")
