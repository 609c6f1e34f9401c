"""The exceptions the library raises: every one is a `DisclosureReportError`.

Each also derives from the built-in exception a caller would expect (`ValueError` for
input that cannot be used, `KeyError` for a lookup, `ImportError` for a missing extra),
so that ``except ValueError`` written against the standard library keeps working.

An error raised by the library is data: `key` names its words in `_error_words` and `values`
go into them. `str(error)` says it in English; `error.words(lang)` in Chinese or English (the
command line says it in its ``--lang``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol


def _say(key: str, lang: str, values: Mapping[str, object]) -> str:
    """The words of `key` in `lang` with `values` (`_error_words`, imported when an error
    is first made: a run that meets none never reads them)."""
    from ._error_words import say

    return say(key, lang, values)


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
    """The base class of every error this library raises on purpose.

    Raised with `key` (and the values its words take), it carries them as data and its text
    is their English words; raised with a text alone, it says that text in every language.
    """

    key: str | None = None
    values: Mapping[str, object] = {}

    def __init__(self, *args: object, key: str | None = None, **values: object) -> None:
        if key is not None:
            args = (_say(key, "en", values), *args)
            self.key = key
            self.values = values
        super().__init__(*args)

    def words(self, lang: str = "en") -> str:
        """The error in `lang` (``"zh"`` or ``"en"``)."""
        return str(self) if self.key is None else _say(self.key, lang, self.values)

    def recast(self, kind: type[DisclosureReportError]) -> DisclosureReportError:
        """The same words as an error of `kind`."""
        if self.key is None:
            return kind(str(self))
        return kind(key=self.key, **self.values)


class ReportSyntaxError(DisclosureReportError, ValueError):
    """The input is not a JSON document this library reads.

    `line` and `column` (1-based) say where, when the problem has a place.
    """

    def __init__(
        self,
        message: str = "",
        line: int | None = None,
        column: int | None = None,
        *,
        key: str | None = None,
        **values: object,
    ) -> None:
        self.message = message if key is None else _say(key, "en", values)
        self.line = line
        self.column = column
        super().__init__(f"{self.message}{self._where('en')}")
        if key is not None:
            self.key = key
            self.values = values

    def words(self, lang: str = "en") -> str:
        said = self.message if self.key is None else _say(self.key, lang, self.values)
        return f"{said}{self._where(lang)}"

    def _where(self, lang: str) -> str:
        if self.line is None:
            return ""
        return _say("line_column", lang, {"line": self.line, "column": self.column})

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (type(self), self.message, self.line, self.column, self.key,
                           dict(self.values)))  # fmt: skip


class InvalidReportError(DisclosureReportError, ValueError):
    """The document breaks its template's structure; `findings` (`Finding`) says where."""

    findings: tuple[Any, ...]

    def __init__(self, findings: Sequence[_Found]):
        self.findings = tuple(findings)
        shown = "; ".join(f"{f.pointer or '/'}: {f.detail}" for f in self.findings[:3])
        hidden = len(self.findings) - 3
        from ._error_words import Phrase

        more = Phrase.of("and_more", count=hidden) if hidden > 0 else ""
        super().__init__(
            key="structural_problems", count=len(self.findings), shown=shown, more=more
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.findings,))


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

    def __init__(self, pages: Sequence[int], total: int):
        self.pages = tuple(pages)
        self.total = total
        from ._error_words import Pages

        super().__init__(key="scanned_pdf", pages=Pages(self.pages), total=total)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.pages, self.total))


class ImportLimitExceeded(NotAReportError, LimitExceeded):
    """An input to import larger than a limit allows: both a `NotAReportError` (the import
    reads nothing of it) and a `LimitExceeded` (the message names the limit and how to set
    it), so that a caller can tell it from an input that holds no report."""


class RenamesError(DisclosureReportError, ValueError):
    """A rename map that cannot be used: an unreadable file, a malformed or circular entry."""


class RosterError(DisclosureReportError, ValueError):
    """A roster that cannot be read: a missing column, an unknown level, a bad date."""


class SaidOSError(OSError):
    """An `OSError` the library raises itself (an output it cannot write, a worker process
    lost), with words in either language as its other errors have: `key` names them in
    `_error_words`; `errno` is the number of the operating system's complaint, if any."""

    key: str
    values: Mapping[str, object]

    def __init__(self, number: int | None = None, *, key: str, **values: object) -> None:
        super().__init__(_say(key, "en", values))
        self.errno = number
        self.key = key
        self.values = values

    def words(self, lang: str = "en") -> str:
        """The error in `lang` (``"zh"`` or ``"en"``)."""
        return _say(self.key, lang, self.values)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_said_again, (type(self), self.errno, self.key, dict(self.values)))


def _said_again(
    kind: type[SaidOSError], number: int | None, key: str, values: dict[str, Any]
) -> SaidOSError:
    """A `SaidOSError` unpickled, with its key and values."""
    return kind(number, key=key, **values)


def _rebuilt(
    kind: type[ReportSyntaxError],
    message: str,
    line: int | None,
    column: int | None,
    key: str | None,
    values: dict[str, Any],
) -> ReportSyntaxError:
    """A `ReportSyntaxError` unpickled, with its key and values."""
    if key is None:
        return kind(message, line, column)
    return kind(line=line, column=column, key=key, **values)
