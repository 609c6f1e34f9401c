"""Per-document speed of `validate(bytes)`, `loads` and `dumps`, against baselines measured
in the same run.

    python benchmarks/bench_validate.py [--documents 2000] [--repeat 5]

On 2021 reports given as JSON bytes — valid, breaking sums (`corpus.RULE_BREAKS`), breaking
the structure (`corpus.SCHEMA_BREAKS`), and a corpus of which 10 % break sums and 2 % the
structure — and on the published reports of the test corpus as the importer reads them
(`corpus.published`: long sections, most of them with findings), it times:
- reference: plain `jsonschema`, `Draft202012Validator(schema).iter_errors(json.loads(b))`
  with the project's own published schema;
- floor: `orjson.loads` plus `jsonschema_rs` validation of the same bytes;
- the reference path (`reference_validate`: jsonschema, then every rule), on the published
  reports;
- `disclosure_report.validate`, `loads` and `dumps` (and `orjson.loads`/`orjson.dumps` of
  the same documents as their floor).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from typing import Any

import jsonschema
import jsonschema_rs
import orjson
from corpus import RULE_BREAKS, SCHEMA_BREAKS, broken, mixed, published, reports

from disclosure_report import dumps, loads, validate
from disclosure_report._jsonio import unstructure
from disclosure_report._jsontext import parse
from disclosure_report._schema import schema
from disclosure_report._validation import reference_validate


def seconds_per_item(check: Callable[[Any], object], items: Sequence[Any]) -> float:
    """Seconds of CPU time per item of one pass: the time this process ran, not the time it
    waited for a core while other processes had it."""
    start = time.process_time()
    for item in items:
        check(item)
    return (time.process_time() - start) / len(items)


def best_of_rounds(
    cases: dict[str, tuple[Callable[[Any], object], Sequence[Any]]], repeat: int
) -> dict[str, float]:
    """Seconds per item of each case, the best of `repeat` rounds; each round passes over
    every case once, so that the cases compared share the machine's load of the moment."""
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(repeat):
        for name, (check, items) in cases.items():
            best[name] = min(best[name], seconds_per_item(check, items))
    return best


def _variant(documents: Sequence[bytes], changes: dict[str, Any]) -> list[bytes]:
    from corpus import _bytes  # the corpus's own encoding

    return [_bytes(broken(parse(document), changes)) for document in documents]


def measure(count: int, repeat: int) -> dict[str, float]:
    """Microseconds per document of every case, by name."""
    valid = list(reports(count))
    sample = valid[: max(100, count // 10)]
    rule_invalid = _variant(sample, RULE_BREAKS)
    schema_invalid = _variant(sample, SCHEMA_BREAKS)
    corpus = list(mixed(count, 0.10, 0.02))
    real = published()
    contract = dict(schema("2021"))
    reference = jsonschema.Draft202012Validator(contract)
    floor = jsonschema_rs.validator_for(contract)
    assert all(validate(document).valid for document in valid)
    assert all(not validate(document).valid for document in [*rule_invalid, *schema_invalid])

    def plain(document: bytes) -> object:
        return list(reference.iter_errors(json.loads(document)))

    def fastest(document: bytes) -> object:
        return list(floor.iter_errors(orjson.loads(document)))

    reports_ = [loads(document) for document in sample]
    unstructured = [unstructure(report) for report in reports_]
    cases: dict[str, tuple[Callable[[Any], object], Sequence[Any]]] = {
        "valid: jsonschema": (plain, sample[: len(sample) // 2]),
        "valid: floor": (lambda b: floor.is_valid(orjson.loads(b)), valid),
        "valid: validate": (validate, valid),
        "rule-invalid: jsonschema": (plain, rule_invalid[: len(sample) // 2]),
        "rule-invalid: floor": (fastest, rule_invalid),
        "rule-invalid: validate": (validate, rule_invalid),
        "schema-invalid: jsonschema": (plain, schema_invalid[: len(sample) // 2]),
        "schema-invalid: floor": (fastest, schema_invalid),
        "schema-invalid: validate": (validate, schema_invalid),
        "12 %-invalid corpus: validate": (validate, corpus),
        "published reports: reference path": (reference_validate, real),
        "published reports: validate": (validate, real),
        "loads": (loads, sample),
        "orjson.loads": (orjson.loads, sample),
        "dumps": (dumps, reports_),
        "orjson.dumps": (lambda d: orjson.dumps(d, default=str), unstructured),
    }
    return {name: seconds * 1e6 for name, seconds in best_of_rounds(cases, repeat).items()}


RATIOS: tuple[tuple[str, str, str, str, float], ...] = (
    ("valid validate vs floor", "valid: validate", "valid: floor", "≤", 1.5),
    ("validate vs jsonschema (speed-up)", "valid: jsonschema", "valid: validate", "≥", 35),
    ("rule-invalid vs valid", "rule-invalid: validate", "valid: validate", "≤", 3),
    (
        "schema-invalid: jsonschema vs validate (speed-up)",
        "schema-invalid: jsonschema",
        "schema-invalid: validate",
        "≥",
        5,
    ),
    (
        "12 %-invalid corpus vs all valid",
        "12 %-invalid corpus: validate",
        "valid: validate",
        "≤",
        1.5,
    ),
    (
        "published: reference path vs validate (speed-up)",
        "published reports: reference path",
        "published reports: validate",
        "≤",
        float("inf"),  # no target: the speed-up, measured
    ),
    ("loads vs validate", "loads", "valid: validate", "≤", 5),
    ("dumps vs validate", "dumps", "valid: validate", "≤", 2),
)
"""Each target: its name, the two measurements divided, and the bound."""


def ratios(times: dict[str, float]) -> list[tuple[str, float, str, float]]:
    """Each target's measured ratio, its comparison and its bound."""
    return [
        (name, times[top] / times[bottom], sign, bound) for name, top, bottom, sign, bound in RATIOS
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    times = measure(arguments.documents, arguments.repeat)
    for name, micros in times.items():
        print(f"  {name:34} {micros:9.1f} µs/document")
    for name, ratio, sign, bound in ratios(times):
        met = ratio <= bound if sign == "≤" else ratio >= bound
        target = "" if bound == float("inf") else f"(target {sign} {bound}x)"
        print(f"{name:52} {ratio:7.2f}x  {target}{'' if met else '  MISSED'}")


if __name__ == "__main__":
    main()
