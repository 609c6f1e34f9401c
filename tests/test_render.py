"""Rendering: the official layout in a real browser, workbooks in a real spreadsheet program,
and every writer read back by the importer."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, sync_playwright

from disclosure_report import layout, load, loads, validate
from disclosure_report._importing import import_report
from disclosure_report._jsonio import unstructure
from disclosure_report._jsontext import encode
from disclosure_report._layout import Group, value_at
from disclosure_report._rendering import render
from tests.helpers.cli import assert_one_line_error, run
from tests.helpers.documents import DELETE, cells, patch
from tests.helpers.rendered import CHROMIUM, CHROMIUM_ARGS, office_report
from tests.helpers.strategies import valid_documents

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
DEFECTS = ROOT / "examples" / "2023_某某县自然资源局_defects.json"


def _xlsx(report: Any) -> bytes:
    rendered = render(report, "xlsx")
    assert isinstance(rendered, bytes)
    return rendered


# --- HTML in Chromium ------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        opened = browser.new_page(viewport={"width": 1000, "height": 1400})
        yield opened
        browser.close()


def _open(page: Page, html: str, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _box(page: Page, selector: str) -> Any:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _cell(page: Page, table: str, text: str) -> str:
    return f"table.{table} :is(td, th):text-is('{text}')"


@pytest.mark.office
@pytest.mark.parametrize("template", ["2019", "2021"])
@pytest.mark.parametrize("filled", [True, False])
def test_html_shows_the_official_geometry(page: Page, template: str, filled: bool) -> None:
    from disclosure_report import blank

    declared = layout(template).table("applications").find("outcomes")
    assert isinstance(declared, Group)
    group_rows = len(declared.rows)

    report = office_report(template) if filled else blank(template, agency="某某乡人民政府")
    _open(page, str(render(report, "html")), f"report-{template}-{'filled' if filled else 'blank'}")
    table3 = "table.applications"
    # The corner note spans three header rows and the three label columns.
    corner = page.locator(f"{table3} th.corner")
    assert (corner.get_attribute("rowspan"), corner.get_attribute("colspan")) == ("3", "3")
    # 申请人情况 spans the seven value columns; 法人或其他组织 five; 自然人 and 总计 two rows.
    applicants = _box(page, _cell(page, "applications", "申请人情况"))
    values = page.locator(f"{table3} td.value[data-pointer^='/applications/received/']")
    assert values.count() == 7
    first, last = values.nth(0).bounding_box(), values.nth(6).bounding_box()
    assert first is not None
    assert last is not None
    assert abs(applicants["x"] - first["x"]) < 2
    assert abs(applicants["x"] + applicants["width"] - (last["x"] + last["width"])) < 2
    legal = page.locator(f"{table3} th:text-is('法人或其他组织')")
    assert legal.get_attribute("colspan") == "5"
    for label in ("自然人", "总计"):
        assert page.locator(f"{table3} th:text-is('{label}')").get_attribute("rowspan") == "2"
    # 三、本年度办理结果 spans every result row, from （一） to （七）.
    outcomes = page.locator(f"{table3} td.label:text-is('三、本年度办理结果')")
    assert outcomes.get_attribute("rowspan") == str(group_rows)
    box = outcomes.bounding_box()
    disclosed = _box(page, f"{table3} td.label:text-is('（一）予以公开')")
    total = _box(page, f"{table3} td.label:text-is('（七）总计')")
    assert box is not None
    assert abs(box["y"] - disclosed["y"]) < 2
    assert abs(box["y"] + box["height"] - (total["y"] + total["height"])) < 2
    groups = {
        child.label.zh: str(len(child.rows))
        for child in declared.children
        if isinstance(child, Group)
    }
    assert len(groups) >= 3  # （三） to （五）, and （六） where it is a group
    for label, rows in groups.items():
        assert (
            page.locator(f"{table3} td.label:text-is('{label}')").get_attribute("rowspan") == rows
        )
    # Table 4: 行政复议 over five columns, 行政诉讼 over ten, its two groups over five each.
    table4 = "table.review_litigation"
    spans = {"行政复议": "5", "行政诉讼": "10", "未经复议直接起诉": "5", "复议后起诉": "5"}
    for label, span in spans.items():
        assert page.locator(f"{table4} th:text-is('{label}')").get_attribute("colspan") == span
    # Table 2: each block's title row spans the table; one value spans three columns.
    table2 = "table.proactive"
    title = page.locator(f"{table2} td.title").first
    assert title.get_attribute("colspan") == "4"
    proactive = layout(template).table("proactive")
    widest = max(len(row.columns) for row in proactive.rows)
    for row in proactive.rows:
        if len(row.columns) == 1:  # a single value spans the table's value columns
            alone = page.locator(f"{table2} td[data-pointer='{row.pointer}/{row.columns[0].key}']")
            assert alone.get_attribute("colspan") == str(widest)
    # Blank cells are empty, zeros print as 0.
    cell = page.locator(f"{table3} td[data-pointer='/applications/received/total']")
    expected = str(report.applications.received.total) if filled else ""
    assert cell.inner_text().strip() == expected


@pytest.mark.office
def test_annotate_marks_the_cells_with_findings(page: Page) -> None:
    report = load(DEFECTS)
    _open(page, str(render(report, "html", annotate=True)), "report-annotated")
    marked = page.locator("td.finding")
    pointers = sorted(
        marked.nth(i).get_attribute("data-pointer") or "" for i in range(marked.count())
    )
    assert pointers == sorted(f.pointer for f in validate(report).findings)
    review = page.locator("td.finding[data-pointer='/review_litigation/review/total']")
    assert review.locator("sup.finding-mark").inner_text() == "3"
    items = page.locator("section.findings li")
    assert items.count() == 5
    assert "表四 · 行政复议 · 总计：应为 11（10 + 1），实为 0" in items.nth(2).inner_text()
    colour = review.evaluate("cell => getComputedStyle(cell).backgroundColor")
    assert colour == "rgb(255, 224, 224)"


@pytest.mark.office
def test_annotate_shows_unread_cells_as_unread_not_blank(page: Page) -> None:
    source = ROOT / "tests" / "corpus" / "html-2024-平潭综合实验区海坛片区管理局" / "source.html"
    imported = import_report(source)
    assert "/proactive/rules/issued" in imported.document["unread"]
    _open(page, str(render(imported.report(), "html", annotate=True)), "report-unread")
    before = "cell => getComputedStyle(cell, '::before').content"
    unread = page.locator("td[data-pointer='/proactive/rules/issued']")
    assert unread.get_attribute("class") == "value unread finding"
    assert unread.evaluate(before) == '"未读出"'


def test_html_loads_nothing_from_outside() -> None:
    html = str(render(load(DEFECTS), "html", annotate=True))
    for reference in ("http:", "https:", "//", "<script", "<link", "@import", "url("):
        assert reference not in html.replace("<!DOCTYPE html>", "")


# --- workbooks --------------------------------------------------------------------------


def _round_trip(report: Any) -> dict[str, Any]:
    imported = import_report(_xlsx(report), format="xlsx")
    return imported.document


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_report_to_workbook_to_report_is_lossless(data: st.DataObject) -> None:
    template = data.draw(st.sampled_from(["2019", "2021"]))
    document = data.draw(valid_documents(template))
    document["agency"]["division_code"] = "320800"
    # What a workbook's XML can hold: no control characters, and \r reads back as \n.
    document["agency"]["name"] = _holdable(document["agency"]["name"]) or "某局"
    document["sections"] = {key: _holdable(text) for key, text in document["sections"].items()}
    if "notes" in document:
        document["notes"] = {at: _holdable(note) for at, note in document["notes"].items()}
    blanks = data.draw(st.lists(st.sampled_from(list(cells(document))), max_size=5))
    document = patch(document, dict.fromkeys(blanks))
    report = loads(encode(document))
    if report.notes == {}:
        report = attrs.evolve(report, notes=None)  # an empty map of notes reads back as none
    back = _round_trip(report)
    assert cells(back) == cells(unstructure(report))
    assert back["agency"]["name"] == report.agency.name
    assert back["year"] == report.year
    assert back["sections"] == unstructure(report)["sections"]
    assert loads(encode(back)) == _as_imported(report)


def _as_imported(report: Any) -> Any:
    """`report` as an import reads it: a blank amount states no unit (the workbook prints a
    unit after the digits, and a blank has none), whatever unit the report gave it."""
    document = unstructure(report)
    for cell in layout(report.template).cells:
        if cell.column.unit_key is not None and value_at(document, cell.path) is None:
            value_at(document, cell.row.path).pop(cell.column.unit_key, None)
    return loads(encode(document))


def _holdable(text: str) -> str:
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r]", "", text)


def test_a_control_character_is_refused_with_its_place() -> None:
    report = office_report("2021")
    document = unstructure(report)
    document["sections"]["problems"] = "问题\x07。"
    with pytest.raises(ValueError, match="/sections/problems: a control character"):
        render(loads(encode(document)), "xlsx")


@pytest.mark.parametrize("unit", ["元", "万元", None])
def test_money_keeps_its_digits_its_unit_and_changes_their_sign(unit: str | None) -> None:
    report = office_report("2019", changes={
        "/proactive/procurement/amount": Decimal("1234.5600"),
        "/proactive/procurement/amount_unit": unit if unit else DELETE,
        "/proactive/licensing/change": -3,
        "/proactive/fees/change": None,
    })  # fmt: skip
    back = _round_trip(report)
    assert encode(back["proactive"]["procurement"]["amount"]) == "1234.5600"
    assert back["proactive"]["procurement"].get("amount_unit") == unit
    assert back["proactive"]["licensing"]["change"] == -3
    assert back["proactive"]["fees"]["change"] is None


def _workbook(report: Any) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(_xlsx(report)))


def _save(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _insert_row(sheet: Any, at: int) -> None:
    """Insert a row as a spreadsheet program does: merged areas below it move down too."""
    sheet.insert_rows(at)
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row >= at:
            merged.shift(0, 1)


def test_a_workbook_edited_as_a_user_would_still_imports() -> None:
    report = office_report("2021")
    book = _workbook(report)
    sheet = book["表三"]
    received = next(
        row for row in sheet.iter_rows() if row[0].value == "一、本年新收政府信息公开申请数量"
    )
    cell = received[3]
    cell.value = "12"  # typed as text
    at = received[0].row
    assert at is not None
    _insert_row(sheet, at)
    sheet.cell(row=at, column=1).value = "说明：以下数字为初步统计"
    _insert_row(book["表二"], 3)
    document = import_report(_save(book), format="xlsx").document
    expected = {**cells(unstructure(report)), "/applications/received/natural_person": 12}
    assert cells(document) == expected


@pytest.mark.parametrize(
    ("template", "typed", "number_format", "amount", "unit"),
    [
        ("2021", 251000, '0"元"', Decimal("25.1"), None),  # 表二 asks for 万元: converted
        ("2021", 25.1, '0.0"万元"', Decimal("25.1"), None),
        ("2019", 251000, '0"元"', Decimal("251000"), "元"),  # kept as written, with its unit
        ("2019", "251000元", "General", Decimal("251000"), "元"),  # typed with its unit
        ("2019", 251000, "0", Decimal("251000"), None),
    ],
)
def test_a_workbook_gives_the_unit_its_number_format_or_text_shows(
    template: str, typed: int | float | str, number_format: str, amount: Decimal, unit: str | None
) -> None:
    book = _workbook(office_report(template))
    sheet = book["表二"]
    key = "fees/amount_10k_yuan" if template == "2021" else "procurement/amount"
    label = layout(template).table("proactive").row(key.split("/")[0]).label.zh
    row = next(r for r in sheet.iter_rows() if label in {c.value for c in r})
    cell = [c for c in row if c.value is not None][-1]
    cell.value, cell.number_format = typed, number_format
    document = import_report(_save(book), format="xlsx").document
    node = document["proactive"][key.split("/")[0]]
    assert node[key.split("/")[1]] == amount
    assert node.get("amount_unit") == unit


def test_unreadable_input_names_its_sheet_and_cell() -> None:
    book = _workbook(office_report("2021"))
    sheet = book["表三"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "二、上年结转政府信息公开申请数量")
    row[4].value = "约5"
    result = import_report(_save(book), format="xlsx")
    (finding,) = [f for f in result.findings if f.code == "IMPORT_UNREADABLE"]
    assert finding.pointer == "/applications/carried_over/commercial_enterprise"
    assert finding.detail.startswith(f"表三!{row[4].coordinate}")
    assert result.provenance["/applications/carried_over/natural_person"] == (
        f"表三!{row[3].coordinate}"
    )


def test_validation_of_a_workbook_names_sheet_and_cell(tmp_path: Path) -> None:
    book = _workbook(load(DEFECTS))
    path = tmp_path / "report.xlsx"
    path.write_bytes(_save(book))
    result = run("validate", "--format", "json", str(path))
    assert result.returncode == 1
    import json

    findings = json.loads(result.stdout)["findings"]
    total = next(f for f in findings if f["code"] == "T4_TOTAL")
    assert total["cell"].startswith("表四!")
    text = run("validate", str(path)).stdout
    assert "表四 · 行政复议 · 总计：应为 11（10 + 1），实为 0 [表四!" in text


def test_the_workbook_has_locks_validation_and_live_checks() -> None:
    book = _workbook(office_report("2021"))
    sheet = book["表三"]
    assert sheet.protection.sheet
    label = next(r for r in sheet.iter_rows() if r[0].value == "四、结转下年度继续办理")
    assert label[0].protection.locked
    assert not label[3].protection.locked
    kinds = {v.type for ws in book.worksheets for v in ws.data_validations.dataValidation}
    assert kinds == {"whole", "decimal"}
    fees = book["表二"]
    money = next(r for r in fees.iter_rows() if r[0].value == "行政事业性收费")[1]
    assert any(
        money.coordinate in v.sqref and v.type == "decimal"
        for v in fees.data_validations.dataValidation
    )
    rules = [rule for area in sheet.conditional_formatting for rule in area.rules]
    assert len(rules) == 25 + 7 + 7
    assert all(rule.formula and "<>0" in rule.formula[0] for rule in rules)
    assert [ws.title for ws in book.worksheets] == [
        "基本信息",
        "表二",
        "表三",
        "表四",
        "正文",
        "注释",
    ]


@pytest.mark.office
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_libreoffice_opens_the_workbook_and_saves_what_was_written(
    tmp_path: Path, template: str
) -> None:
    report = office_report(template, 6)
    source = tmp_path / "in" / "report.xlsx"
    source.parent.mkdir()
    source.write_bytes(_xlsx(report))
    out = tmp_path / "out"
    profile = tmp_path / "profile"
    completed = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    resaved = out / "report.xlsx"
    assert resaved.exists(), completed.stdout + completed.stderr
    document = import_report(resaved).document
    assert cells(document) == cells(unstructure(report))


# --- Markdown, text and Word, read back ------------------------------------------------


@pytest.mark.parametrize("form", ["md", "txt"])
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_text_outputs_read_back(form: str, template: str) -> None:
    report = office_report(template, 8, {"/review_litigation/review/other": None})
    text = str(render(report, form))  # type: ignore[arg-type]
    document = import_report(text.encode("utf-8"), format=form).document  # type: ignore[arg-type]
    assert cells(document) == cells(unstructure(report))
    assert document["sections"]["overview"] == "总体情况。\n第二段。"


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_word_output_reads_back(tmp_path: Path, template: str) -> None:
    report = office_report(template, 9)
    path = tmp_path / "report.docx"
    rendered = render(report, "docx")
    assert isinstance(rendered, bytes)
    path.write_bytes(rendered)
    document = import_report(path).document
    assert cells(document) == cells(unstructure(report))


# --- the command line -----------------------------------------------------------------


@pytest.mark.parametrize("form", ["html", "md", "txt", "xlsx", "docx"])
def test_cli_render_and_template(tmp_path: Path, form: str) -> None:
    out = tmp_path / f"report.{form}"
    assert run("render", str(DEFECTS), "--format", form, "-o", str(out)).returncode == 0
    assert out.stat().st_size > 1000
    blank = tmp_path / f"blank.{form}"
    result = run("template", "--template", "2021", "--format", form, "-o", str(blank))
    assert result.returncode == 0, result.stderr
    assert import_report(blank).template == "2021"


def test_cli_render_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    source = tmp_path / "report.json"
    source.write_bytes(DEFECTS.read_bytes())
    assert_one_line_error(run("render", str(source), "-o", str(source)), "这是输入文件之一")


def test_the_basic_information_sheet_names_the_agency_as_a_clerk_types_it() -> None:
    report = office_report("2021", changes={"/agency/credit_code": "11320800014142617Y"})
    sheet = _workbook(report)["基本信息"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["统一社会信用代码"] == "11320800014142617Y"
    assert rows["统计范围"] == "本级政府"
    back = import_report(_xlsx(report), format="xlsx").document["agency"]
    assert (back["credit_code"], back["scope"]) == ("11320800014142617Y", "region")
    book = _workbook(report)
    for row in book["基本信息"].iter_rows(min_row=2):
        if row[0].value == "统计范围":
            row[1].value = "本机关"
    assert import_report(_save(book), format="xlsx").document["agency"]["scope"] == "agency"
