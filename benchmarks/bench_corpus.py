"""A thousand published reports in mixed forms imported in one command: the run the test suite
is too small for, measured.

    python benchmarks/bench_corpus.py [--sizes 250 1000] [--dask]

It writes a folder of real reports of the test corpus, renderings of generated reports in
every form (PDF, HTML, Word, Excel, Markdown, text), damaged files and a scan
(`tests/helpers/mixed.py`), then runs `disclosure-report import FOLDER -o … --findings …`:

1. with ``--jobs 1`` and ``--jobs 2``, timed, with the peak memory of the process tree, for
   each size (peak memory is to stay flat as the corpus grows);
2. on the largest, with ``--jobs 2`` killed (SIGKILL) once half the files are written, then
   with ``--resume``;
3. with ``--dask``, on a local cluster of two worker processes (`disclosure_report.dask`);

and checks that every run wrote the same records and findings, byte for byte (the Dask run:
the same records). It prints the summary of the run and the figures.

OCR is turned off (``DISCLOSURE_REPORT_OCR=off``), as for a corpus run that names its scans:
where the ``ocr`` extra is installed, reading the scan's pages would otherwise take most of
the run (``--ocr`` keeps it on).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_bulk import _rss_kib  # noqa: E402 - the sampler of the validation benchmark

from tests.helpers.mixed import REAL, mixed_folder  # noqa: E402


def _command() -> str:
    command = shutil.which("disclosure-report")
    if command is None:
        sys.exit("install the package first: the disclosure-report command is not on PATH")
    return command


def _run(arguments: list[str], kill_after: int | None = None,
         watch: Path | None = None) -> tuple[float, int, str, int]:  # fmt: skip
    """Seconds, peak memory (KiB), standard error and exit status of a run; killed once
    `watch` holds `kill_after` lines, when given."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([_command(), *arguments], stderr=errors)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _rss_kib(process.pid))
            if (
                kill_after is not None
                and watch is not None
                and watch.exists()
                and watch.read_bytes().count(b"\n") >= kill_after
            ):
                process.send_signal(signal.SIGKILL)
                process.wait()
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        errors.seek(0)
        said = errors.read().decode("utf-8")
    return seconds, peak, said, process.returncode


def _folder(work: Path, files: int) -> tuple[str, int]:
    copies = 5 if files >= 500 else 1
    generated = files - copies * len(REAL) - 4
    expected = mixed_folder(work / f"corpus-{files}", generated=generated, real_copies=copies)
    size = sum(Path(name).stat().st_size for name in expected) / 2**20
    print(f"{len(expected)} files, {size:.0f} MiB")
    return str(work / f"corpus-{files}"), len(expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--dask", action="store_true", help="also run it on a local cluster")
    parser.add_argument("--ocr", action="store_true", help="read the scan with OCR, if installed")
    arguments = parser.parse_args()
    if not arguments.ocr:
        os.environ["DISCLOSURE_REPORT_OCR"] = "off"  # the runs and the Dask workers inherit it
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        for files in arguments.sizes:
            corpus, count = _folder(work, files)
            outputs = {}
            for jobs in ("1", "2"):
                out, found = work / f"out-{jobs}.jsonl", work / f"findings-{jobs}.csv"
                command = ["import", corpus, "-o", str(out), "--findings", str(found)]
                seconds, peak, said, status = _run([*command, "--jobs", jobs, "--lang", "en"])
                outputs[jobs] = (out.read_bytes(), found.read_bytes())
                print(f"  --jobs {jobs}: {seconds:6.1f} s, {count / seconds:5.1f} files/s, "
                      f"peak memory {peak / 1024:.0f} MiB, exit status {status}")  # fmt: skip
            print("  --jobs 1 and --jobs 2 wrote the same:", outputs["1"] == outputs["2"])
        print(said, end="")
        expected = count
        out, found = work / "out-resumed.jsonl", work / "findings-resumed.csv"
        common = ["import", corpus, "-o", str(out), "--findings", str(found), "--jobs", "2",
                  "--lang", "en"]  # fmt: skip
        half = expected // 2
        killed, _, _, status = _run(common, kill_after=half, watch=out)
        lines = out.read_bytes().count(b"\n")
        resumed, _, said, _ = _run([*common, "--resume"])
        same = (out.read_bytes(), found.read_bytes()) == outputs["2"]
        print(f"killed after {killed:.1f} s with {lines} records written (status {status}); "
              f"resumed in {resumed:.1f} s; the same output as one run: {same}")  # fmt: skip
        print("  " + said.splitlines()[-1])

        if arguments.dask:
            import dask.distributed as distributed

            from disclosure_report._corpus import record_line
            from disclosure_report.dask import import_corpus

            with (
                distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                         host="127.0.0.1", dashboard_address=None) as cluster,
                distributed.Client(cluster),
            ):  # fmt: skip
                start = time.perf_counter()
                records = import_corpus(corpus, lang="en").compute()
                seconds = time.perf_counter() - start
            written = "".join(record_line(item) for item in records).encode("utf-8")
            print(f"Dask, two workers: {seconds:.1f} s, {expected / seconds:.1f} files/s; "
                  f"the same records: {written == outputs['2'][0]}")  # fmt: skip


if __name__ == "__main__":
    main()
