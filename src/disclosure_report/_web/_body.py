"""Receiving request bodies: refused by size before they are read, counted as they arrive,
and held in memory only while the server has room for them.

The size limit is checked against ``Content-Length`` before a byte of the body is read,
and again against what arrives, for a body sent without a length. `Intake` bounds the
bytes all requests together hold at once, so that a flood of large uploads is turned away
(503) instead of exhausting memory.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import anyio
import attrs
from python_multipart import MultipartParser
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import parse_options_header
from starlette.requests import ClientDisconnect, Request

from .. import LIMITS
from .. import _messages as messages
from ._reply import Refusal

__all__ = ["Body", "Intake", "mib", "receive"]

_PARTS = 16
"""Parts of a multipart body, and fields of a form, at most."""
_FIELD_BYTES = 4096
"""A form field other than the file and the report's JSON: a language, a name, a year."""


def mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


class Intake:
    """The bytes of request bodies held at once, across all requests, within `capacity`."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.held = 0

    def take(self, size: int, lang: str) -> None:
        if self.held + size > self.capacity:
            raise Refusal(503, messages.web_refusal("busy", lang))
        self.held += size

    def give(self, size: int) -> None:
        self.held -= size


@attrs.frozen
class Body:
    """A request body: its form fields and, for an upload, the file's name and bytes."""

    fields: Mapping[str, str]
    name: str | None = None
    """The file's name as the client gave it: shown, never used as a path."""
    data: bytes | None = None


_OVERHEAD = 65536
"""What a form adds to the file or the report it carries: boundaries, headers, fields."""


def _limit(kind: str) -> tuple[int, str]:
    """The most a body of `kind` may hold, and the variable that changes it: a report's
    JSON as the library reads it, an upload as the importers read it."""
    if kind == "json":
        return LIMITS.document_bytes, "DISCLOSURE_REPORT_MAX_BYTES"
    if kind == "form":
        return LIMITS.document_bytes + _OVERHEAD, "DISCLOSURE_REPORT_MAX_BYTES"
    largest = max(LIMITS.import_bytes, LIMITS.document_bytes)
    return largest + _OVERHEAD, "DISCLOSURE_REPORT_MAX_IMPORT_BYTES"


def _too_large(lang: str, kind: str) -> Refusal:
    limit, variable = _limit(kind)
    shown = limit if kind == "json" else limit - _OVERHEAD
    return Refusal(
        413, messages.web_refusal("too_large", lang, limit=mib(shown), variable=variable)
    )


def _display_name(raw: bytes) -> str:
    """The last part of a client's file name (old browsers send a whole Windows path)."""
    name = raw.decode("utf-8", errors="replace").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable())[:200] or "upload"


class _Parts:
    """The parts of a multipart body as python-multipart's parser finds them."""

    def __init__(self) -> None:
        self.parts: list[tuple[dict[bytes, bytes], bytearray]] = []
        self.too_many = False
        self._field = bytearray()
        self._value = bytearray()

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.begin,
            "on_header_field": self.field,
            "on_header_value": self.value,
            "on_header_end": self.header_end,
            "on_part_data": self.data,
        }

    def begin(self) -> None:
        if len(self.parts) >= _PARTS:
            self.too_many = True
        self.parts.append(({}, bytearray()))

    def field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def header_end(self) -> None:
        self.parts[-1][0][bytes(self._field).lower()] = bytes(self._value)
        self._field.clear()
        self._value.clear()

    def data(self, data: bytes, start: int, end: int) -> None:
        if not self.too_many:
            self.parts[-1][1].extend(data[start:end])


def _multipart(parts: _Parts, lang: str) -> Body:
    fields: dict[str, str] = {}
    name: str | None = None
    data: bytes | None = None
    for headers, content in parts.parts:
        _, options = parse_options_header(headers.get(b"content-disposition", b""))
        field = options.get(b"name", b"").decode("utf-8", errors="replace")
        if b"filename" in options:
            if data is None:
                name, data = _display_name(options[b"filename"]), bytes(content)
            continue
        if len(content) > _FIELD_BYTES:
            raise Refusal(400, messages.web_refusal("form_field", lang, field=field))
        fields[field] = content.decode("utf-8", errors="replace")
    return Body(fields, name, data)


def _urlencoded(body: bytes, lang: str) -> Body:
    try:
        text = body.decode("utf-8")
        pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, max_num_fields=_PARTS)
    except (UnicodeDecodeError, ValueError) as error:
        raise Refusal(400, messages.web_refusal("form", lang, detail=str(error))) from None
    return Body(dict(pairs))


@asynccontextmanager
async def receive(
    request: Request, intake: Intake, lang: str, *, accept: tuple[str, ...], timeout: float
) -> AsyncIterator[Body]:
    """The body of `request`, of one of the media types `accept` (``json``, ``multipart``,
    ``form``), received within `timeout` seconds and held against `intake` until the block
    ends."""
    media, options = parse_options_header(request.headers.get("content-type", ""))
    kind = {
        b"application/json": "json",
        b"multipart/form-data": "multipart",
        b"application/x-www-form-urlencoded": "form",
    }.get(media.lower())
    if kind is None and media.lower().endswith(b"+json"):
        kind = "json"
    if kind is None or kind not in accept:
        raise Refusal(415, messages.web_refusal("media_type", lang))
    limit = _limit(kind)[0]
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Refusal(400, messages.web_refusal("form_length", lang))
        if int(declared) > limit:
            raise _too_large(lang, kind)
    held = 0
    parts = _Parts()
    parser = None
    if kind == "multipart":
        boundary = options.get(b"boundary")
        if not boundary:
            raise Refusal(400, messages.web_refusal("form_boundary", lang))
        parser = MultipartParser(boundary, parts.callbacks())  # type: ignore[arg-type]
    chunks: list[bytes] = []
    try:
        try:
            with anyio.fail_after(timeout):
                async for chunk in request.stream():
                    if held + len(chunk) > limit:
                        raise _too_large(lang, kind)
                    intake.take(len(chunk), lang)
                    held += len(chunk)
                    if parser is None:
                        chunks.append(chunk)
                        continue
                    try:
                        parser.write(chunk)
                    except MultipartParseError as error:
                        detail = str(error)
                        raise Refusal(
                            400, messages.web_refusal("form", lang, detail=detail)
                        ) from None
                    if parts.too_many:
                        raise Refusal(400, messages.web_refusal("form_parts", lang))
        except TimeoutError:
            seconds = f"{timeout:g}"
            raise Refusal(408, messages.web_refusal("slow", lang, seconds=seconds)) from None
        except ClientDisconnect:
            raise Refusal(400, messages.web_refusal("interrupted", lang)) from None
        if parser is not None:
            parser.finalize()
            body = _multipart(parts, lang)
        elif kind == "form":
            body = _urlencoded(b"".join(chunks), lang)
        else:
            body = Body({}, None, b"".join(chunks))
        chunks.clear()
        yield body
    finally:
        intake.give(held)
