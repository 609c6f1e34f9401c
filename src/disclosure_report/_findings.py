"""Findings are data: what is wrong, where, and by how much. Words come later."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from ._layout import Label

__all__ = ["CODES", "IMPORT_CODES", "Code", "Finding", "Operand", "Severity", "Source"]

Severity = Literal["error", "warning", "info"]
"""An `error` makes a report invalid; a `warning` is to be checked; `info` is no fault of it."""


@attrs.frozen
class Code:
    """An entry of the rule catalogue."""

    code: str
    severity: Severity
    arithmetic: bool
    summary: str
    summary_en: str


CODES: Mapping[str, Code] = {
    code.code: code
    for code in (
        Code("SCHEMA", "error", False, "不符合模板的数据结构", "breaks the template's JSON Schema"),
        Code(
            "TEMPLATE_YEAR", "error", False, "模板与年度不符", "template not in force for the year"
        ),
        Code(
            "CREDIT_CODE",
            "error",
            False,
            "统一社会信用代码校验位有误",
            "the check character of the unified social credit code is wrong",
        ),
        Code(
            "DIVISION_CODE",
            "warning",
            False,
            "行政区划代码不在本年度的 GB/T 2260 代码表中",
            "the division code is not one of GB/T 2260 in the report year",
        ),
        Code("T3_ROW_TOTAL", "error", True, "表三行总计不等于各类申请人之和", "table 3 row total"),
        Code(
            "T3_OUTCOME_TOTAL",
            "error",
            True,
            "表三（七）总计不等于各项办理结果之和",
            "table 3 outcome total",
        ),
        Code(
            "T3_BALANCE",
            "error",
            True,
            "表三勾稽关系不平：一+二≠三（七）+四",
            "table 3 balance: new + carried over ≠ handled + carried forward",
        ),
        Code("T4_TOTAL", "error", True, "表四总计不等于各项结果之和", "table 4 group total"),
        Code(
            "T3_CARRY_OVER",
            "error",
            True,
            "表三上年结转与上年报告的结转下年度不一致",
            "table 3 carried over ≠ last year's carried forward",
        ),
        Code("CELL_BLANK", "warning", False, "单元格空白", "blank cell"),
        Code(
            "T2_IN_FORCE",
            "warning",
            True,
            "表二现行有效件数与上年现行有效+本年制发−本年废止不一致",
            "table 2 in force ≠ last year's in force + issued − repealed",
        ),
        Code(
            "T2_ITEMS",
            "warning",
            True,
            "表二上一年项目数量与上年报告的项目数量+增减不一致",
            "table 2 items last year ≠ last year's items + change",
        ),
        Code(
            "REGION_OUTSIDE",
            "warning",
            False,
            "单位的行政区划代码不在汇总地区内",
            "a unit's division code lies outside the region",
        ),
        Code(
            "REGION_SUM",
            "warning",
            True,
            "本级报告与各单位合计不一致",
            "the region's report differs from the sum of its units",
        ),
        Code(
            "CROSS_NOT_APPLICABLE",
            "info",
            False,
            "跨年度规则不适用",
            "a rule across years cannot apply",
        ),
        Code(
            "UNREAD",
            "info",
            False,
            "导入时未能从原文读出",
            "not read from the source when imported",
        ),
        Code(
            "NOT_ASSESSABLE",
            "info",
            False,
            "涉及未读出的单元格，无法检查",
            "cannot be checked: it needs a place that was not read",
        ),
    )
}
"""Every finding code of validation, in the order findings are listed."""

IMPORT_CODES: Mapping[str, Code] = {
    code.code: code
    for code in (
        Code(
            "TEMPLATE_MIXED",
            "warning",
            False,
            "报告混用了两版模板",
            "the report mixes the templates",
        ),
        Code("IMPORT_MISSING", "warning", False, "报告中没有此项", "not found in the report"),
        Code("IMPORT_UNREADABLE", "warning", False, "单元格无法识别", "a cell cannot be read"),
        Code(
            "IMPORT_UNPLACED",
            "warning",
            False,
            "有一行无法对应到模板",
            "a row fits no row of the template",
        ),
        Code(
            "IMPORT_LABEL", "info", False, "标签与模板不一致", "a label differs from the template's"
        ),
        Code(
            "IMPORT_WIDTH",
            "warning",
            False,
            "一行的数值个数与模板不符，整行未读入",
            "a row has more or fewer values than the template: not read",
        ),
        Code(
            "IMPORT_POSITION",
            "info",
            False,
            "数值行没有行名，按模板的行序放入",
            "values without a label, placed by the template's row order",
        ),
        Code(
            "IMPORT_RECOVERED",
            "info",
            False,
            "数字连写，只有一种拆法",
            "digits run together, read the one way they can be",
        ),
        Code(
            "IMPORT_UNSPLIT",
            "warning",
            False,
            "数字连写，无法唯一拆分，未读入",
            "digits run together admit no single reading: not read",
        ),
        Code(
            "IMPORT_MERGED",
            "warning",
            False,
            "一个数值跨多行合并，不能确定属于哪一行，未读入",
            "a number merged over several rows: not read",
        ),
        Code(
            "IMPORT_MARKER",
            "info",
            False,
            "数字后的脚注标记已另存，不计入数值",
            "a footnote marker after a number was set aside",
        ),
    )
}
"""The codes of import findings: what importing a published report met."""


@attrs.frozen
class Operand:
    """A cell that went into an arithmetic check, and the value it held."""

    pointer: str
    value: int | Decimal | str | None
    document: str | None = None
    """Where the cell is, when not in the report itself: ``"previous"`` for last year's."""
    unread: bool = False
    """The import could not read the cell: its value is not the report's."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"pointer": self.pointer, "value": self.value}
        if self.document is not None:
            data["document"] = self.document
        if self.unread:
            data["unread"] = True
        return data


@attrs.frozen
class Source:
    """Where in an imported document a finding was met: a page, table, row, line and
    column (each 1-based, where known), or a workbook's sheet and cell."""

    page: int | None = None
    table: int | None = None
    row: int | None = None
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None


