"""What a report's workbook holds besides its tables, as its writer and its reader share it:
the names of its other sheets, and the rows of its basic information.

The rows of 基本信息 are fields of the report, printed with the labels the templates
declare for them; `basic_fields` reads those labels from the layout.
"""

from __future__ import annotations

from ._layout import Layout, path_of

__all__ = ["BASICS", "BASIC_POINTERS", "NOTES_SHEET", "SECTIONS_SHEET", "basic_fields"]

BASICS = "基本信息"
"""The sheet of the report's fields that are not in a table: template, year, agency."""
SECTIONS_SHEET = "正文"
"""The sheet of the text sections, verbatim."""
NOTES_SHEET = "注释"
"""The sheet of the notes, by JSON Pointer."""

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
