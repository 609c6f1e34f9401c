"""Roll-ups: a region's figures as the cell-wise sum of its agencies' reports."""

from __future__ import annotations

import csv
import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from . import _money
from ._blank import blank
from ._converter import converter
from ._declare import Report
from ._errors import InvalidArgumentError, MissingExtraError, ReportMismatchError
from ._export import csv_cell
from ._findings import Finding
from ._formats import BREAKDOWN_FORMATS
from ._identity import Renames, same_agency
from ._jsonio import structure, unstructure
from ._layout import Cell, layout, pointer, unit_at, value_at
from ._rules import Context, run
from ._templates._common import Agency
from ._validation import ValidationResult, validate

__all__ = [
    "BREAKDOWN_FORMATS",
    "RollUp",
    "aggregate",
    "reconcile",
    "write_breakdown",
]


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
        raise ReportMismatchError(key="money_overflow", at=at, beyond=beyond)
    return total


def _check_inputs(reports: list[Report], renames: Renames | None) -> None:
    if not reports:
        raise ReportMismatchError(key="nothing_to_aggregate")
    first = reports[0]
    for report in reports[1:]:
        if report.template != first.template:
            raise ReportMismatchError(
                key="aggregate_templates", first=first.template, other=report.template
            )
        if report.year != first.year:
            raise ReportMismatchError(key="aggregate_years", first=first.year, other=report.year)
    for later, report in enumerate(reports):
        for earlier in range(later):
            if same_agency(reports[earlier], report, renames=renames):
                raise ReportMismatchError(
                    key="aggregate_same_agency", earlier=earlier + 1, later=later + 1,
                    first=_source_name(reports[earlier].agency),
                    other=_source_name(report.agency),
                )  # fmt: skip


def aggregate(
    reports: Iterable[Report], *, agency: Agency | str, renames: Renames | None = None
) -> Report:
    """The regional report (``scope: region``) summing `reports` cell by cell.

    All reports must share one template and one year, and no agency may appear twice
    (by the rule of `same_agency`: a county's departments share its division code and
    still add up); otherwise `ReportMismatchError`. A cell is blank
    only where it is blank in every input; money is summed as `Decimal`. The
    sources are listed in ``notes`` under the pointer of the whole document (``""``).
    `reconcile` does the same and says what a supervising office checks besides.
    """
    return reconcile(reports, agency=agency, renames=renames).report


def _sum_report(inputs: list[Report], target: Agency) -> Report:
    first = inputs[0]
    documents = [unstructure(report) for report in inputs]
    result = unstructure(blank(first.template, year=first.year))
    result["agency"] = converter.unstructure(target)
    unsummed: dict[str, str] = {}
    for cell in layout(first.template).cells:
        values = [value_at(document, cell.path) for document in documents]
        row = value_at(result, cell.row.path)
        if cell.column.unit_key is None:
            row[cell.column.key] = _sum(values, cell.pointer)
            continue
        units = [unit_at(document, cell) for document in documents]
        amount, unit, bare = _sum_stated(values, units, cell.pointer)
        row[cell.column.key] = amount
        if unit is not None:
            row[cell.column.unit_key] = unit
        if bare:
            names = "、".join(_source_name(inputs[index].agency) for index in bare)
            unsummed[cell.pointer] = f"不能汇总：{names} 的金额未注明单位（元或万元）"
    sources = "、".join(_source_name(report.agency) for report in inputs)
    result["notes"] = {pointer(()): f"汇总自 {len(inputs)} 份报告：{sources}"}
    if unsummed:
        result["unread"] = unsummed
    return structure(result)


def _sum_stated(
    values: list[Any], units: list[str | None], at: str
) -> tuple[Any, str | None, list[int]]:
    """The sum of amounts kept as written with the unit each report states: the amount, its
    unit, and the inputs whose amount has no unit (then the sum is blank: not assessable).

    Amounts in one unit are summed in it; amounts in 元 and in 万元 are summed in 元, which
    both convert to exactly. 0 needs no unit."""
    bare = [
        index
        for index, (value, unit) in enumerate(zip(values, units, strict=True))
        if value is not None and unit is None and value != 0
    ]
    if bare:
        return None, None, bare
    stated = {unit for value, unit in zip(values, units, strict=True) if value is not None and unit}
    unit = stated.pop() if len(stated) == 1 else ("元" if stated else None)
    converted = [
        value if not value else _money.in_unit(value, own, unit or "万元")
        for value, own in zip(values, units, strict=True)
    ]
    return _sum(converted, at), unit, []


