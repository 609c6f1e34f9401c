"""The shape of the package: one public API, private modules, the library's own errors."""

from __future__ import annotations

import ast
import builtins
import inspect
from pathlib import Path

import disclosure_report

PACKAGE = Path(disclosure_report.__file__).parent

PUBLIC_MODULES = {"__init__.py", "__main__.py", "dask.py"}
"""Modules without an underscore: the API, ``python -m disclosure_report``, and the optional
Dask integration, which imports dask and so cannot be re-exported by the package."""

RAISED_AND_CAUGHT = {
    ("_converter.py", "TypeError"): "cattrs hooks; jsonio turns them into InvalidReportError",
    ("_jsontext.py", "ValueError"): "json hooks; parse turns them into ReportSyntaxError",
    ("_jsontext.py", "TypeError"): "orjson's default hook; encode_typed then uses encode",
    ("__init__.py", "AttributeError"): "a module's __getattr__ says a name is not there so",
    ("_ooxml.py", "ValueError"): "a broken archive; import_report raises NotAReportError",
    ("_importing/_readers.py", "ValueError"): "a parser's failure; import_report says why",
}
"""Built-in exceptions raised inside the library and caught before a caller sees them.

`OSError` is not listed: a file or stream the operating system refuses is an `OSError`
wherever it is met, as in the standard library, and the command reports it in one line."""


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_but_the_api_is_private() -> None:
    public = [
        path.relative_to(PACKAGE).as_posix()
        for path in _modules()
        if not all(part.startswith("_") for part in path.relative_to(PACKAGE).parts)
    ]
    assert sorted(public) == sorted(PUBLIC_MODULES - {"__init__.py", "__main__.py"})


def test_every_public_name_is_documented() -> None:
    for name in disclosure_report.__all__:
        value = getattr(disclosure_report, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name


def _raised(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exception = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exception, ast.Name):
                found.append((node.lineno, exception.id))
    return found


def test_the_library_raises_only_its_own_errors() -> None:
    """A built-in exception raised by the library is caught inside it, for a reason listed
    above; everything a caller can meet is a `DisclosureReportError`."""
    escaping = []
    for path in _modules():
        module = path.relative_to(PACKAGE).as_posix()
        for line, name in _raised(ast.parse(path.read_text(encoding="utf-8"))):
            builtin = getattr(builtins, name, None)
            if not isinstance(builtin, type) or issubclass(builtin, OSError):
                continue
            if issubclass(builtin, BaseException) and (module, name) not in RAISED_AND_CAUGHT:
                escaping.append(f"{module}:{line} raises {name}")
    assert escaping == []


def test_every_public_error_is_a_disclosure_report_error() -> None:
    for name in disclosure_report.__all__:
        value = getattr(disclosure_report, name)
        if inspect.isclass(value) and issubclass(value, BaseException):
            assert issubclass(value, disclosure_report.DisclosureReportError), name
