"""Each kind of damage real copies of reports show, imported: every printed number lands
in its cell, or its cell is unread and a finding says why. None is shifted, merged with a
marker, or guessed. The cases are taken from the reports in ``tests/corpus/``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from disclosure_report import layout, message, validate
from disclosure_report._errors import MissingExtraError
from disclosure_report._importing import _normalize as normalize_module
from disclosure_report._importing import import_report
from disclosure_report._importing._agency import identify
from disclosure_report._jsonio import loads
from disclosure_report._jsontext import encode
from disclosure_report._rendering import render
from tests.helpers.cli import assert_one_line_error, run
from tests.helpers.documents import sample
from tests.helpers.published import html_page, markdown


def _document(template: str = "2021", seed: int = 3) -> dict[str, Any]:
    document = sample(template, seed)
    document["agency"] = {"name": "某某县人民政府"}
    document["sections"] = {"overview": "总体情况。", "problems": "问题。", "other": "其他。"}
    return document


def _import_md(text: str) -> Any:
    return import_report(text.encode("utf-8"), format="md")


def _row(document: dict[str, Any], *path: str) -> list[Any]:
    node: Any = document
    for key in path:
        node = node[key]
    return list(node.values())


def _line_of(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if f"| {label} |" in line)


def _without_labels(line: str) -> str:
    """A pipe row with its label cells left out, as a conversion that lost them prints it."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return "| " + " | ".join(cell for cell in cells if cell.isdigit()) + " |"


def _codes(result: Any) -> list[tuple[str, str]]:
    return [(f.code, f.pointer) for f in result.findings]


# --- never a silent wrong number ------------------------------------------------------


@pytest.mark.parametrize("marked", ["34¹", "34①", "34<sup>1</sup>", "34<sup>注</sup>"])
def test_a_footnote_marker_never_merges_with_the_number(marked: str) -> None:
    document = _document()
    document["proactive"]["licensing"]["decisions"] = 34
    page = html_page(document).replace("<span>34</span>", f"<span>{marked}</span>", 1)
    assert marked in page
    result = import_report(page.encode("utf-8"), format="html")
    assert result.document["proactive"]["licensing"]["decisions"] == 34
    assert ("IMPORT_MARKER", "/proactive/licensing/decisions") in _codes(result)
    assert "脚注标记" in result.document["notes"]["/proactive/licensing/decisions"]


def test_a_struck_out_number_is_never_read() -> None:
    document = _document()
    document["proactive"]["licensing"]["decisions"] = 34
    page = html_page(document).replace("<span>34</span>", "<span><del>81</del>34</span>", 1)
    result = import_report(page.encode("utf-8"), format="html")
    assert result.document["proactive"]["licensing"]["decisions"] == 34
    assert "81" in result.document["notes"]["/proactive/licensing/decisions"]


def test_the_projects_own_annotated_page_imports_back_to_the_same_numbers() -> None:
    report = loads(Path("examples/2023_某某县自然资源局_defects.json").read_bytes())
    page = render(report, "html", annotate=True)
    assert isinstance(page, str)
    assert 'class="finding-mark"' in page
    result = import_report(page.encode("utf-8"), format="html")
    for cell in layout(report.template).cells:
        node: Any = result.document
        for key in cell.path:
            node = node[key]
        expected: Any = report
        for key in cell.path:
            expected = getattr(expected, key)
        assert node == expected, cell.pointer
    assert "检查发现" not in result.document["sections"]["other"]


def test_a_row_with_a_value_too_many_is_unread_not_shifted() -> None:
    text = markdown(_document())
    line = _line_of(text, "一、本年新收政府信息公开申请数量")
    result = _import_md(text.replace(line, line + " 9 |"))
    received = result.document["applications"]["received"]
    assert set(received.values()) == {None}
    assert ("IMPORT_WIDTH", "/applications/received") in _codes(result)
    assert all(f"/applications/received/{key}" in result.document["unread"] for key in received)


def test_a_row_with_a_value_too_few_is_unread_not_shifted() -> None:
    text = markdown(_document())
    line = _line_of(text, "（一）予以公开")
    shorter = line.rsplit("|", 2)[0] + "|"
    result = _import_md(text.replace(line, shorter))
    assert set(result.document["applications"]["outcomes"]["disclosed"].values()) == {None}
    assert ("IMPORT_WIDTH", "/applications/outcomes/disclosed") in _codes(result)


