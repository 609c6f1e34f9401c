"""The consistency rules: one registry, one engine.

Every rule reads parsed JSON documents (dicts in wire keys), never report objects, so that
it runs on a document whose structure is broken elsewhere. A rule has a code, the documents
it needs (`Scope`: the report alone, last year's report too, or a roll-up's units) and a
check that yields findings. The sum rules are equations — a stated total against the signed
sum of other cells, each cell in a named document — derived from what the template
declares: the sums of its tables (`Sums`), and how its rows and columns carry over from
last year's report (`Carry`), through the correspondences of the revisions. One engine
(`Equation.check`) evaluates them all, within the year, across years and over a roll-up.

A cell that is missing or holds something other than what its kind allows is *broken*: an
equation with a broken operand is skipped (its `SCHEMA` finding already says why). A blank
operand counts as 0. A cell listed in a document's ``unread`` makes the equation
`NOT_ASSESSABLE` instead.
"""

from __future__ import annotations

import decimal
import functools
import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from . import _money
from ._declare import CellKind, Term
from ._errors import DeclarationError, NotInTemplateError
from ._findings import CODES, Code, Finding, Operand, Quote, catalogue
from ._layout import Cell, Group, Layout, Row, Table, layout, path_of, pointer, unit_at, value_at
from ._phrases import (
    SENTENCE,
    Statement,
    emptiness,
    fee_sentences,
    fee_stated,
    may_state,
    normalize,
    opening_year,
    sentence_at,
    statements,
    states_amount,
    substance,
)
from ._structure import money_cells, unread_places
from ._templates import TEMPLATES, template_in_force

__all__ = [
    "BROKEN",
    "PREVIOUS",
    "RULES",
    "Context",
    "Equation",
    "Place",
    "Rule",
    "Scope",
    "agency_clean",
    "bound_list",
    "carries",
    "equation_list",
    "equations",
    "finding_at",
    "not_assessable",
    "phrase_cells",
    "repeated_share",
    "rules_clean",
    "run",
    "run_checked",
    "texts_clean",
    "year_on_year",
]

Document = Mapping[str, Any]
"""A parsed JSON document of a report."""

PREVIOUS = "previous"
"""The name of last year's report among the documents of a rule."""

BROKEN = object()
"""What `number_at` returns for a cell that is missing or holds what its kind does not allow."""

Scope = Literal["report", "previous", "units"]
"""What a rule reads: the report alone; last year's report too; the units of a roll-up,
their sum and the region's own report."""


@attrs.frozen
class Context:
    """The documents a rule reads, by name: the report itself is None."""

    layout: Layout
    """The layout of the report the findings are placed in."""
    document: Document
    previous: tuple[Layout, Document] | None = None
    """Last year's report and its layout (scope ``previous``)."""
    units: tuple[tuple[str, Document], ...] = ()
    """The units of a roll-up, each with its name (scope ``units``); `document` is then
    their sum."""
    published: Document | None = None
    """The region's own published report, given with a roll-up."""
    blanks: Sequence[int] | None = None
    """The blank cells of `document` (positions in the layout's ``cells``), where the
    compiled checker has found them already; None: every cell is looked at."""
    suspects: Sequence[int] | None = None
    """The equations of `document` that may not hold (positions in `equation_list`), where
    the compiled checker has found them already; None: every equation is evaluated."""
    read: Sequence[Sequence[Any] | None] | None = None
    """The values of the cells of each of `suspects` (total first), as the compiled check
    read them from a document whose structure it vouched for; None (for all, or for one):
    read them again."""

    def documents(self) -> dict[str | None, Document]:
        """The documents by name; in a roll-up, the region's own report is the unnamed one."""
        named: dict[str | None, Document] = {None: self.document}
        if self.previous is not None:
            named[PREVIOUS] = self.previous[1]
        if self.published is not None:
            named[None] = self.published
        named.update(self.units)
        return named


@attrs.frozen
class Rule:
    """A consistency rule: its code, what it reads, what it checks, and the check."""

    code: Code
    scope: Scope
    description: str
    check: Callable[[Context], Iterator[Finding]] = attrs.field(eq=False, repr=False)

    @property
    def severity(self) -> str:
        return catalogue(self.code).severity


Check = Callable[["Context"], Iterator[Finding]]


def _rule(code: Code, scope: Scope = "report") -> Callable[[Check], Rule]:
    """A rule of `check`, described by its docstring (not registered: `RULES` lists it)."""

    def make(check: Check) -> Rule:
        return Rule(code, scope, " ".join((check.__doc__ or "").split()), check)

    return make


# --- reading cells -----------------------------------------------------------------------


def number_at(document: Document, path: tuple[str, ...], kind: CellKind = "count") -> Any:
    """The value at `path` as its kind allows it (None for blank), or `BROKEN`."""
    value = value_at(document, path, BROKEN)
    if value is None:
        return None
    if type(value) is int:
        return value if kind != "count" or value >= 0 else BROKEN
    if kind == "money" and type(value) is Decimal and value.is_finite() and value >= 0:
        return value
    return BROKEN


def finding_at(lay: Layout, code: Code, at: str, **values: Any) -> Finding:
    """A finding of `code` at `at`, placed and labelled by the layout."""
    return Finding(**_placed(lay, code, at), **values)


@functools.lru_cache(maxsize=4096)
def _placed(lay: Layout, code: Code, at: str) -> Mapping[str, Any]:
    """The fields of a finding of `code` at `at` that the layout gives: made once (a layout
    is hashed by identity)."""
    place = lay.field(at)
    return {
        "code": code,
        "severity": catalogue(code).severity,
        "pointer": at,
        "labels": place.labels if place else (),
        "table": place.table.name if place and place.table else None,
        "row": place.row if place else (),
        "column": place.column if place else (),
    }


def not_assessable(
    lay: Layout, rule: Code, at: str, operands: tuple[Operand, ...], actual: Any = None
) -> Finding:
    """A `NOT_ASSESSABLE` finding: `rule` at `at` needs a place that was not read."""
    return finding_at(lay, "NOT_ASSESSABLE", at, rule=rule, operands=operands, actual=actual)


def not_applicable(lay: Layout, rule: Code, at: str, because: tuple[Operand, ...]) -> Finding:
    """A `CROSS_NOT_APPLICABLE` finding: `rule` cannot be checked at `at`; `because` holds the
    data that says why (last year's template, or the year a series lacks)."""
    return finding_at(lay, "CROSS_NOT_APPLICABLE", at, rule=rule, operands=because)


# --- the engine -----------------------------------------------------------------------------


