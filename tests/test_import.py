"""Importing published reports: every cell right, every defect reported."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from disclosure_report import layout, message, validate
from disclosure_report._importing import NotAReportError, import_report
from disclosure_report._importing._normalize import normalize_label, read_cell
from tests.helpers.cli import assert_one_line_error, run
from tests.helpers.documents import cells, get, patch, sample
from tests.helpers.published import html_page, markdown, one_cell_per_line, word

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = Path(__file__).parent / "fixtures" / "published"
"""Copies of real published reports and the seed, as they were found (see its README)."""
REAL = PUBLISHED
FIXTURES = Path(__file__).parent / "fixtures" / "imports"
EXAMPLES = ROOT / "examples"


def _expected(name: str) -> dict[str, Any]:
    """A hand-keyed expectation, rows as arrays in the layout's column order."""
    keyed = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    lay = layout(keyed["template"])
    values = {}
    for table in lay.tables:
        for row in table.rows:
            printed = keyed[table.key]["/".join(row.path[1:])]
            for column, value in zip(row.columns, printed, strict=True):
                key = f"{row.pointer}/{column.key}"
                values[key] = Decimal(value) if isinstance(value, str) else value
    return {
        "template": keyed["template"],
        "year": keyed["year"],
        "agency": keyed["agency"],
        "cells": values,
    }


def _summary(result: Any) -> dict[str, Any]:
    document = result.document
    return {
        "template": document["template"],
        "year": document["year"],
        "agency": document["agency"]["name"],
        "cells": cells(document),
    }


def _codes(result: Any) -> list[tuple[str, str]]:
    return [(f.code, f.pointer) for f in result.findings]


# --- the real reports -------------------------------------------------------------


def test_huaian_2024_pdf_imports_every_cell() -> None:
    result = import_report(REAL / "2024_淮安市人民政府.pdf")
    keyed = json.loads((EXAMPLES / "2024_淮安市人民政府.json").read_text(encoding="utf-8"))
    assert _summary(result)["cells"] == cells(keyed)
    assert (result.template, result.document["year"], result.document["agency"]["name"]) == (
        "2021",
        2024,
        "淮安市人民政府",
    )
    assert result.findings == ()
    assert validate(result.document).findings == ()
    assert result.document["sections"]["other"].startswith("2024 年，市政府严格落实")
    assert result.provenance["/applications/received/total"] == "page 4, table 5, row 4, column 10"


def test_huaian_2024_extracted_text_imports_every_cell() -> None:
    result = import_report(REAL / "2024_淮安市人民政府_full_pdftext.txt")
    keyed = json.loads((EXAMPLES / "2024_淮安市人民政府.json").read_text(encoding="utf-8"))
    assert _summary(result)["cells"] == cells(keyed)
    assert result.findings == ()
    overview = result.document["sections"]["overview"]
    assert overview.startswith("2024 年，我市坚持以习近平新时代中国特色社会主义思想为")
    assert "- 1 -" not in overview
    assert overview.endswith("工作能力和水平。")


@pytest.mark.parametrize("year", [2023, 2024])
def test_hongze_imports_every_cell(year: int) -> None:
    result = import_report(REAL / f"{year}_淮安市洪泽区人民政府_full_pdftext.txt")
    assert _summary(result) == _expected(f"{year}_淮安市洪泽区人民政府.expected.json")
    # The 2019-style row （六）其他处理 and the label typo are reported, never silently fixed.
    assert _codes(result) == [
        ("IMPORT_LABEL", "/applications/outcomes/withheld/prohibited_by_law"),
        ("TEMPLATE_MIXED", "/applications/outcomes/other"),
    ]
    assert result.findings[0].actual == "2.其他法律行政止公开"
    assert result.findings[1].actual == ("（六）其他处理",)
    assert "3.其他" in result.document["notes"]["/applications/outcomes/other"]