@attrs.frozen
class RollUp:
    """A roll-up and what an office reconciles it with: the units' own findings, the units
    outside the region, and the region's own published report."""

    report: Report
    """The sum, ``scope: region``."""
    units: tuple[Report, ...]
    """The units' reports, in the order given."""
    names: tuple[str, ...]
    """How each unit is named in findings and exports: its agency name, unless given."""
    unit_results: tuple[ValidationResult, ...]
    """Each unit's own validation."""
    result: ValidationResult
    """The validation of the sum, its tables only: it has no text of its own."""
    findings: tuple[Finding, ...]
    """`REGION_OUTSIDE` and `REGION_SUM`: what only the roll-up can see. Their operands name
    the unit (``document``) that each value came from."""
    published: Report | None = None
    """The region's own published report, when given."""

    @property
    def valid(self) -> bool:
        """True when neither the sum nor the reconciliation has an error."""
        return self.result.valid and not any(f.severity == "error" for f in self.findings)

    def origins(self, finding: Finding) -> tuple[str, ...]:
        """The units whose own reports have `finding` (same code, same place): where a
        finding of the sum came from."""
        return tuple(
            name
            for name, checked in zip(self.names, self.unit_results, strict=True)
            if any((f.code, f.pointer) == (finding.code, finding.pointer) for f in checked.findings)
        )

    def breakdown(self) -> list[dict[str, Any]]:
        """Unit × cell: one record per unit and value cell, in printed order, unit by unit."""
        lay = layout(self.report.template)
        records = []
        for name, unit in zip(self.names, self.units, strict=True):
            document = unstructure(unit)
            for cell in lay.cells:
                place = lay.fields[cell.pointer]
                value = value_at(document, cell.path)
                records.append(
                    {
                        "unit": name,
                        "agency": unit.agency.name,
                        "credit_code": unit.agency.credit_code,
                        "division_code": unit.agency.division_code,
                        "pointer": cell.pointer,
                        "table_label": cell.table.name.zh,
                        "row_label": " · ".join(label.zh for label in place.row),
                        "column_label": " · ".join(label.zh for label in place.column),
                        "value": value,
                        "value_unit": unit_at(document, cell) if cell.kind == "money" else None,
                    }
                )
        return records

    def matrix(self) -> tuple[list[str], list[list[Any]]]:
        """Cell × unit, as a clerk reads it: a header, then one row per value cell with its
        labels, the sum, the published figure and the difference (when a published report
        was given), and each unit's value."""
        lay = layout(self.report.template)
        documents = [unstructure(unit) for unit in self.units]
        total = unstructure(self.report)
        published = unstructure(self.published) if self.published is not None else None
        header = ["表", "行", "列", "指针", "合计"]
        if published is not None:
            header += ["本级报告", "差额"]
        header += list(self.names)
        rows = []
        for cell in lay.cells:
            place = lay.fields[cell.pointer]
            row: list[Any] = [
                cell.table.name.zh,
                " · ".join(label.zh for label in place.row),
                " · ".join(label.zh for label in place.column),
                cell.pointer,
                _shown(total, cell),
            ]
            if published is not None:
                row += [_shown(published, cell), _difference(published, total, cell)]
            row += [_shown(document, cell) for document in documents]
            rows.append(row)
        return header, rows


def _shown(document: Any, cell: Cell) -> Any:
    """A cell's value as a clerk reads it: an amount whose template prints no unit with the
    unit its report states (``251000元``), as text; any other value as it is."""
    value = value_at(document, cell.path)
    if cell.column.unit_key is None or value is None:
        return value
    return f"{format(Decimal(value), 'f')}{unit_at(document, cell) or ''}"


def _difference(published: Any, total: Any, cell: Cell) -> Any:
    """The region's own figure minus the sum (a blank counts as 0); for an amount whose
    template prints no unit, in the unit of the sum (元 where it has none), and None where
    either has no unit: a figure without one, or a sum that could not be made."""
    printed, summed = value_at(published, cell.path), value_at(total, cell.path)
    if cell.column.unit_key is None:
        return (printed or 0) - (summed or 0)
    if cell.pointer in (total.get("unread") or {}):
        return None
    unit = unit_at(total, cell) or "元"
    converted = [
        Decimal(0) if value is None else _money.in_unit(value, unit_at(document, cell), unit)
        for value, document in ((printed, published), (summed, total))
    ]
    if converted[0] is None or converted[1] is None:
        return None
    return converted[0] - converted[1]


