"""What a new user meets first: inputs of the wrong kind, folders, missing extras, messages."""

from __future__ import annotations

import codecs
import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_report import load, message
from disclosure_report._importing import import_report
from disclosure_report._jsontext import encode
from disclosure_report._rendering import render
from tests.helpers.cli import DEFECTS, VALID, assert_one_line_error, run
from tests.helpers.documents import sample

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "tests" / "fixtures" / "published"


@pytest.mark.parametrize(
    ("name", "kind"), [("2024_淮安市人民政府.pdf", "PDF"), ("report.html", "HTML")]
)
def test_validate_suggests_import_for_a_published_report(
    tmp_path: Path, name: str, kind: str
) -> None:
    source = PUBLISHED / name
    if not source.exists():
        source = tmp_path / name
        source.write_text(str(render(load(VALID), "html")), encoding="utf-8")
    result = run("validate", str(source))
    assert_one_line_error(result, f"已发布的报告（{kind}）", f"disclosure-report import {source}")
    english = run("validate", "--lang", "en", str(source))
    assert_one_line_error(english, f"a published report ({kind})", "import it first")


def test_a_folder_holds_reports_as_json_and_as_workbooks(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(VALID.read_bytes())
    workbook = render(load(DEFECTS), "xlsx")
    assert isinstance(workbook, bytes)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.xlsx").write_bytes(workbook)
    (tmp_path / "sub" / "~$b.xlsx").write_bytes(b"lock file of an open workbook")
    result = run("validate", "--format", "json", str(tmp_path))
    assert result.returncode == 1, result.stderr
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [str(tmp_path / "a.json"), str(tmp_path / "sub" / "b.xlsx")]


def test_export_takes_what_validate_takes(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(VALID.read_bytes())
    workbook = render(load(DEFECTS), "xlsx")
    assert isinstance(workbook, bytes)
    (tmp_path / "b.xlsx").write_bytes(workbook)
    lines = tmp_path / "more.jsonl"
    lines.write_text(encode(sample("2019"), indent=None) + "\n", encoding="utf-8")
    out = tmp_path / "cells.csv"
    result = run("export", str(tmp_path), "--jsonl", str(lines), "-o", str(out))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8") as file:
        agencies = {row["agency"] for row in csv.DictReader(file)}
    assert agencies == {"淮安市人民政府", "某某县自然资源局", sample("2019")["agency"]["name"]}
    assert_one_line_error(run("export", str(tmp_path / "missing.json")), "没有这个文件")


def test_csv_for_excel_begins_with_a_byte_order_mark(tmp_path: Path) -> None:
    out = tmp_path / "cells.csv"
    assert run("export", str(VALID), "--bom", "-o", str(out)).returncode == 0
    assert out.read_bytes().startswith(codecs.BOM_UTF8 + b"agency,")
    plain = run("export", str(VALID))
    assert plain.stdout.startswith("agency,")
    findings = subprocess.run(
        [sys.executable, "-m", "disclosure_report", "validate", "--format", "csv", "--bom",
         str(DEFECTS)],
        capture_output=True, check=False,
    )  # fmt: skip
    assert findings.stdout.startswith(codecs.BOM_UTF8 + b"source,line,")


def _without_openpyxl(*arguments: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; sys.modules['openpyxl'] = None\n"
        "from disclosure_report._cli import main\n"
        f"sys.exit(main({list(arguments)!r}))"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_without_openpyxl_the_message_says_what_to_install(tmp_path: Path) -> None:
    workbook = render(load(VALID), "xlsx")
    assert isinstance(workbook, bytes)
    path = tmp_path / "年报.xlsx"
    path.write_bytes(workbook)
    for arguments in (
        ("validate", str(path)),
        ("import", str(path)),
        ("render", str(VALID), "--format", "xlsx", "-o", str(tmp_path / "out.xlsx")),
    ):
        result = _without_openpyxl(*arguments)
        assert_one_line_error(result, "openpyxl", "pip install 'disclosure-report[office]'")
        assert "No module named" not in result.stderr


@pytest.mark.parametrize("form", ["md", "txt"])
def test_annotate_lists_the_findings_in_text_too(form: str) -> None:
    text = str(render(load(DEFECTS), form, annotate=True))  # type: ignore[arg-type]
    tail = text.split("检查发现", 1)[1]
    assert "3. T4_TOTAL 表四 · 行政复议 · 总计：应为 11（10 + 1），实为 0" in tail
    assert "检查发现" not in str(render(load(DEFECTS), form))  # type: ignore[arg-type]


def test_diff_shows_a_changed_text_before_and_after(tmp_path: Path) -> None:
    document = json.loads(VALID.read_text(encoding="utf-8"))
    document["agency"]["name"] = "淮安市人民政府办公室"
    paragraphs = document["sections"]["problems"].splitlines()
    document["sections"]["problems"] = "\n".join([*paragraphs[:-1], "改进情况另见附件。"])
    changed = tmp_path / "b.json"
    changed.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    lines = run("diff", str(VALID), str(changed)).stdout.splitlines()
    assert lines[0] == "机关 · 机关名称：“淮安市人民政府” → “淮安市人民政府办公室”"
    assert lines[1] == "正文 · 五、存在的主要问题及改进情况："
    assert lines[2] == f"  − {paragraphs[-1]}"
    assert lines[3] == "  + 改进情况另见附件。"
    english = run("diff", "--lang", "en", str(VALID), str(changed)).stdout.splitlines()
    assert english[0] == "agency · agency name: “淮安市人民政府” → “淮安市人民政府办公室”"


def test_import_messages_in_chinese_carry_no_english() -> None:
    seed = PUBLISHED / "2019_河西街道办事处_seed.txt"
    result = import_report(seed)
    assert {f.code for f in result.findings} >= {"IMPORT_LABEL", "IMPORT_MISSING"}
    for finding in result.findings:
        said = message(finding, "zh")
        words = set(re.findall(r"[A-Za-z]{2,}", said)) - {"agency"}
        assert not words, said
    label = next(f for f in result.findings if f.code == "IMPORT_LABEL" and f.expected)
    printed, label_zh = "其他對完管理服務(wù)事項", "其他对外管理服务事项"
    assert f"第 26 行：“{printed}”按“{label_zh}”读取" in message(label)
    assert f"line 26: “{printed}” read as “{label_zh}”" in message(label, "en")