def test_hongze_2023_validates_to_exactly_its_known_defects() -> None:
    result = import_report(REAL / "2023_淮安市洪泽区人民政府_full_pdftext.txt")
    found = validate(result.document).findings
    errors = [(f.code, f.pointer, f.expected, f.actual) for f in found if f.severity == "error"]
    assert errors == [
        ("T4_TOTAL", "/review_litigation/review/total", 11, 0),
        ("T4_TOTAL", "/review_litigation/litigation_after_review/total", 5, 0),
    ]
    blanks = {f.pointer.rsplit("/", 1)[0] for f in found if f.code == "CELL_BLANK"}
    assert blanks == {
        "/applications/outcomes/other/overdue_correction",
        "/applications/outcomes/other/overdue_fee",
    }


def test_hongze_2024_holds_and_carries_over_from_2023() -> None:
    last = import_report(REAL / "2023_淮安市洪泽区人民政府_full_pdftext.txt").document
    this = import_report(REAL / "2024_淮安市洪泽区人民政府_full_pdftext.txt").document
    last["agency"]["name"] = this["agency"]["name"]  # the 2023 title drops 淮安市
    result = validate(this, previous=last)
    # 行政许可 本年处理决定数量 is printed 550 in 2023 and 9487 in 2024: a jump worth a look
    jumps = [(f.pointer, f.expected, f.actual) for f in result.findings if f.code == "YOY_JUMP"]
    assert jumps == [("/proactive/licensing/decisions", 550, 9487)]
    others = [f.code for f in result.findings if f.severity != "warning" and f.code != "YOY_JUMP"]
    assert others == []
    assert result.valid


def test_the_seed_imports_as_a_2019_report_of_zeros() -> None:
    result = import_report(PUBLISHED / "2019_河西街道办事处_seed.txt", agency="河西街道办事处")
    keyed = json.loads((EXAMPLES / "2019_河西街道办事处.json").read_text(encoding="utf-8"))
    assert _summary(result) == {
        "template": "2019",
        "year": 2019,
        "agency": "河西街道办事处",
        "cells": cells(keyed),
    }
    assert [f.code for f in result.findings] == [
        "IMPORT_LABEL",
        "IMPORT_LABEL",
        "IMPORT_UNPLACED",
        "IMPORT_LABEL",
    ]
    messages = " ".join(message(f, "en") for f in result.findings)
    assert "其他對完管理服務" in messages
    # The lost title row of 第二十条第（六）项, printed as “0”, is reported, not placed.
    assert "line 27: values without a label “0”" in messages
    assert "printed as “0 | 申請人情況”" in messages
    # The copy ends with section 五: section 六 is unread, not an empty section of the report.
    assert [(f.code, f.pointer) for f in validate(result.document).findings] == [
        ("UNREAD", "/sections/other")
    ]
    assert result.document["sections"]["overview"].startswith("2019年,河西街道辦事處根據")


def test_the_seed_without_an_agency_says_so() -> None:
    result = import_report(PUBLISHED / "2019_河西街道办事处_seed.txt")
    assert ("IMPORT_MISSING", "/agency/name") in _codes(result)


# --- published forms of generated reports ---------------------------------------------


def _document(template: str, seed: int = 3) -> dict[str, Any]:
    document = sample(template, seed)
    document["agency"] = {"name": "某某县人民政府"}
    document["sections"] = {
        "overview": "总体情况第一段。\n第二段。",
        "problems": "问题。",
        "other": "其他事项。",
    }
    return document


@pytest.mark.parametrize("template", ["2019", "2021"])
@pytest.mark.parametrize("split", [True, False])
def test_html_with_spans_and_markup(tmp_path: Path, template: str, split: bool) -> None:
    document = patch(_document(template), {"/review_litigation/review/other": None})
    path = tmp_path / "report.html"
    path.write_text(html_page(document, split_blocks=split), encoding="utf-8")
    result = import_report(path)
    assert _summary(result) == {
        "template": template,
        "year": document["year"],
        "agency": "某某县人民政府",
        "cells": cells(document),
    }
    assert result.document["sections"]["overview"] == "总体情况第一段。\n第二段。"
    assert result.document["notes"]["/review_litigation/review/other"] == "原文为“-”"


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_word_with_merged_cells(tmp_path: Path, template: str) -> None:
    document = _document(template, 5)
    path = tmp_path / "report.docx"
    word(document, path)
    result = import_report(path)
    expected = cells(document)
    assert _summary(result)["cells"] == expected
    assert result.document["sections"]["problems"] == "问题。"


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_markdown_tables(template: str) -> None:
    document = _document(template, 7)
    result = import_report(markdown(document).encode("utf-8"), format="md")
    assert _summary(result)["cells"] == cells(document)
    assert result.document["sections"]["overview"] == "总体情况第一段。\n第二段。"


