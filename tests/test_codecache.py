"""The compiled code of generated source is kept on disk, and used only when it proves to
be the code of the source asked for: anything else is compiled again and written anew."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import attrs
import pytest

from disclosure_report import _codecache
from disclosure_report._templates import templates
from disclosure_report._validation import _checker_of
from tests.helpers.documents import patch, sample

SOURCE = "def answer():\n    return 42\n"
NAME = "<disclosure_report: a test of the code cache>"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, written to as when bytecode may be written."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return tmp_path / "disclosure-report"


def _run(code: types.CodeType) -> object:
    namespace: dict[str, object] = {}
    exec(code, namespace)
    return namespace["answer"]()  # type: ignore[operator]


def _compiled_only_from_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(source: str, filename: str, flags: int = 0) -> types.CodeType:
        raise AssertionError("compiled although the cache holds the code")

    monkeypatch.setattr(_codecache, "_compile", refuse)


def _files(cache: Path) -> list[Path]:
    return sorted(cache.iterdir())


def test_code_is_compiled_once_and_then_read_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(_codecache.code(SOURCE, NAME)) == 42
    (written,) = _files(cache)
    assert written.name.startswith("disclosure-report-a-test-of-the-code-cache.")
    _compiled_only_from_cache(monkeypatch)
    found = _codecache.code(SOURCE, NAME)
    assert _run(found) == 42
    assert found.co_filename == NAME


def test_another_source_or_name_is_not_answered_from_the_cache(cache: Path) -> None:
    _codecache.code(SOURCE, NAME)
    other = SOURCE.replace("42", "43")
    assert _run(_codecache.code(other, NAME)) == 43
    assert _codecache.code(SOURCE, "<another name>").co_filename == "<another name>"
    assert len(_files(cache)) == 3


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-10] + bytes(10), id="zeroed tail"),
        pytest.param(lambda data: data[:40] + bytes([data[40] ^ 1]) + data[41:], id="bit flipped"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"not a cache file at all", id="foreign"),
    ],
)
def test_a_corrupt_file_is_ignored_and_written_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    _codecache.code(SOURCE, NAME)
    (written,) = _files(cache)
    good = written.read_bytes()
    written.write_bytes(damage(good))  # type: ignore[operator]
    assert _run(_codecache.code(SOURCE, NAME)) == 42
    assert written.read_bytes() == good
    _compiled_only_from_cache(monkeypatch)
    assert _run(_codecache.code(SOURCE, NAME)) == 42


def test_a_stale_file_is_not_trusted_even_with_a_sound_checksum(cache: Path) -> None:
    """A file in the place of a source that holds another source (a stale file, or one
    whose name collides), or another interpreter's code, is compiled again."""
    interpreter = _codecache._interpreter()
    path = cache / _codecache._name(SOURCE, NAME, interpreter)
    stale = compile(SOURCE.replace("42", "41"), NAME, "exec")
    _codecache._write(path, SOURCE.replace("42", "41"), NAME, interpreter, stale)
    assert _run(_codecache.code(SOURCE, NAME)) == 42
    _codecache._write(path, SOURCE, NAME, "another interpreter", stale)
    assert _run(_codecache.code(SOURCE, NAME)) == 42
    assert _codecache._read(path, SOURCE, NAME, interpreter) is not None  # written anew


