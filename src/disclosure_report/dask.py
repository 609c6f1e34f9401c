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

A JSON Lines file is cut into partitions by byte range (`read_jsonl`'s ``blocksize``),
each worker reading its own lines: one large file keeps every worker busy, with the
memory of one partition each.

Importing published reports runs the same way: `import_corpus` lists the files of folders
and globs as `disclosure-report import` does, and imports each with the function the
command line uses (`_corpus.import_file`), into the same records::

    imported = import_corpus(["reports/**/*.pdf"]).compute()
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dask.bag as db
import dask.dataframe as dd
import pandas as pd

from ._bulk import Document, Outcome, Span, check_document, read_file, read_lines, read_span, spans
from ._corpus import Imported, import_file, published_files
from ._errors import InvalidArgumentError

__all__ = [
    "DOCUMENT_COLUMNS",
    "FINDING_COLUMNS",
    "IMPORTED_COLUMNS",
    "findings_dataframe",
    "import_bag",
    "import_corpus",
    "imported_dataframe",
    "read_files",
    "read_jsonl",
    "read_published",
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


def _read_span(span: Span) -> list[Document]:
    return list(read_span(span))


PARTITION_BYTES = 32 << 20
"""Bytes of JSON Lines in a partition of `read_jsonl`, by default."""


def read_jsonl(paths: str | Sequence[str], *, blocksize: int = PARTITION_BYTES) -> db.Bag:
    """A bag of the documents of JSON Lines files (globs allowed), one partition per span of
    about `blocksize` bytes: a large file is spread over every worker, each reading its own
    lines. Stdin and what is not a regular file make one partition each."""
    parts: list[Span | str] = []
    for name in _expand(paths):
        if name != "-" and Path(name).is_file():
            parts.extend(spans(name, blocksize))
        else:
            parts.append(name)
    bag = db.from_sequence(parts, npartitions=max(len(parts), 1))
    return bag.map(
        lambda part: _read_lines(part) if isinstance(part, str) else _read_span(part)
    ).flatten()


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
        raise InvalidArgumentError(key="dask_no_files")
    documents = db.concat(bags) if len(bags) > 1 else bags[0]
    return to_dataframe(validate_bag(documents, lang=lang))


# --- importing published reports ----------------------------------------------------

IMPORTED_COLUMNS = {
    "source": "object",
    "sha256": "object",
    "form": "object",
    "outcome": "object",
    "reason": "object",
    "template": "object",
    "valid": "boolean",
    "findings": "int64",
}
"""The columns of `imported_dataframe`, one row per file, with their dtypes."""


def read_published(
    paths: str | Sequence[str], *, partitions: int | None = None, lang: str = "zh"
) -> db.Bag:
    """A bag of the published reports of files, folders and globs, listed here as
    `disclosure-report import` lists them (what cannot be listed is a refused record, its
    `error` in `lang`)."""
    listed = [paths] if isinstance(paths, str) else list(paths)
    items = list(published_files(listed, lang))
    count = partitions or max(1, min(len(items), 256))
    return db.from_sequence(items, npartitions=count)


def _import_item(item: str | Imported, lang: str) -> Imported:
    return item if isinstance(item, Imported) else import_file(item, lang, jobs=1)


def import_bag(paths: db.Bag, *, lang: str = "zh") -> db.Bag:
    """A bag of `Imported` records, one per path of `paths`, as the local import gives them."""
    return paths.map(_import_item, lang=lang)


def import_corpus(
    paths: str | Sequence[str], *, lang: str = "zh", partitions: int | None = None
) -> db.Bag:
    """Published reports of files, folders and globs imported on Dask, one record a file."""
    return import_bag(read_published(paths, partitions=partitions), lang=lang)


def _imported_row(item: Imported) -> dict[str, Any]:
    return {
        "source": item.source,
        "sha256": item.sha256,
        "form": item.form,
        "outcome": item.outcome,
        "reason": item.reason,
        "template": item.template,
        "valid": item.valid,
        "findings": len(item.findings),
    }


def imported_dataframe(imported: db.Bag) -> dd.DataFrame:
    """One row per file of a bag of `Imported` (`IMPORTED_COLUMNS`)."""
    return imported.map(_imported_row).to_dataframe(meta=_meta(IMPORTED_COLUMNS))