def test_one_cell_per_line(tmp_path: Path) -> None:
    document = _document("2021", 9)
    path = tmp_path / "copied.txt"
    path.write_text(one_cell_per_line(document), encoding="utf-8")
    result = import_report(path)
    expected = {k: v for k, v in cells(document).items() if not k.startswith("/review")}
    assert {k: v for k, v in _summary(result)["cells"].items() if k in expected} == expected
    missing = [f.pointer for f in result.findings if f.code == "IMPORT_MISSING"]
    assert missing == [
        "/review_litigation/review",
        "/review_litigation/litigation_direct",
        "/review_litigation/litigation_after_review",
    ]


def test_a_row_that_fits_nowhere_is_reported_not_dropped() -> None:
    text = markdown(_document("2021")).replace(
        "| 四、结转下年度继续办理 |",
        "| 五、另行统计的申请 | 9 | 9 | 9 | 9 | 9 | 9 | 54 |\n| 四、结转下年度继续办理 |",
    )
    result = import_report(text.encode("utf-8"), format="md")
    unplaced = [f for f in result.findings if f.code == "IMPORT_UNPLACED"]
    assert len(unplaced) == 1
    assert "五、另行统计的申请" in unplaced[0].actual
    assert unplaced[0].source is not None
    assert unplaced[0].source.line is not None


def test_a_missing_row_stays_blank_and_is_reported() -> None:
    text = markdown(_document("2021")).splitlines()
    text = [line for line in text if not line.startswith("| 规章 |")]
    result = import_report("\n".join(text).encode("utf-8"), format="md")
    assert ("IMPORT_MISSING", "/proactive/rules") in _codes(result)
    assert result.document["proactive"]["rules"] == {
        "issued": None,
        "repealed": None,
        "in_force": None,
    }


def test_traditional_characters_and_gb18030() -> None:
    page = (
        html_page(_document("2021")).replace("行政许可", "行政許可").replace("行政处罚", "行政處罰")
    )
    result = import_report(page.encode("gb18030"), format="html")
    assert (
        result.document["proactive"]["licensing"]["decisions"]
        == _document("2021")["proactive"]["licensing"]["decisions"]
    )
    assert not [f for f in result.findings if f.code == "IMPORT_MISSING"]


def test_not_a_report() -> None:
    with pytest.raises(NotAReportError, match="no table"):
        import_report("这是一份通知，没有表格。".encode(), format="txt")


# --- reading cells and labels -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind", "value", "note"),
    [
        ("12", "count", 12, None),
        ("１２", "count", 12, None),
        ("1,234", "count", 1234, None),
        ("", "count", None, None),
        ("-", "count", None, "原文为“-”"),
        ("—", "count", None, "原文为“—”"),
        ("/", "count", None, "原文为“/”"),
        ("无", "count", None, "原文为“无”"),
        ("+2", "signed", 2, None),
        ("-1", "signed", -1, None),
        ("22（其中修订16件）", "count", 22, "原文为“22（其中修订16件）”"),
        ("25.1万元", "money", Decimal("25.1"), None),
        ("251000元", "money", Decimal("25.1"), "原文为“251000元”，已换算为 25.1 万元"),
        ("96171.6", "money", Decimal("96171.6"), None),
    ],
)
def test_reading_a_cell(raw: str, kind: Any, value: object, note: str | None) -> None:
    reading = read_cell(raw, kind)
    assert (reading.value, reading.note, reading.readable) == (value, note, True)


