"""A roll-up a supervising office can reconcile: breakdown, region check, region sum."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from disclosure_report import Agency, ReportMismatchError, dumps, loads, message
from disclosure_report._cli import main
from disclosure_report._jsontext import encode, parse
from disclosure_report._rollup import reconcile, write_breakdown
from tests.helpers.documents import get, patch, sample

COUNTY = Agency(name="沭阳县人民政府", division_code="321322")
NAMES = ("沭阳县教育局", "沭阳县发展和改革局", "沭阳县韩山镇人民政府")


def _units(template: str = "2021") -> list[dict[str, object]]:
    return [
        patch(sample(template, seed), {"/agency": {"name": name, "division_code": "321322"}})
        for seed, name in enumerate(NAMES)
    ]


def _reports(documents: list[dict[str, object]]) -> list[object]:
    return [loads(encode(document)) for document in documents]


def test_a_city_takes_its_counties_and_refuses_another_citys() -> None:
    documents = _units()
    documents[0] = patch(documents[0], {"/agency/division_code": "321300"})
    documents[2] = patch(documents[2], {"/agency/division_code": "320829"})
    city = Agency(name="宿迁市人民政府", division_code="321300")
    rolled = reconcile(_reports(documents), agency=city)  # type: ignore[arg-type]
    assert [(f.code, f.actual, f.operands[0].document) for f in rolled.findings] == [
        ("REGION_OUTSIDE", "320829", "沭阳县韩山镇人民政府")
    ]
    assert message(rolled.findings[0]) == (
        "沭阳县韩山镇人民政府：行政区划代码 320829 不在汇总地区（321300）内"
    )


def test_the_region_report_must_be_of_the_same_year() -> None:
    reports = _reports(_units())
    other = loads(encode(patch(sample("2021"), {"/year": 2022})))
    with pytest.raises(ReportMismatchError, match="region's report"):
        reconcile(reports, agency=COUNTY, published=other)  # type: ignore[arg-type]


def test_findings_of_the_sum_name_the_units_they_came_from() -> None:
    documents = _units()
    documents[1] = patch(documents[1], {"/review_litigation/review/total": 999})
    rolled = reconcile(_reports(documents), agency=COUNTY)  # type: ignore[arg-type]
    (finding,) = rolled.result.findings
    assert finding.code == "T4_TOTAL"
    assert rolled.origins(finding) == ("沭阳县发展和改革局",)
    assert not rolled.valid


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "parquet"])
def test_the_breakdown_shows_what_each_unit_contributed(tmp_path: Path, suffix: str) -> None:
    documents = _units()
    published = patch(sample("2021", 9), {"/agency": {"name": "沭阳县人民政府"}})
    rolled = reconcile(
        _reports(documents),  # type: ignore[arg-type]
        agency=COUNTY,
        published=loads(encode(published)),
    )
    path = tmp_path / f"breakdown.{suffix}"
    write_breakdown(rolled, path)
    cell = "/review_litigation/review/upheld"
    values = [get(document, cell) for document in documents]
    if suffix == "csv":
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        header, row = rows[0], next(r for r in rows if r[3] == cell)
        assert header == ["表", "行", "列", "指针", "合计", "本级报告", "差额", *NAMES]
        total, printed = sum(values), get(published, cell)
        assert row[4:] == [str(v) for v in (total, printed, printed - total, *values)]
    elif suffix == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path).active
        assert sheet is not None
        assert sheet.auto_filter.ref == f"A1:J{len(rows_of(rolled)) + 1}"
        found = next(r for r in sheet.iter_rows(values_only=True) if r[3] == cell)
        assert list(found[7:]) == values
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(path).to_pylist()
        assert len(table) == 3 * len(rows_of(rolled))
        assert [r["value"] for r in table if r["pointer"] == cell] == values
    with pytest.raises(ValueError, match="suffixes"):
        write_breakdown(rolled, tmp_path / "breakdown.txt")


def rows_of(rolled: object) -> list[object]:
    return rolled.matrix()[1]  # type: ignore[attr-defined, no-any-return]


def test_the_command_line_reconciles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = []
    documents = _units()
    for index, document in enumerate(documents):
        path = tmp_path / f"{index}.json"
        path.write_text(encode(document), encoding="utf-8")
        files.append(str(path))
    total = reconcile(_reports(documents), agency=COUNTY).report  # type: ignore[arg-type]
    region = patch(parse(dumps(total)), {"/review_litigation/review/upheld": 0})
    (tmp_path / "county.json").write_text(encode(region), encoding="utf-8")
    arguments = ["aggregate", *files, "--agency-name", "沭阳县人民政府", "--division-code"]
    status = main(
        [
            *arguments,
            "321322",
            "-o",
            str(tmp_path / "sum.json"),
            "--region-report",
            str(tmp_path / "county.json"),
            "--breakdown",
            str(tmp_path / "by-unit.xlsx"),
            "--findings-json",
            str(tmp_path / "findings.json"),
        ]
    )
    assert status == 0
    err = capsys.readouterr().err
    assert err.startswith(f"汇总 {tmp_path / 'sum.json'}：有效")
    assert "REGION_SUM 表四 · 行政复议 · 结果维持：各单位合计" in err
    assert (tmp_path / "by-unit.xlsx").stat().st_size > 0
    record = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in record["reconciliation"]] == ["REGION_SUM"]
    assert main([*arguments, "321322", "--breakdown", str(tmp_path / "x.txt")]) == 2
    assert "请用其中一种后缀命名文件" in capsys.readouterr().err
