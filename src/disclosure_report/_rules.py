"""The consistency rules: each a code, a docstring and a tiny generator of findings.

Rules read the parsed JSON document (dicts in wire keys), not report objects, so
that they run on a document whose structure is broken elsewhere. A cell that is
missing or holds something other than a count is *broken*: an equation with a
broken operand is skipped (its `SCHEMA` finding already says why), every other
equation is still checked. A blank operand counts as 0.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from ._codes import credit_check_character, division
from ._findings import CODES, IMPORT_CODES, Finding, Operand
from ._layout import Cell, Group, Layout, Row, Table, layout, value_at
from ._templates import template_in_force

__all__ = [
    "BROKEN",
    "RULES",
    "Equation",
    "Rule",
    "agency_clean",
    "count_at",
    "equations",
    "finding_at",
    "not_assessable",
    "run_rules",
    "unread_places",
]

Document = Mapping[str, Any]

BROKEN = object()
"""What `count_at` returns for a cell that is missing or not a count."""


@attrs.frozen
class Rule:
    """A consistency rule: its code and the check that yields its findings."""

    code: str
    check: Callable[[Layout, Document], Iterator[Finding]]

    @property
    def description(self) -> str:
        return (self.check.__doc__ or "").strip()

    @property
    def severity(self) -> str:
        return CODES[self.code].severity


RULES: list[Rule] = []
"""Every consistency rule, in the order they run."""


def _rule(code: str) -> Callable[[Callable[[Layout, Document], Iterator[Finding]]], Rule]:
    def register(check: Callable[[Layout, Document], Iterator[Finding]]) -> Rule:
        rule = Rule(code, check)
        RULES.append(rule)
        return rule

    return register


def count_at(document: Document, path: tuple[str, ...], *, signed: bool = False) -> Any:
    """The count at `path`: an int (≥ 0 unless `signed`), None for blank, or `BROKEN`."""
    value = value_at(document, path, BROKEN)
    if value is None or (type(value) is int and (signed or value >= 0)):
        return value
    return BROKEN


def unread_places(document: Document) -> Mapping[str, str]:
    """The places the import could not read, with what was printed there (``unread``)."""
    unread = document.get("unread")
    if not isinstance(unread, dict):
        return {}
    return {at: text for at, text in unread.items() if type(at) is str and type(text) is str}


def finding_at(lay: Layout, code: str, cell_pointer: str, **values: Any) -> Finding:
    """A finding of `code` at `cell_pointer`, placed and labelled by the layout."""
    place = lay.field(cell_pointer)
    entry = CODES.get(code) or IMPORT_CODES[code]
    return Finding(
        code=code,
        severity=entry.severity,
        pointer=cell_pointer,
        labels=place.labels if place else (),
        table=place.table.name if place and place.table else None,
        row=place.row if place else (),
        column=place.column if place else (),
        **values,
    )


@_rule("TEMPLATE_YEAR")
def _template_year(lay: Layout, document: Document) -> Iterator[Finding]:
    """The template is the one in force for the year: 2019 for 2019–2020, 2021 from 2021."""
    year = document.get("year")
    if type(year) is not int:
        return
    if "/year" in unread_places(document):
        operand = Operand("/year", year, unread=True)
        yield not_assessable(lay, "TEMPLATE_YEAR", "/template", (operand,), lay.template.id)
        return
    in_force = template_in_force(year)
    if in_force is None or in_force.id != lay.template.id:
        yield finding_at(
            lay,
            "TEMPLATE_YEAR",
            "/template",
            expected=in_force.id if in_force else None,
            actual=lay.template.id,
            operands=(Operand("/year", year),),
        )


def _agency_text(document: Document, key: str) -> str | None:
    agency = document.get("agency")
    value = agency.get(key) if isinstance(agency, dict) else None
    return value if isinstance(value, str) else None


def _wrong_check_character(code: str | None) -> str | None:
    """The check character a well-formed credit code should end with, when it does not."""
    if code is None or len(code) != 18 or not code[:8].isdigit():
        return None  # absent, or malformed: the schema's pattern reports it
    try:
        expected = credit_check_character(code)
    except ValueError:
        return None  # a character outside the code's alphabet: the pattern reports it too
    return expected if code[17] != expected else None


def _retired_division(code: str | None, year: Any) -> tuple[bool, str] | None:
    """None when `code` is a division code in use in `year` (or malformed, or absent);
    else whether GB/T 2260 knows it at all, and its names with their years."""
    if code is None or len(code) != 6 or not code.isdigit():
        return None
    found = division(code)
    if found is None:
        return False, ""
    if type(year) is int and found.name_in(year) is None:
        return True, found.described
    return None


@_rule("CREDIT_CODE")
def _credit_code(lay: Layout, document: Document) -> Iterator[Finding]:
    """The check character of 统一社会信用代码 (GB 32100-2015, mod 31) is the one its first
    17 characters call for, as python-stdnum's `stdnum.cn.uscc` computes it."""
    code = _agency_text(document, "credit_code")
    expected = _wrong_check_character(code)
    if code is not None and expected is not None:
        yield finding_at(
            lay, "CREDIT_CODE", "/agency/credit_code", expected=expected, actual=code[17]
        )