@pytest.mark.parametrize(
    ("raw", "amount", "unit"),
    [
        ("251000元", Decimal("251000"), "元"),
        ("75394432.52元", Decimal("75394432.52"), "元"),
        ("7.5万元", Decimal("7.5"), "万元"),
        ("7.5万", Decimal("7.5"), "万元"),
        ("251000", Decimal("251000"), None),
        ("251000（全年）", Decimal("251000"), None),
    ],
)
def test_an_amount_without_a_printed_unit_is_read_as_written(
    raw: str, amount: Decimal, unit: str | None
) -> None:
    reading = read_cell(raw, "money", as_written=True)
    assert (reading.value, reading.unit, reading.readable) == (amount, unit, True)
    assert reading.note is None or "换算" not in reading.note  # nothing is converted


@pytest.mark.parametrize(
    ("printed", "amount", "unit"),
    [
        ("251000元", Decimal("251000"), "元"),
        ("7.5万元", Decimal("7.5"), "万元"),
        ("251000", Decimal("251000"), None),
        ("0", Decimal("0"), None),
    ],
)
def test_the_2019_procurement_amount_keeps_the_unit_the_report_prints(
    printed: str, amount: Decimal, unit: str | None
) -> None:
    document = _document("2019")
    stated = str(get(document, "/proactive/procurement/amount")) + "万元"
    text = markdown(document).replace(f"| {stated} |", f"| {printed} |", 1)
    assert f"| {printed} |" in text
    result = import_report(text.encode("utf-8"), format="md")
    procurement = result.document["proactive"]["procurement"]
    assert (procurement["amount"], procurement.get("amount_unit")) == (amount, unit)
    assert "/proactive/procurement/amount" not in result.document.get("notes", {})
    found = {(f.code, f.pointer) for f in validate(result.document).findings}
    missing = ("UNIT_MISSING", "/proactive/procurement/amount")
    assert (missing in found) == (unit is None and amount != 0)


@pytest.mark.parametrize(
    ("header", "printed", "unit", "note"),
    [
        ("采购总金额（元）", "251000", "元", "单位取自表头“采购总金额（元）”"),
        ("采购总金额(单位：万元)", "25.1", "万元", "单位取自表头“采购总金额（单位:万元）”"),
        ("采购总金额（万元）", "251000元", "元", None),  # the cell's own unit stands
        ("采购总金额", "251000", None, None),
    ],
)
def test_a_unit_in_the_column_header_is_the_amounts(
    header: str, printed: str, unit: str | None, note: str | None
) -> None:
    document = _document("2019")
    page = html_page(document)
    stated = str(get(document, "/proactive/procurement/amount")) + "万元"
    assert page.count(f">{stated}<") == 1
    assert page.count(">采购总金额<") == 1
    page = page.replace(f">{stated}<", f">{printed}<").replace(">采购总金额<", f">{header}<")
    result = import_report(page.encode("utf-8"), format="html")
    procurement = result.document["proactive"]["procurement"]
    assert procurement.get("amount_unit") == unit
    assert procurement["amount"] == Decimal(printed.removesuffix("元"))
    assert result.document.get("notes", {}).get("/proactive/procurement/amount") == note


@pytest.mark.parametrize("raw", ["约20", "3.5", "二十", "12件以上"])
def test_an_unreadable_cell(raw: str) -> None:
    assert read_cell(raw, "count").readable is False


def test_an_unreadable_cell_is_reported_with_its_text() -> None:
    text = markdown(_document("2021")).replace("| 行政许可 | ", "| 行政许可 | 约", 1)
    result = import_report(text.encode("utf-8"), format="md")
    (finding,) = [f for f in result.findings if f.code == "IMPORT_UNREADABLE"]
    assert finding.pointer == "/proactive/licensing/decisions"
    assert finding.actual is not None
    assert "约" in finding.actual
    assert result.document["proactive"]["licensing"]["decisions"] is None


@pytest.mark.parametrize(
    ("printed", "label"),
    [
        ("商业企 业", "商业企业"),
        ("1、申请人无正当理由", "1.申请人无正当理由"),
        ("（1）属于国家秘密", "1.属于国家秘密"),
        ("根據(jù)", "根据"),
        ('3.危及"三安全一稳定"', "3.危及三安全一稳定"),
    ],
)
def test_label_normalisation(printed: str, label: str) -> None:
    assert normalize_label(printed) == label


