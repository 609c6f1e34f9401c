"""Across reports: year over year, series, roll-ups, comparison and tidy export."""

from __future__ import annotations

import csv
import io
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from disclosure_report import (
    TEMPLATES,
    Agency,
    ReportMismatchError,
    aggregate,
    check_series,
    diff,
    dumps,
    layout,
    loads,
    message,
    to_records,
    validate,
)
from disclosure_report._export import FIELDS, write_csv
from disclosure_report._jsonio import unstructure
from disclosure_report._jsontext import encode
from disclosure_report._messages import change_line
from tests.helpers.cli import assert_one_line_error, run
from tests.helpers.documents import DELETE, consecutive, get, patch, sample, series, zeros

# --- year over year ----------------------------------------------------------


def _codes(result: object) -> list[tuple[str, str]]:
    return [(f.code, f.pointer) for f in result.findings]  # type: ignore[attr-defined]


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_consecutive_years_that_agree_have_no_finding(template: str) -> None:
    current, previous = consecutive(template)
    assert validate(current, previous=previous).findings == ()


def test_carry_over_holds_across_the_change_of_template() -> None:
    current, previous = consecutive("2021", previous_template="2019")
    assert (previous["year"], current["year"]) == (2020, 2021)
    result = validate(current, previous=previous)
    assert {f.code for f in result.findings} == {"CROSS_NOT_APPLICABLE"}
    assert result.valid
    broken = patch(previous, {"/applications/carried_forward/natural_person": 10**6})
    found = _codes(validate(current, previous=broken))
    assert ("T3_CARRY_OVER", "/applications/carried_over/natural_person") in found


def test_not_applicable_says_why_in_both_languages() -> None:
    current, previous = consecutive("2021", previous_template="2019")
    finding = validate(current, previous=previous).findings[0]
    assert finding.severity == "info"
    assert message(finding) == (
        "表二 · 第二十条第（一）项 · 规章 · 现行有效件数：T2_IN_FORCE 无法检查"
        "（上年报告使用2019年版模板，没有可比的数据）"
    )
    assert message(finding, "en") == (
        "Table 2 · Article 20, item 1 · rules · in force: T2_IN_FORCE cannot apply: last "
        "year's report uses the 2019 template, which has no comparable cell"
    )
    assert finding.rule == "T2_IN_FORCE"
    assert finding.keyword is None


def test_carry_over_finding_points_at_this_years_cell_with_last_years_operand() -> None:
    current, previous = consecutive("2021")
    previous = patch(previous, {"/applications/carried_forward/other_organization": 7})
    (finding,) = [
        f for f in validate(current, previous=previous).findings if f.code == "T3_CARRY_OVER"
    ][:1]
    assert finding.pointer == "/applications/carried_over/other_organization"
    assert finding.expected == 7
    assert finding.to_json()["operands"] == [
        {
            "pointer": "/applications/carried_forward/other_organization",
            "value": 7,
            "document": "previous",
        }
    ]
    assert "上年报告的结转下年度 7" in message(finding)


def test_blank_carry_over_counts_as_zero() -> None:
    current, previous = consecutive("2021")
    current = patch(current, {"/applications/carried_over/research_institution": None})
    previous = patch(previous, {"/applications/carried_forward/research_institution": 0})
    codes = {f.code for f in validate(current, previous=previous).findings}
    assert "T3_CARRY_OVER" not in codes


def test_reports_of_different_agencies_are_refused() -> None:
    current, previous = consecutive("2021")
    other = patch(previous, {"/agency/name": "另一个机关"})
    with pytest.raises(ReportMismatchError, match="different agencies"):
        validate(current, previous=other)


def test_a_shared_division_code_does_not_make_two_agencies_one() -> None:
    current, previous = consecutive("2021")
    county = {"/agency/division_code": "321322"}
    other = patch(previous, {**county, "/agency/name": "沭阳县教育局"})
    current = patch(current, {**county, "/agency/name": "沭阳县发展和改革局"})
    with pytest.raises(ReportMismatchError, match="different agencies"):
        validate(current, previous=other)


