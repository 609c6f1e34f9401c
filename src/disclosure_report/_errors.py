"""The exceptions the library raises: every one is a `DisclosureReportError`.

Each also derives from the built-in exception a caller would expect (`ValueError` for
input that cannot be used, `KeyError` for a lookup, `ImportError` for a missing extra),
so that ``except ValueError`` written against the standard library keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class _Found(Protocol):
    """What an error says of a finding: where, and the validator's words."""

    @property
    def pointer(self) -> str: ...

    @property
    def detail(self) -> str: ...


__all__ = [
    "ArchiveError",
    "DeclarationError",
    "DisclosureReportError",
    "ImportLimitExceeded",
    "InvalidArgumentError",
    "InvalidReportError",
    "LimitExceeded",
    "MissingExtraError",
    "NotAReportError",
    "NotInTemplateError",
    "RenamesError",
    "RenderError",
    "ReportMismatchError",
    "ReportSyntaxError",
    "RosterError",
    "ScannedReportError",
    "UnknownTemplateError",
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
    """The document breaks its template's structure; `findings` (`Finding`) says where."""

    findings: tuple[Any, ...]

    def __init__(self, findings: Sequence[_Found]):
        self.findings = tuple(findings)
        shown = "; ".join(f"{f.pointer or '/'}: {f.detail}" for f in self.findings[:3])
        more = f" (and {len(self.findings) - 3} more)" if len(self.findings) > 3 else ""
        super().__init__(f"{len(self.findings)} structural problem(s): {shown}{more}")


class ReportMismatchError(DisclosureReportError, ValueError):
    """Reports that cannot be taken together: other agencies, years or templates."""


class _Lookup(DisclosureReportError, KeyError):
    """A lookup that found nothing. Its text is the message as given (a `KeyError` would
    show it in quotes)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownTemplateError(_Lookup):
    """A template id that the templates in use do not have (`templates`)."""


class NotInTemplateError(_Lookup):
    """A table, row, column or place that the template does not have."""


class InvalidArgumentError(DisclosureReportError, ValueError):
    """An argument outside what the library knows: an unknown format, language or file
    suffix, a value that has no JSON form, names that do not match the reports."""


class RenderError(DisclosureReportError, ValueError):
    """A report that cannot be written as asked: findings a format cannot show, text a
    workbook cannot hold."""


class DeclarationError(DisclosureReportError, TypeError):
    """A template declaration the library cannot use: a field without a label, a pattern
    that means different things in different regular expression dialects, a type with no
    schema, a correspondence naming rows the templates do not have."""


class MissingExtraError(DisclosureReportError, ImportError):
    """The input needs an optional dependency that is not installed; the message says which
    extra installs it."""


class LimitExceeded(DisclosureReportError, ValueError):
    """An input (or an output) larger than a limit allows (`LIMITS`)."""


class ArchiveError(LimitExceeded):
    """A zip archive (a Word file, a workbook) that cannot be read at all: refused as what
    cannot be measured against the limits, and told apart from one that is too large."""


class NotAReportError(DisclosureReportError, ValueError):
    """The input holds no table of an annual report, or cannot be read as its format."""


class ScannedReportError(NotAReportError):
    """A PDF with no table in its text layer and pages that have no text layer at all:
    scans, which only OCR could read. `pages` lists them (1-based), of `total`."""

    def __init__(self, message: str, pages: Sequence[int], total: int):
        self.pages = tuple(pages)
        self.total = total
        super().__init__(message)


class ImportLimitExceeded(NotAReportError, LimitExceeded):
    """An input to import larger than a limit allows: both a `NotAReportError` (the import
    reads nothing of it) and a `LimitExceeded` (the message names the limit and how to set
    it), so that a caller can tell it from an input that holds no report."""


class RenamesError(DisclosureReportError, ValueError):
    """A rename map that cannot be used: an unreadable file, a malformed or circular entry."""


class RosterError(DisclosureReportError, ValueError):
    """A roster that cannot be read: a missing column, an unknown level, a bad date."""