@attrs.frozen
class Finding:
    """One problem found in a report."""

    code: str
    severity: Severity
    pointer: str
    """RFC 6901 pointer, in wire keys, of the cell or key concerned."""
    labels: tuple[Label, ...] = ()
    """The place as a person reads it: table, rows, columns."""
    table: Label | None = None
    row: tuple[Label, ...] = ()
    column: tuple[Label, ...] = ()
    expected: Any = None
    actual: Any = None
    operands: tuple[Operand, ...] = ()
    keyword: str | None = None
    """For `SCHEMA`: the schema keyword that failed."""
    detail: str = ""
    """For `SCHEMA`: the schema validator's own words."""
    rule: str | None = None
    """For `NOT_ASSESSABLE`: the rule that could not be checked."""
    source: Source | None = None
    """For an import finding: where in the imported document."""

    @property
    def arithmetic(self) -> bool:
        """Whether the finding comes from a sum rule."""
        return CODES[self.code].arithmetic if self.code in CODES else False

    def message(self, lang: str = "zh") -> str:
        """The finding in words, Chinese (``"zh"``) or English (``"en"``)."""
        from ._messages import render

        return render(self, lang)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """The finding as the JSON object of the contract."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "pointer": self.pointer,
            "message": self.message(lang),
            "table": self.table.zh if self.table else None,
            "row": [label.zh for label in self.row],
            "column": [label.zh for label in self.column],
        }
        if self.keyword is not None:
            data["keyword"] = self.keyword
        if self.rule is not None:
            data["rule"] = self.rule
        if self.arithmetic or self.expected is not None or self.actual is not None:
            data["expected"] = self.expected
            data["actual"] = self.actual
        if self.arithmetic or self.rule is not None:
            data["operands"] = [operand.to_json() for operand in self.operands]
        return data