def test_a_renamed_agency_is_matched_through_its_former_names() -> None:
    current, previous = consecutive("2021")
    previous = patch(previous, {"/agency/name": "沭阳县发改局"})
    with pytest.raises(ReportMismatchError, match="former_names"):
        validate(current, previous=previous)
    declared = patch(current, {"/agency/former_names": ["沭阳县发改局"]})
    assert validate(declared, previous=previous).valid


def test_previous_must_be_the_year_before() -> None:
    current, previous = consecutive("2021")
    year = current["year"]
    with pytest.raises(ReportMismatchError, match=f"is for {year - 2}, not {year - 1}"):
        validate(current, previous=patch(previous, {"/year": year - 2}))
    with pytest.raises(ReportMismatchError, match="no template"):
        validate(current, previous={"year": year - 1})


# --- series ------------------------------------------------------------------


def test_a_series_in_any_order_checks_each_year_against_the_last() -> None:
    reports = series("2021", 4)
    shuffled = reports[:]
    random.Random(4).shuffle(shuffled)
    results = check_series(shuffled)
    assert [r.findings for r in results] == [()] * 4
    broken = patch(reports[2], {"/applications/carried_over/total": 999})
    results = check_series([reports[0], reports[1], broken, reports[3]])
    assert [_codes(r) for r in results][:2] == [[], []]
    assert ("T3_CARRY_OVER", "/applications/carried_over/total") in _codes(results[2])
    assert results[3].findings == ()


def test_a_gap_in_a_series_is_reported() -> None:
    reports = series("2019", 2, first_year=2019)
    later = sample("2021", 5)
    later["year"] = 2022
    results = check_series([reports[0], reports[1], later])
    assert [f.code for f in results[2].findings] == ["CROSS_NOT_APPLICABLE"]
    assert message(results[2].findings[0]) == (
        "表三 · 二、上年结转政府信息公开申请数量：T3_CARRY_OVER 无法检查（缺少2021年度的报告）"
    )
    assert message(results[2].findings[0], "en").endswith("the series has no report for 2021")


def test_series_refuses_two_reports_of_a_year_and_other_agencies() -> None:
    reports = series("2021", 2)
    with pytest.raises(ReportMismatchError, match="two reports for"):
        check_series([reports[0], reports[0]])
    with pytest.raises(ReportMismatchError, match="different agencies"):
        check_series([reports[0], patch(reports[1], {"/agency/name": "别的"})])


# --- roll-up -----------------------------------------------------------------


def _reports(template: str, count: int) -> list[dict[str, object]]:
    reports = []
    for index in range(count):
        document = sample(template, 20 + index)
        document["agency"] = {"name": f"第{index + 1}局", "division_code": f"32080{index + 1}"}
        reports.append(document)
    return reports


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_a_roll_up_is_the_cell_wise_sum_and_validates(template: str) -> None:
    documents = _reports(template, 3)
    documents[1] = patch(documents[1], {"/proactive/penalty/decisions": None})
    money = next(c.pointer for c in layout(template).cells if c.kind == "money")
    documents[0] = patch(documents[0], {money: Decimal("0.0001")})
    documents[2] = patch(documents[2], {money: None})
    reports = [loads(encode(d)) for d in documents]
    total = aggregate(reports, agency=Agency(name="某某市", division_code="320800"))
    summed = {record["pointer"]: record["value"] for record in to_records(total)}
    for cell in layout(template).cells:
        present = [get(d, cell.pointer) for d in documents if get(d, cell.pointer) is not None]
        assert summed[cell.pointer] == (sum(present) if present else None), cell.pointer
    assert summed["/proactive/penalty/decisions"] == sum(
        get(d, "/proactive/penalty/decisions") for d in (documents[0], documents[2])
    )
    assert total.agency == Agency(name="某某市", division_code="320800", scope="region")
    assert total.notes == {"": "汇总自 3 份报告：第1局（320801）、第2局（320802）、第3局（320803）"}
    assert validate(total).valid


_AMOUNT, _UNIT = "/proactive/procurement/amount", "/proactive/procurement/amount_unit"


