"""Scanned reports: OCR's boxes rebuilt into rows, every number read surely or left unread
with a finding, and a scanned page of a real report imported with no wrong number.

The rebuilding is tested on boxes made here; the engine itself reads one page, degraded the
way scans are (the whole scanned report is in the corpus, ``tests/corpus/scan-…``).
"""

from __future__ import annotations

import io
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from disclosure_report._errors import MissingExtraError
from disclosure_report._findings import Source
from disclosure_report._importing import _ocr, import_report
from disclosure_report._importing._readers import Row, Text
from disclosure_report._importing._recognize import recognize
from tests.helpers.cli import assert_one_line_error
from tests.helpers.corpus import CORPUS, corpus

PUBLISHED = Path(__file__).parent / "fixtures" / "published" / "2024_淮安市人民政府.pdf"

RECEIVED = "一、本年新收政府信息公开申请数量"

PAGE_5 = (
    "/applications/outcomes/unavailable/needs_compilation",
    "/applications/outcomes/unavailable/unclear_after_correction",
    "/applications/outcomes/not_processed",
    "/applications/outcomes/other",
    "/applications/outcomes/total",
    "/applications/carried_forward",
    "/review_litigation",
)
"""The cells printed on page 5 of the real report."""


def _box(left: float, top: float, text: str, confidence: float = 0.99) -> _ocr.Box:
    width = 14 * len(text) if text.isascii() else 28 * len(text)
    return _ocr.Box(left, top, left + width, top + 26, text, confidence)


def _received(*values: tuple[str, float], top: float = 100) -> list[_ocr.Box]:
    """表三's first row as boxes: its label, then a value (or nothing) in each of seven
    columns 110 pixels apart."""
    boxes = [_box(20, top - 3, RECEIVED)]
    for index, (text, confidence) in enumerate(values):
        if text:
            boxes.append(_box(720 + 110 * index, top, text, confidence))
    return boxes


def test_boxes_become_a_row_with_a_cell_under_each_column() -> None:
    values = [("3001", 1.0), ("53", 1.0), ("0", 0.97), ("0", 0.95), ("61", 1.0), ("4", 1.0)]
    boxes = _received(*values, ("3119", 1.0))
    # A second row gives the columns the first row leaves empty.
    boxes += [_box(20, 197, "二、上年结转政府信息公开申请数量")]
    boxes += [_box(720 + 110 * i, 200, "1") for i in range(7)]
    (first, second) = _ocr.rebuild(boxes, page=4)
    assert isinstance(first, Row)
    assert first.cells == (RECEIVED, "3001", "53", "0", "0", "61", "4", "3119")
    assert first.doubts == ()
    assert first.where.page == 4
    assert "pixels 720,100–776,126" in first.where.describe(1)
    assert isinstance(second, Row)
    assert second.cells[1:] == ("1",) * 7


def test_a_column_with_nothing_read_in_a_row_is_a_blank_cell_there() -> None:
    boxes = _received(("3", 1.0), ("", 0), ("0", 1.0), ("0", 1.0), ("0", 1.0), ("0", 1.0))
    boxes += _received(*[("1", 1.0)] * 7, top=200)
    (first, _) = _ocr.rebuild(boxes, page=1)
    assert isinstance(first, Row)
    assert first.cells == (RECEIVED, "3", "", "0", "0", "0", "0", "")


def test_a_label_printed_over_two_lines_stays_with_its_values() -> None:
    boxes = [
        _box(20, 80, "（二）部分公开（区分处理的，只计这一情"),
        _box(20, 120, "形，不计其他情形）"),
        *[_box(720 + 110 * i, 100, "2") for i in range(7)],
    ]
    (row,) = _ocr.rebuild(boxes, page=1)
    assert isinstance(row, Row)
    assert row.cells[0] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


def test_lines_without_values_are_text_and_a_lone_page_number_is_left_out() -> None:
    boxes = [_box(300, 50, "三、收到和处理政府信息公开申请情况"), _box(600, 2300, "4")]
    blocks = _ocr.rebuild(boxes, page=1)
    assert [type(block) for block in blocks] == [Text]


def _boxes(*printed: tuple[int, int, int, int, str]) -> list[_ocr.Box]:
    return [
        _ocr.Box(left, top, right, bottom, text, 0.99) for left, top, right, bottom, text in printed
    ]


# Boxes as the engine read them on page 1 of a generated report's scan turned by 1.5°, the
# skew undone (benchmarks/bench_ocr_rendered.py).