@_rule("DIVISION_CODE")
def _division_code(lay: Layout, document: Document) -> Iterator[Finding]:
    """行政区划代码 is a code of GB/T 2260 in use in the report year, by the table that
    python-stdnum ships. A warning: the table may lag behind a new division."""
    code = _agency_text(document, "division_code")
    year = document.get("year")
    problem = _retired_division(code, year)
    if problem is None:
        return
    known, names = problem
    at = "/agency/division_code"
    if not known:
        yield finding_at(lay, "DIVISION_CODE", at, actual=code)
    else:
        yield finding_at(
            lay, "DIVISION_CODE", at, actual=code, operands=(Operand("/year", year),), detail=names
        )


def agency_clean(agency: Mapping[str, Any], year: int) -> bool:
    """Whether `CREDIT_CODE` and `DIVISION_CODE` find nothing in a well-formed agency."""
    return (
        _wrong_check_character(agency.get("credit_code")) is None
        and _retired_division(agency.get("division_code"), year) is None
    )


@_rule("CELL_BLANK")
def _cell_blank(lay: Layout, document: Document) -> Iterator[Finding]:
    """A cell is blank (null): left empty, or filled with a placeholder. Blank is not zero.

    A cell the import could not read is not blank: `UNREAD` reports it instead.
    """
    unread = unread_places(document)
    for cell in lay.cells:
        if value_at(document, cell.path, BROKEN) is None and cell.pointer not in unread:
            yield finding_at(lay, "CELL_BLANK", cell.pointer)


@_rule("UNREAD")
def _unread(lay: Layout, document: Document) -> Iterator[Finding]:
    """A place the import could not read from the source (a cell, the agency name, the year).

    Its value is not the report's: no rule holds it against the report, and a rule that
    needs it is `NOT_ASSESSABLE`.
    """
    for at, printed in unread_places(document).items():
        yield finding_at(lay, "UNREAD", at, detail=printed)


def not_assessable(
    lay: Layout, rule: str, at: str, operands: tuple[Operand, ...], actual: Any = None
) -> Finding:
    """A `NOT_ASSESSABLE` finding: `rule` at `at` needs a place that was not read."""
    return finding_at(lay, "NOT_ASSESSABLE", at, rule=rule, operands=operands, actual=actual)


@attrs.frozen
class Equation:
    """The stated total in `target` equals the signed sum of `terms`."""

    code: str
    target: Cell
    terms: tuple[tuple[Cell, int], ...]

    def check(
        self, lay: Layout, document: Document, unread: Mapping[str, str] | None = None
    ) -> Finding | None:
        values = [count_at(document, cell.path) for cell, _ in self.terms]
        actual = count_at(document, self.target.path)
        if actual is BROKEN or any(value is BROKEN for value in values):
            return None
        if unread and (
            self.target.pointer in unread or any(cell.pointer in unread for cell, _ in self.terms)
        ):
            needed = [(self.target, actual)]
            needed += [(cell, value) for (cell, _), value in zip(self.terms, values, strict=True)]
            operands = tuple(
                Operand(cell.pointer, value, unread=cell.pointer in unread)
                for cell, value in needed
            )
            return not_assessable(lay, self.code, self.target.pointer, operands, actual)
        expected = sum(
            sign * (value or 0) for (_, sign), value in zip(self.terms, values, strict=True)
        )
        if actual == expected or (actual is None and expected == 0):
            return None
        operands = tuple(
            Operand(cell.pointer, value)
            for (cell, _), value in zip(self.terms, values, strict=True)
        )
        return finding_at(
            lay, self.code, self.target.pointer, expected=expected, actual=actual, operands=operands
        )


