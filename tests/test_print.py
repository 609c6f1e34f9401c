"""Printed pages, measured: Word and Excel through LibreOffice, HTML through Chromium. Every
page is A4, every column inside it, the fonts CJK, and 表三 on at most two pages."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import attrs
import docx
import openpyxl
import pytest
from playwright.sync_api import sync_playwright

from disclosure_report import load
from disclosure_report._importing import import_report
from disclosure_report._jsonio import unstructure
from disclosure_report._rendering import render
from disclosure_report._rendering._grid import column_widths
from tests.helpers.cli import DEFECTS
from tests.helpers.printed import all_fonts, cjk, measure, pages_with, to_pdf
from tests.helpers.rendered import CHROMIUM, CHROMIUM_ARGS, office_report

ROOT = Path(__file__).resolve().parents[1]
HUAIAN = ROOT / "examples" / "2024_淮安市人民政府.json"
ARTIFACTS = ROOT / "test-artifacts"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTES = {
    "/applications/received/natural_person": "含信函申请12件",
    "/sections/overview": "数据统计截至当年12月31日",
}


def _cells(document: dict[str, Any]) -> dict[str, Any]:
    from tests.helpers.documents import cells

    return dict(cells(document))


def _with_notes(report: Any) -> Any:
    return attrs.evolve(report, notes=NOTES)


def _keep(pdf: Path, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / name)


@pytest.mark.office
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_word_prints_on_a4_with_cjk_fonts_and_table_3_on_two_pages(
    tmp_path: Path, template: str
) -> None:
    report = _with_notes(load(HUAIAN)) if template == "2021" else _with_notes(office_report("2019"))
    source = tmp_path / "report.docx"
    rendered = render(report, "docx")
    assert isinstance(rendered, bytes)
    source.write_bytes(rendered)
    pdf = to_pdf(source, tmp_path)
    _keep(pdf, f"report-{template}.docx.pdf")
    pages = measure(pdf)
    assert all(page.a4 for page in pages), [(p.width, p.height) for p in pages]
    assert all(page.inside for page in pages), [(p.number, p.right, p.width) for p in pages]
    fonts = set(all_fonts(pages))
    assert any("NotoSerifCJK" in font for font in fonts), fonts  # 仿宋 → Noto Serif CJK
    assert any("NotoSansCJK" in font for font in fonts), fonts  # 黑体 → Noto Sans CJK
    assert len(pages_with(pages, "三、收到和处理", "四、结转下年度继续办理")) <= 2
    # 表四 has a landscape page of its own, and its 15 columns fit inside it.
    (wide,) = [p for p in pages if "四、政府信息公开行政复议" in p.text.replace(" ", "")]
    assert wide.width > wide.height
    # Notes are footnotes: the text at the foot of a page, the cell still reads its number.
    assert any("含信函申请12件" in page.text for page in pages)
    assert _cells(import_report(source).document) == _cells(unstructure(report))


def test_word_uses_a4_the_official_margins_fonts_and_widths() -> None:
    report = _with_notes(load(HUAIAN))
    rendered = render(report, "docx")
    assert isinstance(rendered, bytes)
    document = docx.Document(io.BytesIO(rendered))
    first: Any = document.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert (round(first.top_margin.mm), round(first.left_margin.mm)) == (37, 28)
    sections: list[Any] = list(document.sections)
    assert [round(s.page_width.mm) for s in sections] == [210, 297, 210]
    body = document.styles["Normal"].element.rPr.rFonts
    assert body.get(f"{{{W}}}eastAsia") == "仿宋_GB2312"
    table3 = document.tables[1]
    widths = [round(cell.width.mm, 1) for cell in table3.rows[7].cells[2:]]
    expected = column_widths("2021", "applications", 156.0)[2:]
    assert widths == [round(width, 1) for width in expected]
    header = table3.rows[0]._tr.trPr
    assert header is not None
    assert header.find(f"{{{W}}}tblHeader") is not None
    value = table3.rows[4].cells[4].paragraphs[0]
    assert value.alignment == 1  # centred
    assert len(document.part.package.parts) > 0
    names = [part.partname for part in document.part.package.parts]
    assert "/word/footnotes.xml" in names


@pytest.mark.office
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_workbook_prints_each_table_on_a4_one_page_wide(tmp_path: Path, template: str) -> None:
    report = load(HUAIAN) if template == "2021" else office_report("2019")
    source = tmp_path / "report.xlsx"
    rendered = render(report, "xlsx")
    assert isinstance(rendered, bytes)
    source.write_bytes(rendered)
    pdf = to_pdf(source, tmp_path)
    _keep(pdf, f"report-{template}.xlsx.pdf")
    pages = measure(pdf)
    assert all(page.a4 for page in pages)
    assert all(page.inside for page in pages), [(p.number, p.right, p.width) for p in pages]
    assert cjk(frozenset(all_fonts(pages)))
    assert len(pages_with(pages, "三、收到和处理", "四、结转下年度继续办理")) <= 2
    assert len(pages_with(pages, "四、政府信息公开行政复议", "复议后起诉")) == 1


def test_workbook_marks_input_cells_and_prints_its_headers() -> None:
    rendered = render(load(DEFECTS), "xlsx", annotate=True)
    assert isinstance(rendered, bytes)
    book = openpyxl.load_workbook(io.BytesIO(rendered))
    sheet = book["表三"]
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$4"
    assert sheet.freeze_panes == "D5"
    row = next(r for r in sheet.iter_rows() if r[0].value == "一、本年新收政府信息公开申请数量")
    assert row[3].fill.fgColor.rgb.endswith("FFF2CC")
    assert row[0].fill.fgColor.rgb in (None, "00000000")
    assert (sheet.row_dimensions[row[0].row or 0].height or 0) >= 15
    review = book["表四"]
    total: Any = next(c for r in review.iter_rows() for c in r if c.comment is not None)
    assert "T4_TOTAL 表四 · 行政复议 · 总计：应为 11（10 + 1），实为 0" in total.comment.text
    # The annotated workbook still reads back to its cells.
    imported = import_report(rendered, format="xlsx").document
    assert _cells(imported) == _cells(unstructure(load(DEFECTS)))


@pytest.mark.office
@pytest.mark.parametrize("name", ["2024_淮安市人民政府.json", "2023_某某县自然资源局_defects.json"])
def test_html_prints_every_column_inside_a4(tmp_path: Path, name: str) -> None:
    report = _with_notes(load(ROOT / "examples" / name))
    page_file = tmp_path / "report.html"
    page_file.write_text(str(render(report, "html", annotate=True)), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        browser.close()
    _keep(pdf, f"{Path(name).stem}.html.pdf")
    pages = measure(pdf)
    assert all(page.a4 for page in pages)
    assert all(page.inside for page in pages), [(p.number, p.right, p.width) for p in pages]
    assert cjk(frozenset(all_fonts(pages)))
    table3 = pages_with(pages, "三、收到和处理", "四、结转下年度继续办理")
    assert len(table3) <= 2
    for number in table3[1:]:  # the header rows repeat on the next page
        assert "申请人情况" in pages[number - 1].text.replace(" ", "")
    assert any("含信函申请12件" in page.text for page in pages)
