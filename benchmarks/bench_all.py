"""Every ratio of the speed targets, measured side by side in one run.

    python benchmarks/bench_all.py [--documents 1000] [--repeat 5] [--lines 100000] [--starts 20]
                                   [--bulk-runs 2]

Prints the per-document times (`bench_validate`), the bulk command with one and two jobs
against reading and parsing every line (`bench_bulk`), the start-up of the command against
``python -c pass`` with the slowest imports (``-X importtime``), and then every ratio with
its target. Linux only; the figures vary with the machine's load, which is printed too.
"""

from __future__ import annotations

import argparse
import os
import resource
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


_CACHED = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
"""The environment of the start-up runs: Python keeps the compiled bytecode of the modules,
as it does in an installed package (``PYTHONDONTWRITEBYTECODE`` would measure compiling
every module from source, every time)."""


def best_starts(commands: dict[str, list[str]], starts: int) -> dict[str, tuple[float, float]]:
    """The quickest of `starts` runs of each command, in seconds of wall time and of CPU
    time (user and system, which the load of other processes inflates less), the commands
    taking turns so that they share the machine's load; a first run of each writes the
    bytecode."""
    best = {name: (float("inf"), float("inf")) for name in commands}
    for round_ in range(starts + 1):
        for name, arguments in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                arguments,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=_CACHED,
                check=False,
            )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if round_:
                best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def slowest_imports(arguments: list[str], count: int = 8) -> list[tuple[int, str]]:
    """The modules with the largest cumulative import time (µs) of a Python command."""
    found = subprocess.run(
        [sys.executable, "-X", "importtime", *arguments],
        capture_output=True,
        text=True,
        env=_CACHED,
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
    parser.add_argument(
        "--bulk-runs", type=int, default=2, help="runs of each of --jobs 1 and 2, taking turns"
    )
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
        runs = [
            (jobs, run_bulk(corpus, jobs)) for _ in range(arguments.bulk_runs) for jobs in (1, 2)
        ]
        one, one_peak = min(result for jobs, result in runs if jobs == 1)
        two, two_peak = min(result for jobs, result in runs if jobs == 2)
        floor = min(read_and_parse(corpus) for _ in range(3))
        single = Path(folder) / "report.json"
        single.write_bytes(next(reports(1)))
        starts = best_starts(
            {
                "validate": [command, "validate", str(single)],
                "pass": [sys.executable, "-c", "pass"],
            },
            arguments.starts,
        )
        (started, started_cpu), (nothing, nothing_cpu) = starts["validate"], starts["pass"]
        imports = slowest_imports(["-m", "disclosure_report", "validate", str(single)])
    print(f"{arguments.lines:,} lines of JSON Lines, validate --jsonl --format json --quiet:")
    print(f"  --jobs 1: {one:6.2f} s, peak memory {one_peak / 1024:5.0f} MiB")
    print(f"  --jobs 2: {two:6.2f} s, peak memory {two_peak / 1024:5.0f} MiB")
    print(f"  reading and parsing every line with orjson: {floor:6.2f} s")
    print(f"start-up: validate one file {started * 1000:.0f} ms", end=" ")
    print(f"({started_cpu * 1000:.0f} ms CPU), python -c pass {nothing * 1000:.0f} ms", end=" ")
    print(f"({nothing_cpu * 1000:.0f} ms CPU)")
    slowest = ", ".join(f"{name} {micros / 1000:.0f} ms" for micros, name in imports)
    print(f"  slowest imports (cumulative): {slowest}")

    rows = ratios(times)
    rows.append(("--jobs 2 vs --jobs 1 (speed-up)", one / two, "≥", 1.8))
    rows.append(("--jobs 1 vs reading and parsing", one / floor, "≤", float("inf")))
    rows.append(("start-up vs python -c pass", started / nothing, "≤", 8))
    rows.append(("start-up vs python -c pass, CPU time", started_cpu / nothing_cpu, "≤", 8))
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, ratio, sign, bound in rows:
        met = ratio <= bound if sign == "≤" else ratio >= bound
        target = "" if bound == float("inf") else f"(target {sign} {bound}x)"
        print(f"{name:52} {ratio:7.2f}x  {target}{'' if met else '  MISSED'}")


if __name__ == "__main__":
    main()
