"""A county as a supervising office sees it: 沭阳县 (321322), 2024, with 20 departments and
12 townships, most of them under the county's own division code.

What a real year holds, on purpose: two renamed units (one filed under its new name and
declares the old one; one filed under its old name, which only a rename map resolves), a
missing report (统计局), a late one (审计局), a unit that filed twice (教育局, a corrected
copy), a wrong credit code (公安局), sums that do not add up (民政局, 司法局), blank cells
(华冲镇), and the county's own report, which differs from the sum of its units in one cell.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
from stdnum.cn import uscc

from disclosure_report._jsontext import encode
from tests.helpers.documents import patch, sample

__all__ = ["COUNTY", "DEPARTMENTS", "TOWNSHIPS", "County", "Filed", "build", "hand_sum", "leaves"]

COUNTY = "沭阳县人民政府"
CODE = "321322"
YEAR = 2024

DEPARTMENTS = (
    "发展和改革局", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
    "自然资源局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
    "文化广电和旅游局", "卫生健康委员会", "应急管理局", "市场监督管理局", "审计局", "统计局",
    "医疗保障局",
)  # fmt: skip
TOWNSHIPS = (
    "沭城街道办事处", "南湖街道办事处", "梦溪街道办事处", "七雄街道办事处",
    "韩山镇人民政府", "胡集镇人民政府", "钱集镇人民政府", "华冲镇人民政府",
    "庙头镇人民政府", "扎下镇人民政府", "颜集镇人民政府", "桑墟镇人民政府",
)  # fmt: skip

RENAMED_IN_REPORT = ("沭阳县发改局", "沭阳县发展和改革局")
"""The roster still has the old name; the report, the new one with `former_names`."""
RENAMED_ON_ROSTER = ("沭阳县文化广电新闻出版局", "沭阳县文化广电和旅游局")
"""The roster has the new name; the report was filed under the old one."""
MISSING = "沭阳县统计局"
LATE = "沭阳县审计局"
TWICE = "沭阳县教育局"
BAD_CREDIT_CODE = "沭阳县公安局"
WITHOUT_DIVISION_CODE = ("沭阳县财政局", "沭阳县水利局", "沭阳县商务局")


def credit_code(number: int, kind: str = "11") -> str:
    """A 统一社会信用代码 of a 机关 (11) or 事业单位 (12) in the county, check character right."""
    body = f"{kind}{CODE}{number:09d}"
    return body + uscc.calc_check_digit(body)


def level(name: str) -> str:
    if name == COUNTY:
        return "政府"
    return "街道" if name.endswith("街道办事处") else "乡镇" if "镇" in name else "部门"


@attrs.frozen
class Filed:
    name: str
    """The unit's name as the roster has it."""
    path: Path
    document: dict[str, Any]


@attrs.frozen
class County:
    folder: Path
    roster: Path
    roster_xlsx: Path
    renames: tuple[str, ...]
    """The command line's ``--rename`` arguments."""
    filed: tuple[Filed, ...]
    """Every report file, the county's own report last."""

    def reports(self, *, corrected_only: bool = True) -> list[Filed]:
        """The units' reports (not the county's own), the corrected copy alone of 教育局."""
        units = [f for f in self.filed if f.name != COUNTY]
        if corrected_only:
            units = [f for f in units if f.path.stem != f"{TWICE}_首次报送"]
        return units

    @property
    def region(self) -> Filed:
        return next(f for f in self.filed if f.name == COUNTY)