@attrs.frozen
class Place:
    """A cell of an equation: where, in which document, what it holds, and its sign."""

    path: tuple[str, ...]
    kind: CellKind = "count"
    sign: int = 1
    document: str | None = None
    pointer: str = attrs.field(init=False, eq=False, repr=False)
    """The JSON Pointer of `path`, computed once."""

    @pointer.default
    def _pointer(self) -> str:
        return pointer(self.path)


_INTS = frozenset({int})


def _add(signs: Sequence[int], values: Sequence[Any]) -> int | Decimal:
    """The sum of `values` (a blank as 0), each times its sign: in ints where every value is
    one, else exactly in `Decimal`."""
    kinds = set(map(type, values))
    if kinds == _INTS:
        total: int = sum(map(operator.mul, signs, values))
        return total
    if Decimal not in kinds:
        return sum(sign * (value or 0) for sign, value in zip(signs, values, strict=True))
    with decimal.localcontext(_money.exact()):
        return sum(
            (sign * Decimal(value or 0) for sign, value in zip(signs, values, strict=True)),
            Decimal(0),
        )


@attrs.frozen
class Equation:
    """The stated total in `target` equals the signed sum of `terms`."""

    code: Code
    target: Place
    terms: tuple[Place, ...]
    places: tuple[Place, ...] = attrs.field(init=False, eq=False, repr=False)
    """Every cell of the equation, the total first: computed once."""

    @places.default
    def _places(self) -> tuple[Place, ...]:
        return (self.target, *self.terms)

    signs: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)
    """The sign of each term: computed once."""

    @signs.default
    def _signs(self) -> tuple[int, ...]:
        return tuple(term.sign for term in self.terms)

    pointers: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    """The JSON Pointer of each term: computed once."""

    @pointers.default
    def _pointers(self) -> tuple[str, ...]:
        return tuple(term.pointer for term in self.terms)

    documents: tuple[str | None, ...] = attrs.field(init=False, eq=False, repr=False)
    """The document of each term: computed once."""

    @documents.default
    def _documents(self) -> tuple[str | None, ...]:
        return tuple(term.document for term in self.terms)

    def check(
        self,
        lay: Layout,
        documents: Mapping[str | None, Document],
        unread: Mapping[str | None, Mapping[str, str]] | None = None,
        values: Sequence[Any] | None = None,
    ) -> Finding | None:
        """A finding when the total differs from the sum; `NOT_ASSESSABLE` when a cell it
        needs was not read; None when it holds, or cannot be evaluated. `values` are those
        of its cells (total first) as `number_at` reads them, where they are known."""
        if values is None:
            values = [number_at(documents[p.document], p.path, p.kind) for p in self.places]
            if BROKEN in values:
                return None
        actual, parts = values[0], values[1:]
        if (
            unread
            and any(unread.values())
            and any(p.pointer in unread.get(p.document, {}) for p in self.places)
        ):
            operands = tuple(
                Operand(p.pointer, value, p.document, p.pointer in unread.get(p.document, {}))
                for p, value in zip(self.places, values, strict=True)
            )
            return not_assessable(lay, self.code, self.target.pointer, operands, actual)
        try:
            expected = _add(self.signs, parts)
        except decimal.DecimalException:  # amounts beyond the bounds of money, from Python
            return None
        if actual == expected or (actual is None and expected == 0):
            return None
        operands = tuple(map(Operand, self.pointers, parts, self.documents))
        return finding_at(
            lay, self.code, self.target.pointer, expected=expected, actual=actual, operands=operands
        )


def _declared(code: str) -> Code:
    """A rule code a template declares: one of the catalogue's sum rules."""
    if code not in CODES or not CODES[code].arithmetic:
        raise DeclarationError(key="not_a_sum_rule", code=code)
    return code  # type: ignore[return-value]  # checked against the closed set just above


def _cell(row: Row, key: str, sign: int = 1, document: str | None = None) -> Place:
    return Place((*row.path, key), row.column(key).kind, sign, document)


def _row_totals(code: Code, table: Table) -> Iterator[Equation]:
    for row in table.rows:
        total = next((column for column in row.columns if column.is_total), None)
        if total is None:
            continue
        parts = tuple(_cell(row, c.key) for c in row.columns if c is not total)
        yield Equation(code, _cell(row, total.key), parts)


def _group_totals(code: Code, table: Table) -> Iterator[Equation]:
    for group in table.groups:
        total = next((n for n in group.children if isinstance(n, Row) and n.is_total), None)
        if total is None:
            continue
        rows = [row for row in group.rows if row is not total]
        for column in total.columns:
            terms = tuple(_cell(row, column.key) for row in rows)
            yield Equation(code, _cell(total, column.key), terms)


def _balance(table: Table) -> Iterator[Equation]:
    balance = table.sums.balance
    if balance is None:
        return
    left = [table.row(key) for key in balance.left]
    *right, target = [table.row(key) for key in balance.right]
    for column in target.columns:
        terms = [_cell(row, column.key) for row in left]
        terms += [_cell(row, column.key, -1) for row in right]
        yield Equation(_declared(balance.code), _cell(target, column.key), tuple(terms))


@functools.cache
def _equations(lay: Layout) -> Mapping[str, tuple[Equation, ...]]:
    found: dict[str, list[Equation]] = {}
    for table in lay.tables:
        sums = table.sums
        if sums.rows:
            code = _declared(sums.rows)
            found.setdefault(code, []).extend(_row_totals(code, table))
        if sums.groups:
            code = _declared(sums.groups)
            found.setdefault(code, []).extend(_group_totals(code, table))
        if sums.balance:
            found.setdefault(_declared(sums.balance.code), []).extend(_balance(table))
    return {code: tuple(equations) for code, equations in found.items()}


def equations(template: str | Layout) -> Mapping[str, tuple[Equation, ...]]:
    """The sums within the year that a template declares, by rule code, in printed order."""
    return _equations(template if isinstance(template, Layout) else layout(template))


@functools.cache
def equation_list(lay: Layout) -> tuple[Equation, ...]:
    """Every equation of `equations`, one code after the other: the positions that
    `Context.suspects` names."""
    return tuple(equation for found in _equations(lay).values() for equation in found)


@attrs.frozen
class Inapplicable:
    """A carry that cannot be checked at `target`: last year's template has no cell that
    holds what one of its terms needs."""

    code: Code
    target: Place


