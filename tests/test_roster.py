"""Reading a roster, and the statuses that follow from a year's filings."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from disclosure_report._roster import (
    Filing,
    RosterError,
    Unit,
    deadline_of,
    read_roster,
    review,
)
from tests.helpers.documents import patch, sample


def _roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_roster_takes_english_or_chinese_headers_and_dates(tmp_path: Path) -> None:
    units = read_roster(
        _roster(
            tmp_path,
            "name,level,deadline,published_on\n甲局,,2025-02-10,\n乙镇人民政府,乡镇,,2025年1月20日\n",
        )
    )
    assert units == (
        Unit("甲局", "部门", deadline=datetime.date(2025, 2, 10), row=2),
        Unit("乙镇人民政府", "乡镇", published_on=datetime.date(2025, 1, 20), row=3),
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("单位,类别\n", "lists no unit"),
        ("类别\n部门\n", "no column 'name'"),
        ("名称,类别\n甲局,处室\n", "level '处室'"),
        ("名称,截止日期\n甲局,明天\n", "not a date"),
        ("名称,类别\n,部门\n", "no name"),
        ("", "empty"),
    ],
)
def test_a_roster_that_cannot_be_read_says_where(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(RosterError, match=problem):
        read_roster(_roster(tmp_path, text))


def test_a_missing_roster_file_is_a_roster_error(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="cannot read"):
        read_roster(tmp_path / "none.csv")


def test_deadlines_follow_article_49_unless_set() -> None:
    assert deadline_of(Unit("甲局"), 2024) == datetime.date(2025, 1, 31)
    assert deadline_of(Unit("某县人民政府", "政府"), 2024) == datetime.date(2025, 3, 31)
    assert deadline_of(Unit("乙镇", "乡镇"), 2024, {"乡镇": (2, 15)}) == datetime.date(2025, 2, 15)
    own = Unit("丙局", deadline=datetime.date(2025, 1, 10))
    assert deadline_of(own, 2024, {"部门": (2, 15)}) == datetime.date(2025, 1, 10)


def test_an_undated_a_broken_and_another_years_report() -> None:
    dated = patch(sample("2021"), {"/agency/name": "甲局"})
    roster = [Unit("甲局"), Unit("乙局", published_on=datetime.date(2025, 1, 2))]
    other_year = patch(sample("2021", 1), {"/agency/name": "乙局", "/year": 2022})
    filings = [
        Filing.of("a.json", dated),
        Filing.of("b.json", other_year),
        Filing("c.json", error="not JSON"),
    ]
    checked = review(roster, filings, year=2023)
    first, second = checked.statuses
    assert first.timeliness == "undated"
    assert (second.received, second.timeliness, second.valid) == (False, "missing", None)
    assert [f.source for f in checked.unmatched] == ["b.json", "c.json"]
    assert not checked.in_order
    with pytest.raises(RosterError, match="give the year"):
        review(roster, [Filing("c.json", error="not JSON")])


def test_a_roster_saved_as_gbk_by_excel_is_read(tmp_path: Path) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(
        "单位名称,类别,统一社会信用代码\n沭阳县审计局,部门,\n沭阳县人民政府,政府,\n".encode("gbk")
    )
    units = read_roster(path)
    assert [(unit.name, unit.level) for unit in units] == [
        ("沭阳县审计局", "部门"),
        ("沭阳县人民政府", "政府"),
    ]


def test_a_roster_in_neither_utf8_nor_gbk_says_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(b"name\n\xff\xfe\xfd\n")
    with pytest.raises(RosterError, match="CSV UTF-8"):
        read_roster(path)
