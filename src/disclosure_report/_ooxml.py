"""Word files and workbooks, counted before a parser builds them.

python-docx and openpyxl build every element of an archive's XML in memory, and openpyxl
makes an object for every position of a merged area (``A1:XFD1048576`` holds 1.7·10¹⁰).
`scan` reads each XML member once as a stream, building nothing: it refuses a DTD (so no
entity is ever expanded), draws every element on the budget's XML elements, and a
workbook's cells, merged areas and shared texts on its cells.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any
from xml.parsers import expat

import attrs

from ._limits import Budget

__all__ = ["Scan", "scan"]

_REFERENCE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$")


@attrs.frozen
class Scan:
    """What the scan of an archive found beside its counts."""

    formulas: bool
    """Whether a worksheet holds a formula (whose cached value is what a reader wants)."""


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def area(reference: str) -> int:
    """The positions a range such as ``B2:D10`` covers (1 for what is not a range)."""
    found = _REFERENCE.match(reference.strip().upper())
    if not found or found.group(3) is None:
        return 1
    first_column, first_row = _column(found.group(1)), int(found.group(2))
    last_column, last_row = _column(found.group(3)), int(found.group(4))
    return (abs(last_column - first_column) + 1) * (abs(last_row - first_row) + 1)


class _Counter:
    """The handlers of one member's parse."""

    def __init__(self, budget: Budget, part: str, workbook: bool) -> None:
        self.budget = budget
        self.part = part
        self.workbook = workbook
        self.sheet = workbook and part.startswith("xl/worksheets/")
        self.formulas = False
        self.elements = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements >= 1024:
            self.budget.draw_elements(self.elements, self.part)
            self.elements = 0
        if not self.workbook:
            return
        local = name.rpartition(" ")[2]
        if (local == "c" and self.sheet) or local == "si":
            self.budget.draw_cells(1, "xml_cells")
        elif local == "mergeCell" and self.sheet:
            covered = area(attributes.get("ref", ""))
            self.budget.draw_cells(covered, "xml_cells")
        elif local == "f" and self.sheet:
            self.formulas = True

    def refuse_dtd(self, *_: Any) -> None:
        raise ValueError(f"{self.part} declares a DTD; entities are never read")


_BROKEN = (
    zipfile.BadZipFile, zlib.error, EOFError, LookupError, expat.ExpatError, OSError,
    NotImplementedError, RuntimeError,
)  # fmt: skip
"""What reading a broken archive raises: a bad zip, a corrupt or encrypted member, a bad
compression method, XML that is not well formed or names an unknown encoding."""


def scan(data: bytes, budget: Budget, kind: str) -> Scan:
    """Count the XML of a Word file (``docx``) or workbook (``xlsx``) on `budget`.

    Raises `ValueError` for an archive or XML that cannot be read, and `LimitExceeded`.
    """
    formulas = False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                    formulas = _scan_member(archive, member, budget, kind) or formulas
    except _BROKEN as error:
        raise ValueError(f"{type(error).__name__}: {error}") from None
    return Scan(formulas=formulas)


def _scan_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: Budget, kind: str
) -> bool:
    """Count one XML member; whether it holds a formula."""
    counter = _Counter(budget, member.filename, kind == "xlsx")
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = counter.start
    parser.StartDoctypeDeclHandler = counter.refuse_dtd
    parser.EntityDeclHandler = counter.refuse_dtd
    with archive.open(member) as stream:
        parser.ParseFile(stream)
    budget.draw_elements(counter.elements, member.filename)
    return counter.formulas