def _carried(
    code: Code, target: Place, terms: Sequence[tuple[Term, Place]], lay: Layout, last: Layout
) -> Equation | Inapplicable:
    places = []
    for term, place in terms:
        if not term.previous:
            places.append(place)
            continue
        from ._revisions import counterpart  # a revision's rows: only across two years

        found = counterpart(place.pointer, lay.template, last.template)
        single = found.single if found is not None else None
        if single is None:
            return Inapplicable(code, target)
        field = last.fields[single]
        assert field.cell is not None
        places.append(Place(field.cell.path, field.cell.kind, place.sign, PREVIOUS))
    return Equation(code, target, tuple(places))


@functools.cache
def _carries(lay: Layout, last: Layout) -> Mapping[str, tuple[Equation | Inapplicable, ...]]:
    found: dict[str, list[Equation | Inapplicable]] = {}
    for table in lay.tables:
        for row in table.rows:
            if row.carry is not None:
                for column in row.columns:
                    terms = [
                        (term, _cell(table.row(term.key), column.key, term.sign))
                        for term in row.carry.terms
                    ]
                    code = _declared(row.carry.code)
                    found.setdefault(code, []).append(
                        _carried(code, _cell(row, column.key), terms, lay, last)
                    )
            for column in row.columns:
                if column.carry is not None:
                    terms = [(t, _cell(row, t.key, t.sign)) for t in column.carry.terms]
                    code = _declared(column.carry.code)
                    found.setdefault(code, []).append(
                        _carried(code, _cell(row, column.key), terms, lay, last)
                    )
    return {code: tuple(items) for code, items in found.items()}


def carries(lay: Layout, last: Layout) -> Mapping[str, tuple[Equation | Inapplicable, ...]]:
    """The sums across years that `lay`'s template declares, against last year's report in
    `last`'s template, by rule code: an equation, or where it cannot apply."""
    return _carries(lay, last)


# --- rules within the year ---------------------------------------------------------------


@_rule("TEMPLATE_YEAR")
def _template_year(context: Context) -> Iterator[Finding]:
    """The template is the one in force for the report year."""
    lay, document = context.layout, context.document
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
    from ._codes import credit_check_character  # the codes: only for a report with one

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
    from ._codes import division

    found = division(code)
    if found is None:
        return False, ""
    if type(year) is int and found.name_in(year) is None:
        return True, found.described
    return None


@_rule("CREDIT_CODE")
def _credit_code(context: Context) -> Iterator[Finding]:
    """The check character of the agency's unified social credit code (GB 32100-2015,
    mod 31) is the one its first 17 characters call for, as python-stdnum's
    `stdnum.cn.uscc` computes it."""
    code = _agency_text(context.document, "credit_code")
    expected = _wrong_check_character(code)
    if code is not None and expected is not None:
        yield finding_at(
            context.layout,
            "CREDIT_CODE",
            "/agency/credit_code",
            expected=expected,
            actual=code[17],
        )


@_rule("DIVISION_CODE")
def _division_code(context: Context) -> Iterator[Finding]:
    """The agency's division code is a code of GB/T 2260 in use in the report year, by the
    table that python-stdnum ships. A warning: the table may lag behind a new division."""
    code = _agency_text(context.document, "division_code")
    year = context.document.get("year")
    problem = _retired_division(code, year)
    if problem is None:
        return
    known, names = problem
    at = "/agency/division_code"
    if not known:
        yield finding_at(context.layout, "DIVISION_CODE", at, actual=code)
    else:
        operands = (Operand("/year", year),)
        yield finding_at(
            context.layout, "DIVISION_CODE", at, actual=code, operands=operands, detail=names
        )


def agency_clean(agency: Mapping[str, Any], year: int) -> bool:
    """Whether `CREDIT_CODE` and `DIVISION_CODE` find nothing in a well-formed agency."""
    return (
        _wrong_check_character(agency.get("credit_code")) is None
        and _retired_division(agency.get("division_code"), year) is None
    )


@_rule("CELL_BLANK")
def _cell_blank(context: Context) -> Iterator[Finding]:
    """A cell is blank (null): left empty, or filled with a placeholder. Blank is not zero.
    A cell the import could not read is not blank: `UNREAD` reports it instead."""
    unread = unread_places(context.document)
    cells = context.layout.cells
    if context.blanks is not None:
        cells = tuple(cells[position] for position in context.blanks)
    for cell in cells:
        if value_at(context.document, cell.path, BROKEN) is None and cell.pointer not in unread:
            yield finding_at(context.layout, "CELL_BLANK", cell.pointer)


@_rule("UNREAD")
def _unread(context: Context) -> Iterator[Finding]:
    """A place the import could not read from the source (a cell, the agency name, the
    year). Its value is not the report's: no rule holds it against the report, and a rule
    that needs it is `NOT_ASSESSABLE`."""
    for at, printed in unread_places(context.document).items():
        yield finding_at(context.layout, "UNREAD", at, detail=printed)


def _sums(code: Code, description: str) -> Rule:
    """The rule of the sums declared under `code`: every equation of the template."""

    def check(context: Context) -> Iterator[Finding]:
        chosen: Sequence[tuple[Equation, Sequence[Any] | None]]
        if context.suspects is None:
            chosen = [(equation, None) for equation in equations(context.layout).get(code, ())]
        else:
            every = equation_list(context.layout)
            read = context.read if context.read is not None else [None] * len(context.suspects)
            chosen = [
                (every[position], values)
                for position, values in zip(context.suspects, read, strict=True)
                if every[position].code == code
            ]
            if not chosen:
                return
        unread: dict[str | None, Mapping[str, str]] = {None: unread_places(context.document)}
        documents: dict[str | None, Document] = {None: context.document}
        for equation, values in chosen:
            finding = equation.check(context.layout, documents, unread, values)
            if finding is not None:
                yield finding

    return Rule(code, "report", description, check)


# --- bounds within a row of table 2 -----------------------------------------------------------


@attrs.frozen
class Bound:
    """In every row of 表二 that has these columns, the sum of `larger` is at least the sum
    of `smaller`; the finding is placed at `at`, one of them."""

    code: Code
    larger: tuple[str, ...]
    smaller: tuple[str, ...]
    at: str
    description: str


BOUNDS: tuple[Bound, ...] = (
    Bound(
        "T2_ITEMS_NEGATIVE",
        ("previous_items", "change"),
        (),
        "change",
        "In table 2 (template 2019), the items at the end of last year plus this year's change "
        "are not negative: a list cannot lose more items than it had.",
    ),
    Bound(
        "T2_PUBLISHED_TOTAL",
        ("total_published",),
        ("published",),
        "total_published",
        "In table 2 (template 2019), the items published this year are at most all the items "
        "published: what was published this year is part of all that is published. A warning: "
        "a report may count otherwise.",
    ),
    Bound(
        "T2_ISSUED_IN_FORCE",
        ("in_force", "repealed"),
        ("issued",),
        "issued",
        "In table 2 (template 2021), the documents issued this year are at most those in force "
        "plus those repealed: what was issued this year is in force or repealed. A warning: a "
        "revision may be counted as issued.",
    ),
)
"""The inequalities within a row of 表二, each a rule."""


