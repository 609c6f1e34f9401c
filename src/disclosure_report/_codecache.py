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

The methods attrs writes for the package's own classes are kept the same way
(`keep_attrs_methods`): compiling them was about a third of that start-up too.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
import types
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["code", "folder", "keep_attrs_methods"]

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


def _interpreter(flags: int = 0) -> str:
    """What the bytecode depends on besides the source: the interpreter, its exact version
    and build, the optimisation level (``-O`` drops asserts) and the compiler's `flags`
    (the ``__future__`` features the source is compiled under)."""
    return f"{sys.implementation.cache_tag} {sys.version} -O{sys.flags.optimize} {flags:#x}"


def _compile(source: str, filename: str, flags: int = 0) -> types.CodeType:
    compiled: types.CodeType = compile(source, filename, "exec", flags=flags, dont_inherit=True)
    return compiled


_NOT_A_WORD = re.compile("[^0-9A-Za-z]+")


def _name(source: str, filename: str, interpreter: str) -> str:
    """The file of a source: readable words of its name, the interpreter's tag and a
    checksum of everything the code depends on (the file says the rest)."""
    words = _NOT_A_WORD.sub("-", filename).strip("-")[:80]
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


def code(source: str, filename: str, flags: int = 0) -> types.CodeType:
    """The code object of `source` compiled under `filename` (with the compiler's `flags`,
    and no others): from the cache when it holds it, else compiled (and kept for the next
    run)."""
    place = folder()
    if place is None:
        return _compile(source, filename, flags)
    interpreter = _interpreter(flags)
    path = os.path.join(place, _name(source, filename, interpreter))
    if _owned(place):
        found = _read(path, source, filename, interpreter)
        if found is not None:
            return found
    compiled = _compile(source, filename, flags)
    if not sys.dont_write_bytecode:
        _write(path, source, filename, interpreter, compiled)
    return compiled


_PACKAGE = f"{__name__.rpartition('.')[0]}."
"""The prefix of this package's modules: the classes whose methods are kept."""


def _stable_salt(script: str, name: str) -> str | None:
    """`script` with the salt attrs writes into ``__hash__`` made the same in every process,
    or None where it cannot be found.

    attrs salts the hash of a class's instances with ``hash()`` of a name of the class (so
    that equal values of two classes hash apart), and ``hash()`` of a text changes from one
    process to the next (``PYTHONHASHSEED``): the source would never be the same twice. Any
    number the class alone uses serves; the CRC-32 of the same name is one that stays."""
    salted = f"<attrs generated hash {name}>"
    written = f" {hash(salted)},\n"  # its line: indentation, the number, a comma
    if script.count(written) != 1:
        return None if "hash((" in script else script
    return script.replace(written, f" {zlib.crc32(salted.encode())},\n")


def keep_attrs_methods() -> None:
    """Keep in the cache the methods attrs generates for this package's classes.

    attrs writes the source of the methods of each class (``__init__``, ``__eq__``,
    ``__hash__``…) when the class is made, and compiles it: for the package's classes of
    templates, layouts and findings, about a third of the start-up of a command that checks
    one document (python-attrs/attrs#575; attrs leaves caching to its users). attrs compiles
    in one private function, ``attr._make._compile_and_eval(script, globs, locs,
    filename)``; this routes the compilation of the classes of this package, named in
    `filename`, through `code`, under the ``__future__`` features attrs compiles with.
    Every other class is made by attrs as it was, and so is one of this package whose
    source is not the same from one process to the next (`_stable_salt`). Where attrs has
    no such function (another version), nothing is changed: the methods are compiled, as
    they always were.
    """
    import __future__

    from attr import _make

    original = getattr(_make, "_compile_and_eval", None)
    parameters = ("script", "globs", "locs", "filename")
    if (
        original is None
        or getattr(original, "__wrapped__", None) is not None
        or getattr(getattr(original, "__code__", None), "co_varnames", ())[:4] != parameters
    ):
        return
    flags = 0
    for feature_name in __future__.all_feature_names:
        feature: __future__._Feature = getattr(__future__, feature_name)
        if getattr(_make, feature_name, None) is feature:
            flags |= feature.compiler_flag

    def compile_and_eval(
        script: str,
        globs: dict[str, Any] | None,
        locs: Mapping[str, object] | None = None,
        filename: str = "",
    ) -> None:
        # attrs names the file "<attrs generated methods module.Class>"
        words = filename[:-1].split(" ", 3)
        stable = None
        if len(words) == 4 and words[3].startswith(_PACKAGE):
            stable = _stable_salt(script, words[3])
        if stable is None:
            original(script, globs, locs, filename)
        else:
            eval(code(stable, filename, flags), globs, locs)

    compile_and_eval.__wrapped__ = original  # type: ignore[attr-defined]
    _make._compile_and_eval = compile_and_eval