# --- the command line ------------------------------------------------------------------


def test_cli_import(tmp_path: Path) -> None:
    out, findings = tmp_path / "report.json", tmp_path / "findings.json"
    source = REAL / "2023_淮安市洪泽区人民政府_full_pdftext.txt"
    result = run("import", str(source), "-o", str(out), "--findings-json", str(findings))
    assert result.returncode == 0, result.stderr
    assert "按2021年版模板导入，2 条导入发现" in result.stderr
    imported = json.loads(out.read_text(encoding="utf-8"))
    assert imported["review_litigation"]["review"]["total"] == 0
    record = json.loads(findings.read_text(encoding="utf-8"))
    assert [f["code"] for f in record["findings"]] == ["IMPORT_LABEL", "TEMPLATE_MIXED"]
    assert record["provenance"]["/review_litigation/review/total"].startswith("page 4")
    checked = run("validate", str(out))
    assert checked.returncode == 1


def test_cli_import_to_stdout_and_not_a_report(tmp_path: Path) -> None:
    result = run(
        "import",
        str(PUBLISHED / "2019_河西街道办事处_seed.txt"),
        "--agency",
        "河西街道办事处",
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["agency"]["name"] == "河西街道办事处"
    notice = tmp_path / "notice.txt"
    notice.write_text("关于做好年报工作的通知\n各单位：请按时报送。\n", encoding="utf-8")
    assert_one_line_error(run("import", str(notice)), "没有找到年度报告的表格")
    assert_one_line_error(run("import", str(tmp_path / "missing.pdf")), "没有这个文件")
    english = run("import", "--lang", "en", str(tmp_path / "missing.pdf"))
    assert_one_line_error(english, "no such file")


def test_a_document_holding_two_years_reports_the_second_copy_of_each_row() -> None:
    # A third party's side-by-side comparison of 宿迁市 2023 and 2024, not a report.
    result = import_report(REAL / "2023vs2024_宿迁市_DERIVED_third_party_comparison.txt")
    repeated = [f for f in result.findings if "a second copy" in message(f, "en")]
    assert len(repeated) > 20
    assert {f.code for f in repeated} == {"IMPORT_UNPLACED"}


@pytest.mark.parametrize(
    "heading",
    ["五、存在的主要问题及整改措施", "五、存在的问题及改进情况", "五. 存在的主要问题及改进措施"],
)
def test_heading_variants_of_section_five(heading: str) -> None:
    text = markdown(_document("2021")).replace("五、存在的主要问题及改进情况", heading)
    assert heading in text
    result = import_report(text.encode("utf-8"), format="md")
    assert result.document["sections"]["problems"] == "问题。"


def test_an_input_beyond_a_limit_is_its_own_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure_report import ImportLimitExceeded, LimitExceeded
    from disclosure_report._limits import LIMITS

    text = markdown(sample("2021", 3)).encode("utf-8")
    monkeypatch.setattr(LIMITS, "characters", 100)
    with pytest.raises(ImportLimitExceeded, match="DISCLOSURE_REPORT_MAX_CHARACTERS") as raised:
        import_report(text, format="md")
    assert isinstance(raised.value, NotAReportError)
    assert isinstance(raised.value, LimitExceeded)
    monkeypatch.undo()
    with pytest.raises(NotAReportError) as unreadable:
        import_report(b"nothing to see here", format="txt")
    assert not isinstance(unreadable.value, LimitExceeded)


def test_where_a_value_was_printed_is_said_in_either_language(tmp_path: Path) -> None:
    from disclosure_report._messages import source

    path = tmp_path / "report.docx"
    word(sample("2021", 5), path)
    result = import_report(path)
    assert result.sources.keys() == result.provenance.keys()
    at = "/applications/received/total"
    chinese, english = source(result.sources[at], "zh"), source(result.sources[at], "en")
    assert "个表格" in chinese
    assert "table" in english
    assert "table" not in chinese