@functools.cache
def _bound_rows(lay: Layout, bound: Bound) -> tuple[tuple[str, tuple[Place, ...]], ...]:
    """Each row of 表二 in `lay` that has the columns of `bound`: the pointer of its cell at
    ``bound.at``, and the signed cells whose sum is not negative (`larger` then `smaller`)."""
    found = []
    for row in lay.table("proactive").rows:
        keys = {column.key for column in row.columns}
        if not {*bound.larger, *bound.smaller} <= keys:
            continue
        places = (
            *(_cell(row, key) for key in bound.larger),
            *(_cell(row, key, -1) for key in bound.smaller),
        )
        found.append((pointer((*row.path, bound.at)), places))
    return tuple(found)


def bound_list(lay: Layout) -> tuple[tuple[Place, ...], ...]:
    """Every bound of `BOUNDS` in every row of `lay` it applies to: the signed cells whose
    sum is not negative. The compiled check tests them where no cell is blank."""
    return tuple(places for bound in BOUNDS for _, places in _bound_rows(lay, bound))


def _bound(bound: Bound) -> Rule:
    def check(context: Context) -> Iterator[Finding]:
        lay, document = context.layout, context.document
        unread = unread_places(document)
        for at, places in _bound_rows(lay, bound):
            values = [number_at(document, place.path, place.kind) for place in places]
            if any(value is BROKEN or value is None for value in values):
                continue  # a blank is CELL_BLANK's; a broken cell is SCHEMA's
            if sum(place.sign * value for place, value in zip(places, values, strict=True)) >= 0:
                continue
            operands = tuple(
                Operand(place.pointer, value, unread=place.pointer in unread)
                for place, value in zip(places, values, strict=True)
            )
            held = next(v for p, v in zip(places, values, strict=True) if p.pointer == at)
            if any(operand.unread for operand in operands):
                yield not_assessable(lay, bound.code, at, operands, held)
                continue
            # the least (or most) the cell at `at` could hold for the bound to hold
            sign = next(place.sign for place in places if place.pointer == at)
            others = sum(
                place.sign * value
                for place, value in zip(places, values, strict=True)
                if place.pointer != at
            )
            limit = -others if sign > 0 else others
            yield finding_at(lay, bound.code, at, expected=limit, actual=held, operands=operands)

    return Rule(bound.code, "report", bound.description, check)


MONEY_DIGITS = 6
"""Digits after the point of an amount in 万元 down to one 分: more is likely an amount in 元."""


def _finer_than_units(value: Decimal) -> int:
    """Significant digits after the point: trailing zeros are no finer (``1.50`` has 1)."""
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or not any(digits):
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros))


@_rule("MONEY_DIGITS")
def _money_digits(context: Context) -> Iterator[Finding]:
    """An amount in 万元 has at most 6 digits after the point (one 分): more, such as
    251000.1234567, is likely an amount in 元 written where 万元 is asked for. An amount
    written with the unit its report states is converted to 万元 first; one written without
    its unit is left to `UNIT_MISSING`. A warning."""
    for cell in money_cells(context.layout):
        value = number_at(context.document, cell.path, "money")
        if type(value) is not Decimal or _money.fraction_digits(value) > _money.FRACTION_DIGITS:
            continue  # beyond the contract's digits: SCHEMA (fractionDigits) says so
        amount = _money.in_unit(value, unit_at(context.document, cell))
        if amount is None:
            continue  # a figure without its unit: UNIT_MISSING says so
        digits = _finer_than_units(amount)
        if digits > MONEY_DIGITS:
            yield finding_at(
                context.layout, "MONEY_DIGITS", cell.pointer, expected=MONEY_DIGITS, actual=digits
            )


@_rule("UNIT_MISSING")
def _unit_missing(context: Context) -> Iterator[Finding]:
    """An amount whose template prints no unit (2019: 采购总金额) states its unit: reports
    write it in 元 or in 万元, and a bare figure may be either, a factor of 10,000 apart. It
    is kept as written and not compared or summed. 0 needs no unit. A warning."""
    for cell in context.layout.cells:
        if cell.column.unit_key is None:
            continue
        value = number_at(context.document, cell.path, "money")
        if value is None or value is BROKEN or value == 0:
            continue
        if unit_at(context.document, cell) is None:
            yield finding_at(context.layout, "UNIT_MISSING", cell.pointer, actual=value)


# --- the text against the tables ------------------------------------------------------------


@functools.cache
def phrase_cells(lay: Layout, at: str) -> tuple[tuple[str, ...], ...]:
    """The paths of the cells a phrase's place `at` names: the cell itself; the 总计 of a
    row; the 总计 of each row of a group."""
    field = lay.field(at)
    if field is not None and field.cell is not None:
        return (field.cell.path,)
    path = path_of(at)
    try:
        node: Row | Group = lay.table(path[0]).find(*path[1:])
    except NotInTemplateError as error:
        raise DeclarationError(key="phrase_place", at=at, template=lay.template.id) from error
    rows = node.rows if isinstance(node, Group) else (node,)
    found = []
    for row in rows:
        total = next((column for column in row.columns if column.is_total), None)
        if total is None:
            raise DeclarationError(key="phrase_no_total", at=at, row=row.pointer)
        found.append((*row.path, total.key))
    return tuple(found)


_SECTIONS = (1, 6)
"""The sections whose text is read against the tables: 一 (总体情况) and 六 (其他需要报告的事项)."""


def _stated_in(
    lay: Layout, document: Document, places: tuple[str, ...]
) -> tuple[Any, tuple[Operand, ...]]:
    """The table's figure for `places` with its operands: the sum of their cells, a blank
    total read as the sum of its row's cells; None when every cell is blank; `BROKEN` when
    one holds what its kind does not allow."""
    unread = unread_places(document)
    operands: list[Operand] = []
    figure: int | None = None
    for at in places:
        for path in phrase_cells(lay, at):
            value = number_at(document, path)
            cells = [(path, value)]
            row = lay.row_at(path[:-1])
            total = row is not None and row.column(path[-1]).is_total
            if value is None and row is not None and total and pointer(path) not in unread:
                cells = [
                    ((*row.path, column.key), number_at(document, (*row.path, column.key)))
                    for column in row.columns
                    if not column.is_total
                ]
            for cell, held in cells:
                if held is BROKEN:
                    return BROKEN, ()
                operands.append(Operand(pointer(cell), held, unread=pointer(cell) in unread))
                if held is not None:
                    figure = (figure or 0) + held
    return figure, tuple(operands)