def _row_totals(code: str, table: Table) -> Iterator[Equation]:
    """In every row, the total column equals the sum of the other columns."""
    for row in table.rows:
        total = next(column for column in row.columns if column.is_total)
        yield Equation(
            code,
            Cell(table, row, total),
            tuple((Cell(table, row, column), 1) for column in row.columns if column is not total),
        )


def _group_totals(code: str, table: Table, group: Group) -> Iterator[Equation]:
    """In every column, the group's total row equals the sum of its other rows."""
    rows = group.rows
    total = next(row for row in rows if row.is_total)
    for column in total.columns:
        yield Equation(
            code,
            Cell(table, total, column),
            tuple(
                (Cell(table, row, row.column(column.key)), 1) for row in rows if row is not total
            ),
        )


_BALANCE_LEFT = (("received",), ("carried_over",))
_BALANCE_RIGHT = (("outcomes", "total"), ("carried_forward",))
"""The template's own note: 第一项加第二项之和，等于第三项加第四项之和."""


def _balance(code: str, table: Table) -> Iterator[Equation]:
    """In every column: 一 + 二 = 三（七）总计 + 四, checked at the cell of 四."""
    left = [table.find(*keys) for keys in _BALANCE_LEFT]
    right = [table.find(*keys) for keys in _BALANCE_RIGHT]
    *others, target = right

    def cell(row: Row | Group, key: str) -> Cell:
        assert isinstance(row, Row)
        return Cell(table, row, row.column(key))

    for column in table.rows[0].columns:
        terms = [(cell(row, column.key), 1) for row in left]
        terms += [(cell(row, column.key), -1) for row in others]
        yield Equation(code, cell(target, column.key), tuple(terms))


@functools.cache
def equations(template: str) -> Mapping[str, tuple[Equation, ...]]:
    """The sum rules of `template`, by code, derived from its layout."""
    lay = layout(template)
    applications = lay.table("applications")
    outcomes = applications.find("outcomes")
    assert isinstance(outcomes, Group)
    return {
        "T3_ROW_TOTAL": tuple(_row_totals("T3_ROW_TOTAL", applications)),
        "T3_OUTCOME_TOTAL": tuple(_group_totals("T3_OUTCOME_TOTAL", applications, outcomes)),
        "T3_BALANCE": tuple(_balance("T3_BALANCE", applications)),
        "T4_TOTAL": tuple(_row_totals("T4_TOTAL", lay.table("review_litigation"))),
    }


def _arithmetic(code: str, doc: str) -> Rule:
    def check(lay: Layout, document: Document) -> Iterator[Finding]:
        unread = unread_places(document)
        for equation in equations(lay.template.id)[code]:
            finding = equation.check(lay, document, unread)
            if finding is not None:
                yield finding

    check.__doc__ = doc
    return _rule(code)(check)


_arithmetic(
    "T3_ROW_TOTAL",
    "In every row of table 3: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织"
    " + 法律服务机构 + 其他.",
)
_arithmetic(
    "T3_OUTCOME_TOTAL",
    "In every column of table 3: （七）总计 = the sum of every result row of 三、本年度办理结果.",
)
_arithmetic(
    "T3_BALANCE",
    "In every column of table 3: 一 + 二 = （七）总计 + 四 (the template's own note).",
)
_arithmetic(
    "T4_TOTAL",
    "In each group of table 4: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.",
)


def run_rules(lay: Layout, document: Document) -> Iterator[Finding]:
    """Every finding of every consistency rule on a parsed document."""
    for rule in RULES:
        yield from rule.check(lay, document)
