"""Writing output files: whole or not at all, with the permissions the user's umask gives,
and never in place of anything but the file the user named.

A regular file is written to a temporary file beside it and renamed over it, keeping the
permissions it had (a new one gets ``0666`` less the umask, as the shell's ``>`` gives).
A symbolic link is followed, as ``>`` follows it: the file it points to is replaced, the
link stays. A device, a FIFO or standard output named by a path (``/dev/stdout``) is
written in place: it is what the user asked to write to, and renaming over it would
replace the node itself. A file the user did not name (a letter written into a folder)
is never written through a link or into anything but a regular file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from ._error_words import OsDetail
from ._errors import DisclosureReportError, SaidOSError

__all__ = ["OutputClash", "check_distinct", "replacing", "umask", "write_unnamed"]


class OutputClash(DisclosureReportError, ValueError):
    """An output that would destroy an input or another output of the same command."""


def umask() -> int:
    """The process's umask (read by setting it and setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _same(first: str | os.PathLike[str], second: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.realpath(first) == os.path.realpath(second)


def check_distinct(outputs: Sequence[tuple[str, str | None]], inputs: Sequence[str] = ()) -> None:
    """Refuse outputs that are one of the inputs or each other. `outputs` pairs the option
    that names each output (``-o``, ``--findings-json``) with its path (None or ``-``: none)."""
    named = [(option, path) for option, path in outputs if path not in (None, "-")]
    for index, (option, path) in enumerate(named):
        assert path is not None
        for source in inputs:
            if source != "-" and os.path.exists(path) and _same(path, source):
                raise OutputClash(key="output_is_input", path=path)
        for other, earlier in named[:index]:
            assert earlier is not None
            if _same(path, earlier):
                raise OutputClash(key="same_output", path=path, option=option, other=other)


def _mode(existing: os.stat_result | None) -> int:
    if existing is not None:
        return stat.S_IMODE(existing.st_mode)
    return 0o666 & ~umask()


@contextlib.contextmanager
def replacing(target: str | os.PathLike[str], inputs: Sequence[str] = ()) -> Iterator[Path]:
    """The path to write `target` through: a temporary file renamed over it when the block
    succeeds, or the node itself when it is a device or a FIFO (see the module)."""
    check_distinct([("-o", os.fspath(target))], inputs)
    path = Path(target)
    try:
        existing: os.stat_result | None = path.stat()
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise SaidOSError(errno.EISDIR, key="output_is_directory", path=os.fspath(target))
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        yield path  # a device, a FIFO, standard output: written in place, never replaced
        return
    real = Path(os.path.realpath(path))
    with _temporary(real, os.fspath(target), existing) as temporary:
        yield temporary


@contextlib.contextmanager
def _temporary(real: Path, shown: str, existing: os.stat_result | None) -> Iterator[Path]:
    try:
        handle, name = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as error:
        raise SaidOSError(
            error.errno, key="cannot_write", path=shown, detail=OsDetail.of(error)
        ) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _mode(existing))
        if existing is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only the owner's superuser may give it back
                os.chown(temporary, existing.st_uid, existing.st_gid)
        os.replace(temporary, real)
    finally:
        temporary.unlink(missing_ok=True)


def write_unnamed(path: Path, data: bytes) -> None:
    """Write a file the user did not name (its folder, not its name, was given): never
    through a symbolic link, never over anything but a regular file."""
    try:
        existing: os.stat_result | None = path.lstat()
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise SaidOSError(key="output_not_regular", path=str(path))
    with _temporary(path, os.fspath(path), existing) as temporary:
        temporary.write_bytes(data)