def test_a_number_merged_over_several_rows_is_unread() -> None:
    # Table 3 as a real page printed it: the three rows of （六） share one cell per column.
    document = _document()
    table = layout("2021").table("applications")
    rows = []
    for row in table.rows:
        values = _row(document, *row.path)
        if row.path[-2:] in (("other", "overdue_fee"), ("other", "other")):
            rows.append(f"<tr><td>{row.label.zh}</td></tr>")
            continue
        span = " rowspan='3'" if row.path[-1] == "overdue_correction" else ""
        cells = "".join(f"<td{span}>{value}</td>" for value in values)
        rows.append(f"<tr><td>{row.label.zh}</td>{cells}</tr>")
    page = (
        "<h1>某某县人民政府2023年政府信息公开工作年度报告</h1>"
        f"<p>三、收到和处理政府信息公开申请情况</p><table>{''.join(rows)}</table>"
    )
    result = import_report(page.encode("utf-8"), format="html")
    other = result.document["applications"]["outcomes"]["other"]
    assert set(other["overdue_correction"].values()) == {None}
    first = table.find("outcomes", "other", "overdue_correction")
    for column in first.columns:  # type: ignore[union-attr]
        assert f"{first.pointer}/{column.key}" in result.document["unread"]
    assert ("IMPORT_MERGED", f"{first.pointer}/natural_person") in _codes(result)
    assert result.document["applications"]["received"] == document["applications"]["received"]


# --- blank is not unread ----------------------------------------------------------------


def test_a_lost_row_is_unread_and_never_blamed_on_the_report() -> None:
    text = markdown(_document())
    result = _import_md(text.replace(_line_of(text, "（一）予以公开") + "\n", ""))
    document = result.document
    assert "/applications/outcomes/disclosed/total" in document["unread"]
    checked = validate(document)
    assert checked.valid
    assert not checked.complete
    codes = {f.code for f in checked.findings}
    assert "CELL_BLANK" not in codes
    assert {"UNREAD", "NOT_ASSESSABLE"} <= codes
    assert validate(encode(document)).findings == checked.findings


def test_an_agency_name_that_is_not_found_is_unread_not_a_schema_error(tmp_path: Path) -> None:
    text = markdown(_document()).split("\n", 1)[1]  # without the title
    result = _import_md(text)
    assert result.document["agency"]["name"] == ""
    assert "/agency/name" in result.document["unread"]
    checked = validate(result.document)
    assert checked.valid
    (finding,) = [f for f in checked.findings if f.pointer == "/agency/name"]
    assert finding.code == "UNREAD"
    assert "--agency" in message(finding)
    saved = tmp_path / "imported.json"
    saved.write_text(encode(result.document), encoding="utf-8")
    cli = run("validate", str(saved))
    assert cli.returncode == 0, cli.stderr
    assert "无法完全检查" in cli.stdout
    assert "--agency" in cli.stdout


# --- the agency, from every form real reports use -----------------------------------------


@pytest.mark.parametrize(
    ("lines", "agency", "year"),
    [
        (["2019年上海市人民政府办公厅政府信息公开工作年度报告"], "上海市人民政府办公厅", 2019),
        (["沭阳县发展和改革局2023年政府信息公开工作年度报告"], "沭阳县发展和改革局", 2023),
        (["洪泽区人民政府", "2023 年政府信息公开工作年度报告"], "洪泽区人民政府", 2023),
        (["2025 年上海市人民政府办公厅政府信息公开", "工作年度报告"], "上海市人民政府办公厅", 2025),
        (["# 沐阳县人民政府 2025 年 政府信息公开工作年度报告"], "沐阳县人民政府", 2025),
        (["沭阳县发展和改革局政府信息公开工作年度报告"], "沭阳县发展和改革局", None),
        (["名称：沭阳县发展和改革局2023年政府信息公开工作年度报告"], "沭阳县发展和改革局", 2023),
        (["发布机构：平潭综合实验区管委会办公室", "正文"], "平潭综合实验区管委会办公室", None),
        (
            ["根据《条例》的要求,绍兴市越城区东湖街道特编制2023年度政府信息公开工作年度报告。"],
            "绍兴市越城区东湖街道",
            2023,
        ),
        (["现向社会公布某某县审计局2023年度政府信息公开年度报告。"], "某某县审计局", 2023),
        (["一、总体情况", "……", "某某镇人民政府", "2024年1月20日"], "某某镇人民政府", None),
        (["2019年河西街道辦事處政府信息公開工作年度報告"], "河西街道辦事處", 2019),
    ],
)
def test_the_agency_name_as_printed(lines: list[str], agency: str, year: int | None) -> None:
    found = identify(lines)
    assert (found.agency, found.year) == (agency, year)


@pytest.mark.parametrize(
    "lines",
    [
        ["https://www.example.gov.cn/art/2024/1/30/art_1.html", "2023年政府信息公开工作年度报告"],
        ["根据《中华人民共和国政府信息公开条例》的要求，特编制本报告。"],
        ["二、主动公开政府信息情况", "第二十条第（一）项"],
        ["名称 | 2023年政府信息公开工作年度报告"],
    ],
)
def test_no_name_is_taken_from_a_url_a_clause_or_a_label(lines: list[str]) -> None:
    assert identify(lines).agency is None


