"""A county's year, end to end, on real-shaped data (`helpers.county`): 20 departments and
12 townships, most under the county's division code, two renamed units, a missing report,
a late one, a unit that filed twice, and the county's own report."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from disclosure_report import Agency, Finding, ReportMismatchError, loads, validate
from disclosure_report._cli import main
from disclosure_report._jsonio import unstructure
from disclosure_report._jsontext import encode
from disclosure_report._messages import letter_row
from disclosure_report._rollup import reconcile
from tests.helpers.county import (
    BAD_CREDIT_CODE,
    COUNTY,
    LATE,
    MISSING,
    RENAMED_IN_REPORT,
    RENAMED_ON_ROSTER,
    TWICE,
    County,
    Filed,
    build,
    hand_sum,
    leaves,
)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    return build(tmp_path_factory.mktemp("county") / "reports")


def _report(document: dict[str, object]) -> object:
    return loads(encode(document))


# --- the roll-up -----------------------------------------------------------------------


def test_the_roll_up_of_the_county_equals_the_hand_sum(county: County) -> None:
    units = county.reports()
    assert len(units) == 31  # 32 units, less the missing one, the first copy left out
    rolled = reconcile(
        [_report(f.document) for f in units],  # type: ignore[misc]
        agency=Agency(name=COUNTY, division_code="321322"),
        published=_report(county.region.document),  # type: ignore[arg-type]
    )
    summed = unstructure(rolled.report)
    expected = hand_sum([f.document for f in units])
    for table in ("proactive", "applications", "review_litigation"):
        for path, value in leaves(summed[table], (table,)).items():
            assert value == expected[path], path
    assert len(expected) == 200
    # The county printed 行政复议 · 结果维持 (and so its total) 2 higher than its units.
    assert [(f.code, f.pointer, f.actual - f.expected) for f in rolled.findings] == [
        ("REGION_SUM", "/review_litigation/review/upheld", 2),
        ("REGION_SUM", "/review_litigation/review/total", 2),
    ]
    upheld = rolled.findings[0]
    assert len(upheld.operands) == sum(
        1 for f in units if f.document["review_litigation"]["review"]["upheld"]
    )
    # The sum's errors came from the units that have them.
    origins = {f.code: rolled.origins(f) for f in rolled.result.findings}
    assert origins["T4_TOTAL"] == ("沭阳县司法局",)
    assert origins["T3_BALANCE"] == ("沭阳县民政局",)


def test_the_same_unit_twice_is_refused(county: County) -> None:
    units = county.reports(corrected_only=False)
    with pytest.raises(ReportMismatchError, match=f"same agency \\({TWICE}"):
        reconcile([_report(f.document) for f in units], agency=COUNTY)  # type: ignore[misc]


# --- the roster --------------------------------------------------------------------------


def _review(county: County, *extra: str) -> tuple[int, dict[str, Any]]:
    out = county.folder.parent / "review.json"
    status = main(
        ["review", "--roster", str(county.roster), str(county.folder), *county.renames,
         "--format", "json", "-o", str(out), *extra]
    )  # fmt: skip
    return status, json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("roster", ["csv", "xlsx"])
def test_the_roster_gives_every_units_status(county: County, roster: str) -> None:
    path = county.roster if roster == "csv" else county.roster_xlsx
    out = county.folder.parent / f"review-{roster}.json"
    status = main(
        ["review", "--roster", str(path), str(county.folder), *county.renames,
         "--format", "json", "-o", str(out)]
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    assert status == 1
    units = {unit["name"]: unit for unit in data["units"]}
    assert len(units) == 33
    invalid = {"沭阳县民政局", "沭阳县司法局", BAD_CREDIT_CODE, TWICE, COUNTY}
    for name, unit in units.items():
        received = name != MISSING
        timeliness = "missing" if not received else "late" if name == LATE else "on_time"
        valid = None if not received else name not in invalid
        assert (unit["received"], unit["timeliness"], unit["valid"]) == (
            received,
            timeliness,
            valid,
        ), name
        assert unit["duplicate"] == (name == TWICE)
    # Both renamed units were matched: one through former_names, one through --rename.
    assert units[RENAMED_IN_REPORT[0]]["filings"][0]["agency"] == RENAMED_IN_REPORT[1]
    assert units[RENAMED_ON_ROSTER[1]]["filings"][0]["agency"] == RENAMED_ON_ROSTER[0]
    assert units[LATE]["days_late"] == 18
    assert units[COUNTY]["deadline"] == "2025-03-31"
    assert units["沭阳县华冲镇人民政府"]["warnings"] == 2
    assert data["unmatched"] == []
    assert data["summary"] == {
        "units": 33, "received": 32, "missing": 1, "on_time": 31, "late": 1, "undated": 0,
        "valid": 27, "invalid": 5, "duplicate": 1,
    }  # fmt: skip


def test_without_the_rename_the_renamed_unit_is_missing(county: County) -> None:
    out = county.folder.parent / "plain.json"
    main(["review", "--roster", str(county.roster), str(county.folder), "--format", "json",
          "-o", str(out)])  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    units = {unit["name"]: unit for unit in data["units"]}
    assert not units[RENAMED_ON_ROSTER[1]]["received"]
    assert [f["agency"] for f in data["unmatched"]] == [RENAMED_ON_ROSTER[0]]


def test_a_locality_sets_its_own_deadline(county: County) -> None:
    _, data = _review(county, "--deadline", "部门=02-28")
    units = {unit["name"]: unit for unit in data["units"]}
    assert units[LATE]["timeliness"] == "on_time"
    assert main(["review", "--roster", str(county.roster), str(county.folder),
                 "--deadline", "部门=0228"]) == 2  # fmt: skip


def test_the_roster_as_csv_xlsx_and_text(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["review", "--roster", str(county.roster), str(county.folder), *county.renames]
    csv_path = county.folder.parent / "review.csv"
    main([*base, "--format", "csv", "-o", str(csv_path)])
    rows = list(csv.reader(csv_path.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:3] == ["序号", "单位", "类别"]
    assert len(rows) == 34
    assert next(r for r in rows if r[1] == MISSING)[5] == "未报送"
    xlsx_path = county.folder.parent / "review.xlsx"
    main([*base, "--format", "xlsx", "-o", str(xlsx_path)])
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx_path).active
    assert sheet is not None
    assert sheet.auto_filter.ref == "A1:N34"
    assert sheet.freeze_panes == "A2"
    capsys.readouterr()
    assert main(base) == 1
    text = capsys.readouterr().out
    assert f"{LATE}：已报送；逾期 18 天（2025-02-18，截止 2025-01-31）" in text
    assert text.splitlines()[-1].startswith("2024年度：名册 33 个单位，已报送 32，未报送 1")


# --- the letters --------------------------------------------------------------------------


@pytest.mark.office
def test_the_letters_open_in_libreoffice_and_hold_every_finding(
    county: County, tmp_path: Path
) -> None:
    letters = tmp_path / "letters"
    status = main(
        ["review", "--roster", str(county.roster), str(county.folder), *county.renames,
         "--letters", str(letters), "--letter-date", "2025-03-01",
         "--office", "沭阳县政务服务管理办公室",
         "--format", "json", "-o", str(tmp_path / "review.json")]
    )  # fmt: skip
    assert status == 1
    with_findings = [f for f in county.filed if validate(f.document).findings]
    written = sorted(letters.glob("*.docx"))
    assert len(written) == len(with_findings) == 6
    from docx import Document

    page = Document(str(written[0])).sections[0]
    assert page.page_width is not None
    assert page.page_height is not None
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    text = tmp_path / "text"
    completed = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--norestore", "--convert-to", "txt:Text", "--outdir", str(text), *map(str, written)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    for filed in with_findings:
        letter = text / f"{filed.name}_2024年度报告审核意见书.txt"
        content = letter.read_text(encoding="utf-8-sig")
        assert content.startswith("政府信息公开工作年度报告审核意见书")
        assert f"{filed.name}：" in content
        assert f"文件：{filed.path}" in content
        assert content.rstrip().endswith("沭阳县政务服务管理办公室\n2025-03-01")
        findings = validate(filed.document).findings
        lines = content.splitlines()
        for number, finding in enumerate(_printed_order(findings, filed), 1):
            where, problem, expected, actual = letter_row(finding)
            at = lines.index(str(number))
            assert lines[at + 1 : at + 5] == [where, problem, expected, actual], finding
        assert str(len(findings) + 1) not in lines


def _printed_order(findings: tuple[Finding, ...], filed: Filed) -> list[Finding]:
    """The findings in the order a letter lists them: by table, then printed order."""
    from disclosure_report._letters import _groups

    template = validate(filed.document).template
    return [f for _, group in _groups(findings, template) for f in group]


def test_a_letter_date_is_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["review", "--roster", "x.csv", "r.json", "--letter-date", "soon"])
    assert raised.value.code == 2
    assert "'soon' 不是日期" in capsys.readouterr().err
