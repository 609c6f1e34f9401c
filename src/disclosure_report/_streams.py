"""The command line's standard streams: never a crash for how they were left, never a
terminal driven by what an input holds.

`prepare` makes standard output and error safe to write whatever happens: a closed
stream (``>&-``) becomes one that refuses with a clear error (or, for standard error,
one that is silent), text that the terminal's encoding cannot hold is written as
escapes instead of raising, and standard error is written through `Printable`, so that
no control character from an input (``\\x1b]0;…\\x07``, ``\\x1b[2J``) reaches a terminal.
A standard error that cannot be written (``2>/dev/full``) is let go of quietly: it is no
reason to change the exit status.
"""

from __future__ import annotations

import io
import os
import re
import sys
from typing import IO, Any, Literal

from ._errors import SaidOSError

__all__ = ["Closed", "Printable", "StreamError", "let_go", "prepare", "printable", "raw_error"]

Stream = Literal["stdin", "stdout", "stderr"]
"""A standard stream, by its key of `THINGS` (its name in either language)."""

_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
"""What acts on a terminal or reorders what it shows: C0 controls but tab and newline,
DEL, C1 controls, and the bidirectional marks, embeddings, overrides and isolates."""


def printable(text: str) -> str:
    """`text` with every control character written as an escape (``\\x1b`` → ``\\x1b``)."""
    return _CONTROL.sub(lambda found: _escape(found.group()), text)


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class Closed(io.TextIOBase):
    """A standard stream the command was started without: writing to it is an error."""

    def __init__(self, name: Stream) -> None:
        super().__init__()
        self.name = name

    def write(self, text: str) -> int:
        raise self._closed()

    def read(self, size: int | None = -1) -> str:
        raise self._closed()

    @property
    def buffer(self) -> Any:
        raise self._closed()

    def _closed(self) -> SaidOSError:
        from ._error_words import Phrase  # the words: for a closed stream alone

        return SaidOSError(key="stream_closed", stream=Phrase(self.name))

    def isatty(self) -> bool:
        return False


class StreamError(SaidOSError):
    """A standard stream that cannot be written, named."""


class Printable(io.TextIOBase):
    """A text stream that writes control characters as escapes (unless `escape` is false),
    and says which stream it is when it cannot be written."""

    def __init__(
        self,
        stream: IO[str],
        *,
        quiet: bool = False,
        name: Stream = "stdout",
        escape: bool = True,
    ) -> None:
        super().__init__()
        self.stream = stream
        self.quiet = quiet
        """Let go of the stream, instead of raising, when it cannot be written."""
        self.name = name
        self.escape = escape
        try:
            self.immediate = quiet or stream.isatty()
        except (OSError, ValueError):
            self.immediate = quiet
        """Flush after each write: standard error, and a terminal, are read as they come."""

    def write(self, text: str) -> int:
        try:
            self.stream.write(printable(text) if self.escape else text)
            if self.immediate:
                self.stream.flush()
        except (OSError, ValueError) as error:
            self._failed(error)
        return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except (OSError, ValueError) as error:
            self._failed(error)

    def _failed(self, error: OSError | ValueError) -> None:
        if self.quiet:
            let_go(self.stream)
            return
        if isinstance(error, (BrokenPipeError, SaidOSError)):
            raise error
        from ._error_words import Phrase, detail_of

        number = getattr(error, "errno", None)
        stream, detail = Phrase(self.name), detail_of(error)
        raise StreamError(number, key="cannot_write_stream", stream=stream, detail=detail) from None

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def let_go(stream: IO[str]) -> None:
    """Point a stream that cannot be written at the null device, so that what is still in
    its buffer (and the flush when Python exits) goes nowhere instead of failing again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
        stream.flush()
    except (OSError, ValueError, AttributeError):
        pass


_RAW_ERROR: list[IO[str]] = []


def raw_error() -> IO[str]:
    """Standard error itself, for what the command draws on purpose (a progress line)."""
    return _RAW_ERROR[0] if _RAW_ERROR else sys.stderr


def _reconfigure(stream: IO[str]) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def prepare() -> None:
    """Make the standard streams safe to use, as the module says; idempotent."""
    if isinstance(sys.stderr, Printable):
        return  # prepared already
    error: IO[str] = sys.stderr if sys.stderr is not None else open(os.devnull, "w")  # noqa: SIM115 - kept open for the life of the process
    _reconfigure(error)
    _RAW_ERROR[:] = [error]
    sys.stderr = Printable(error, quiet=True, name="stderr")
    if sys.stdout is None:
        sys.stdout = Closed("stdout")
    else:
        _reconfigure(sys.stdout)
        sys.stdout = Printable(sys.stdout, escape=sys.stdout.isatty())
    if sys.stdin is None:
        sys.stdin = Closed("stdin")
