"""Findings are data: what is wrong, where, and by how much. Words come later (`_messages`).

Finding codes are a closed vocabulary (`Code`): those of validation, in the order findings
are listed (`CODES`), and those of importing a published report (`IMPORT_CODES`).
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal, get_args

import attrs

from ._declare import Label
from ._errors import InvalidArgumentError

__all__ = [
    "CODES",
    "IMPORT_CODES",
    "Code",
    "CodeEntry",
    "Finding",
    "ImportCode",
    "Operand",
    "Quote",
    "Severity",
    "Source",
    "ValidationCode",
    "catalogue",
]

Severity = Literal["error", "warning", "info"]

ValidationCode = Literal[
    "SCHEMA",
    "TEMPLATE_YEAR",
    "CREDIT_CODE",
    "DIVISION_CODE",
    "T3_ROW_TOTAL",
    "T3_OUTCOME_TOTAL",
    "T3_BALANCE",
    "T4_TOTAL",
    "T3_CARRY_OVER",
    "CELL_BLANK",
    "T2_IN_FORCE",
    "T2_ITEMS",
    "T2_ITEMS_NEGATIVE",
    "T2_PUBLISHED_TOTAL",
    "T2_ISSUED_IN_FORCE",
    "MONEY_DIGITS",
    "UNIT_MISSING",
    "TEXT_TABLE",
    "TEXT_YEAR",
    "TEXT_EMPTY",
    "TEXT_FEE",
    "TEXT_REPEATED",
    "YOY_JUMP",
    "REGION_OUTSIDE",
    "REGION_SUM",
    "CROSS_NOT_APPLICABLE",
    "UNREAD",
    "NOT_ASSESSABLE",
]
"""The codes of validation, in the order findings are listed."""

ImportCode = Literal[
    "TEMPLATE_MIXED",
    "IMPORT_MISSING",
    "IMPORT_UNREADABLE",
    "IMPORT_UNPLACED",
    "IMPORT_LABEL",
    "IMPORT_WIDTH",
    "IMPORT_POSITION",
    "IMPORT_RECOVERED",
    "IMPORT_UNSPLIT",
    "IMPORT_MERGED",
    "IMPORT_MARKER",
    "IMPORT_SCANNED",
    "IMPORT_UNCERTAIN",
]
"""The codes of importing a published report."""

Code = Literal[ValidationCode, ImportCode]
"""Every finding code."""


@attrs.frozen
class CodeEntry:
    """An entry of the catalogue: a code, its severity, and whether it is a sum rule's."""

    code: Code
    severity: Severity
    arithmetic: bool = False


_SUMS = frozenset(
    {"T3_ROW_TOTAL", "T3_OUTCOME_TOTAL", "T3_BALANCE", "T4_TOTAL", "T3_CARRY_OVER",
     "T2_IN_FORCE", "T2_ITEMS", "REGION_SUM"}
)  # fmt: skip
_SEVERITIES: Mapping[str, Severity] = {
    "SCHEMA": "error", "TEMPLATE_YEAR": "error", "CREDIT_CODE": "error",
    "DIVISION_CODE": "warning", "T3_ROW_TOTAL": "error", "T3_OUTCOME_TOTAL": "error",
    "T3_BALANCE": "error", "T4_TOTAL": "error", "T3_CARRY_OVER": "error",
    "CELL_BLANK": "warning", "T2_IN_FORCE": "warning", "T2_ITEMS": "warning",
    "T2_ITEMS_NEGATIVE": "error", "T2_PUBLISHED_TOTAL": "warning",
    "T2_ISSUED_IN_FORCE": "warning", "MONEY_DIGITS": "warning",
    "UNIT_MISSING": "warning",
    "TEXT_TABLE": "warning", "TEXT_YEAR": "warning", "TEXT_EMPTY": "warning",
    "TEXT_FEE": "warning", "TEXT_REPEATED": "warning", "YOY_JUMP": "info",
    "REGION_OUTSIDE": "warning", "REGION_SUM": "warning",
    "CROSS_NOT_APPLICABLE": "info",
    "UNREAD": "info", "NOT_ASSESSABLE": "info",
    "TEMPLATE_MIXED": "warning", "IMPORT_MISSING": "warning", "IMPORT_UNREADABLE": "warning",
    "IMPORT_UNPLACED": "warning", "IMPORT_LABEL": "info", "IMPORT_WIDTH": "warning",
    "IMPORT_POSITION": "info", "IMPORT_RECOVERED": "info", "IMPORT_UNSPLIT": "warning",
    "IMPORT_MERGED": "warning", "IMPORT_MARKER": "info",
    "IMPORT_SCANNED": "warning", "IMPORT_UNCERTAIN": "warning",
}  # fmt: skip


