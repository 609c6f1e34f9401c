"""pdfminer on a budget: every stream measured before it is decompressed, every page's
content counted before it is laid out.

pdfminer decompresses a stream whole (a 1 MB Flate bomb becomes 1.85 GB) and lays out
whatever operators a page holds. While `bounded(budget)` is active in a thread, each
stream that pdfminer decodes is first decoded here in bounded steps and drawn on the
budget's decompressed bytes; `lay_out` interprets a page with an interpreter that
draws the content it executes (a form as often as it is drawn) on the page's bytes
and operators. Outside `bounded`, pdfminer behaves as it always does.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import zlib
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from .._limits import Budget, LimitExceeded

__all__ = ["bounded", "lay_out"]

_ACTIVE = threading.local()
_CHUNK = 1 << 16
_OPERATOR = re.compile(rb"(?<![A-Za-z0-9/#.*'\"_+-])[A-Za-z'\"][A-Za-z0-9*'\"]{0,2}(?![A-Za-z0-9])")
"""A PDF operator: one to three letters (and ``*``, ``'``, ``"``) standing alone. Names,
numbers and most words inside strings are not; the count errs on the high side."""


def _active() -> Budget | None:
    budget: Budget | None = getattr(_ACTIVE, "budget", None)
    return budget


def _inflate(data: bytes, limit: int, keep: bool) -> tuple[int, bytes]:
    """The size of Flate-decoded `data`, counted up to just past `limit`, and the bytes
    themselves when `keep` (for a filter that follows). A corrupt end is cut, as pdfminer
    cuts it, instead of raised; bytes after the end of the stream are not read."""
    decoder = zlib.decompressobj()
    size = 0
    kept = bytearray()
    try:
        for start in range(0, len(data), _CHUNK):
            pending = data[start : start + _CHUNK]
            # Past the end of the stream, zlib gives nothing and keeps the bytes that follow
            # as the unread tail of a call with a limit: asking again would never end.
            while pending and size <= limit and not decoder.eof:
                piece = decoder.decompress(pending, _CHUNK)
                pending = decoder.unconsumed_tail
                size += len(piece)
                if keep:
                    kept += piece
            if size > limit or decoder.eof:
                break
    except zlib.error:
        pass
    return size, bytes(kept)


def _run_length(data: bytes) -> int:
    """The length of RunLength-decoded `data`, without decoding it."""
    size = index = 0
    while index < len(data):
        length = data[index]
        if length == 128:
            break
        if length < 128:
            size += length + 1
            index += length + 2
        else:
            size += 257 - length
            index += 2
    return size


def _lzw(data: bytes, limit: int, keep: bool) -> tuple[int, bytes]:
    from pdfminer.lzw import LZWDecoder

    size = 0
    kept = bytearray()
    for piece in LZWDecoder(BytesIO(data)).run():
        size += len(piece)
        if keep:
            kept += piece
        if size > limit:
            break
    return size, bytes(kept)


def decoded_size(stream: Any, limit: int) -> int:
    """What `stream` decodes to, in bytes, counted up to just past `limit`; only what a
    filter that follows needs is kept in memory."""
    from pdfminer import pdftypes
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    if stream.rawdata is None:
        return len(stream.data or b"")
    data: bytes = stream.rawdata
    if stream.decipher and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = stream.get_filters()
    size = len(data)
    for index, (name, _) in enumerate(filters):
        keep = index < len(filters) - 1
        if name in pdftypes.LITERALS_FLATE_DECODE:
            size, data = _inflate(data, limit, keep)
        elif name in pdftypes.LITERALS_LZW_DECODE:
            size, data = _lzw(data, limit, keep)
        elif name in pdftypes.LITERALS_RUNLENGTH_DECODE:
            return _run_length(data)  # nothing sensible follows a run-length filter
        elif name in pdftypes.LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
            size = len(data)
        elif name in pdftypes.LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
            size = len(data)
        elif name in pdftypes.LITERALS_CCITTFAX_DECODE:
            raise LimitExceeded(key="ccitt_stream")
        if size > limit:
            break
    return size


def _bounded_decode(original: Any) -> Any:
    def decode(stream: Any) -> None:
        budget = _active()
        if budget is not None and stream.rawdata is not None:
            remaining = budget.limits.unzipped_bytes - budget.decompressed
            budget.draw_decompressed(decoded_size(stream, remaining))
        original(stream)

    decode.__wrapped__ = original  # type: ignore[attr-defined]
    return decode


def _install() -> None:
    from pdfminer.pdftypes import PDFStream

    if not hasattr(PDFStream.decode, "__wrapped__"):
        PDFStream.decode = _bounded_decode(PDFStream.decode)  # type: ignore[method-assign]


@contextlib.contextmanager
def bounded(budget: Budget) -> Iterator[None]:
    """Within the block, in this thread, pdfminer decodes streams within `budget`."""
    _install()
    previous = _active()
    _ACTIVE.budget = budget
    try:
        yield
    finally:
        _ACTIVE.budget = previous


@functools.cache
def _interpreter_class() -> Any:
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import stream_value

    class Interpreter(PDFPageInterpreter):
        """Draws each content stream it executes on the page's bytes and operators."""

        budget: Budget

        def dup(self) -> Interpreter:
            copy = super().dup()
            assert isinstance(copy, Interpreter)
            copy.budget = self.budget
            return copy

        def execute(self, streams: Any) -> None:
            for item in streams:
                stream = stream_value(item)
                if stream.rawdata is None and stream.data is None:
                    continue
                budget = self.budget
                remaining = min(
                    budget.limits.pdf_page_bytes - budget.page_bytes,
                    budget.limits.pdf_content_bytes - budget.content_bytes,
                )
                budget.draw_page_bytes(decoded_size(stream, max(remaining, 0)))
                data = stream.get_data()
                self.budget.draw_page_operators(_OPERATOR.subn(b"", data)[1])
            super().execute(streams)

    return Interpreter


@functools.cache
def _device_class() -> Any:
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class Device(PDFPageAggregatorWithMarkedContent):
        """Draws each glyph, image and path segment on the page's objects as it is made."""

        budget: Budget

        def render_char(self, *arguments: Any, **options: Any) -> Any:
            self.budget.draw_page_objects(1)
            return super().render_char(*arguments, **options)

        def render_image(self, *arguments: Any, **options: Any) -> Any:
            self.budget.draw_page_objects(1)
            return super().render_image(*arguments, **options)

        def paint_path(self, graphicstate: Any, stroke: Any, fill: Any, evenodd: Any,
                       path: Any) -> Any:  # fmt: skip
            self.budget.draw_page_objects(max(1, len(path)))
            return super().paint_path(graphicstate, stroke, fill, evenodd, path)

    return Device


def lay_out(pdf: Any, page: Any, budget: Budget) -> None:
    """Lay out a pdfplumber `page` within `budget`, as pdfplumber would, counting the
    content it executes and the objects it draws.

    pdfplumber keeps a page's layout once made (`Page._layout`); making it here, with
    a counting interpreter, is what lets the counts stop a page before it is laid out
    in full. Should pdfplumber stop reading that attribute, the page is laid out again
    by pdfplumber itself, still within `bounded`.
    """
    budget.page(page.page_number)
    device = _device_class()(pdf.rsrcmgr, pageno=page.page_number, laparams=pdf.laparams)
    device.budget = budget
    interpreter = _interpreter_class()(pdf.rsrcmgr, device)
    interpreter.budget = budget
    interpreter.process_page(page.page_obj)
    page._layout = device.get_result()
