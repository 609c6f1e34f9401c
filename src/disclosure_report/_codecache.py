"""The compiled code of generated source, kept on disk from one run to the next.

The checks generated from each template's schema (`_compiled`) are thousands of lines of
Python, and compiling them was most of the start-up of a command that checks one document.
As Python keeps a module's bytecode in ``__pycache__``, `code` keeps the code object of
generated source in the user's cache folder: ``$XDG_CACHE_HOME/disclosure-report``, else
``~/.cache/disclosure-report``.

A file is trusted only as far as it proves itself: it holds the source it was compiled
from, the name the code was compiled under and the interpreter that compiled it, each
compared with what is asked, and a checksum of all of it. A file that is corrupt,
truncated, stale or another interpreter's is ignored and written again; a folder that
cannot be read or written (or that another user owns) is passed by: the source is then
compiled, as it always was. Where Python is told not to write bytecode
(``PYTHONDONTWRITEBYTECODE``, ``python -B``), nothing is written; what is there is read,
as Python reads ``__pycache__``. A file is written whole or not at all (written beside
its place, then renamed onto it), so that processes starting together never read half of
one.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import types
import zlib

__all__ = ["code", "folder"]

_FORMAT = "disclosure-report compiled code 1"
"""The layout of a cached file; a file of another layout is written again."""


def folder() -> str | None:
    """The cache folder: ``$XDG_CACHE_HOME/disclosure-report``, else
    ``~/.cache/disclosure-report``; None when there is no home to put it in. (Paths here are
    the operating system's strings: pathlib, with what it imports, would be a few
    milliseconds of the start of a command that checks one document.)"""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        home = os.path.expanduser("~")
        if home.startswith("~"):  # no home directory to be found
            return None
        base = os.path.join(home, ".cache")
        if not os.path.isabs(base):  # never a folder relative to here
            return None
    return os.path.join(base, "disclosure-report")


def _interpreter() -> str:
    """What the bytecode depends on besides the source: the interpreter, its exact version
    and build, and the optimisation level (``-O`` drops asserts)."""
    return f"{sys.implementation.cache_tag} {sys.version} -O{sys.flags.optimize}"


def _compile(source: str, filename: str) -> types.CodeType:
    return compile(source, filename, "exec", dont_inherit=True)


def _name(source: str, filename: str, interpreter: str) -> str:
    """The file of a source: readable words of its name, the interpreter's tag and a
    checksum of everything the code depends on (the file says the rest)."""
    words = "".join(c if c.isascii() and c.isalnum() else "-" for c in filename)
    words = "-".join(part for part in words.split("-") if part)[:80]
    key = zlib.crc32("\0".join((interpreter, filename, source)).encode("utf-8", "surrogatepass"))
    return f"{words}.{sys.implementation.cache_tag}.{key:08x}.code"


def _owned(place: str | os.PathLike[str]) -> bool:
    """Whether the cache folder is the user's own (on POSIX): code is read from nowhere
    another user can write into."""
    if not hasattr(os, "getuid"):
        return True
    try:
        found = os.stat(place)
    except OSError:
        return False
    return found.st_uid == os.getuid() and not found.st_mode & 0o022


def _read(
    path: str | os.PathLike[str], source: str, filename: str, interpreter: str
) -> types.CodeType | None:
    """The code in the file at `path` when it is the code of `source`, else None."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError:
        return None
    body = data[4:]
    if len(data) < 4 or int.from_bytes(data[:4], "little") != zlib.crc32(body):
        return None  # truncated or corrupt
    try:
        fields = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(fields, tuple) and len(fields) == 5):
        return None
    layout, compiled_by, name, compiled_from, marshalled = fields
    if (layout, compiled_by, name, compiled_from) != (_FORMAT, interpreter, filename, source):
        return None  # stale, or another interpreter's
    if not isinstance(marshalled, bytes):
        return None
    try:
        found = marshal.loads(marshalled)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(found, types.CodeType) or found.co_filename != filename:
        return None
    return found


def _write(
    path: str | os.PathLike[str],
    source: str,
    filename: str,
    interpreter: str,
    compiled: types.CodeType,
) -> None:
    """Keep `compiled` at `path`, whole or not at all; a failure leaves the cache as it
    was (the code is compiled again next time)."""
    body = marshal.dumps((_FORMAT, interpreter, filename, source, marshal.dumps(compiled)))
    data = zlib.crc32(body).to_bytes(4, "little") + body
    place, name = os.path.split(path)
    partial = os.path.join(place, f".{name}.{os.getpid()}.{os.urandom(4).hex()}")
    try:
        os.makedirs(place, mode=0o700, exist_ok=True)
        if not _owned(place):
            return
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as out:
                out.write(data)
            os.replace(partial, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            raise
    except OSError:
        return


def code(source: str, filename: str) -> types.CodeType:
    """The code object of `source` compiled under `filename`: from the cache when it holds
    it, else compiled (and kept for the next run)."""
    place = folder()
    if place is None:
        return _compile(source, filename)
    interpreter = _interpreter()
    path = os.path.join(place, _name(source, filename, interpreter))
    if _owned(place):
        found = _read(path, source, filename, interpreter)
        if found is not None:
            return found
    compiled = _compile(source, filename)
    if not sys.dont_write_bytecode:
        _write(path, source, filename, interpreter, compiled)
    return compiled