def test_page_metadata_in_a_table_row_names_the_agency() -> None:
    page = html_page(_document()).replace(
        "<h1>某某县人民政府<br>",
        "<table><tr><td>名称</td><td>沭阳县发展和改革局2023年政府信息公开工作年度报告</td></tr>"
        "</table><h1>",
        1,
    )
    result = import_report(page.encode("utf-8"), format="html")
    assert result.document["agency"]["name"] == "沭阳县发展和改革局"


# --- rows whose labels were detached -----------------------------------------------------


def test_value_rows_without_labels_fill_the_rows_between_by_position() -> None:
    document = _document()
    text = markdown(document)
    for label in ("（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"):
        line = _line_of(text, label)
        text = text.replace(line, _without_labels(line))
    result = _import_md(text)
    outcomes = result.document["applications"]["outcomes"]
    assert _row(outcomes, "disclosed") == _row(document["applications"]["outcomes"], "disclosed")
    assert _row(outcomes, "partially_disclosed") == _row(
        document["applications"]["outcomes"], "partially_disclosed"
    )
    positioned = [f.pointer for f in result.findings if f.code == "IMPORT_POSITION"]
    assert positioned == [
        "/applications/outcomes/disclosed",
        "/applications/outcomes/partially_disclosed",
    ]


def test_value_rows_without_labels_that_do_not_fit_are_reported_not_guessed() -> None:
    document = _document()
    text = markdown(document)
    for label in ("（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"):
        line = _line_of(text, label)
        text = text.replace(line, _without_labels(line))
    # One of the two rows lost altogether: two rows of the template, one row of values.
    text = text.replace(_without_labels(_line_of(markdown(document), "（一）予以公开")) + "\n", "")
    result = _import_md(text)
    outcomes = result.document["applications"]["outcomes"]
    assert set(outcomes["disclosed"].values()) == {None}
    assert set(outcomes["partially_disclosed"].values()) == {None}
    assert ("IMPORT_UNPLACED", "/applications/outcomes/disclosed") in _codes(result)


def test_table_4_under_markdown_headings() -> None:
    document = _document()
    text = markdown(document)
    review = document["review_litigation"]
    headings = {
        "行政复议": "review",
        "未经复议直接起诉": "litigation_direct",
        "复议后起诉": "litigation_after_review",
    }
    for label in headings:
        text = text.replace(_line_of(text, label) + "\n", "")
    blocks = "\n".join(
        f"### {label}\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        + "|---|---|---|---|---|\n"
        + "| "
        + " | ".join(str(v) for v in review[key].values())
        + " |\n"
        for label, key in headings.items()
    )
    text = text.replace("## 五、", blocks + "\n## 五、")
    result = _import_md(text)
    assert result.document["review_litigation"] == review


# --- label variants are decided by the columns ---------------------------------------------


def test_the_2019_label_under_2021_headers_is_the_2021_row() -> None:
    document = _document()
    text = markdown(document).replace("| 行政规范性文件 |", "| 规范性文件 |")
    result = _import_md(text)
    assert (
        result.document["proactive"]["normative_documents"]
        == document["proactive"]["normative_documents"]
    )
    assert ("IMPORT_LABEL", "/proactive/normative_documents") in _codes(result)
    assert "TEMPLATE_MIXED" not in {code for code, _ in _codes(result)}


@pytest.mark.parametrize(
    ("printed", "label"),
    [
        ("本年(2023)制发件数", "本年制发件数"),
        ("1、属于国家秘密", "1.属于国家秘密"),
        ("、 2.其他法律行政止公开", "2.其他法律行政止公开"),
    ],
)
def test_spelling_variants_are_made_uniform(printed: str, label: str) -> None:
    assert normalize_module.normalize_label(printed) == label


def test_a_definition_written_into_a_label_is_still_the_row() -> None:
    document = _document()
    text = markdown(document).replace(
        "| 规章 |", "| 规章(设区的市、自治州人民政府应提供相关数据) |"
    )
    result = _import_md(text)
    assert result.document["proactive"]["rules"] == document["proactive"]["rules"]
    assert ("IMPORT_LABEL", "/proactive/rules") in _codes(result)


# --- layouts seen in the wild ---------------------------------------------------------------


