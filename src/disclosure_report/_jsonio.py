"""Reports in and out of JSON text."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

import cattrs

from ._converter import converter
from ._declare import Report
from ._errors import InvalidReportError
from ._findings import Finding
from ._jsontext import encode, encode_typed, parse
from ._structure import read_typed, structure_findings, typed
from ._templates import templates

__all__ = ["dump", "dumps", "load", "loads", "structure", "unstructure"]

Source = str | os.PathLike[str] | IO[bytes] | IO[str]


def _cattrs_findings(error: Exception) -> list[Finding]:
    """Findings for what the converter refused, should the schema have let it pass."""
    return [
        Finding(code="SCHEMA", severity="error", pointer="", keyword="type", detail=message)
        for message in cattrs.transform_error(error)
    ]


def structure(document: Any) -> Report:
    """A report from a parsed JSON document; raises `InvalidReportError` listing every problem."""
    template, findings = structure_findings(document)
    if findings or template is None:
        raise InvalidReportError(findings)
    return _convert(document, template)


def _convert(document: Any, template: str) -> Report:
    """The report of a document whose structure is known to be right."""
    try:
        report: Report = converter.structure(document, templates()[template].report_class)
    except (cattrs.BaseValidationError, TypeError, ValueError) as error:
        raise InvalidReportError(_cattrs_findings(error)) from None
    return report


def unstructure(report: Report) -> dict[str, Any]:
    """The parsed JSON document of a report (wire keys, `Decimal` for money)."""
    document: dict[str, Any] = converter.unstructure(report)
    return document


def loads(text: str | bytes) -> Report:
    """A report from JSON text, dispatched on its ``template``.

    Raises `ReportSyntaxError` for text that is not JSON and `InvalidReportError`
    for a document that breaks its template's structure. Arithmetic is not
    checked here: use `validate`.
    """
    document = read_typed(text)
    if document is None:
        return structure(parse(text))
    return _convert(document, document["template"])


def dumps(report: Report, *, indent: int | None = 2) -> str:
    """JSON text of a report, keys in template order, money with the digits it holds."""
    document = unstructure(report)
    if indent == 2 and typed(document):
        text = encode_typed(document)
        if text is not None:
            return text
    return encode(document, indent)


def _read(source: Source) -> str | bytes:
    if isinstance(source, (str, os.PathLike)):
        return Path(source).read_bytes()
    return source.read()


def load(source: Source) -> Report:
    """A report from a path or an open file (binary or text)."""
    return loads(_read(source))


def dump(report: Report, target: str | os.PathLike[str] | IO[str]) -> None:
    """Write a report as JSON text to a path or an open text file."""
    text = dumps(report) + "\n"
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_text(text, encoding="utf-8")
    else:
        target.write(text)