def test_a_table_s_header_just_above_its_first_row_is_not_that_row_s_label() -> None:
    boxes = _boxes(
        (737, 984, 982, 1021, "第二十条第（五）项"),
        (265, 1037, 378, 1076, "信息内容"), (578, 1037, 769, 1074, "上一年项目数量"),
        (971, 1036, 1091, 1075, "本年增/减"), (1306, 1036, 1467, 1071, "处理决定数量"),
        (153, 1089, 263, 1128, "行政许可"), (653, 1088, 694, 1130, "20"),
        (1019, 1090, 1043, 1127, "4"), (1370, 1087, 1409, 1129, "24"),
        (153, 1141, 412, 1180, "其他对外管理服务事项"), (653, 1140, 694, 1181, "3"),
        (1012, 1140, 1050, 1180, "10"), (1370, 1140, 1409, 1181, "39"),
    )  # fmt: skip
    rows = [block.cells for block in _ocr.rebuild(boxes, page=1) if isinstance(block, Row)]
    assert rows == [("行政许可", "20", "4", "24"), ("其他对外管理服务事项", "3", "10", "39")]


def test_a_heading_across_the_table_just_below_a_row_is_not_that_row_s_label() -> None:
    boxes = _boxes(
        (153, 1247, 265, 1287, "行政处罚"), (980, 1246, 1020, 1289, "33"),
        (154, 1299, 265, 1338, "行政强制"), (980, 1300, 1019, 1341, "40"),
        (738, 1351, 982, 1388, "第二十条第（八）项"),
        (236, 1405, 346, 1444, "信息内容"), (827, 1404, 1155, 1441, "本年收费金额 (单位：万元)"),
        (156, 1458, 342, 1493, "行政事业性收费"), (946, 1456, 1050, 1496, "30.4269"),
    )  # fmt: skip
    blocks = _ocr.rebuild(boxes, page=1)
    rows = [block.cells for block in blocks if isinstance(block, Row)]
    assert rows == [("行政处罚", "33"), ("行政强制", "40"), ("行政事业性收费", "30.4269")]
    assert any(isinstance(b, Text) and "第二十条第（八）项" in b.text for b in blocks)


def test_a_label_read_in_two_boxes_side_by_side_reads_from_the_left() -> None:
    # （六） stands a pixel lower than 其他处理 and their boxes overlap: one line, read in order.
    boxes = _boxes(
        (263, 2054, 338, 2089, "（六）"), (320, 2053, 438, 2090, "其他处理"),
        *[(720 + 110 * i, 2053, 760 + 110 * i, 2089, "8") for i in range(7)],
    )  # fmt: skip
    (row,) = _ocr.rebuild(boxes, page=3)
    assert isinstance(row, Row)
    assert row.cells[0] == "（六）其他处理"


@pytest.mark.parametrize(
    ("printed", "confidence"),
    [("O", 0.99), ("l2", 0.98), ("5S", 0.97), ("12", 0.62)],
    ids=["letter O", "letter l", "letter S", "low confidence"],
)
def test_a_value_not_read_surely_is_unread_with_a_finding_never_guessed(
    printed: str, confidence: float
) -> None:
    values = [("1", 1.0), (printed, confidence), *[("0", 1.0)] * 4, ("1", 1.0)]
    (row,) = _ocr.rebuild(_received(*values), page=2)
    assert isinstance(row, Row)
    assert [position for position, _ in row.doubts] == [2]
    result = recognize([row], agency="某某县人民政府", year=2024)
    assert result is not None
    at = "/applications/received/commercial_enterprise"
    assert result.document["applications"]["received"]["commercial_enterprise"] is None
    assert at in result.document["unread"]
    (finding,) = [f for f in result.findings if f.code == "IMPORT_UNCERTAIN"]
    assert (finding.pointer, finding.actual) == (at, printed)
    assert result.document["applications"]["received"]["natural_person"] == 1


def test_a_doubtful_cell_s_finding_names_its_page_and_its_box_in_the_page_image() -> None:
    from disclosure_report import finding_json, message

    values = [("1", 1.0), ("12", 0.62), *[("0", 1.0)] * 4, ("1", 1.0)]
    (row,) = _ocr.rebuild(_received(*values), page=2)
    result = recognize([row], agency="某某县人民政府", year=2024)
    assert result is not None
    (finding,) = [f for f in result.findings if f.code == "IMPORT_UNCERTAIN"]
    assert finding.source is not None
    assert (finding.source.page, finding.source.box) == (2, (830, 100, 858, 126))
    data = finding_json(finding, "en")
    assert (data["page"], data["box"]) == (2, [830, 100, 858, 126])
    assert "page 2" in message(finding, "en")
    assert "pixels 830,100–858,126" in message(finding, "en")
    assert "图像像素 830,100–858,126" in message(finding, "zh")
    # A finding away from a scan carries neither.
    assert "box" not in finding_json(attrs.evolve(finding, source=Source(page=2, line=4)))


