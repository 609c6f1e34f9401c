"""A mutation fuzzer for `validate` and `loads`: valid reports, broken at random.

    python fuzz/mutations.py --iterations 300000 [--seed 1]

Each iteration takes a valid report, breaks it — a value replaced by arbitrary JSON,
a key dropped or added or doubled, nesting piled up, bytes flipped, cut or inserted —
and feeds the text to `validate` and `loads`; a fifth of the inputs are the report
rendered as Markdown, text or HTML, broken the same way and imported. Anything but a
result or a documented error (`ReportSyntaxError`, `InvalidReportError`,
`NotAReportError`) is a failure, and so is one input taking longer than a second.
The test suite runs a short round of it on every build.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from documents import sample  # noqa: E402 - the test suite's generator, found above

from disclosure_report import InvalidReportError, ReportSyntaxError, loads, validate  # noqa: E402
from disclosure_report._jsontext import encode  # noqa: E402
from disclosure_report.importing import NotAReportError, import_report  # noqa: E402
from disclosure_report.rendering import render  # noqa: E402

_DEEP = "\u2063deep"
"""Stands for nesting, piled up in the text (encoding it as data would need the recursion)."""

SLOW = 1.0
"""Seconds one input may take."""

_VALUES: list[Any] = [
    None, True, False, 0, -1, Decimal("3.5"), Decimal("1E+400"), 10**30, "", "3", "—", "\u0000",
    [], {}, [[[]]], {"a": {"b": None}}, "x" * 1000,
]  # fmt: skip


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _set(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = node
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return node


def mutate_structure(document: dict[str, Any], rng: random.Random) -> str:
    paths = _paths(document)
    for _ in range(rng.randint(1, 4)):
        path = rng.choice(paths[1:])
        choice = rng.random()
        try:
            if choice < 0.6:
                document = _set(document, path, copy.deepcopy(rng.choice(_VALUES)))
            elif choice < 0.8:
                parent: Any = document
                for key in path[:-1]:
                    parent = parent[key]
                if isinstance(parent, dict):
                    del parent[path[-1]]
            else:
                document = _set(document, path, _DEEP)
        except (KeyError, IndexError, TypeError):
            continue
        paths = _paths(document)
    text = encode(document, indent=rng.choice([None, 2]))
    depth = rng.choice([10, 1000, 100_000])
    text = text.replace(f'"{_DEEP}"', "[" * depth + "0" + "]" * depth)
    if rng.random() < 0.2:
        key = rng.choice(['"year"', '"total"', '"name"', '"template"'])
        text = text.replace(key + ":", f"{key}: 1, {key}:", 1)
    return text


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        position = rng.randrange(len(buffer) + 1)
        if choice < 0.4 and buffer:
            buffer[position % len(buffer)] = rng.randrange(256)
        elif choice < 0.7:
            buffer[position:position] = bytes(rng.choice([b"{", b"[", b'"', b",", b"\xff", b"\\u"]))
        else:
            del buffer[position : position + rng.randint(1, 50)]
    return bytes(buffer)


def run(iterations: int, seed: int, report: Callable[[str], None] = print) -> int:
    """Run the fuzzer; the number of failures (each reported)."""
    rng = random.Random(seed)
    bases = [sample(template, index) for index in range(20) for template in ("2019", "2021")]
    failures = 0
    slowest = 0.0
    start = time.perf_counter()
    published = {
        form: [str(render(loads(encode(base)), form)).encode("utf-8") for base in bases[:6]]
        for form in ("md", "txt", "html")
    }
    for iteration in range(iterations):
        document = rng.choice(bases)
        text = encode(document)
        checks: list[Callable[[bytes], object]] = [validate, loads]
        if rng.random() < 0.2:
            form = rng.choice(list(published))
            data = mutate_bytes(rng.choice(published[form]), rng)
            checks = [lambda data, form=form: import_report(data, format=form)]  # type: ignore[misc]
        elif rng.random() < 0.6:
            data = mutate_structure(copy.deepcopy(document), rng).encode("utf-8")
        else:
            data = mutate_bytes(text.encode("utf-8"), rng)
        began = time.perf_counter()
        for check in checks:
            try:
                check(data)
            except (ReportSyntaxError, InvalidReportError, NotAReportError):
                pass
            except Exception as error:  # any undocumented exception is what this looks for
                failures += 1
                report(
                    f"iteration {iteration}: {type(error).__name__}: {error!r} on {data[:200]!r}"
                )
        spent = time.perf_counter() - began
        slowest = max(slowest, spent)
        if spent > SLOW:
            failures += 1
            report(f"iteration {iteration}: {spent:.2f} s on {data[:200]!r}")
    total = time.perf_counter() - start
    slowest_ms = slowest * 1000
    report(
        f"{iterations} inputs in {total:.1f} s, slowest {slowest_ms:.1f} ms, {failures} failures"
    )
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    sys.exit(1 if run(arguments.iterations, arguments.seed) else 0)


if __name__ == "__main__":
    main()
