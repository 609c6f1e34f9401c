"""What the server answers: a reply as plain data that crosses processes, and refusals."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from .._jsontext import encode

__all__ = ["JSON", "Refusal", "Reply", "Surface", "json_reply"]

JSON = "application/json"

Surface = Literal["page", "api"]
"""Who asked: a person through the page (answered in HTML) or a program (in JSON)."""


@attrs.frozen
class Reply:
    """An HTTP answer: status, media type and body, with what the headers need."""

    status: int
    media_type: str
    body: bytes
    filename: str | None = None
    """For a download: the name offered to save it under."""
    styles: tuple[str, ...] = ()
    """CSP sources (``'sha256-…'``) of the inline styles the page carries: those of the
    report's own rendering."""
    record: dict[str, Any] | None = None
    """What `--keep` keeps beside the upload: the verdict, as JSON."""


class Refusal(Exception):
    """Input the server cannot use: `status` is the HTTP status that says why."""

    def __init__(self, status: int, message: str, source: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.source = source


def json_reply(status: int, value: Any, *, filename: str | None = None) -> Reply:
    """A JSON answer, written as the command line writes JSON (money keeps its digits)."""
    return Reply(status, JSON, (encode(value, indent=None) + "\n").encode("utf-8"), filename)
