"""Corpora for the benchmarks: valid 2021 reports, as the test suite generates them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from disclosure_report._jsontext import encode  # noqa: E402
from tests.helpers.documents import sample  # noqa: E402 - the test suite's generator, found above


def reports(count: int, distinct: int = 500) -> Iterator[bytes]:
    """`count` valid 2021 reports as compact JSON; `distinct` different ones, cycled,
    each named after its position so that no two are the same agency."""
    bases = [sample("2021", seed) for seed in range(min(count, distinct))]
    for index in range(count):
        document = bases[index % len(bases)]
        document["agency"] = {"name": f"第{index}号机关"}
        yield encode(document, indent=None).encode("utf-8")