def _entries(codes: tuple[Code, ...]) -> Mapping[str, CodeEntry]:
    return types.MappingProxyType(
        {code: CodeEntry(code, _SEVERITIES[code], code in _SUMS) for code in codes}
    )


CODES: Mapping[str, CodeEntry] = _entries(get_args(ValidationCode))
"""Every code of validation, in the order findings are listed."""

IMPORT_CODES: Mapping[str, CodeEntry] = _entries(get_args(ImportCode))
"""Every code of importing a published report."""

_ALL: Mapping[str, CodeEntry] = {**CODES, **IMPORT_CODES}


def catalogue(code: str) -> CodeEntry:
    """The catalogue entry of a code of either kind."""
    return _ALL[code]


# Findings and operands keep their fields in a __dict__: attrs sets each field of a frozen
# slotted instance through object.__setattr__, and a failing sum makes an operand a cell.
@attrs.frozen(slots=False)
class Operand:
    """A cell that went into an arithmetic check, and the value it held."""

    pointer: str
    value: int | Decimal | str | None
    document: str | None = None
    """Where the cell is, when not in the report itself: ``"previous"`` for last year's, a
    unit's name in a roll-up."""
    unread: bool = False
    """The import could not read the cell: its value is not the report's."""
    unit_missing: bool = False
    """An amount whose template prints no unit, written without one: it cannot be compared."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"pointer": self.pointer, "value": self.value}
        if self.document is not None:
            data["document"] = self.document
        if self.unread:
            data["unread"] = True
        if self.unit_missing:
            data["unit_missing"] = True
        return data


@attrs.frozen
class Quote:
    """A sentence of a text section that a finding is about, and where it stands."""

    pointer: str
    """The JSON Pointer of the section (``/sections/overview``)."""
    start: int
    """Where the sentence starts in the section's text, in characters (code points)."""
    end: int
    """Where it ends (exclusive)."""
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"pointer": self.pointer, "start": self.start, "end": self.end, "text": self.text}


@attrs.frozen
class Source:
    """Where in an imported document a finding was met: a page, table, row, line and
    column (each 1-based, where known), or a workbook's sheet and cell; on a scanned page,
    also the box the cell was read in."""

    page: int | None = None
    table: int | None = None
    row: int | None = None
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None
    box: tuple[int, int, int, int] | None = None
    """On a scanned page: the cell's box in the page image (left, top, right, bottom, in
    pixels from the top left corner): an image file's own pixels, or a PDF page's as
    rendered at 200 dpi."""


def _known(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in _ALL:
        raise InvalidArgumentError(key="not_a_code", value=value)


@attrs.frozen(slots=False)
class Finding:
    """One problem found in a report."""

    code: Code = attrs.field(validator=_known)
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
    """For `SCHEMA`: the schema validator's own words; for `UNREAD`: what was printed; for
    `DIVISION_CODE`: the names the code had; for `TEXT_EMPTY`: how the section says nothing
    (``empty``, ``placeholder``, ``short``); for `TEXT_FEE`: what it lacks (``unstated``,
    ``amount``)."""
    rule: Code | None = None
    """For `NOT_ASSESSABLE` and `CROSS_NOT_APPLICABLE`: the rule that could not be checked."""
    source: Source | None = None
    """For an import finding: where in the imported document."""
    quote: Quote | None = None
    """For a finding about the text (`TEXT_TABLE`, `TEXT_YEAR`, `TEXT_FEE`, `TEXT_EMPTY`): the
    sentence (or the section's text) it is about."""
    explanation: str | None = None
    """The report's own note (``notes``) at the finding's pointer, which explains it."""

    @property
    def arithmetic(self) -> bool:
        """Whether the finding comes from a sum rule."""
        return _ALL[self.code].arithmetic

    def to_json(self) -> dict[str, Any]:
        """The finding as data: the JSON object of the contract without its message
        (`finding_json` adds it, in either language)."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "pointer": self.pointer,
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
        if self.arithmetic or self.rule is not None or self.quote is not None:
            data["operands"] = [operand.to_json() for operand in self.operands]
        if self.quote is not None:
            data["quote"] = self.quote.to_json()
        if self.explanation is not None:
            data["explanation"] = self.explanation
        if self.source is not None and self.source.box is not None:
            data["page"] = self.source.page
            data["box"] = list(self.source.box)
        return data