def _against_table(
    lay: Layout,
    document: Document,
    statement: Statement,
    places: tuple[str, ...],
    quote: Quote,
    detail: str,
) -> Finding | None:
    figure, operands = _stated_in(lay, document, places)
    at = pointer(phrase_cells(lay, places[0])[0])
    if any(operand.unread for operand in operands):
        finding = not_assessable(lay, "TEXT_TABLE", at, operands, statement.number)
        return attrs.evolve(finding, quote=quote, detail=detail)
    if figure is BROKEN or figure is None or figure == statement.number:
        return None
    return attrs.evolve(
        finding_at(
            lay, "TEXT_TABLE", at, expected=figure, actual=statement.number, operands=operands
        ),
        quote=quote,
        detail=detail,
    )


@_rule("TEXT_TABLE")
def _text_table(context: Context) -> Iterator[Finding]:
    """A figure that sections 一 and 六 state in a set phrase (收到政府信息公开申请 N 件,
    行政复议 N 件, …: the phrases are listed below) equals the cells it describes; a sum the
    text states (予以公开及部分公开 N 件) equals the sum of the cells. A warning: the text is
    read only where its meaning is certain, and a number no phrase ties to cells is left
    alone. The finding quotes the sentence with its span in the section."""
    lay, document = context.layout, context.document
    year = document.get("year")
    unread = unread_places(document)
    for section in lay.text_sections:
        if section.section not in _SECTIONS:
            continue
        text = value_at(document, section.path, None)
        at = section.pointer
        if type(text) is not str or at in unread:
            continue
        for statement in statements(text, lay.template.id, year if type(year) is int else None):
            start, end = sentence_at(text, statement.start, statement.end)
            quote = Quote(at, start, end, text[start:end])
            phrase = statement.phrase
            checks = [(phrase.places, phrase.key)]
            if statement.all_upheld:
                checks.append((phrase.upheld, f"{phrase.key}/upheld"))
            for places, detail in checks:
                finding = _against_table(lay, document, statement, places, quote, detail)
                if finding is not None:
                    yield finding


# --- what the text must say ----------------------------------------------------------------


REQUIRED_SECTIONS = (5, 6)
"""The sections that must say something (`TEXT_EMPTY`): 五 (the main problems and how they
were addressed) and 六 (other matters, the 信息处理费 among them)."""
FEE_SECTION = 6
"""The section that reports the 信息处理费 (`TEXT_FEE`)."""
OVERDUE_FEE = "/applications/outcomes/other/overdue_fee"
"""The row of 表三 that counts applications not processed because the fee was not paid. A
template that has it asks for the 信息处理费 (国办函〔2020〕109号): the rules of the
required contents apply to it."""


def _asks_fee(lay: Layout) -> bool:
    return lay.field(OVERDUE_FEE) is not None


def _agency_name(document: Document) -> str | None:
    name = value_at(document, ("agency", "name"), None)
    return name if type(name) is str else None


def _section_texts(
    context: Context, numbers: tuple[int, ...] | None = None
) -> Iterator[tuple[str, str | None]]:
    """The pointer and the text of each section (those numbered `numbers`, or all): None
    where it was not read (it is in ``unread``); a section that is not text is left out
    (`SCHEMA` says so)."""
    unread = unread_places(context.document)
    for section in context.layout.text_sections:
        if numbers is not None and section.section not in numbers:
            continue
        text = value_at(context.document, section.path, None)
        at = section.pointer
        if type(text) is str:
            yield at, None if at in unread else text


@_rule("TEXT_EMPTY")
def _text_empty(context: Context) -> Iterator[Finding]:
    """Sections 五 and 六 say something (in a template that asks for the 信息处理费: 2021):
    not empty, not a placeholder alone (无, 略, 暂无, …), not shorter than a sentence (5
    letters and digits, punctuation, dates and the agency's name aside). A warning; a
    section the import could not find is `NOT_ASSESSABLE`."""
    lay = context.layout
    if not _asks_fee(lay):
        return
    agency = _agency_name(context.document)
    for at, text in _section_texts(context, REQUIRED_SECTIONS):
        if text is None:
            yield not_assessable(lay, "TEXT_EMPTY", at, (Operand(at, None, unread=True),))
            continue
        kind = emptiness(text, agency)
        if kind is None:
            continue
        start = len(text) - len(text.lstrip())
        quote = Quote(at, start, len(text.rstrip()), text.strip()) if text.strip() else None
        yield finding_at(
            lay,
            "TEXT_EMPTY",
            at,
            expected=SENTENCE,
            actual=len(substance(text, agency)),
            detail=kind,
            quote=quote,
        )


@_rule("TEXT_FEE")
def _text_fee(context: Context) -> Iterator[Finding]:
    """Section 六 reports the 信息处理费 (国办函〔2020〕109号; in a template that asks for it:
    2021): a sentence speaks of it (信息处理费, 收费, 收取…费, 费用), whether one was charged
    or none. When 表三 counts applications whose fee was not paid in time, a sentence on the
    fee states an amount in 元. A warning; a section that says nothing is `TEXT_EMPTY`'s,
    and an unread count of unpaid fees is `NOT_ASSESSABLE`."""
    lay, document = context.layout, context.document
    if not _asks_fee(lay):
        return
    unread = unread_places(document)
    total = pointer(phrase_cells(lay, OVERDUE_FEE)[0])
    agency = _agency_name(document)
    for at, text in _section_texts(context, (FEE_SECTION,)):
        if text is None:
            yield not_assessable(lay, "TEXT_FEE", at, (Operand(at, None, unread=True),))
            continue
        if emptiness(text, agency) is not None:
            continue
        spans = fee_sentences(text)
        if not spans:
            yield finding_at(lay, "TEXT_FEE", at, detail="unstated")
            continue
        if any(states_amount(text, span) for span in spans):
            continue
        unpaid = number_at(document, path_of(total))
        if unpaid is BROKEN or (not unpaid and total not in unread):
            continue
        first, last = spans[0]
        quote = Quote(at, first, last, text[first:last])
        operands = (Operand(total, unpaid, unread=total in unread),)
        if total in unread:
            yield attrs.evolve(not_assessable(lay, "TEXT_FEE", at, operands), quote=quote)
            continue
        yield finding_at(
            lay, "TEXT_FEE", at, actual=unpaid, operands=operands, detail="amount", quote=quote
        )