@pytest.mark.parametrize(
    ("stated", "total", "unit"),
    [
        ([("251000", "元"), ("7.5", "万元"), ("0", None)], "326000", "元"),
        ([("7.5", "万元"), ("0.25", "万元"), (None, None)], "7.75", "万元"),
        ([("0", None), ("0", None), ("0", "元")], "0", "元"),
        ([("251000", "元"), ("100", None), ("7.5", "万元")], None, None),
    ],
)
def test_a_roll_up_sums_amounts_in_the_units_their_reports_state(
    stated: list[tuple[str | None, str | None]], total: str | None, unit: str | None
) -> None:
    documents = [
        patch(d, {_AMOUNT: None if a is None else Decimal(a), _UNIT: u or DELETE})
        for d, (a, u) in zip(_reports("2019", 3), stated, strict=True)
    ]
    summed = unstructure(aggregate([loads(encode(d)) for d in documents], agency="X"))
    procurement = summed["proactive"]["procurement"]
    expected = None if total is None else Decimal(total)
    assert (procurement["amount"], procurement.get("amount_unit")) == (expected, unit)
    if total is None:  # a figure without its unit is not summed, and the sum says why
        why = "不能汇总：第2局（320802） 的金额未注明单位（元或万元）"
        assert summed["unread"] == {_AMOUNT: why}
        codes = {(f.code, f.pointer) for f in validate(summed).findings}
        assert ("UNREAD", _AMOUNT) in codes
    else:
        assert "unread" not in summed


def test_a_cell_is_blank_only_where_every_input_is_blank() -> None:
    documents = _reports("2021", 2)
    pointer = "/review_litigation/litigation_direct/other"
    both = [patch(d, {pointer: None}) for d in documents]
    one = [both[0], documents[1]]

    def summed(inputs: list[dict[str, object]]) -> object:
        total = aggregate([loads(encode(d)) for d in inputs], agency="X")
        return get(json.loads(dumps(total)), pointer)

    assert summed(both) is None
    assert summed(one) == get(documents[1], pointer)


def test_roll_up_refuses_mixed_years_templates_and_duplicates() -> None:
    a, b = (loads(encode(d)) for d in _reports("2021", 2))
    with pytest.raises(ReportMismatchError, match="different years"):
        aggregate([a, loads(encode(patch(_reports("2021", 2)[1], {"/year": 2022})))], agency="X")
    other = loads(encode(_reports("2019", 1)[0]))
    with pytest.raises(ReportMismatchError, match="different templates"):
        aggregate([a, other], agency="X")
    with pytest.raises(ReportMismatchError, match="same agency"):
        aggregate([a, b, a], agency="X")
    with pytest.raises(ReportMismatchError, match="no reports"):
        aggregate([], agency="X")


# --- diff --------------------------------------------------------------------


def test_diff_lists_changed_cells_with_change_and_percent() -> None:
    before = loads(encode(sample("2021")))
    document = patch(sample("2021"), {"/applications/received/natural_person": 0})
    after = loads(encode(document))
    changes = diff(before, after)
    (change,) = changes
    old = get(sample("2021"), "/applications/received/natural_person")
    assert change.pointer == "/applications/received/natural_person"
    assert (change.before, change.after, change.change) == (old, 0, -old)
    assert change.percent == Decimal("-100.0")
    assert change.place() == "表三 · 一、本年新收政府信息公开申请数量 · 自然人"
    assert diff(before, before) == []


def test_diff_across_templates_marks_rows_only_one_has() -> None:
    current, previous = consecutive("2021", previous_template="2019")
    changes = diff(loads(encode(previous)), loads(encode(current)))
    statuses = {c.pointer: c.status for c in changes}
    assert statuses["/applications/outcomes/other/natural_person"] == "removed"
    assert statuses["/applications/outcomes/other/overdue_fee/total"] == "added"
    assert statuses["/proactive/procurement/items"] == "removed"


