"""Limits on what is read and written, so that hostile input cannot exhaust time or memory.

Each limit can be changed through an environment variable, read when the library is
imported, or by assigning to the attribute of `LIMITS` at run time. A `Budget` is what
one import or one rendering may still spend of them: every reader and renderer draws
on it as it goes, and the first draw beyond a limit raises `LimitExceeded`, saying
which limit and which variable changes it.
"""

from __future__ import annotations

import io
import os
import stat
from typing import IO, TYPE_CHECKING

import attrs

from ._errors import ArchiveError, LimitExceeded

if TYPE_CHECKING:
    from pathlib import Path

    from ._error_words import Phrase, Thing

__all__ = [
    "LIMITS",
    "Budget",
    "LimitExceeded",
    "Limits",
    "as_written",
    "check_size",
    "check_zip",
    "pathlib_name",
    "read_bounded",
]


def _from_environment(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@attrs.define
class Limits:
    """The limits in force."""

    document_bytes: int = _from_environment("DISCLOSURE_REPORT_MAX_BYTES", 16 * 2**20)
    """A JSON report: 16 MiB (a real one is a few dozen KiB)."""
    import_bytes: int = _from_environment("DISCLOSURE_REPORT_MAX_IMPORT_BYTES", 64 * 2**20)
    """A published report to import (HTML, PDF, Word, workbook, text): 64 MiB."""
    unzipped_bytes: int = _from_environment("DISCLOSURE_REPORT_MAX_UNZIPPED_BYTES", 256 * 2**20)
    """All members of a Word file or workbook, or all streams of a PDF, decompressed."""
    zip_members: int = _from_environment("DISCLOSURE_REPORT_MAX_ZIP_MEMBERS", 10_000)
    """Members of a Word file or workbook."""
    xml_elements: int = _from_environment("DISCLOSURE_REPORT_MAX_XML_ELEMENTS", 1_000_000)
    """Elements of a Word file's or workbook's XML (counted before a parser builds them), or
    of an HTML page."""
    cells: int = _from_environment("DISCLOSURE_REPORT_MAX_CELLS", 200_000)
    """Table cells and lines of text of one input, a cell counted at every grid position
    its spans cover (for a workbook: the cells present, merged areas and shared texts)."""
    characters: int = _from_environment("DISCLOSURE_REPORT_MAX_CHARACTERS", 1_000_000)
    """Characters of the text lines and cells of one input, all that the recognizer reads."""
    pdf_pages: int = _from_environment("DISCLOSURE_REPORT_MAX_PDF_PAGES", 200)
    """Pages of a PDF read for import."""
    pdf_page_bytes: int = _from_environment("DISCLOSURE_REPORT_MAX_PDF_PAGE_BYTES", 2 * 2**20)
    """Content drawn on one page of a PDF, decompressed (a form drawn twice counts twice)."""
    pdf_content_bytes: int = _from_environment(
        "DISCLOSURE_REPORT_MAX_PDF_CONTENT_BYTES", 16 * 2**20
    )
    """Content drawn on all pages of a PDF, decompressed, counted as for one page."""
    pdf_page_operators: int = _from_environment("DISCLOSURE_REPORT_MAX_PDF_PAGE_OPERATORS", 100_000)
    """Operators (drawing, text and state) executed for one page of a PDF."""
    pdf_page_objects: int = _from_environment("DISCLOSURE_REPORT_MAX_PDF_PAGE_OBJECTS", 10_000)
    """What one page of a PDF draws: each glyph, image and path segment."""
    pdf_objects: int = _from_environment("DISCLOSURE_REPORT_MAX_PDF_OBJECTS", 100_000)
    """What all pages of a PDF draw, counted as for one page."""
    output_bytes: int = _from_environment("DISCLOSURE_REPORT_MAX_OUTPUT_BYTES", 64 * 2**20)
    """One rendered report (HTML, Markdown, text, workbook, Word)."""
    output_lines: int = _from_environment("DISCLOSURE_REPORT_MAX_OUTPUT_LINES", 10_000)
    """Lines of text (paragraphs, notes, findings) one rendered report holds beside its
    tables: Word takes time that grows with the square of their number."""


LIMITS = Limits()
"""The limits in force; change an attribute to change a limit."""


def _mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def check_size(size: int, limit: int, what: Thing, variable: str) -> None:
    """Refuse `size` bytes above `limit`, saying how to raise the limit."""
    if size > limit:
        from ._error_words import Phrase  # the words: for a refusal alone

        raise LimitExceeded(
            key="too_large", what=Phrase(what), size=_mib(size), limit=_mib(limit),
            variable=variable,
        )  # fmt: skip


def read_bounded(
    source: str | os.PathLike[str] | IO[bytes], limit: int, what: Thing, variable: str
) -> bytes:
    """The bytes of a file or stream, refused once they pass `limit`.

    A regular file is measured before it is read; anything else (a pipe, a device,
    standard input) is read up to one byte past the limit, so that ``/dev/zero`` or
    an endless stream is refused instead of read forever.
    """
    if not isinstance(source, (str, os.PathLike)):
        return _read_stream(source, limit, what, variable)
    with open(pathlib_name(source), "rb") as stream:
        status = os.fstat(stream.fileno())
        if stat.S_ISREG(status.st_mode):
            check_size(status.st_size, limit, what, variable)
        return _read_stream(stream, limit, what, variable)


def as_written(name: str) -> bool:
    """Whether pathlib reads the file name `name` as it is written — on POSIX, a name with
    no empty or ``.`` part for pathlib to drop — so that the operating system, given `name`,
    is given what pathlib would give it (pathlib, with what it imports, is a few
    milliseconds of the start of a command that reads one file)."""
    if not name or os.sep != "/" or os.altsep is not None:
        return False
    parts = name.split("/")
    return all(part not in ("", ".") for part in (parts[1:] if parts[0] == "" else parts))


def pathlib_name(source: str | os.PathLike[str]) -> str | Path:
    """What to open for `source` to open what pathlib would: its name when pathlib reads it
    as written (`as_written`), else pathlib's path of it."""
    name = os.fspath(source)
    if isinstance(name, str) and as_written(name):
        return name
    from pathlib import Path

    return Path(source)


def _read_stream(stream: IO[bytes], limit: int, what: Thing, variable: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        from ._error_words import Phrase

        raise LimitExceeded(
            key="too_large_stream", what=Phrase(what), limit=_mib(limit), variable=variable
        )
    return data


def check_zip(source: Path | bytes) -> None:
    """Refuse a zip archive (Word file, workbook) that would decompress beyond the limits."""
    import zipfile  # for the Word files and workbooks alone

    handle = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (
        zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError
    ) as error:  # fmt: skip
        from ._error_words import detail_of

        raise ArchiveError(key="not_a_zip", detail=detail_of(error)) from None
    if len(members) > LIMITS.zip_members:
        raise LimitExceeded(
            key="zip_members", count=len(members), limit=LIMITS.zip_members,
            variable="DISCLOSURE_REPORT_MAX_ZIP_MEMBERS",
        )  # fmt: skip
    total = sum(member.file_size for member in members)
    check_size(total, LIMITS.unzipped_bytes, "archive",
               "DISCLOSURE_REPORT_MAX_UNZIPPED_BYTES")  # fmt: skip


class Budget:
    """What one import or rendering may still spend: readers and renderers draw on it.

    The counts accumulate over the whole input, except those of a PDF page, which
    start again with each `page`.
    """

    def __init__(self, limits: Limits = LIMITS) -> None:
        self.limits = limits
        self.cells = 0
        self.characters = 0
        self.elements = 0
        self.decompressed = 0
        self.page_bytes = 0
        self.page_operators = 0
        self.page_objects = 0
        self.objects = 0
        self.content_bytes = 0
        self.page_number: int | None = None

    def draw_cells(self, count: int, what: Thing = "cells") -> None:
        """Spend `count` cells (grid positions a cell covers, or lines of text)."""
        self.cells += count
        if self.cells > self.limits.cells:
            from ._error_words import Phrase

            raise LimitExceeded(
                key="too_many_cells", limit=self.limits.cells, what=Phrase(what),
                variable="DISCLOSURE_REPORT_MAX_CELLS",
            )  # fmt: skip

    def draw_characters(self, count: int) -> None:
        """Spend `count` characters of text lines and cells."""
        self.characters += count
        limit = self.limits.characters
        if self.characters > limit:
            raise LimitExceeded(
                key="too_many_characters", limit=limit,
                variable="DISCLOSURE_REPORT_MAX_CHARACTERS",
            )  # fmt: skip

    def draw_elements(self, count: int, part: str) -> None:
        """Spend `count` XML elements of `part`, before a parser builds them."""
        self.elements += count
        if self.elements > self.limits.xml_elements:
            raise LimitExceeded(
                key="too_many_elements", part=part, limit=self.limits.xml_elements,
                variable="DISCLOSURE_REPORT_MAX_XML_ELEMENTS",
            )  # fmt: skip

    def draw_decompressed(self, count: int) -> None:
        """Spend `count` bytes of a PDF's streams, decompressed (measured before they are)."""
        self.decompressed += count
        limit = self.limits.unzipped_bytes
        if self.decompressed > limit:
            raise LimitExceeded(
                key="pdf_decompressed", limit=_mib(limit),
                variable="DISCLOSURE_REPORT_MAX_UNZIPPED_BYTES",
            )  # fmt: skip

    def page(self, number: int) -> None:
        """Start counting the content of PDF page `number`."""
        self.page_number = number
        self.page_bytes = 0
        self.page_operators = 0
        self.page_objects = 0

    def draw_page_bytes(self, count: int) -> None:
        """Spend `count` decompressed bytes of content on the current PDF page."""
        self.page_bytes += count
        self.content_bytes += count
        limit = self.limits.pdf_page_bytes
        if self.page_bytes > limit:
            raise LimitExceeded(
                key="pdf_page_bytes", page=self.page_number, limit=_mib(limit),
                variable="DISCLOSURE_REPORT_MAX_PDF_PAGE_BYTES",
            )  # fmt: skip
        limit = self.limits.pdf_content_bytes
        if self.content_bytes > limit:
            raise LimitExceeded(
                key="pdf_content_bytes", page=self.page_number, limit=_mib(limit),
                variable="DISCLOSURE_REPORT_MAX_PDF_CONTENT_BYTES",
            )  # fmt: skip

    def draw_page_operators(self, count: int) -> None:
        """Spend `count` operators on the current PDF page."""
        self.page_operators += count
        limit = self.limits.pdf_page_operators
        if self.page_operators > limit:
            raise LimitExceeded(
                key="pdf_page_operators", page=self.page_number, limit=limit,
                variable="DISCLOSURE_REPORT_MAX_PDF_PAGE_OPERATORS",
            )  # fmt: skip

    def draw_page_objects(self, count: int) -> None:
        """Spend `count` objects drawn (glyphs, images, path segments) on the current page."""
        self.page_objects += count
        self.objects += count
        limit = self.limits.pdf_page_objects
        if self.page_objects > limit:
            raise LimitExceeded(
                key="pdf_page_objects", page=self.page_number, limit=limit,
                variable="DISCLOSURE_REPORT_MAX_PDF_PAGE_OBJECTS",
            )  # fmt: skip
        limit = self.limits.pdf_objects
        if self.objects > limit:
            raise LimitExceeded(
                key="pdf_objects", page=self.page_number, limit=limit,
                variable="DISCLOSURE_REPORT_MAX_PDF_OBJECTS",
            )  # fmt: skip

    def draw_output_lines(self, count: int, what: Phrase) -> None:
        """Refuse a rendering that would hold more than the limit of lines of text."""
        limit = self.limits.output_lines
        if count > limit:
            raise LimitExceeded(
                key="output_lines", what=what, count=count, limit=limit,
                variable="DISCLOSURE_REPORT_MAX_OUTPUT_LINES",
            )  # fmt: skip

    def draw_output(self, size: int, what: Phrase) -> None:
        """Refuse an output of `size` bytes beyond the limit on what is written."""
        limit = self.limits.output_bytes
        if size > limit:
            raise LimitExceeded(
                key="output_bytes", what=what, size=_mib(size), limit=_mib(limit),
                variable="DISCLOSURE_REPORT_MAX_OUTPUT_BYTES",
            )  # fmt: skip