@_rule("TEXT_YEAR")
def _text_year(context: Context) -> Iterator[Finding]:
    """A section that opens by naming the year it reports on (``2023年，本机关…``, after a
    sub-heading line if any) names the report year. A warning: a year left from last year's
    text. A year elsewhere in the text is left alone; a report year the import could not
    read makes it `NOT_ASSESSABLE`."""
    lay, document = context.layout, context.document
    year = document.get("year")
    if type(year) is not int:
        return
    year_unread = "/year" in unread_places(document)
    for at, text in _section_texts(context):
        opening = None if text is None else opening_year(text)
        if text is None or opening is None or opening[0] == year:
            continue
        stated, start, end = opening
        first, last = sentence_at(normalize(text), start, end)
        quote = Quote(at, first, last, text[first:last])
        operands = (Operand("/year", year, unread=year_unread),)
        if year_unread:
            yield attrs.evolve(not_assessable(lay, "TEXT_YEAR", at, operands, stated), quote=quote)
            continue
        yield finding_at(
            lay, "TEXT_YEAR", at, expected=year, actual=stated, operands=operands, quote=quote
        )


# --- rules across years --------------------------------------------------------------------


def _across(code: Code, description: str) -> Rule:
    """The rule of the carries declared under `code`: this year's report against last year's."""

    def check(context: Context) -> Iterator[Finding]:
        if context.previous is None:
            return
        last = context.previous[0]
        documents = context.documents()
        unread = {name: unread_places(document) for name, document in documents.items()}
        because = (Operand("/template", last.template.id, PREVIOUS),)
        for item in carries(context.layout, last).get(code, ()):
            if isinstance(item, Inapplicable):
                yield not_applicable(context.layout, code, item.target.pointer, because)
                continue
            finding = item.check(context.layout, documents, unread)
            if finding is not None:
                yield finding

    return Rule(code, "previous", description, check)


REPEATED_SECTIONS = (1, 5)
"""The sections compared with last year's: 一 (总体情况) and 五 (存在的主要问题及改进情况)."""
REPEATED_NGRAM = 5
"""Texts are compared by their runs of this many characters."""
REPEATED_SHARE = 60
"""`TEXT_REPEATED` reports a section when at least this percentage of its runs of characters
stood in last year's section too."""
REPEATED_LENGTH = 200
"""Sections shorter than this many characters (in either year) are not compared: a short
text repeats set phrases without being copied."""
_NOT_COMPARED = re.compile(r"[\s0-9]+")


def _runs(text: str) -> set[str]:
    """The runs of `REPEATED_NGRAM` characters of `text`, each number read as one sign and
    spaces left out, so that a text copied with new figures counts as copied."""
    folded = _NOT_COMPARED.sub("#", normalize(text))
    return {folded[i : i + REPEATED_NGRAM] for i in range(len(folded) - REPEATED_NGRAM + 1)}


def repeated_share(text: str, last: str) -> int | None:
    """The percentage (rounded down) of the runs of characters of `text` that stand in `last`
    too; None when either is shorter than `REPEATED_LENGTH`."""
    if min(len(text.strip()), len(last.strip())) < REPEATED_LENGTH:
        return None
    runs = _runs(text)
    return len(runs & _runs(last)) * 100 // len(runs) if runs else None


@_rule("TEXT_REPEATED", "previous")
def _text_repeated(context: Context) -> Iterator[Finding]:
    """Sections 一 and 五 are not last year's text again (its description follows)."""
    if context.previous is None:
        return
    last = context.previous[1]
    for section in context.layout.text_sections:
        if section.section not in REPEATED_SECTIONS:
            continue
        text = value_at(context.document, section.path, None)
        before = value_at(last, section.path, None)
        if type(text) is not str or type(before) is not str:
            continue
        share = repeated_share(text, before)
        if share is not None and share >= REPEATED_SHARE:
            at = pointer(section.path)
            yield finding_at(
                context.layout,
                "TEXT_REPEATED",
                at,
                expected=REPEATED_SHARE,
                actual=share,
                operands=(Operand(at, None, PREVIOUS),),
            )


_text_repeated = attrs.evolve(
    _text_repeated,
    description=(
        f"Sections 一 and 五 are not last year's text again ({TEMPLATES['2021'].notice} warns "
        f"against reports 内容雷同): the share of this year's runs of {REPEATED_NGRAM} "
        "characters (numbers and spaces aside) that stand in last year's same section is "
        f"below {REPEATED_SHARE} %. Sections shorter than {REPEATED_LENGTH} characters are "
        "not compared. A warning; the finding gives the share in percent."
    ),
)

JUMP_FACTOR = 10
"""`YOY_JUMP` reports a figure that is more than this many times last year's, or less than
its this-many-th part."""
JUMP_FLOOR = 100
"""…when the larger of the two is at least this much; and a figure that falls to 0 from at
least this much."""


def _jumps(before: int, now: int, factor: int, floor: int) -> bool:
    if max(before, now) < floor:
        return False
    if now == 0:
        return True
    return before > 0 and (now > factor * before or before > factor * now)


def year_on_year(factor: int = JUMP_FACTOR, floor: int = JUMP_FLOOR) -> Rule:
    """The rule `YOY_JUMP` with its thresholds: a figure more than `factor` times last
    year's or less than its `factor`-th part, the larger being at least `floor`, or one
    that falls to 0 from at least `floor`."""

    def check(context: Context) -> Iterator[Finding]:
        if context.previous is None:
            return
        last_layout, last = context.previous
        document = context.document
        unread = {None: unread_places(document), PREVIOUS: unread_places(last)}
        from ._revisions import counterpart

        for cell in _jump_cells(context.layout):
            found = counterpart(cell.pointer, context.layout.template, last_layout.template)
            single = found.single if found is not None else None
            if single is None:
                continue
            now = number_at(document, cell.path)
            before = number_at(last, path_of(single))
            if type(now) is not int or type(before) is not int:
                continue
            if cell.pointer in unread[None] or single in unread[PREVIOUS]:
                continue
            if _jumps(before, now, factor, floor):
                yield finding_at(
                    context.layout,
                    "YOY_JUMP",
                    cell.pointer,
                    expected=before,
                    actual=now,
                    operands=(Operand(single, before, PREVIOUS),),
                )

    description = (
        f"A figure of the tables does not jump from last year's: it is not more than "
        f"{factor} times last year's nor less than 1/{factor} of it (the larger being at "
        f"least {floor}), and does not fall to 0 from {floor} or more. Compared: every count "
        "of table 2 and the 总计 of every row of tables 3 and 4, with the cell of last year's "
        "report that holds the same quantity. Information only: a jump may be real, or a "
        "typing or unit error."
    )
    return Rule("YOY_JUMP", "previous", description, check)


