"""Rules across years: this year's report against last year's, and whole series.

`T3_CARRY_OVER`: this year's 上年结转 equals last year's 结转下年度, per column.
`T2_IN_FORCE` (2021): 现行有效 equals last year's plus 本年制发 minus 本年废止.
`T2_ITEMS` (2019): 上一年项目数量 equals last year's plus last year's 本年增/减.
Where a table-2 rule cannot apply (the template changed in between) a
`CROSS_NOT_APPLICABLE` finding says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from ._errors import ReportMismatchError
from ._findings import Finding, Operand
from ._identity import Renames, same_agency
from ._layout import Layout, Row, pointer
from ._rules import BROKEN, count_at, finding_at, not_assessable, unread_places

__all__ = [
    "CROSS_RULES",
    "CrossRule",
    "agency_name",
    "check_agency_and_year",
    "cross_findings",
    "not_applicable",
]

Document = Mapping[str, Any]
PREVIOUS = "previous"


@attrs.frozen
class CrossRule:
    """A rule over this year's document and last year's."""

    code: str
    check: Callable[[Layout, Document, Layout, Document], Iterator[Finding]]

    @property
    def description(self) -> str:
        return (self.check.__doc__ or "").strip()


CROSS_RULES: list[CrossRule] = []
"""Every rule across years, in the order they run."""


def _cross_rule(
    code: str,
) -> Callable[[Callable[[Layout, Document, Layout, Document], Iterator[Finding]]], CrossRule]:
    def register(
        check: Callable[[Layout, Document, Layout, Document], Iterator[Finding]],
    ) -> CrossRule:
        rule = CrossRule(code, check)
        CROSS_RULES.append(rule)
        return rule

    return register


def _compare(
    lay: Layout,
    code: str,
    target: tuple[str, ...],
    actual: Any,
    terms: Sequence[Term],
    documents: tuple[Document, Document],
) -> Finding | None:
    """A finding when `actual` (at `target`) differs from the signed sum of `terms`.

    `documents` are this year's and last year's: a cell either could not read makes the
    rule `NOT_ASSESSABLE`.
    """
    if actual is BROKEN or any(value is BROKEN for _, _, value, _ in terms):
        return None
    unread = {None: unread_places(documents[0]), PREVIOUS: unread_places(documents[1])}
    needed = [(target, actual, None), *((path, value, name) for path, _, value, name in terms)]
    if any(pointer(path) in unread[name] for path, _, name in needed):
        operands = tuple(
            Operand(pointer(path), value, name, unread=pointer(path) in unread[name])
            for path, value, name in needed
        )
        return not_assessable(lay, code, pointer(target), operands, actual)
    expected = sum(sign * (value or 0) for _, sign, value, _ in terms)
    if actual == expected or (actual is None and expected == 0):
        return None
    operands = tuple(Operand(pointer(path), value, document) for path, _, value, document in terms)
    return finding_at(
        lay, code, pointer(target), expected=expected, actual=actual, operands=operands
    )


@_cross_rule("T3_CARRY_OVER")
def _carry_over(
    lay: Layout, document: Document, last: Layout, previous: Document
) -> Iterator[Finding]:
    """In every column of table 3: 二、上年结转 = last year's 四、结转下年度继续办理.

    Holds across the change of template, since both templates share table 3's columns.
    """
    carried_over = lay.table("applications").find("carried_over")
    forward = last.table("applications").find("carried_forward")
    assert isinstance(carried_over, Row)
    assert isinstance(forward, Row)
    for column in carried_over.columns:
        target = (*carried_over.path, column.key)
        source = (*forward.path, column.key)
        finding = _compare(
            lay,
            "T3_CARRY_OVER",
            target,
            count_at(document, target),
            [(source, 1, count_at(previous, source), PREVIOUS)],
            (document, previous),
        )
        if finding:
            yield finding


def not_applicable(
    lay: Layout, rule: str, at: str, why: str, because: tuple[Operand, ...] = ()
) -> Finding:
    """A `CROSS_NOT_APPLICABLE` finding: `rule` could not be checked at `at`, and `why`."""
    finding = finding_at(lay, "CROSS_NOT_APPLICABLE", at, operands=because)
    return attrs.evolve(finding, keyword=rule, detail=why)


def _rows_with(lay: Layout, column: str) -> list[Row]:
    """The rows of table 2 that have a column with wire key `column`."""
    return [row for row in lay.table("proactive").rows if column in {c.key for c in row.columns}]


Term = tuple[tuple[str, ...], int, Any, str | None]
"""A cell's path, its sign, its value, and the document it is in (None for this year's)."""


def _table2(
    code: str,
    template: str,
    column: str,
    lacking: str,
    terms: Callable[[tuple[str, ...], Document, Document], list[Term]],
    description: str,
) -> CrossRule:
    """Register a rule on one column of table 2 of `template`, against last year's report."""

    def check(
        lay: Layout, document: Document, last: Layout, previous: Document
    ) -> Iterator[Finding]:
        if lay.template.id != template:
            return
        for row in _rows_with(lay, column):
            target = (*row.path, column)
            if last.template.id != template:
                why = f"last year's report uses the {last.template.id} template: no {lacking}"
                because = (Operand("/template", last.template.id, PREVIOUS),)
                yield not_applicable(lay, code, pointer(target), why, because)
                continue
            found = _compare(
                lay,
                code,
                target,
                count_at(document, target),
                terms(row.path, document, previous),
                (document, previous),
            )
            if found:
                yield found

    check.__doc__ = description
    return _cross_rule(code)(check)


