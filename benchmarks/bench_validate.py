"""Single-process throughput of `validate(bytes)` against two baselines measured in the same run.

    python benchmarks/bench_validate.py [--documents 2000] [--repeat 5]

Baselines, on the same valid 2021 reports given as JSON bytes:
- reference: plain `jsonschema`, `Draft202012Validator(schema).iter_errors(json.loads(b))`
  with the project's own published schema;
- floor: `orjson.loads` plus `jsonschema_rs` validation of the same bytes.
Targets: validate at least 20x the reference, and within 4x of the floor.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence

import jsonschema
import jsonschema_rs
import orjson
from corpus import reports

from disclosure_report import validate
from disclosure_report._schema import schema


def best_rate(check: Callable[[bytes], object], documents: Sequence[bytes], repeat: int) -> float:
    """Documents per second, the best of `repeat` passes."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for document in documents:
            check(document)
        best = min(best, time.perf_counter() - start)
    return len(documents) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    documents = list(reports(arguments.documents))
    published = dict(schema("2021"))
    reference = jsonschema.Draft202012Validator(published)
    fast = jsonschema_rs.validator_for(published)
    assert all(validate(document).valid for document in documents)

    slow_sample = documents[: max(100, arguments.documents // 10)]
    rates = {
        "jsonschema (reference)": best_rate(
            lambda b: list(reference.iter_errors(json.loads(b))), slow_sample, arguments.repeat
        ),
        "orjson + jsonschema_rs (floor)": best_rate(
            lambda b: fast.is_valid(orjson.loads(b)), documents, arguments.repeat
        ),
        "disclosure_report.validate": best_rate(validate, documents, arguments.repeat),
    }
    size = sum(map(len, documents)) / len(documents)
    print(f"{len(documents)} valid 2021 reports, {size:,.0f} bytes each on average")
    for name, rate in rates.items():
        print(f"  {name:32} {rate:>10,.0f} documents/s  {1e6 / rate:8.1f} µs/document")
    ours = rates["disclosure_report.validate"]
    versus_reference = ours / rates["jsonschema (reference)"]
    versus_floor = rates["orjson + jsonschema_rs (floor)"] / ours
    print(f"validate vs jsonschema: {versus_reference:.1f}x the throughput (target ≥ 20x)")
    print(f"validate vs floor: {versus_floor:.2f}x the time (target ≤ 4x)")
    met = versus_reference >= 20 and versus_floor <= 4
    print("targets met" if met else "TARGETS MISSED")


if __name__ == "__main__":
    main()