@pytest.mark.parametrize(
    ("first", "second", "shown"),
    [
        (("251000", "元"), ("25.1", "万元"), None),  # the same amount
        (("251000", None), ("251000", None), None),  # written alike
        (("251000", "元"), ("30", "万元"), (Decimal("25.1"), Decimal("30"), Decimal("4.9"))),
        (("0", None), ("30", "万元"), (Decimal("0"), Decimal("30"), Decimal("30"))),
        (("251000", "元"), ("251000", None), ("251000元", "251000", None)),
        (("7.5", None), ("8", "万元"), ("7.5", "8万元", None)),
    ],
)
def test_diff_compares_amounts_in_the_units_their_reports_state(
    first: tuple[str, str | None],
    second: tuple[str, str | None],
    shown: tuple[object, object, object] | None,
) -> None:
    def report(amount: str, unit: str | None) -> Any:
        changes = {_AMOUNT: Decimal(amount), _UNIT: unit or DELETE}
        return loads(encode(patch(sample("2019"), changes)))

    changes = [c for c in diff(report(*first), report(*second)) if c.pointer == _AMOUNT]
    if shown is None:
        assert changes == []
        return
    (change,) = changes
    assert (change.before, change.after, change.change) == shown
    assert change.unit_missing == (shown[2] is None)
    assert ("无法比较" in change_line(change)) == change.unit_missing


# --- export ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "unit", "value_unit"),
    [("2021", None, "万元"), ("2019", "元", "元"), ("2019", "万元", "万元"), ("2019", None, None)],
)
def test_records_say_the_unit_of_an_amount(
    template: str, unit: str | None, value_unit: str | None
) -> None:
    document = sample(template)
    if template == "2019":
        document = patch(document, {_UNIT: unit or DELETE})
    records = to_records(loads(encode(document)))
    (money,) = [r for r in records if r["column"].startswith("amount")]
    assert money["value_unit"] == value_unit
    assert {r["value_unit"] for r in records if r is not money} == {None}


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_records_are_one_per_cell(template: str) -> None:
    report = loads(encode(patch(sample(template), {"/review_litigation/review/other": None})))
    records = to_records(report)
    assert len(records) == len(layout(template).cells)
    assert all(tuple(record) == FIELDS for record in records)
    blank = next(r for r in records if r["pointer"] == "/review_litigation/review/other")
    assert blank == {
        "agency": "测试机关",
        "agency_key": "name:测试机关@",
        "credit_code": None,
        "division_code": None,
        "year": report.year,
        "template": template,
        "table": "review_litigation",
        "table_label": "表四",
        "row": "review",
        "row_label": "行政复议",
        "column": "other",
        "column_label": "其他结果",
        "pointer": "/review_litigation/review/other",
        "comparable": "2019:/review_litigation/review/other",
        "value": None,
        "value_unit": None,
        "blank": True,
    }
    nested = next(r for r in records if r["pointer"].endswith("withheld/state_secret/total"))
    assert nested["row"] == "outcomes/withheld/state_secret"
    assert nested["row_label"] == "三、本年度办理结果 · （三）不予公开 · 1.属于国家秘密"


