"""Roll-ups: a region's figures as the cell-wise sum of its agencies' reports."""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from . import _money
from .blank import blank
from .converter import converter
from .errors import ReportMismatchError
from .identity import Renames, same_agency
from .jsonio import structure, unstructure
from .layout import layout, pointer, value_at
from .model import Agency, Report2019, Report2021

__all__ = ["aggregate"]

Report = Report2019 | Report2021


def _sum(values: list[Any], at: str) -> Any:
    """Blank only where every input is blank; otherwise blanks count as 0.

    Amounts are added exactly (never rounded to the 28 digits of Python's default
    context), and a sum beyond the bounds of money is refused, not written.
    """
    present = [value for value in values if value is not None]
    if not present:
        return None
    if not any(isinstance(value, Decimal) for value in present):
        return sum(present)
    try:
        with decimal.localcontext(_money.exact()):
            total = sum((Decimal(value) for value in present), Decimal(0))
            beyond = _money.problem(total)
    except decimal.DecimalException:
        beyond = "exact arithmetic"
    if beyond is not None:
        raise ReportMismatchError(f"{at}: the amounts add up beyond what money may hold ({beyond})")
    return total


def _check_inputs(reports: list[Report], renames: Renames | None) -> None:
    if not reports:
        raise ReportMismatchError("nothing to aggregate: no reports given")
    first = reports[0]
    for report in reports[1:]:
        if report.template != first.template:
            raise ReportMismatchError(
                f"reports of different templates ({first.template} and {report.template}) "
                "cannot be added up"
            )
        if report.year != first.year:
            raise ReportMismatchError(
                f"reports of different years ({first.year} and {report.year}) cannot be added up"
            )
    for later, report in enumerate(reports):
        for earlier in range(later):
            if same_agency(reports[earlier], report, renames=renames):
                raise ReportMismatchError(
                    f"reports {earlier + 1} and {later + 1} are of the same agency "
                    f"({_source_name(reports[earlier].agency)}, "
                    f"{_source_name(report.agency)}): it would be counted twice"
                )


def aggregate(
    reports: Iterable[Report], *, agency: Agency | str, renames: Renames | None = None
) -> Report:
    """The regional report (``scope: region``) summing `reports` cell by cell.

    All reports must share one template and one year, and no agency may appear twice
    (by the rule of `same_agency`: a county's departments share its division code and
    still add up); otherwise `ReportMismatchError`. A cell is blank
    only where it is blank in every input; money is summed as `Decimal`. The
    sources are listed in ``notes`` under the pointer of the whole document (``""``).
    """
    inputs = list(reports)
    _check_inputs(inputs, renames)
    first = inputs[0]
    code = agency.division_code if isinstance(agency, Agency) else None
    name = agency.name if isinstance(agency, Agency) else agency
    target = Agency(name=name, division_code=code, scope="region")
    documents = [unstructure(report) for report in inputs]
    result = unstructure(blank(first.template, year=first.year))
    result["agency"] = converter.unstructure(target)
    for cell in layout(first.template).cells:
        values = [value_at(document, cell.path) for document in documents]
        value_at(result, cell.row.path)[cell.column.key] = _sum(values, cell.pointer)
    sources = "、".join(_source_name(report.agency) for report in inputs)
    result["notes"] = {pointer(()): f"汇总自 {len(inputs)} 份报告：{sources}"}
    return structure(result)


def _source_name(agency: Agency) -> str:
    return agency.name + (f"（{agency.division_code}）" if agency.division_code else "")