def test_label_and_values_on_one_line_separated_by_spaces() -> None:
    document = _document()
    lines = ["某某县人民政府2023年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    lay = layout("2021")
    for table in lay.tables:
        if table.key != "review_litigation":
            lines.append(table.label.zh)
            for row in table.rows:
                values = _row(document, *row.path)
                lines.append(f"{row.label.zh} " + " ".join(str(v) for v in values))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    lines.append(" ".join(str(v) for row in lay.table("review_litigation").rows
                          for v in _row(document, *row.path)))  # fmt: skip
    result = import_report("\n".join(lines).encode("utf-8"), format="txt")
    for cell in lay.cells:
        node: Any = result.document
        expected: Any = document
        for key in cell.path:
            node, expected = node[key], expected[key]
        assert node == (Decimal(str(expected)) if cell.kind == "money" else expected), cell.pointer


def test_a_table_copied_one_cell_per_line_without_some_labels() -> None:
    document = _document()
    lines = ["三、收到和处理政府信息公开申请情况"]
    for row in layout("2021").table("applications").rows:
        if row.key not in ("disclosed", "partially_disclosed"):
            lines.append(row.label.zh)
        lines.extend(str(value) for value in _row(document, *row.path))
    result = import_report("\n".join(lines).encode("utf-8"), format="txt")
    assert result.document["applications"] == document["applications"]


# --- text whose cell boundaries were lost ----------------------------------------------------


def _run_together(document: dict[str, Any], changes: dict[str, str]) -> str:
    """The tables as a crawler prints them: labels and digits with nothing between."""
    parts = ["某某县人民政府2021年度政府信息公开工作年度报告 二、主动公开政府信息情况"]
    lay = layout(document["template"])
    for table in lay.tables:
        parts.append(table.label.zh)
        if table.transposed:
            parts.append("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计")
            parts.append("".join(str(v) for row in table.rows for v in _row(document, *row.path)))
            continue
        for row in table.rows:
            digits = "".join(str(v) for v in _row(document, *row.path))
            parts.append(row.label.zh + changes.get(row.pointer, digits))
    parts.append("五、存在的主要问题及改进情况 无。")
    return "".join(parts)


def test_digits_run_together_are_split_the_one_way_the_sums_allow() -> None:
    document = _document("2021", 0)
    document["applications"]["received"] = {
        "natural_person": 71, "commercial_enterprise": 3, "research_institution": 0,
        "public_interest_organization": 0, "legal_service_provider": 0,
        "other_organization": 0, "total": 74,
    }  # fmt: skip
    text = _run_together(document, {})
    assert "713000074" in text
    result = import_report(text.encode("utf-8"), format="txt")
    assert result.document["applications"]["received"] == document["applications"]["received"]
    assert ("IMPORT_RECOVERED", "/applications/received") in _codes(result)


def test_digits_run_together_with_two_readings_are_refused() -> None:
    document = _document("2021", 0)
    document["proactive"]["normative_documents"] = {"issued": 89, "repealed": 89, "in_force": 89}
    result = import_report(_run_together(document, {}).encode("utf-8"), format="txt")
    assert set(result.document["proactive"]["normative_documents"].values()) == {None}
    assert ("IMPORT_UNSPLIT", "/proactive/normative_documents") in _codes(result)
    assert "/proactive/normative_documents/issued" in result.document["unread"]


# --- no silent degradation ------------------------------------------------------------------


def test_traditional_characters_without_opencc_stop_and_say_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = html_page(_document()).replace("行政许可", "行政許可").replace("总计", "總計")
    monkeypatch.setattr(normalize_module, "_converter", lambda: None)
    with pytest.raises(MissingExtraError, match=r"disclosure-report\[import\]"):
        import_report(page.encode("utf-8"), format="html")


def test_the_command_line_says_so_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "traditional.html"
    page.write_text(html_page(_document()).replace("行政许可", "行政許可"), encoding="utf-8")
    script = tmp_path / "without_opencc.py"
    script.write_text(
        "import sys\n"
        "sys.modules['opencc'] = None\n"
        "from disclosure_report._cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, str(script), "import", str(page)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert_one_line_error(
        subprocess.CompletedProcess(
            completed.args, completed.returncode, completed.stdout, completed.stderr
        ),
        "繁体字",
        "pip install",
    )


def test_an_imported_document_keeps_its_json_shape() -> None:
    result = _import_md(markdown(_document()))
    assert json.loads(encode(result.document))["template"] == "2021"


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_a_blank_workbook_reads_as_blank_not_unread(template: str) -> None:
    from disclosure_report import blank

    report = blank(template, agency="某某县审计局")
    workbook = render(report, "xlsx")
    assert isinstance(workbook, bytes)
    result = import_report(workbook, format="xlsx")
    assert "unread" not in result.document
    assert result.findings == ()
    codes = {finding.code for finding in validate(result.document).findings}
    from disclosure_report import layout
    from disclosure_report._rules import OVERDUE_FEE

    empty_texts = {"TEXT_EMPTY"} if layout(template).field(OVERDUE_FEE) else set()
    assert codes == {"CELL_BLANK", *empty_texts}  # blank and empty, never not assessable
