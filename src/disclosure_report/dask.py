"""Validate a corpus on Dask: a bag of documents, checked anywhere, results as data frames.

Needs the ``dask`` extra (``pip install 'disclosure-report[dask]'``). The work is
the same per-document function the command line uses (`bulk.check_document`),
which is stateless and picklable, so it runs unchanged on a laptop's threads or a
cluster's workers::

    from dask.distributed import Client
    from disclosure_report.dask import read_jsonl, to_dataframe, validate_bag

    client = Client("tcp://scheduler:8786")
    outcomes = validate_bag(read_jsonl(["2024/part-*.jsonl"]))
    frame = to_dataframe(outcomes).compute()

Each file is one partition: split very large JSON Lines files to spread them.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dask.bag as db
import dask.dataframe as dd
import pandas as pd

from ._bulk import Document, Outcome, check_document, read_file, read_lines
from ._errors import InvalidArgumentError

__all__ = [
    "DOCUMENT_COLUMNS",
    "FINDING_COLUMNS",
    "findings_dataframe",
    "read_files",
    "read_jsonl",
    "to_dataframe",
    "validate_bag",
    "validate_corpus",
]

DOCUMENT_COLUMNS = {
    "source": "object",
    "line": "Int64",
    "template": "object",
    "valid": "boolean",
    "errors": "int64",
    "warnings": "int64",
    "codes": "object",
    "error": "object",
    "seconds": "float64",
}
"""The columns of `to_dataframe`, one row per document, with their dtypes."""

FINDING_COLUMNS = {
    "source": "object",
    "line": "Int64",
    "template": "object",
    "code": "object",
    "severity": "object",
    "pointer": "object",
    "expected": "object",
    "actual": "object",
    "message": "object",
}
"""The columns of `findings_dataframe`, one row per finding."""


def _expand(patterns: str | Sequence[str]) -> list[str]:
    names = [patterns] if isinstance(patterns, str) else list(patterns)
    found: list[str] = []
    for name in names:
        matches = sorted(glob.glob(name)) if glob.has_magic(name) else [name]
        found.extend(matches)
    return found


def _read_lines(path: str) -> list[Document]:
    return list(read_lines(path))


def _read_file(path: str) -> list[Document]:
    return list(read_file(path))


def read_jsonl(paths: str | Sequence[str]) -> db.Bag:
    """A bag of the documents of JSON Lines files (globs allowed), one partition per file."""
    files = _expand(paths)
    return db.from_sequence(files, npartitions=max(len(files), 1)).map(_read_lines).flatten()


def read_files(paths: str | Sequence[str], *, partitions: int | None = None) -> db.Bag:
    """A bag of report files (globs and folders allowed)."""
    files = []
    for name in _expand(paths):
        path = Path(name)
        files.extend(sorted(str(p) for p in path.rglob("*.json")) if path.is_dir() else [name])
    count = partitions or max(1, min(len(files), 100))
    return db.from_sequence(files, npartitions=count).map(_read_file).flatten()


def validate_bag(documents: db.Bag, *, lang: str = "zh") -> db.Bag:
    """A bag of `Outcome`, one per document of `documents`."""
    return documents.map(check_document, lang=lang)


def _document_row(outcome: Outcome) -> dict[str, Any]:
    severities = [finding["severity"] for finding in outcome.findings]
    return {
        "source": outcome.source,
        "line": outcome.line,
        "template": outcome.template,
        "valid": outcome.valid,
        "errors": severities.count("error"),
        "warnings": severities.count("warning"),
        "codes": " ".join(sorted({finding["code"] for finding in outcome.findings})),
        "error": outcome.error,
        "seconds": outcome.seconds,
    }


def _finding_rows(outcome: Outcome) -> list[dict[str, Any]]:
    return [
        {
            "source": outcome.source,
            "line": outcome.line,
            "template": outcome.template,
            **{key: finding.get(key) for key in list(FINDING_COLUMNS)[3:]},
        }
        for finding in outcome.findings
    ]


def _meta(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def to_dataframe(outcomes: db.Bag) -> dd.DataFrame:
    """One row per document (`DOCUMENT_COLUMNS`)."""
    return outcomes.map(_document_row).to_dataframe(meta=_meta(DOCUMENT_COLUMNS))


def findings_dataframe(outcomes: db.Bag) -> dd.DataFrame:
    """One row per finding (`FINDING_COLUMNS`)."""
    rows = outcomes.map(_finding_rows).flatten()
    return rows.to_dataframe(meta=_meta(FINDING_COLUMNS))


def validate_corpus(
    files: str | Sequence[str] = (), jsonl: str | Sequence[str] = (), *, lang: str = "zh"
) -> dd.DataFrame:
    """Report files and JSON Lines validated on Dask, one row per document."""
    bags = []
    if files:
        bags.append(read_files(files))
    if jsonl:
        bags.append(read_jsonl(jsonl))
    if not bags:
        raise InvalidArgumentError("give report files or JSON Lines files")
    documents = db.concat(bags) if len(bags) > 1 else bags[0]
    return to_dataframe(validate_bag(documents, lang=lang))