def write_breakdown(rollup: RollUp, path: str | Path) -> None:
    """Write the unit × cell breakdown of `rollup` to `path`, by its suffix.

    ``.csv`` and ``.xlsx``: one row per cell, its labels, the sum (the region's own figure
    and the difference, when given) and one column per unit, as a clerk reads it.
    ``.parquet``: one record per unit and cell (`RollUp.breakdown`), for data frames,
    ``value`` as float64 and ``value_text`` with the exact digits.
    """
    target = Path(path)
    form = target.suffix.lower().lstrip(".")
    if form not in BREAKDOWN_FORMATS:
        raise InvalidArgumentError(
            key="breakdown_suffix", name=target.name, formats=", ".join(BREAKDOWN_FORMATS)
        )
    if form == "parquet":
        _write_parquet(rollup.breakdown(), target)
        return
    header, rows = rollup.matrix()
    if form == "xlsx":
        from ._sheets import workbook

        target.write_bytes(workbook([("分单位明细", header, rows)]))
        return
    with target.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(
            ["" if value is None else csv_cell(value) for value in row] for row in rows
        )


def _write_parquet(records: list[dict[str, Any]], target: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="parquet_needs_pyarrow") from None
    text = ("unit", "agency", "credit_code", "division_code", "pointer")
    labels = ("table_label", "row_label", "column_label")
    schema = pa.schema(
        [(key, pa.string()) for key in (*text, *labels)]
        + [("value", pa.float64()), ("value_text", pa.string()), ("value_unit", pa.string())]
    )
    rows = [
        {
            **record,
            "value": None if record["value"] is None else float(record["value"]),
            "value_text": None if record["value"] is None else str(record["value"]),
        }
        for record in records
    ]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), str(target))


def reconcile(
    reports: Iterable[Report],
    *,
    agency: Agency | str,
    published: Report | None = None,
    names: Sequence[str] | None = None,
    renames: Renames | None = None,
) -> RollUp:
    """Roll `reports` up (as `aggregate` does) and reconcile the sum.

    `REGION_OUTSIDE` (warning) names each unit whose division code lies outside the
    region's (a county's own units share its code; a city's counties its first four
    digits). With `published`, the region's own report of the year, `REGION_SUM`
    (warning) names each cell where it differs from the sum of the units. `names` name
    the units in findings and exports (the agency names by default).
    """
    inputs = list(reports)
    _check_inputs(inputs, renames)
    first = inputs[0]
    if isinstance(agency, Agency):
        target = attrs.evolve(agency, scope="region")
    else:
        target = Agency(name=agency, scope="region")
    if published is not None and (published.template, published.year) != (
        first.template,
        first.year,
    ):
        raise ReportMismatchError(
            key="region_template", template=published.template, year=published.year,
            units_template=first.template, units_year=first.year,
        )  # fmt: skip
    labels = tuple(names) if names is not None else tuple(r.agency.name for r in inputs)
    if len(labels) != len(inputs):
        raise InvalidArgumentError(key="one_name_per_report")
    total = _sum_report(inputs, target)
    lay = layout(first.template)
    units = [(label, unstructure(r)) for label, r in zip(labels, inputs, strict=True)]
    summed = unstructure(total)
    printed = unstructure(published) if published is not None else None
    context = Context(lay, summed, units=tuple(units), published=printed)
    findings = list(run("units", context))
    return RollUp(
        report=total,
        units=tuple(inputs),
        names=labels,
        unit_results=tuple(validate(report) for report in inputs),
        result=_tables_only(validate(total)),
        findings=tuple(findings),
        published=published,
    )


def _tables_only(result: ValidationResult) -> ValidationResult:
    """The validation of a sum without the findings on its text sections: a sum has tables
    only, and no text of its own to hold against it (`TEXT_EMPTY`, `TEXT_FEE`)."""
    texts = {pointer(section.path) for section in layout(str(result.template)).text_sections}
    kept = tuple(finding for finding in result.findings if finding.pointer not in texts)
    return attrs.evolve(result, findings=kept)


def _source_name(agency: Agency) -> str:
    return agency.name + (f"（{agency.division_code}）" if agency.division_code else "")
