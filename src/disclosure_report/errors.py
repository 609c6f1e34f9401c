"""The exceptions the library raises: every one is a `DisclosureReportError`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import Finding

__all__ = [
    "DisclosureReportError",
    "InvalidReportError",
    "MissingExtraError",
    "ReportMismatchError",
    "ReportSyntaxError",
]


class DisclosureReportError(Exception):
    """The base class of every error this library raises on purpose."""


class ReportSyntaxError(DisclosureReportError, ValueError):
    """The input is not a JSON document this library reads.

    `line` and `column` (1-based) say where, when the problem has a place.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message = message
        self.line = line
        self.column = column
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(f"{message}{where}")


class InvalidReportError(DisclosureReportError, ValueError):
    """The document breaks its template's structure; `findings` says where."""

    def __init__(self, findings: Sequence[Finding]):
        self.findings = tuple(findings)
        shown = "; ".join(f"{f.pointer or '/'}: {f.detail}" for f in self.findings[:3])
        more = f" (and {len(self.findings) - 3} more)" if len(self.findings) > 3 else ""
        super().__init__(f"{len(self.findings)} structural problem(s): {shown}{more}")


class ReportMismatchError(DisclosureReportError, ValueError):
    """Reports that cannot be taken together: other agencies, years or templates."""


class MissingExtraError(DisclosureReportError, ImportError):
    """The input needs an optional dependency that is not installed; the message says which
    extra installs it."""
