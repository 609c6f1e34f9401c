"""A panel of a corpus: one long table of every cell of every imported report, with where it
came from, for research across agencies and years.

Each record is an export record (`_export.FIELDS`: agency identity, year, template, table,
row, column, the `comparable` key the template declarations give, value, blank) with what
the import adds: whether the cell was `unread`, and its provenance — the `source` file, its
`sha256`, and `where` in the file the value was printed. The records of `import` over a
corpus are the input: its JSON Lines, or the ``index.jsonl`` of a run with ``--output-dir``,
whose records name the `file` beside the index that holds their report
(`saved_report_name`); refused files have no report and give no record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ._errors import InvalidArgumentError, MissingExtraError
from ._export import FIELDS, to_records
from ._identity import Renames
from ._jsonio import structure

__all__ = [
    "PANEL_FIELDS", "is_import_record", "panel_records", "saved_report_name", "write_partitioned",
]  # fmt: skip

PANEL_FIELDS = (*FIELDS, "unread", "source", "sha256", "where")
"""The keys of every panel record, in order."""


def is_import_record(data: Any) -> bool:
    """Whether a JSON value is a record of `import` over a corpus, not a report."""
    return isinstance(data, dict) and "sha256" in data and "outcome" in data and "source" in data


def saved_report_name(record: Mapping[str, Any]) -> str | None:
    """The name of the file beside an ``--output-dir`` run's index that holds a record's
    report; None for a record that holds its report itself, or has none (a refused file).
    Raises `InvalidArgumentError` for a name that is not a plain file name: the index names
    files in its own folder, never elsewhere."""
    if "report" in record or record.get("outcome") == "refused" or "file" not in record:
        return None
    name = record["file"]
    if not isinstance(name, str) or name in ("", ".", "..") or Path(name).name != name:
        raise InvalidArgumentError(key="index_file_elsewhere", name=name)
    return name


def panel_records(
    record: Mapping[str, Any], *, renames: Renames | None = None
) -> list[dict[str, Any]]:
    """One panel record per value cell of an imported report (keys: `PANEL_FIELDS`); none
    for a refused file. A cell the import could not read is `unread`, not `blank`."""
    document = record.get("report")
    if not isinstance(document, dict):
        return []
    unread = document.get("unread") or {}
    provenance: Mapping[str, str] = record.get("provenance") or {}
    rows = to_records(structure(document), renames=renames)
    for row in rows:
        pointer = row["pointer"]
        row["unread"] = pointer in unread
        row["blank"] = row["blank"] and not row["unread"]
        row["source"] = record["source"]
        row["sha256"] = record["sha256"]
        row["where"] = provenance.get(pointer)
    return rows


def _schema(pa: Any) -> Any:
    return pa.schema(
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
            ("unread", pa.bool_()),
            ("source", pa.string()),
            ("sha256", pa.string()),
            ("where", pa.string()),
        ]
    )


def write_partitioned(batches: Iterable[list[dict[str, Any]]], folder: str | Path) -> None:
    """Panel records into a Parquet dataset partitioned by year (``year=2024/…``), batch by
    batch (needs pyarrow). `value` is a float64 column; `value_text` keeps the exact digits."""
    try:
        import pyarrow as pa
        import pyarrow.dataset as ds
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(key="parquet_needs_pyarrow") from None
    schema = _schema(pa)

    def tables() -> Iterator[Any]:
        for batch in batches:
            if not batch:
                continue
            rows = [
                {
                    **{key: record.get(key) for key in PANEL_FIELDS},
                    "value": None if record["value"] is None else float(record["value"]),
                    "value_text": None if record["value"] is None else str(record["value"]),
                }
                for record in batch
            ]
            yield from pa.Table.from_pylist(rows, schema=schema).to_batches()

    partitioning = ds.partitioning(pa.schema([("year", pa.int32())]), flavor="hive")
    ds.write_dataset(
        tables(), str(folder), schema=schema, format="parquet", partitioning=partitioning,
        existing_data_behavior="delete_matching", use_threads=False,  # rows in input order
    )  # fmt: skip