def leaves(node: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every number (or blank) of the three tables, by path: the hand sum reads no layout."""
    if isinstance(node, Mapping):
        found: dict[tuple[str, ...], Any] = {}
        for key, child in node.items():
            found.update(leaves(child, (*path, key)))
        return found
    return {path: node}


def hand_sum(documents: list[dict[str, Any]]) -> dict[tuple[str, ...], Any]:
    """The cell-wise sum, by hand: blank where every unit is blank, else blanks count 0."""
    total: dict[tuple[str, ...], Any] = {}
    for document in documents:
        for table in ("proactive", "applications", "review_litigation"):
            for path, value in leaves(document[table], (table,)).items():
                if value is None:
                    total.setdefault(path, None)
                else:
                    total[path] = (total.get(path) or 0) + value
    return total


def _put(document: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def build(folder: Path) -> County:
    """Write the county's reports, its roster (CSV and xlsx) and return what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"沭阳县{d}" for d in DEPARTMENTS] + [f"沭阳县{t}" for t in TOWNSHIPS]
    roster_rows = []
    filed: list[Filed] = []
    documents: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        code = credit_code(14102200 + index) if index % 2 == 0 else None
        division = None if name in WITHOUT_DIVISION_CODE else CODE
        roster_name = RENAMED_IN_REPORT[0] if name == RENAMED_IN_REPORT[1] else name
        roster_rows.append([roster_name, level(name), code or "", division or "", "", ""])
        if name == MISSING:
            continue
        agency: dict[str, Any] = {"name": name}
        if division:
            agency["division_code"] = division
        if code:
            agency["credit_code"] = code
        if name == RENAMED_IN_REPORT[1]:
            agency["former_names"] = [RENAMED_IN_REPORT[0]]
        if name == RENAMED_ON_ROSTER[1]:
            agency["name"] = RENAMED_ON_ROSTER[0]
        if name == BAD_CREDIT_CODE:
            right = credit_code(99)
            agency["credit_code"] = right[:17] + ("0" if right[17] != "0" else "1")
        document = patch(sample("2021", 100 + index), {"/agency": agency, "/year": YEAR})
        on = "2025-02-18" if name == LATE else f"2025-01-{10 + index % 15:02d}"
        document["published_on"] = on
        if name == "沭阳县民政局":
            forward = document["applications"]["carried_forward"]["natural_person"]
            cell = "/applications/carried_forward/natural_person"
            document = patch(document, {cell: forward + 5})
        if name == "沭阳县司法局":
            total = document["review_litigation"]["review"]["total"]
            document = patch(document, {"/review_litigation/review/total": total + 3})
        if name == "沭阳县华冲镇人民政府":
            document = patch(
                document,
                {"/proactive/licensing/decisions": None, "/proactive/fees/amount_10k_yuan": None},
            )
        if name == TWICE:
            first = patch(document, {"/review_litigation/review/upheld": 0})
            first["published_on"] = "2025-01-05"
            path = folder / f"{TWICE}_首次报送.json"
            path.write_text(encode(first), encoding="utf-8")
            filed.append(Filed(name, path, first))
        path = folder / f"{agency['name']}.json"
        path.write_text(encode(document), encoding="utf-8")
        filed.append(Filed(roster_name, path, document))
        documents.append(document)
    # The county's own report: the sum of its units, but 行政复议 · 结果维持 printed 2 higher.
    region = sample("2021", 99)
    for key, value in hand_sum(documents).items():
        _put(region, key, value)
    region = patch(region, {"/agency": {"name": COUNTY, "division_code": CODE, "scope": "region"}})
    region["year"] = YEAR
    upheld = region["review_litigation"]["review"]
    upheld["upheld"] += 2
    upheld["total"] += 2
    region["published_on"] = "2025-03-20"
    path = folder / f"{COUNTY}.json"
    path.write_text(encode(region), encoding="utf-8")
    filed.append(Filed(COUNTY, path, region))
    roster_rows.append([COUNTY, "政府", "", CODE, "", ""])
    header = ["名称", "类别", "统一社会信用代码", "行政区划代码", "截止日期", "公开日期"]
    roster = folder.parent / "units.csv"
    with roster.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(roster_rows)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in roster_rows:
        sheet.append(row)
    roster_xlsx = folder.parent / "units.xlsx"
    book.save(roster_xlsx)
    return County(
        folder,
        roster,
        roster_xlsx,
        ("--rename", f"{RENAMED_ON_ROSTER[0]}={RENAMED_ON_ROSTER[1]}"),
        tuple(filed),
    )
