"""The forms the renderers write and the importer reads, named apart from both so that the
command line can offer them without importing either."""

from __future__ import annotations

from typing import Literal

__all__ = [
    "BREAKDOWN_FORMATS", "IMPORT_FORMATS", "RENDER_FORMATS", "ImportFormat", "RenderFormat",
]  # fmt: skip

RenderFormat = Literal["html", "md", "txt", "xlsx", "docx"]
RENDER_FORMATS: tuple[RenderFormat, ...] = ("html", "md", "txt", "xlsx", "docx")
"""What `render` writes: text for html, md and txt; bytes for xlsx and docx."""

ImportFormat = Literal["auto", "html", "pdf", "docx", "xlsx", "md", "txt", "image"]
IMPORT_FORMATS: tuple[ImportFormat, ...] = (
    "auto", "html", "pdf", "docx", "xlsx", "md", "txt", "image",
)  # fmt: skip
"""What `import_report` reads; `auto` tells the format by the file's suffix or its first bytes."""

BREAKDOWN_FORMATS = ("csv", "parquet", "xlsx")
"""The formats `write_breakdown` writes a roll-up's units in, chosen by the file's suffix."""