def _in_force_terms(row: tuple[str, ...], document: Document, previous: Document) -> list[Term]:
    issued, repealed, in_force = (*row, "issued"), (*row, "repealed"), (*row, "in_force")
    return [
        (in_force, 1, count_at(previous, in_force), PREVIOUS),
        (issued, 1, count_at(document, issued), None),
        (repealed, -1, count_at(document, repealed), None),
    ]


def _items_terms(row: tuple[str, ...], document: Document, previous: Document) -> list[Term]:
    items, change = (*row, "previous_items"), (*row, "change")
    return [
        (items, 1, count_at(previous, items), PREVIOUS),
        (change, 1, count_at(previous, change, signed=True), PREVIOUS),
    ]


_table2(
    "T2_IN_FORCE",
    "2021",
    "in_force",
    "现行有效件数",
    _in_force_terms,
    "Template 2021, 规章 and 行政规范性文件: 现行有效件数 = last year's 现行有效件数 + 本年制发件数"
    " − 本年废止件数. A warning: 制发 may count revisions and 废止 may miss expiries.",
)
_table2(
    "T2_ITEMS",
    "2019",
    "previous_items",
    "item counts",
    _items_terms,
    "Template 2019: 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减."
    " A warning: item lists are often recounted.",
)


def cross_findings(
    lay: Layout, document: Document, last: Layout, previous: Document
) -> Iterator[Finding]:
    """Every finding of every rule across years."""
    for rule in CROSS_RULES:
        yield from rule.check(lay, document, last, previous)


def agency_name(document: Document) -> str:
    """The agency name a document gives, stripped, or `?` where it gives none."""
    agency = document.get("agency")
    name = agency.get("name") if isinstance(agency, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else "?"


def check_agency_and_year(
    document: Document, previous: Document, renames: Renames | None = None
) -> None:
    """Raise `ReportMismatchError` unless `previous` is the agency's report of the year before
    (one agency by the rule of `identity`)."""
    if same_agency(document, previous, renames=renames) is False:
        raise ReportMismatchError(
            f"the reports are of different agencies: {agency_name(previous)!r} "
            f"and {agency_name(document)!r} (a renamed agency lists its former names in "
            "agency.former_names, or give a rename map)"
        )
    year, last_year = document.get("year"), previous.get("year")
    if type(year) is int and type(last_year) is int and last_year != year - 1:
        raise ReportMismatchError(
            f"the previous report is for {last_year}, not {year - 1}: "
            "rules across years compare consecutive years"
        )