@functools.cache
def _jump_cells(lay: Layout) -> tuple[Cell, ...]:
    return tuple(
        cell
        for cell in lay.cells
        if cell.kind == "count" and (cell.table.key == "proactive" or cell.column.is_total)
    )


# --- rules over a roll-up -------------------------------------------------------------------


@_rule("REGION_OUTSIDE", "units")
def _region_outside(context: Context) -> Iterator[Finding]:
    """Each unit lies inside the region: its division code is the region's own (a county's
    departments and townships), or starts with the region's leading digits (a city's
    counties: ``3213…`` under 321300). Units without a division code are not checked."""
    region = context.document.get("agency")
    code = region.get("division_code") if isinstance(region, Mapping) else None
    if not isinstance(code, str):
        return
    from ._codes import region_prefix

    prefix = region_prefix(code)
    for name, document in context.units:
        own = value_at(document, ("agency", "division_code"), None)
        if isinstance(own, str) and not own.startswith(prefix):
            yield finding_at(
                context.layout,
                "REGION_OUTSIDE",
                "/agency/division_code",
                expected=code,
                actual=own,
                operands=(Operand("/agency/division_code", own, name),),
            )


@_rule("REGION_SUM", "units")
def _region_sum(context: Context) -> Iterator[Finding]:
    """Given the region's own published report: in every cell, the published figure equals
    the sum of the units' (a blank counts as 0). A warning: a region's report may cover
    bodies that filed no report of their own. The finding names the units whose cells are
    not zero."""
    if context.published is None:
        return
    documents = context.documents()
    unread = {name: unread_places(document) for name, document in documents.items()}
    for cell in context.layout.cells:
        if cell.column.unit_key is not None:
            yield from _region_sum_stated(context, cell, documents, unread)
            continue
        terms = tuple(Place(cell.path, cell.kind, 1, name) for name, _ in context.units)
        equation = Equation("REGION_SUM", Place(cell.path, cell.kind), terms)
        finding = equation.check(context.layout, documents, unread)
        if finding is not None and finding.code == "REGION_SUM":
            kept = tuple(operand for operand in finding.operands if operand.value)
            finding = attrs.evolve(finding, operands=kept)
        if finding is not None:
            yield finding


def _region_sum_stated(
    context: Context,
    cell: Cell,
    documents: Mapping[str | None, Document],
    unread: Mapping[str | None, Mapping[str, str]],
) -> Iterator[Finding]:
    """`REGION_SUM` at an amount whose template prints no unit: compared in 元 where every
    report states its unit, written with it (``251000元``); `NOT_ASSESSABLE` where one
    that is not 0 states none, or was not read."""
    names = (None, *(name for name, _ in context.units))
    values = {name: number_at(documents[name], cell.path, "money") for name in names}
    if BROKEN in values.values():
        return
    units = {name: unit_at(documents[name], cell) for name in names}
    in_yuan = {
        name: None if value is None else _money.in_unit(value, units[name], "元")
        for name, value in values.items()
    }

    def written(name: str | None) -> str | None:
        value = values[name]
        return None if value is None else f"{format(Decimal(value), 'f')}{units[name] or ''}"

    operands = tuple(
        Operand(
            cell.pointer,
            written(name),
            name,
            unread=cell.pointer in unread.get(name, {}),
            unit_missing=values[name] is not None and in_yuan[name] is None,
        )
        for name in names
    )
    if any(operand.unread or operand.unit_missing for operand in operands):
        yield not_assessable(context.layout, "REGION_SUM", cell.pointer, operands, written(None))
        return
    with decimal.localcontext(_money.exact()):
        total = sum((in_yuan[name] or Decimal(0) for name in names[1:]), Decimal(0))
    actual = in_yuan[None]
    if actual == total or (actual is None and total == 0):
        return
    expected = f"{format(total, 'f')}元"
    kept = tuple(operand for operand in operands[1:] if operand.value and in_yuan[operand.document])
    yield finding_at(
        context.layout,
        "REGION_SUM",
        cell.pointer,
        expected=expected,
        actual=written(None),
        operands=kept,
    )


# --- the registry ----------------------------------------------------------------------------


RULES: tuple[Rule, ...] = (
    _template_year,
    _credit_code,
    _division_code,
    _sums(
        "T3_ROW_TOTAL",
        "In every row of table 3, the total column equals the sum of the applicant columns.",
    ),
    _sums(
        "T3_OUTCOME_TOTAL",
        "In every column of table 3, the total of the outcomes equals the sum of every result "
        "row: each application is counted in exactly one.",
    ),
    _sums(
        "T3_BALANCE",
        "In every column of table 3, new applications plus those carried over equal those "
        "handled plus those carried forward: the identity the template prints in its corner.",
    ),
    _sums("T4_TOTAL", "In each group of table 4, the total equals the sum of the results."),
    _across(
        "T3_CARRY_OVER",
        "In every column of table 3, the applications carried over from last year equal those "
        "last year's report carried forward, across a change of template too.",
    ),
    _cell_blank,
    _across(
        "T2_IN_FORCE",
        "In table 2, the documents in force equal last year's, plus those issued, minus those "
        "repealed. A warning: issuing may count revisions and repealing may miss expiries.",
    ),
    _across(
        "T2_ITEMS",
        "In table 2, the items at the end of last year equal last year's count plus last "
        "year's change. A warning: item lists are often recounted.",
    ),
    *(_bound(bound) for bound in BOUNDS),
    _money_digits,
    _unit_missing,
    _text_table,
    _text_year,
    _text_empty,
    _text_fee,
    _text_repeated,
    year_on_year(),
    _region_outside,
    _region_sum,
    _unread,
)
"""Every consistency rule, in the order they run, built from the rules above and the sums
and carries the templates declare. `SCHEMA`, `CROSS_NOT_APPLICABLE` and `NOT_ASSESSABLE`
have no rule of their own: structure is checked against the schema, and the other two say
why a rule could not be checked."""


_UNCOMPILED = tuple(
    rule
    for rule in RULES
    if rule.code
    in {
        "MONEY_DIGITS",
        "UNIT_MISSING",
        "TEXT_TABLE",
        "TEXT_YEAR",
        "TEXT_EMPTY",
        "TEXT_FEE",
    }
)
"""The rules within the year that the compiled fast path does not compile: it asks
`rules_clean` instead (the sums and the bounds of `bound_list` it compiles)."""
_UNCOMPILED_CODES = frozenset(rule.code for rule in _UNCOMPILED)


