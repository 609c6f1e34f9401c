"""End-to-end throughput and peak memory of `disclosure-report validate --jsonl`.

    python benchmarks/bench_bulk.py [--sizes 10000 100000] [--jobs 1 2]

For each corpus size it writes that many valid 2021 reports as JSON Lines, runs the
command with each number of jobs (output to /dev/null), and reports documents per
second and the peak resident memory of the whole process tree (the command and its
workers), sampled from /proc every 50 ms. Linux only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import reports


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants, as /proc lists them; a process that ended while they were
    listed is left out."""
    pids = [pid]
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # it ended
        return pids
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            pids.extend(_tree(int(child)))
    return pids


def _rss_kib(pid: int) -> int:
    total = 0
    for member in _tree(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def run(corpus: Path, jobs: int) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one run."""
    command = shutil.which("disclosure-report")
    if command is None:
        sys.exit("install the package first: the disclosure-report command is not on PATH")
    arguments = [command, "validate", "--jsonl", str(corpus), "--format", "json", "--quiet"]
    start = time.perf_counter()
    with open("/dev/null", "w") as sink:
        process = subprocess.Popen([*arguments, "--jobs", str(jobs)], stdout=sink)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _rss_kib(process.pid))
            time.sleep(0.05)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"the run failed with exit status {process.returncode}")
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in arguments.sizes:
            corpus = Path(folder) / f"corpus-{size}.jsonl"
            with corpus.open("wb") as out:
                for document in reports(size):
                    out.write(document + b"\n")
            megabytes = corpus.stat().st_size / 2**20
            print(f"{size:,} reports ({megabytes:,.0f} MiB of JSON Lines)")
            for jobs in arguments.jobs:
                seconds, peak = run(corpus, jobs)
                print(
                    f"  --jobs {jobs}: {seconds:7.1f} s  {size / seconds:>9,.0f} documents/s  "
                    f"peak memory {peak / 1024:6.0f} MiB"
                )
            corpus.unlink()


if __name__ == "__main__":
    main()
