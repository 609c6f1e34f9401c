"""Limits on what is read, so that hostile input cannot exhaust time or memory.

Each limit can be changed through an environment variable, read when the library is
imported, or by assigning to the attribute of `LIMITS` at run time.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import attrs

__all__ = ["LIMITS", "LimitExceeded", "Limits", "check_size", "check_zip"]


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
    """All members of a Word file or workbook, decompressed: 256 MiB."""
    zip_members: int = _from_environment("DISCLOSURE_REPORT_MAX_ZIP_MEMBERS", 10_000)
    """Members of a Word file or workbook."""
    pdf_pages: int = _from_environment("DISCLOSURE_REPORT_MAX_PDF_PAGES", 200)
    """Pages of a PDF read for import."""


LIMITS = Limits()
"""The limits in force; change an attribute to change a limit."""


class LimitExceeded(ValueError):
    """An input larger than a limit allows."""


def _mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def check_size(size: int, limit: int, what: str, variable: str) -> None:
    """Refuse `size` bytes above `limit`, saying how to raise the limit."""
    if size > limit:
        raise LimitExceeded(
            f"{what} is {_mib(size)}; at most {_mib(limit)} is read "
            f"(set {variable} to change the limit)"
        )


def check_zip(source: Path | bytes) -> None:
    """Refuse a zip archive (Word file, workbook) that would decompress beyond the limits."""
    import io

    handle = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise LimitExceeded(f"not a readable zip archive ({error})") from None
    if len(members) > LIMITS.zip_members:
        raise LimitExceeded(
            f"the archive has {len(members):,} members; at most {LIMITS.zip_members:,} are read "
            "(set DISCLOSURE_REPORT_MAX_ZIP_MEMBERS to change the limit)"
        )
    total = sum(member.file_size for member in members)
    check_size(total, LIMITS.unzipped_bytes, "the archive decompressed",
               "DISCLOSURE_REPORT_MAX_UNZIPPED_BYTES")  # fmt: skip
