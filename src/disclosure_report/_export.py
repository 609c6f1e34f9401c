"""Tidy export: one record per cell, the shape data-frame users expect."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ._declare import Report
from ._errors import MissingExtraError
from ._identity import Renames, agency_key
from ._jsonio import unstructure
from ._jsontext import encode
from ._layout import Label, layout, unit_at, value_at
from ._revisions import comparable

__all__ = ["FIELDS", "ParquetWriter", "csv_cell", "to_records", "write_csv", "write_jsonl"]


FIELDS = (
    "agency",
    "agency_key",
    "credit_code",
    "division_code",
    "year",
    "template",
    "table",
    "table_label",
    "row",
    "row_label",
    "column",
    "column_label",
    "pointer",
    "comparable",
    "value",
    "value_unit",
    "blank",
)
"""The keys of every record, in order. `value_unit` is the unit of an amount: 万元, or for
an amount whose template prints no unit the one its report states (None where it states
none); None for a count."""


def _joined(labels: tuple[Label, ...]) -> str:
    return " · ".join(label.zh for label in labels)


def to_records(report: Report, *, renames: Renames | None = None) -> list[dict[str, Any]]:
    """One record per value cell of `report`, in printed order (keys: `FIELDS`).

    `agency_key` groups an agency's reports across years (`identity.agency_key`; `renames`
    maps former names to current ones). `comparable` is equal for cells of reports in
    different templates exactly when they hold the same quantity (`comparable`): the
    template and pointer of the oldest cell this one is carried from unchanged.
    """
    document = unstructure(report)
    key = agency_key(report, renames=renames)
    lay = layout(report.template)
    records = []
    for cell in lay.cells:
        value = value_at(document, cell.path)
        place = lay.fields[cell.pointer]
        records.append(
            {
                "agency": report.agency.name,
                "agency_key": key,
                "credit_code": report.agency.credit_code,
                "division_code": report.agency.division_code,
                "year": report.year,
                "template": report.template,
                "table": cell.table.key,
                "table_label": cell.table.name.zh,
                "row": "/".join(cell.row.path[1:]),
                "row_label": _joined(place.row),
                "column": cell.column.key,
                "column_label": _joined(place.column),
                "pointer": cell.pointer,
                "comparable": comparable(cell.pointer, lay.template),
                "value": value,
                "value_unit": unit_at(document, cell) if cell.kind == "money" else None,
                "blank": value is None,
            }
        )
    return records


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""What makes Excel, WPS or LibreOffice take a cell of a CSV file for a formula."""


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: a text that would start a formula (``=HYPERLINK(…)``) is
    written with a leading apostrophe, which spreadsheets show as text; numbers (``-5``)
    are numbers and pass as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(
    records: Iterable[Mapping[str, Any]],
    out: IO[str],
    *,
    header: bool = True,
    fields: Sequence[str] = FIELDS,
) -> None:
    """Records as CSV: blank values as empty fields, money with its own digits, flags as
    ``true``/``false``, and no text that a spreadsheet would take for a formula (see
    `csv_cell`)."""
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    if header:
        writer.writeheader()
    for record in records:
        writer.writerow({key: _csv_value(key, value) for key, value in record.items()})


def _csv_value(key: str, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if key == "value":
        return str(value)
    return csv_cell(value)


def write_jsonl(records: Iterable[Mapping[str, Any]], out: IO[str]) -> None:
    """Records as JSON Lines, numbers exact."""
    for record in records:
        out.write(encode(dict(record), indent=None) + "\n")


class ParquetWriter:
    """Records into a Parquet file, a row group per batch (needs pyarrow).

    `value` is a float64 column for analysis; `value_text` keeps the exact digits.
    """

    def __init__(self, path: str | Path):
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - depends on the installed extras
            raise MissingExtraError(key="parquet_needs_pyarrow") from None
        self._pa = pa
        self._schema = pa.schema(
            [
                ("agency", pa.string()),
                ("agency_key", pa.string()),
                ("credit_code", pa.string()),
                ("division_code", pa.string()),
                ("year", pa.int32()),
                ("template", pa.string()),
                ("table", pa.string()),
                ("table_label", pa.string()),
                ("row", pa.string()),
                ("row_label", pa.string()),
                ("column", pa.string()),
                ("column_label", pa.string()),
                ("pointer", pa.string()),
                ("comparable", pa.string()),
                ("value", pa.float64()),
                ("value_text", pa.string()),
                ("value_unit", pa.string()),
                ("blank", pa.bool_()),
            ]
        )
        self._writer = pq.ParquetWriter(str(path), self._schema)

    def write(self, records: Iterable[Mapping[str, Any]]) -> None:
        rows = [
            {
                **record,
                "value": None if record["value"] is None else float(record["value"]),
                "value_text": None if record["value"] is None else str(record["value"]),
            }
            for record in records
        ]
        self._writer.write_table(self._pa.Table.from_pylist(rows, schema=self._schema))

    def close(self) -> None:
        self._writer.close()
