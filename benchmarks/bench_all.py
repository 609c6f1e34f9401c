"""Every ratio of the speed targets, measured side by side in one run.

    python benchmarks/bench_all.py [--documents 1000] [--repeat 5] [--lines 100000] [--starts 20]

Prints the per-document times (`bench_validate`), the bulk command with one and two jobs
against reading and parsing every line (`bench_bulk`), the start-up of the command against
``python -c pass`` with the slowest imports (``-X importtime``), and then every ratio with
its target. Linux only; the figures vary with the machine's load, which is printed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
from bench_bulk import run as run_bulk
from bench_validate import measure, ratios
from corpus import reports


def read_and_parse(corpus: Path) -> float:
    """Seconds to read every line of `corpus` and parse it with orjson, in one process."""
    start = time.perf_counter()
    with corpus.open("rb") as stream:
        for line in stream:
            orjson.loads(line)
    return time.perf_counter() - start


def best_start(arguments: list[str], starts: int) -> float:
    """Seconds of the quickest of `starts` runs of a command."""
    best = float("inf")
    for _ in range(starts):
        start = time.perf_counter()
        subprocess.run(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def slowest_imports(arguments: list[str], count: int = 8) -> list[tuple[int, str]]:
    """The modules with the largest cumulative import time (µs) of a Python command."""
    found = subprocess.run(
        [sys.executable, "-X", "importtime", *arguments],
        capture_output=True,
        text=True,
        check=False,
    ).stderr
    rows = []
    for line in found.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line.split("|")
            rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--starts", type=int, default=20)
    arguments = parser.parse_args()
    command = shutil.which("disclosure-report")
    if command is None:
        sys.exit("install the package first: the disclosure-report command is not on PATH")
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    times = measure(arguments.documents, arguments.repeat)
    for name, micros in times.items():
        print(f"  {name:34} {micros:9.1f} µs/document")

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        with corpus.open("wb") as out:
            for document in reports(arguments.lines):
                out.write(document + b"\n")
        one, one_peak = run_bulk(corpus, 1)
        two, two_peak = run_bulk(corpus, 2)
        floor = min(read_and_parse(corpus) for _ in range(3))
        single = Path(folder) / "report.json"
        single.write_bytes(next(reports(1)))
        started = best_start([command, "validate", str(single)], arguments.starts)
        nothing = best_start([sys.executable, "-c", "pass"], arguments.starts)
        imports = slowest_imports(["-m", "disclosure_report", "validate", str(single)])
    print(f"{arguments.lines:,} lines of JSON Lines, validate --jsonl --format json --quiet:")
    print(f"  --jobs 1: {one:6.2f} s, peak memory {one_peak / 1024:5.0f} MiB")
    print(f"  --jobs 2: {two:6.2f} s, peak memory {two_peak / 1024:5.0f} MiB")
    print(f"  reading and parsing every line with orjson: {floor:6.2f} s")
    print(f"start-up: validate one file {started * 1000:.0f} ms,", end=" ")
    print(f"python -c pass {nothing * 1000:.0f} ms")
    slowest = ", ".join(f"{name} {micros / 1000:.0f} ms" for micros, name in imports)
    print(f"  slowest imports (cumulative): {slowest}")

    rows = ratios(times)
    rows.append(("--jobs 2 vs --jobs 1 (speed-up)", one / two, "≥", 1.8))
    rows.append(("--jobs 1 vs reading and parsing", one / floor, "≤", float("inf")))
    rows.append(("start-up vs python -c pass", started / nothing, "≤", 8))
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, ratio, sign, bound in rows:
        met = ratio <= bound if sign == "≤" else ratio >= bound
        target = "" if bound == float("inf") else f"(target {sign} {bound}x)"
        print(f"{name:52} {ratio:7.2f}x  {target}{'' if met else '  MISSED'}")


if __name__ == "__main__":
    main()