def test_nothing_is_written_where_python_is_told_not_to_write_bytecode(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert _run(_codecache.code(SOURCE, NAME)) == 42
    assert not cache.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    _codecache.code(SOURCE, NAME)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _compiled_only_from_cache(monkeypatch)
    assert _run(_codecache.code(SOURCE, NAME)) == 42, "what is there is read"


def test_a_folder_that_cannot_be_written_leaves_the_code_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert _run(_codecache.code(SOURCE, NAME)) == 42


def test_a_failed_write_leaves_no_partial_file(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    assert _run(_codecache.code(SOURCE, NAME)) == 42
    assert _files(cache) == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="ownership and modes are POSIX")
def test_a_folder_others_can_write_into_is_not_read(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _codecache.code(SOURCE, NAME)
    cache.chmod(0o777)
    compiled = []

    def counted(source: str, filename: str, flags: int = 0) -> types.CodeType:
        compiled.append(filename)
        return compile(source, filename, "exec", dont_inherit=True)

    monkeypatch.setattr(_codecache, "_compile", counted)
    assert _run(_codecache.code(SOURCE, NAME)) == 42
    assert compiled == [NAME]


def test_a_relative_cache_home_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the XDG specification says: a relative ``XDG_CACHE_HOME`` is ignored."""
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/folder")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert _codecache.folder() == str(tmp_path / ".cache" / "disclosure-report")


def test_a_checker_loaded_from_the_cache_gives_the_same_verdicts(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = templates()
    template = chosen["2021"]
    build = _checker_of.__wrapped__  # as validation builds it, not from its cache in memory
    first = build(template, chosen)
    assert callable(first.explain)  # compiled, and kept
    _compiled_only_from_cache(monkeypatch)
    again = build(template, chosen)
    assert again.source == first.source
    broken = patch(sample("2021"), {"/proactive/fees/amount_10k_yuan": "1"})
    for document in (sample("2021"), broken, {"template": "2021"}):
        assert again.check(document) == first.check(document)
        assert again.explain(document) == first.explain(document)


def test_without_a_home_nothing_is_cached_but_the_code_compiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no ``XDG_CACHE_HOME`` and no home to be found, no folder is made anywhere (not
    a ``~`` under the working directory)."""
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # as with no home found
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.chdir(tmp_path)
    assert _codecache.folder() is None
    assert _run(_codecache.code(SOURCE, NAME)) == 42
    assert list(tmp_path.iterdir()) == []


def _point(module: str) -> Any:
    """A frozen attrs class (``__init__``, ``__eq__``, ``__hash__``, ``__repr__``, a default
    and a validator) made as if in `module`."""

    @attrs.frozen
    class Point:
        __module__ = module
        x: int = attrs.field(validator=attrs.validators.instance_of(int))
        y: int = 0

    return Point


def test_the_methods_attrs_makes_for_the_package_are_compiled_once(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _point("disclosure_report._a_test_module")
    (written,) = _files(cache)
    assert written.name.startswith("attrs-generated-methods-disclosure-report-a-test-module")
    other = _point("disclosure_report._another_test_module")
    _compiled_only_from_cache(monkeypatch)
    again = _point("disclosure_report._a_test_module")
    assert again(1, 2) == again(1, 2)
    assert hash(again(1, 2)) == hash(again(1, 2))
    assert again(1) != again(1, 3)
    assert hash(other(1, 2)) != hash(again(1, 2))  # salted apart
    assert repr(again(1)) == "Point(x=1, y=0)"
    with pytest.raises(TypeError):
        again("1")
    code = again.__init__.__code__
    assert code.co_filename == first.__init__.__code__.co_filename
    made_by_attrs = _point("another_package.module")  # under attrs' own __future__ features
    assert code.co_flags == made_by_attrs.__init__.__code__.co_flags
    assert again.__init__.__annotations__ == made_by_attrs.__init__.__annotations__


def test_the_classes_of_other_packages_are_made_by_attrs_as_they_were(cache: Path) -> None:
    made = _point("another_package.module")
    assert made(1) == made(1)
    assert not cache.exists() or _files(cache) == []


def test_the_hook_steps_aside_where_attrs_compiles_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another attrs, whose private function takes other arguments or is gone, is left as
    it is; installed twice, the hook wraps attrs once."""
    from attr import _make

    installed = _make._compile_and_eval
    assert getattr(installed, "__wrapped__", None) is not None  # installed by the package

    def elsewise(script: str, namespace: dict[str, object]) -> None:
        exec(script, namespace)

    monkeypatch.setattr(_make, "_compile_and_eval", elsewise)
    _codecache.keep_attrs_methods()
    assert _make._compile_and_eval is elsewise
    monkeypatch.delattr(_make, "_compile_and_eval")
    _codecache.keep_attrs_methods()
    assert not hasattr(_make, "_compile_and_eval")
    monkeypatch.setattr(_make, "_compile_and_eval", installed, raising=False)
    _codecache.keep_attrs_methods()
    assert _make._compile_and_eval is installed


_STARTING = """
import json, sys
import disclosure_report
from disclosure_report import _codecache
compiled = []
real = _codecache._compile
def counted(source, filename, flags=0):
    compiled.append(filename)
    return real(source, filename, flags)
_codecache._compile = counted
import disclosure_report._cli
print(json.dumps(compiled))
"""


def test_a_second_start_compiles_none_of_the_package_s_classes(tmp_path: Path) -> None:
    """The source attrs writes for a class is the same in every process, whatever Python's
    hash seed: the second start of the command line reads every class's methods from the
    cache, and the cache does not grow."""
    environment = {
        **{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
        "XDG_CACHE_HOME": str(tmp_path),
    }
    compiled = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", _STARTING],
            capture_output=True, text=True, timeout=120, check=True,
            env={**environment, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        compiled.append(json.loads(done.stdout.strip().splitlines()[-1]))
    first, second = compiled
    assert any("disclosure_report._findings.Finding" in name for name in first)
    assert second == []
    assert len(_files(tmp_path / "disclosure-report")) == len(first)