_BY_CODE = {rule.code: rule for rule in RULES}


def _find_nothing(rules: Sequence[Rule], context: Context) -> bool:
    return not any(True for rule in rules for _ in rule.check(context))


@functools.cache
def _clean_plan(
    lay: Layout,
) -> tuple[
    tuple[tuple[str, ...], ...],
    tuple[tuple[str, ...], ...],
    tuple[tuple[tuple[str, ...], bool, bool, bool], ...],
]:
    """What `rules_clean` reads in a document of `lay`: the paths of the amounts in 万元,
    those of the amounts in the unit the report states, and each section's path with whether
    `TEXT_TABLE` reads it, `TEXT_EMPTY` asks it to say something, and `TEXT_FEE` asks it for
    the fee."""
    fee = _asks_fee(lay)
    sections = tuple(
        (
            section.path,
            section.section in _SECTIONS,
            fee and section.section in REQUIRED_SECTIONS,
            fee and section.section == FEE_SECTION,
        )
        for section in lay.text_sections
    )
    cells = money_cells(lay)
    return (
        tuple(cell.path for cell in cells if cell.column.unit_key is None),
        tuple(cell.path for cell in cells if cell.column.unit_key is not None),
        sections,
    )


def rules_clean(lay: Layout, document: Document) -> bool:
    """Whether the rules the fast path does not compile (`_UNCOMPILED`) find nothing in a
    parsed document (an object) with exact amounts, its structure broken or not.

    A cheap test on each amount and each section clears most documents, or finds what a
    rule would report; a rule is asked only where its test cannot tell: an amount written
    finer than `MONEY_DIGITS` or in a unit the report states, a text that holds a phrase of
    `TEXT_TABLE`, a sentence on the fee without an amount. A document with ``unread`` places
    asks every rule."""
    if "unread" in document:
        return _find_nothing(_UNCOMPILED, Context(lay, document))
    asked = _asked(lay, document)
    return asked is not None and (
        not asked or _find_nothing(tuple(dict.fromkeys(asked)), Context(lay, document))
    )


def texts_clean(lay: Layout, document: Document) -> bool:
    """Whether the cheap tests of `rules_clean` alone clear a document without ``unread``
    places: False where they find what a rule would report, or a rule would have to be asked.

    It reads only the year, the agency's name, the sections and the money cells: the typed
    reader (`_typed`) hands it those alone."""
    return _asked(lay, document) == []


def _asked(lay: Layout, document: Document) -> list[Rule] | None:
    """The rules `rules_clean` must ask of a document without ``unread`` places (none: they
    find nothing), or None where a cheap test finds what one of them reports."""
    asked: list[Rule] = []
    amounts, in_units, sections = _clean_plan(lay)
    for path in in_units:  # in the unit the report states: the rules convert it
        value = value_at(document, path)
        if value is not None and value != 0:
            asked += (_BY_CODE["MONEY_DIGITS"], _BY_CODE["UNIT_MISSING"])
    for path in amounts:
        value = value_at(document, path)
        if type(value) is not Decimal:
            continue
        exponent = value.as_tuple().exponent  # written with no more digits: none finer
        if (
            type(exponent) is int
            and exponent < -MONEY_DIGITS
            and _finer_than_units(value) > MONEY_DIGITS
        ):
            asked.append(_BY_CODE["MONEY_DIGITS"])
    year = document.get("year")
    agency = _agency_name(document)
    for path, phrases, required, fee in sections:
        text = value_at(document, path, None)
        if type(text) is not str:
            continue
        opening = opening_year(text)
        if type(year) is int and opening is not None and opening[0] != year:
            return None  # TEXT_YEAR
        if phrases and may_state(text, lay.template.id):
            asked.append(_BY_CODE["TEXT_TABLE"])
        if required and emptiness(text, agency) is not None:
            return None  # TEXT_EMPTY
        if fee and (required or emptiness(text, agency) is None):  # TEXT_EMPTY's otherwise
            stated = fee_stated(text)
            if stated is None:
                return None  # TEXT_FEE: the fee is not spoken of
            if not stated:
                asked.append(_BY_CODE["TEXT_FEE"])
    return asked


_SETTLED = frozenset(
    {"TEMPLATE_YEAR", "CREDIT_CODE", "DIVISION_CODE", "CELL_BLANK", "UNREAD"}
    | {bound.code for bound in BOUNDS}
)
"""The rules within the year that find nothing in a report the compiled check calls
settled (`Verdict.settled`): it tests what they test."""


def run_checked(
    context: Context, *, settled: bool = False, texts: bool = False
) -> Iterator[Finding]:
    """Every finding of the rules of scope ``report`` on a document the compiled check has
    read (`Context.blanks` and `Context.suspects` given, its structure vouched for or not):
    the rules it does not compile only where `rules_clean` cannot clear them, and with
    `settled` none of `_SETTLED`; with `texts` (`texts_clean` cleared the document already)
    none of the rules it does not compile. A document with ``unread`` places asks every rule, and
    every equation that reads one of them (`NOT_ASSESSABLE`, whether it holds or not)."""
    document = context.document
    if "unread" in document:
        yield from run("report", _reading_unread(context))
        return
    uncompiled = not texts and not rules_clean(context.layout, document)
    for rule in RULES:
        if rule.scope != "report" or (settled and rule.code in _SETTLED):
            continue
        if uncompiled or rule.code not in _UNCOMPILED_CODES:
            yield from rule.check(context)


def _reading_unread(context: Context) -> Context:
    """`context` with each equation that reads a place not read among its suspects."""
    if context.suspects is None:
        return context  # every equation is evaluated
    named = set(context.suspects)
    reading = _equations_reading(context.layout)
    added = sorted(
        {
            position
            for at in unread_places(context.document)
            for position in reading.get(at, ())
            if position not in named
        }
    )
    if not added:
        return context
    read = None if context.read is None else (*context.read, *([None] * len(added)))
    return attrs.evolve(context, suspects=(*context.suspects, *added), read=read)


@functools.cache
def _equations_reading(lay: Layout) -> Mapping[str, tuple[int, ...]]:
    """The positions in `equation_list` of the equations that read each cell, by pointer."""
    reading: dict[str, list[int]] = {}
    for position, equation in enumerate(equation_list(lay)):
        for place in equation.places:
            reading.setdefault(place.pointer, []).append(position)
    return {at: tuple(positions) for at, positions in reading.items()}


def run(scope: Scope, context: Context) -> Iterator[Finding]:
    """Every finding of the rules of `scope` on the documents of `context`."""
    for rule in RULES:
        if rule.scope == scope:
            yield from rule.check(context)