def test_a_cell_s_box_is_in_the_pixels_of_the_image_as_given_before_it_was_scaled() -> None:
    import numpy as np

    white = np.full((1200, 1800), 255, dtype=np.uint8)
    page = _ocr._Page(white, _ocr._Turn(0.0, 900, 600), scale=2.0)
    values = [("3", 1.0), ("5", 1.0), *[("0", 1.0)] * 4, ("8", 1.0)]
    (row,) = _ocr.rebuild(_received(*values), page=1, pixels=page)
    assert isinstance(row, Row)
    # "5" was read at 830,100–844,126 in the image as read, at half the size as given.
    assert row.where.boxes[2] == (1660, 200, 1688, 252)


def test_a_cell_s_box_turns_with_the_page_s_skew_back_to_where_it_is_printed() -> None:
    import numpy as np

    angle = math.radians(1.5)
    turn = _ocr._Turn(angle, 900, 600)
    page = _ocr._Page(np.full((1200, 1800), 255, dtype=np.uint8), turn)
    # A place far right of the page's middle lies lower on a page turned clockwise.
    left, top, right, bottom = page.given(1600, 590, 1640, 610)
    x, y = turn.forth(1620, 600)
    assert left < x < right
    assert top < y < bottom
    assert top > 590 + 700 * math.sin(angle) - 25
    assert (right - left, bottom - top) < (45, 25)


def test_the_skew_of_a_page_is_the_median_slope_of_its_wide_boxes() -> None:
    angle = math.radians(1.5)
    turn = _ocr._Turn(angle, 0, 0)
    quads = []
    for top in (100, 200, 300):
        corners = [(100, top), (500, top), (500, top + 30), (100, top + 30)]
        quads.append([turn.forth(x, y) for x, y in corners])
    assert _ocr._skew(quads) == pytest.approx(angle)


# --- the engine, on a real page ----------------------------------------------------------


def _truth() -> dict[str, Any]:
    keyed = next(k for k in corpus() if k.folder == CORPUS / "pdf-2024-淮安市人民政府")
    return keyed.expected()


