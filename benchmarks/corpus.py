"""Corpora for the benchmarks: 2021 reports as the test suite generates them, valid or not."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from disclosure_report._jsontext import encode  # noqa: E402
from tests.helpers.documents import patch, sample  # noqa: E402 - the test suite's generator, found above

RULE_BREAKS = {
    "/applications/received/natural_person": 1000,
    "/applications/outcomes/disclosed/natural_person": 1000,
    "/review_litigation/review/upheld": 1000,
    "/review_litigation/litigation_direct/other": 1000,
}
"""Four cells changed so that six sums no longer hold: in table 3 two row totals, a
column total and the balance; in table 4 two totals."""

SCHEMA_BREAKS: dict[str, Any] = {
    "/applications/outcomes/disclosed/natural_person": "12",
    "/proactive/licensing/decisions": -3,
    "/review_litigation/review/upheld": Decimal("2.5"),
    "/agency/nickname": "x",
}
"""Four structural problems: a count written as text, a negative count, a fractional
count and an unknown key."""


def _document(index: int, bases: list[dict[str, Any]]) -> dict[str, Any]:
    document = dict(bases[index % len(bases)])
    document["agency"] = {"name": f"第{index}号机关"}
    return document


def _bytes(document: dict[str, Any]) -> bytes:
    return encode(document, indent=None).encode("utf-8")


def reports(count: int, distinct: int = 500) -> Iterator[bytes]:
    """`count` valid 2021 reports as compact JSON; `distinct` different ones, cycled,
    each named after its position so that no two are the same agency."""
    bases = [sample("2021", seed) for seed in range(min(count, distinct))]
    for index in range(count):
        yield _bytes(_document(index, bases))


def broken(document: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`document` with `changes` applied; a key new to its parent is added."""
    return patch(document, changes)


def mixed(count: int, rule_share: float, schema_share: float, seed: int = 7) -> Iterator[bytes]:
    """`count` 2021 reports of which a share breaks rules and a share breaks the structure."""
    rng = random.Random(seed)
    bases = [sample("2021", base) for base in range(min(count, 500))]
    for index in range(count):
        document = _document(index, bases)
        draw = rng.random()
        if draw < rule_share:
            document = broken(document, RULE_BREAKS)
        elif draw < rule_share + schema_share:
            document = broken(document, SCHEMA_BREAKS)
        yield _bytes(document)


def published() -> list[bytes]:
    """The published reports of the test corpus (``tests/corpus``), each imported from its
    source as the importer reads it: real sections, real tables, places it could not read.
    A source whose form needs an extra that is not installed is left out, and said so."""
    from disclosure_report import DisclosureReportError, import_report

    found = []
    for source in sorted((ROOT / "tests" / "corpus").glob("*/source.*")):
        try:
            found.append(_bytes(import_report(source).document))
        except DisclosureReportError as error:
            print(f"  left out {source.parent.name}: {error}", file=sys.stderr)
    return found