def test_csv_keeps_money_digits_and_blanks() -> None:
    document = patch(
        zeros("2021"),
        {"/proactive/fees/amount_10k_yuan": Decimal("12.50"), "/proactive/penalty/decisions": None},
    )
    out = io.StringIO()
    write_csv(to_records(loads(encode(document))), out)
    rows = {row["pointer"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows["/proactive/fees/amount_10k_yuan"]["value"] == "12.50"
    assert (
        rows["/proactive/penalty/decisions"]["value"],
        rows["/proactive/penalty/decisions"]["blank"],
    ) == ("", "true")


# --- the command line --------------------------------------------------------


def _write(tmp_path: Path, name: str, document: object) -> str:
    path = tmp_path / name
    path.write_text(encode(document), encoding="utf-8")
    return str(path)


def test_cli_previous(tmp_path: Path) -> None:
    current, previous = consecutive("2021")
    this, last = _write(tmp_path, "this.json", current), _write(tmp_path, "last.json", previous)
    assert run("validate", "--previous", last, this).returncode == 0
    forward = "/applications/carried_forward/total"
    wrong = _write(tmp_path, "wrong.json", patch(previous, {forward: get(previous, forward) + 1}))
    result = run("validate", "--format", "json", "--previous", wrong, this)
    assert result.returncode == 1
    found = [(f["code"], f["pointer"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("T3_CARRY_OVER", "/applications/carried_over/total")]
    other = _write(tmp_path, "other.json", patch(previous, {"/agency/name": "别的"}))
    assert_one_line_error(run("validate", "--previous", other, this), "属于不同机关")
    assert_one_line_error(run("validate", "--previous", last, this, this), "只给一个 FILE")
    # renamings say which reports are one agency's: without a year before, none are read
    missing = str(tmp_path / "missing.csv")
    for renames in (["--renames", missing], ["--rename", "旧=新"]):
        assert_one_line_error(run("validate", this, *renames), "只用于 --previous 或 --series")


def test_cli_series(tmp_path: Path) -> None:
    paths = [_write(tmp_path, f"{i}.json", d) for i, d in enumerate(series("2019", 2, 2019))]
    assert run("validate", "--series", *reversed(paths)).returncode == 0
    assert_one_line_error(run("validate", "--series", paths[0], paths[0]), "系列中有两份")


def test_cli_aggregate(tmp_path: Path) -> None:
    paths = [_write(tmp_path, f"{i}.json", d) for i, d in enumerate(_reports("2021", 3))]
    out = tmp_path / "region.json"
    result = run(
        "aggregate",
        *paths,
        "-o",
        str(out),
        "--agency-name",
        "某某市人民政府",
        "--division-code",
        "320800",
    )
    assert result.returncode == 0, result.stderr
    total = json.loads(out.read_text(encoding="utf-8"))
    assert total["agency"] == {
        "name": "某某市人民政府",
        "division_code": "320800",
        "scope": "region",
    }
    assert total["applications"]["received"]["total"] == sum(
        get(d, "/applications/received/total") for d in _reports("2021", 3)
    )
    assert run("validate", str(out)).returncode == 0
    mixed = _write(tmp_path, "mixed.json", patch(_reports("2021", 4)[3], {"/year": 2022}))
    assert_one_line_error(run("aggregate", *paths, mixed), "不同年度")
    assert_one_line_error(run("aggregate", paths[0], paths[1], "-o", paths[0]), "这是输入文件之一")


def test_cli_aggregate_traces_a_finding_to_its_input(tmp_path: Path) -> None:
    documents = _reports("2021", 2)
    documents[1] = patch(documents[1], {"/review_litigation/review/total": 0})
    paths = [_write(tmp_path, f"{i}.json", d) for i, d in enumerate(documents)]
    result = run("aggregate", *paths, "-o", str(tmp_path / "out.json"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    trace = [line for line in lines if "T4_TOTAL" in line]
    assert len(trace) == 2  # the sum's, named after the unit it came from; the unit's own
    assert trace[0].endswith("（来自 第2局）")
    assert any(line.startswith(f"  第2局（{paths[1]}）：无效") for line in lines)


def test_cli_diff(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.json", sample("2021"))
    base = sample("2021")
    upheld, total = "/review_litigation/review/upheld", "/review_litigation/review/total"
    changes = {upheld: get(base, upheld) + 1, total: get(base, total) + 1}
    b = _write(tmp_path, "b.json", patch(base, changes))
    same = run("diff", a, a)
    assert (same.returncode, same.stdout) == (0, "两份报告相同\n")
    changed = run("diff", a, b)
    assert changed.returncode == 1
    assert changed.stdout.splitlines()[0].startswith("表四 · 行政复议 · 结果维持：")
    data = json.loads(run("diff", "--format", "json", a, b).stdout)
    assert [c["pointer"] for c in data] == [
        "/review_litigation/review/upheld",
        "/review_litigation/review/total",
    ]


@pytest.mark.parametrize("form", ["csv", "jsonl", "parquet"])
def test_cli_export_one_row_per_cell(tmp_path: Path, form: str) -> None:
    documents = [sample("2019"), sample("2021"), sample("2021", 1)]
    paths = [_write(tmp_path, f"{i}.json", d) for i, d in enumerate(documents)]
    cells = 198 + 200 + 200
    out = tmp_path / f"cells.{form}"
    result = run("export", "--format", form, *paths, "-o", str(out))
    assert result.returncode == 0, result.stderr
    if form == "csv":
        with out.open(encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
    elif form == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    assert len(rows) == cells
    assert [str(r["year"]) for r in rows].count("2020") == 198
    if form == "parquet":
        money = next(r for r in rows if r["pointer"] == "/proactive/procurement/amount")
        assert money["value_text"] == str(get(documents[0], "/proactive/procurement/amount"))


def test_cli_export_parquet_needs_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.json", sample("2021"))
    assert_one_line_error(run("export", "--format", "parquet", path), "-o")