def _scanned_page(number: int) -> bytes:
    """A page of the real published PDF as a poor scan: 150 dpi, turned by 1.5°, blurred,
    on grey paper with noise, saved as JPEG."""
    import numpy as np
    import pypdfium2
    from PIL import Image, ImageFilter

    document = pypdfium2.PdfDocument(str(PUBLISHED))
    try:
        image = document[number - 1].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    turned = image.rotate(1.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    pixels = np.asarray(turned.filter(ImageFilter.GaussianBlur(0.6)), dtype=np.float64)
    pixels = pixels * 0.85 + 25 + np.random.default_rng(5).normal(0, 10, pixels.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=50)
    return buffer.getvalue()


def test_a_poorly_scanned_page_of_a_real_report_has_no_wrong_number() -> None:
    # Page 5 holds the end of 表三 and all of 表四.
    result = import_report(_scanned_page(5), format="image", agency="淮安市人民政府", year=2024)
    unread = result.document.get("unread", {})
    places = {finding.pointer for finding in result.findings}
    truth = _truth()
    on_the_page = [at for at in truth if at.startswith(PAGE_5)]
    read = 0
    for at in on_the_page:
        node: Any = result.document
        for key in at.split("/")[1:]:
            node = node[key]
        if node is None and at in unread:
            assert at in places or at.rsplit("/", 1)[0] in places, at
            continue
        value = Decimal(str(node)) if isinstance(node, float) else node
        assert value == truth[at], at
        read += 1
    assert read >= len(on_the_page) * 0.8  # and the rest flagged, not everything


def test_pages_read_over_several_processes_give_what_one_process_gives_in_page_order() -> None:
    import numpy as np
    import pypdfium2

    document = pypdfium2.PdfDocument(str(PUBLISHED))
    try:
        image = document[4].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    # Two strips of page 5 (表四's row of values, a row of 表三) as two pages of a TIFF,
    # each read in a moment.
    width, height = image.size
    strips = [image.crop((0, round(height * a), width, round(height * b))) for a, b in
              ((0.70, 0.82), (0.05, 0.12))]  # fmt: skip
    assert all(np.asarray(strip).min() < 100 for strip in strips)  # print on both
    buffer = io.BytesIO()
    strips[0].save(buffer, "TIFF", save_all=True, append_images=strips[1:])
    data = buffer.getvalue()
    alone = _ocr.read_image_file(data, jobs=1)
    spread = _ocr.read_image_file(data, jobs=2)
    assert spread == alone
    rows = [(block.where.page, block.cells[:2]) for block in spread if isinstance(block, Row)]
    assert rows == [(1, ("72", "64")), (2, ("2.没有现成信息需要另行制作", "11"))]


def test_pages_are_read_here_unless_processes_are_asked_for_at_most_one_a_page() -> None:
    from disclosure_report import InvalidArgumentError

    assert _ocr.workers(None, 1) == 1
    assert _ocr.workers(None, 500) == 1
    assert _ocr.workers(3, 2) == 2
    assert _ocr.workers(3, 9) == 3
    with pytest.raises(InvalidArgumentError, match="jobs"):
        import_report(PUBLISHED, jobs=0)


def test_without_the_extra_a_scanned_report_says_so_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "scan.png"
    from PIL import Image

    Image.new("L", (200, 280), 255).save(page)
    script = tmp_path / "without_ocr.py"
    script.write_text(
        "import sys\n"
        "sys.modules['rapidocr_onnxruntime'] = None\n"
        "from disclosure_report._cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    completed = subprocess.run(
        [sys.executable, str(script), "import", str(page)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert_one_line_error(completed, "文字识别（OCR）", "disclosure-report[ocr]")


def test_without_the_extra_the_library_raises_its_own_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    _ocr._load.cache_clear()
    try:
        with pytest.raises(MissingExtraError, match=r"scanned.*disclosure-report\[ocr\]"):
            _ocr.engine()
    finally:
        _ocr._load.cache_clear()


# --- the template's sums ------------------------------------------------------------------


def _table_3(document: dict[str, Any], *, unsure: dict[str, str] | None = None) -> list[Row]:
    """表三 of `document` as rows rebuilt from a scan, each cell's pixels named; the cells in
    `unsure` (pointer: what OCR read) are doubtful."""
    from disclosure_report import layout
    from disclosure_report._importing._readers import Where
    from disclosure_report._layout import value_at

    rows = []
    for number, row in enumerate(layout("2021").table("applications").rows, 1):
        cells = [row.label.zh]
        doubts = []
        for column in row.columns:
            at = f"{row.pointer}/{column.key}"
            if unsure and at in unsure:
                cells.append(unsure[at])
                doubts.append((len(cells) - 1, "OCR 不确定"))
            else:
                cells.append(str(value_at(document, (*row.path, column.key))))
        where = Where(page=1, line=number, boxes=tuple((0, 0, 1, 1) for _ in cells))
        rows.append(Row(tuple(cells), where, doubts=tuple(doubts)))
    return rows


def _recognized(rows: list[Row]) -> Any:
    result = recognize(rows, agency="某某县人民政府", year=2024, template="2021")
    assert result is not None
    return _ocr.confirm(result)


def test_an_unsure_reading_the_sums_confirm_is_taken_with_a_note() -> None:
    from tests.helpers.documents import sample

    document = sample("2021", 7)
    at = "/applications/received/research_institution"
    printed = str(document["applications"]["received"]["research_institution"])
    result = _recognized(_table_3(document, unsure={at: printed}))
    assert result.document["applications"]["received"]["research_institution"] == int(printed)
    assert at not in result.document.get("unread", {})
    assert "核对一致" in result.document["notes"][at]
    assert "IMPORT_UNCERTAIN" not in {f.code for f in result.findings}


def test_an_unsure_reading_the_sums_contradict_stays_unread() -> None:
    from tests.helpers.documents import sample

    document = sample("2021", 7)
    at = "/applications/received/research_institution"
    misread = str(document["applications"]["received"]["research_institution"] + 6)
    result = _recognized(_table_3(document, unsure={at: misread}))
    assert result.document["applications"]["received"]["research_institution"] is None
    assert at in result.document["unread"]
    (finding,) = [f for f in result.findings if f.code == "IMPORT_UNCERTAIN"]
    assert (finding.pointer, finding.actual) == (at, misread)


def test_a_sure_reading_where_a_row_and_a_column_sum_fail_is_not_taken() -> None:
    from tests.helpers.documents import sample

    document = sample("2021", 7)
    received = document["applications"]["received"]
    received["natural_person"] += 5  # misread: neither its row's total nor its column's holds
    result = _recognized(_table_3(document))
    at = "/applications/received/natural_person"
    assert result.document["applications"]["received"]["natural_person"] is None
    assert at in result.document["unread"]
    assert ("IMPORT_UNCERTAIN", at) in {(f.code, f.pointer) for f in result.findings}
    # The other cells of that row and column, read surely, stay as read.
    assert result.document["applications"]["received"]["total"] == received["total"]
