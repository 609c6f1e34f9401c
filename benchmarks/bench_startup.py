"""The start-up of ``disclosure-report validate FILE`` against ``python -c pass``, alone.

    python benchmarks/bench_startup.py [--starts 20] [--before SOURCE] [--report FILE]

Runs the command (``python -m disclosure_report validate FILE`` on one generated 2021
report, or on `--report`) and ``python -c pass`` taking turns, and prints the quickest of
`--starts` runs of each in wall time and in CPU time, with the slowest imports
(``-X importtime``). With ``--before SOURCE`` (the ``src`` folder of another checkout, such
as a worktree of the last release), the command is also run from that source, in the same
turns: the figures before and after a change, measured side by side.

Python keeps the modules' bytecode, and the package its compiled checks
(`_codecache`), as an installed package does: the first run of each command writes
them and is not counted. The cache of each source is a folder of its own, made for the run.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import reports

HERE = Path(__file__).resolve().parents[1] / "src"


def environment(source: Path, cache: Path) -> dict[str, str]:
    """Python reading the package from `source`, keeping bytecode, caching in `cache`."""
    kept = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")
    }
    return {**kept, "PYTHONPATH": str(source), "XDG_CACHE_HOME": str(cache)}


def best(
    runs: dict[str, tuple[list[str], dict[str, str]]], starts: int
) -> dict[str, tuple[float, float]]:
    """The quickest of `starts` runs of each command (wall, CPU seconds), taking turns."""
    found = {name: (float("inf"), float("inf")) for name in runs}
    for round_ in range(starts + 1):
        for name, (arguments, env) in runs.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=env, check=False)  # fmt: skip
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if round_:  # the first writes the bytecode and the cache
                found[name] = (min(found[name][0], wall), min(found[name][1], cpu))
    return found


def slowest_imports(arguments: list[str], env: dict[str, str], count: int = 8) -> str:
    """The modules with the largest cumulative import time of a Python command."""
    found = subprocess.run([sys.executable, "-X", "importtime", *arguments],
                           capture_output=True, text=True, env=env, check=False).stderr  # fmt: skip
    rows = []
    for line in found.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line.split("|")
            rows.append((int(cumulative), name.strip()))
    return ", ".join(
        f"{name} {micros / 1000:.0f} ms" for micros, name in sorted(rows)[::-1][:count]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=20)
    parser.add_argument("--before", type=Path, help="the src folder of the code to compare with")
    parser.add_argument("--report", type=Path, help="the report to validate (else a generated one)")
    arguments = parser.parse_args()
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as folder:
        single = Path(folder) / "report.json"
        if arguments.report is None:
            single.write_bytes(next(reports(1)))
        else:
            single.write_bytes(arguments.report.read_bytes())
        command = ["-m", "disclosure_report", "validate", str(single)]
        sources = {"after": HERE} if arguments.before is None else {
            "before": arguments.before.resolve(), "after": HERE}  # fmt: skip
        plain = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        runs = {"pass": ([sys.executable, "-c", "pass"], plain)}
        for name, source in sources.items():
            env = environment(source, Path(folder) / name)
            runs[name] = ([sys.executable, *command], env)
        found = best(runs, arguments.starts)
        imports = {name: slowest_imports(command, runs[name][1]) for name in sources}
    nothing, nothing_cpu = found["pass"]
    print(f"python -c pass: {nothing * 1000:.0f} ms ({nothing_cpu * 1000:.0f} ms CPU)")
    for name in sources:
        wall, cpu = found[name]
        ratios = f"{wall / nothing:.1f}x python -c pass ({cpu / nothing_cpu:.1f}x in CPU time)"
        print(
            f"validate one file, {name}: {wall * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU) = {ratios}"
        )
        print(f"  slowest imports (cumulative): {imports[name]}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
