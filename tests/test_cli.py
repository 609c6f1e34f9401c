"""The command line, run as a real subprocess of the installed entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import DEFECTS, ROOT, SEED, VALID, assert_one_line_error, run


def test_valid_reports_exit_0() -> None:
    result = run("validate", str(VALID), str(SEED))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == f"{VALID}: 有效 · 2021年版模板 · 0 个错误，0 个警告"


def test_findings_are_grouped_by_code_and_name_the_cell() -> None:
    result = run("validate", str(DEFECTS))
    assert result.returncode == 1
    blank = "空白（空白不等于 0，请填写数字）"
    assert result.stdout.splitlines() == [
        f"{DEFECTS}: 无效 · 2021年版模板 · 3 个错误，2 个警告，1 项已说明",
        "  T3_ROW_TOTAL [错误] ×1 — 表三行总计不等于各类申请人之和",
        "    表三 · 三、本年度办理结果 · （一）予以公开 · 总计：应为 7（5 + 2），实为 8",
        "  T3_OUTCOME_TOTAL [错误] ×1 — 表三（七）总计不等于各项办理结果之和",
        "    表三 · 三、本年度办理结果 · （七）总计 · 自然人："
        "应为 12（5 + 2 + 1 + 3 + 1），实为 13",
        "  T4_TOTAL [错误] ×1 — 表四总计不等于各项结果之和",
        "    表四 · 行政复议 · 总计：应为 11（10 + 1），实为 0",
        "  CELL_BLANK [警告] ×2 — 单元格空白",
        f"    表二 · 第二十条第（八）项 · 行政事业性收费 · 本年收费金额（单位：万元）：{blank}",
        f"    表三 · 二、上年结转政府信息公开申请数量 · 法人或其他组织 · 科研机构：{blank}",
    ]


def test_english_messages() -> None:
    result = run("validate", "--lang", "en", str(DEFECTS))
    assert result.returncode == 1
    assert "invalid · template 2021 · 3 error(s), 2 warning(s), 1 explained" in result.stdout
    assert "Table 4 · administrative review · total: expected 11 (10 + 1), found 0" in result.stdout


def test_json_output_is_one_object_per_document() -> None:
    result = run("validate", "--format", "json", str(VALID), str(DEFECTS))
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"], r["template"], r["valid"]) for r in records] == [
        (str(VALID), "2021", True),
        (str(DEFECTS), "2021", False),
    ]
    assert records[0]["findings"] == []
    codes = [
        (f["code"], f["pointer"], f.get("expected"), f.get("actual"))
        for f in records[1]["findings"]
    ]
    assert codes == [
        ("T3_ROW_TOTAL", "/applications/outcomes/disclosed/total", 7, 8),
        ("T3_OUTCOME_TOTAL", "/applications/outcomes/total/natural_person", 12, 13),
        ("T4_TOTAL", "/review_litigation/review/total", 11, 0),
        ("CELL_BLANK", "/proactive/fees/amount_10k_yuan", None, None),
        ("CELL_BLANK", "/applications/carried_over/research_institution", None, None),
    ]
    t4 = records[1]["findings"][2]
    assert t4["operands"][0] == {"pointer": "/review_litigation/review/upheld", "value": 10}
    assert t4["severity"] == "error"
    assert t4["message"] == "表四 · 行政复议 · 总计：应为 11（10 + 1），实为 0"


def test_stdin() -> None:
    result = run("validate", "--format", "json", "-", stdin=DEFECTS.read_bytes())
    assert result.returncode == 1
    assert json.loads(result.stdout)["source"] == "<stdin>"


def test_structural_and_arithmetic_errors_in_one_document() -> None:
    document = json.loads(VALID.read_text(encoding="utf-8"))
    document["applications"]["received"]["natural_person"] = "3001"
    document["review_litigation"]["review"]["total"] = 350
    result = run(
        "validate", "--format", "json", "-", stdin=json.dumps(document, ensure_ascii=False)
    )
    assert result.returncode == 1
    found = [(f["code"], f["pointer"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [
        ("SCHEMA", "/applications/received/natural_person"),
        ("T4_TOTAL", "/review_litigation/review/total"),
        # section 一 says 行政复议案件351件: the changed total disagrees with the text too
        ("TEXT_TABLE", "/review_litigation/review/total"),
    ]


def test_truncated_json_exits_2_with_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(VALID.read_text(encoding="utf-8")[:500], encoding="utf-8")
    result = run("validate", str(broken))
    assert_one_line_error(result, "broken.json", "不是有效的 JSON", "第 10 行")


def test_missing_file_and_empty_folder_exit_2(tmp_path: Path) -> None:
    assert_one_line_error(run("validate", str(tmp_path / "nope.json")), "nope.json", "没有这个文件")
    assert_one_line_error(run("validate", str(tmp_path)), "没有找到报告")


def test_a_folder_is_searched_for_reports(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_bytes(DEFECTS.read_bytes())
    (tmp_path / "a.json").write_bytes(VALID.read_bytes())
    (tmp_path / "notes.txt").write_text("not a report", encoding="utf-8")
    result = run("validate", "--format", "json", str(tmp_path))
    assert result.returncode == 1
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [str(tmp_path / "a.json"), str(tmp_path / "sub" / "b.json")]


def test_an_unreadable_file_does_not_stop_the_others(tmp_path: Path) -> None:
    result = run("validate", "--format", "json", str(tmp_path / "gone.json"), str(VALID))
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["valid"] for r in records] == [None, True]
    assert "没有这个文件" in records[0]["error"]


@pytest.mark.parametrize(
    "arguments",
    [
        (),
        ("frobnicate",),
        ("validate",),
        ("validate", "--format", "xml", "x.json"),
        ("template", "--year", "soon"),
        ("template", "--template", "2018"),
    ],
)
def test_bad_arguments_exit_2_without_a_traceback(arguments: tuple[str, ...]) -> None:
    result = run(*arguments)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("disclosure-report")


def test_template_zeros_with_an_agency_name_filled_in_validates(tmp_path: Path) -> None:
    result = run("template", "--template", "2021", "--zeros")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["template"] == "2021"
    document["agency"]["name"] = "某某市人民政府办公室"
    filled = tmp_path / "filled.json"
    filled.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    checked = run("validate", str(filled))
    assert checked.returncode == 0, checked.stdout


def test_template_without_zeros_holds_null_cells() -> None:
    result = run("template", "--template", "2019", "--year", "2020", "--agency", "某乡")
    document = json.loads(result.stdout)
    assert document["year"] == 2020
    other = document["applications"]["outcomes"]["other"]
    assert other == dict.fromkeys(other)
    checked = run("validate", "--format", "json", "-", stdin=result.stdout)
    assert checked.returncode == 0
    assert {f["code"] for f in json.loads(checked.stdout)["findings"]} == {"CELL_BLANK"}


def test_template_defaults_to_the_template_in_force_for_the_year() -> None:
    assert json.loads(run("template", "--year", "2020").stdout)["template"] == "2019"
    assert json.loads(run("template", "--year", "2021").stdout)["template"] == "2021"


def test_template_refuses_a_template_not_in_force() -> None:
    result = run("template", "--template", "2019", "--year", "2023")
    assert_one_line_error(result, "不适用于 2023 年度")
    english = run("template", "--lang", "en", "--template", "2019", "--year", "2023")
    assert_one_line_error(english, "not in force for 2023")


def test_template_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "blank.json"
    result = run("template", "--zeros", "--agency", "某局", "-o", str(target))
    assert result.returncode == 0
    assert result.stdout == ""
    assert run("validate", str(target)).returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["blank.json"]


def test_schema_prints_the_published_schema() -> None:
    for template in ("2019", "2021", "report"):
        name = f"report-{template}" if template != "report" else "report"
        result = run("schema", "--template", template)
        assert result.returncode == 0
        assert result.stdout == (ROOT / "schemas" / f"{name}.schema.json").read_text(
            encoding="utf-8"
        )
    assert json.loads(run("schema").stdout)["$id"].endswith("report-2021:v2")


def test_python_dash_m_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "disclosure_report", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("disclosure-report ")


def test_long_groups_are_cut_unless_all_is_asked_for() -> None:
    blank = run("template", "--template", "2019", "--year", "2019", "--agency", "某乡").stdout
    short = run("validate", "-", stdin=blank).stdout.splitlines()
    assert short[1] == "  CELL_BLANK [警告] ×198 — 单元格空白"
    assert len(short) == 2 + 20 + 1
    assert short[-1] == "    … 另有 178 条（--all 显示全部）"
    full = run("validate", "--all", "-", stdin=blank).stdout.splitlines()
    assert len(full) == 2 + 198
    english = run("validate", "--lang", "en", "-", stdin=blank).stdout.splitlines()
    assert english[-1] == "    … 178 more (--all shows them)"


def test_help_is_said_in_the_command_s_language() -> None:
    chinese = run("validate", "--help")
    english = run("validate", "--lang", "en", "--help")
    assert chinese.returncode == english.returncode == 0
    assert "按模板及其规则检查报告" not in chinese.stdout  # the command's own help is its options'
    assert "提示信息的语言" in chinese.stdout
    assert "language of messages" in english.stdout
    assert "提示信息的语言" not in english.stdout
    top = run("--help")
    assert "按模板及其规则检查报告" in top.stdout
    assert chinese.stdout.startswith("用法：disclosure-report validate")
    assert "选项：" in chinese.stdout
    assert "显示本帮助并退出" in chinese.stdout
    assert "usage:" not in chinese.stdout
    assert english.stdout.startswith("usage: disclosure-report validate")
    assert "show this help message and exit" in english.stdout


@pytest.mark.parametrize(
    ("arguments", "zh", "en"),
    [
        (["review", "--roster", "x.csv"], "缺少必需的参数：REPORT",
         "the following arguments are required: REPORT"),
        (["validate", "--bogus", "x.json"], "无法识别的参数：--bogus",
         "unrecognized arguments: --bogus"),
        (["validate", "--format", "nope", "x.json"], "参数 --format：无效的选择 'nope'（可选：",
         "argument --format: invalid choice: 'nope'"),
        (["validate", "--jobs", "many", "x.json"], "参数 --jobs：无效的 int 值：'many'",
         "argument --jobs: invalid int value: 'many'"),
        (["validate", "x.json", "--previous"], "参数 --previous：需要一个值",
         "argument --previous: expected one argument"),
    ],
)  # fmt: skip
def test_argparse_complaints_are_said_in_the_command_s_language(
    arguments: list[str], zh: str, en: str
) -> None:
    assert_one_line_error(run(*arguments), zh)
    assert_one_line_error(run(*arguments, "--lang", "en"), en)


def test_usage_errors_are_said_in_the_command_s_language(tmp_path: Path) -> None:
    assert_one_line_error(run("export", "--format", "parquet", str(VALID)), "二进制", "-o")
    english = run("export", "--lang", "en", "--format", "parquet", str(VALID))
    assert_one_line_error(english, "Parquet is binary: give a file with -o")


def test_render_diff_and_aggregate_read_workbooks_and_folders_as_validate_does(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    workbook, plain = folder / "甲局.xlsx", folder / "乙局.json"
    made = run("template", "--year", "2024", "--agency", "甲局", "--zeros", "--format", "xlsx",
               "-o", str(workbook))  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert run("template", "--year", "2024", "--agency", "乙局", "-o", str(plain)).returncode == 0
    rendered = run("render", str(workbook), "--format", "txt")
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout.startswith("甲局2024年")
    total = tmp_path / "total.json"
    rolled = run("aggregate", str(folder), "-o", str(total))
    assert rolled.returncode == 0, rolled.stderr
    assert json.loads(total.read_text(encoding="utf-8"))["notes"][""].count("局") == 2
    assert run("diff", str(workbook), str(plain)).returncode == 1
    assert_one_line_error(run("render", str(folder)), "2 份报告")


def test_export_reads_standard_input_once_and_every_report_on_it() -> None:
    document = json.loads(VALID.read_text(encoding="utf-8"))
    second = {**document, "agency": {**document["agency"], "name": "乙局"}}
    lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in (document, second))
    result = run("export", "--jsonl", "-", stdin=lines)
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()[1:]
    agencies = [row.split(",")[0] for row in rows]
    assert set(agencies) == {document["agency"]["name"], "乙局"}
    assert agencies.count("乙局") == len(rows) // 2
