"""What a report's workbook holds besides its tables, as its writer and its reader share it:
the names of its other sheets, and the rows of its basic information.

The rows of 基本信息 are fields of the report, printed with the labels the templates
declare for them; `basic_fields` reads those labels from the layout.
"""

from __future__ import annotations

from typing import Any

from ._layout import Layout, common_label, path_of
from ._templates._common import SCOPES

__all__ = [
    "BASICS", "BASIC_POINTERS", "basic_fields", "basic_value", "notes_sheet", "sections_sheet",
    "shown_value",
]  # fmt: skip

BASICS = "基本信息"
"""The sheet of the report's fields that are not in a table: template, year, agency."""

BASIC_POINTERS = (
    "/template",
    "/year",
    "/agency/name",
    "/agency/credit_code",
    "/agency/division_code",
    "/agency/scope",
)
"""The fields 基本信息 holds, in order."""


def basic_fields(lay: Layout) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(label as printed, path) of each row of 基本信息 in `lay`'s template."""
    return tuple((lay.fields[at].labels[-1].zh, path_of(at)) for at in BASIC_POINTERS)


def sections_sheet() -> str:
    """The sheet of the text sections, verbatim: named as the templates name the texts."""
    return common_label("/sections").zh


def notes_sheet() -> str:
    """The sheet of the notes, by JSON Pointer: named as the templates name the notes."""
    return common_label("/notes").zh


def shown_value(at: str, value: Any) -> Any:
    """A field of 基本信息 as the sheet shows it: the scope as 本机关 or 本级政府."""
    if at == "/agency/scope" and isinstance(value, str) and value in SCOPES:
        return SCOPES[value].zh
    return value


def basic_value(at: str, value: Any) -> Any:
    """A field of 基本信息 as the report holds it: a scope typed as 本机关 or 本级政府 (or
    as the contract's word) is the contract's word."""
    if at == "/agency/scope" and isinstance(value, str):
        typed = value.strip()
        for key, label in SCOPES.items():
            if typed in (key, label.zh):
                return key
    return value
