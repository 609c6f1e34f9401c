"""Import throughput per form, against the floor of the parsing library alone, and over jobs.

    python benchmarks/bench_import.py [--files 12] [--repeat 1]

For each form — PDF, HTML, text — it imports the same files three ways, side by side in one
run: the parsing library alone on them (the floor: for PDF, pdfplumber laying out each page
and extracting its text lines and tables, as the importer asks it to; for HTML, the standard
library's HTMLParser; for text, splitting the lines), `import_file` in this process (one
core), and all the files together through `import_files` over one and two worker processes.
It prints reports per second and the ratios: import / floor, and two jobs / one job; then
the start-up of the command, as a share of a one-file run. The files are real reports of the
test corpus and renderings of generated ones filed under real-looking agency names
(`tests/helpers/mixed.py`), so that the import reads every name as it reads a published one.

Rates are given by the clock and by the CPU time spent (of this process and its workers):
on a machine other work is loading, the clock's rates and the two-job ratio fall with the
load, while the CPU time a file takes does not; the CPU time of two jobs against one's says
what the second job costs in work (starting its process, what the parent does for it).
"""

from __future__ import annotations

import argparse
import functools
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from disclosure_report import render  # noqa: E402
from disclosure_report._corpus import import_file, import_files  # noqa: E402
from disclosure_report._jsonio import structure  # noqa: E402
from tests.helpers.documents import sample  # noqa: E402 - the test suite's generator, found above
from tests.helpers.mixed import REAL, agency  # noqa: E402
from tests.helpers.pdf import report_pdf  # noqa: E402


def _files(folder: Path, count: int) -> dict[str, list[Path]]:
    """`count` files of each form: the real ones first, then renderings of generated ones."""
    forms: dict[str, list[Path]] = {"PDF": [], "HTML": [], "text": []}
    for name, source in REAL.items():
        form = {"pdf": "PDF", "html": "HTML", "txt": "text", "md": "text"}.get(name.rsplit(".")[-1])
        if form is not None:
            target = folder / name
            target.write_bytes(source.read_bytes())
            forms[form].append(target)
    index = 0
    while min(len(paths) for paths in forms.values()) < count:
        document = sample("2021" if index % 3 else "2019", index)
        document["agency"]["name"] = agency(index)
        report = structure(document)
        text = render(report, "txt")
        html = render(report, "html")
        assert isinstance(text, str)
        assert isinstance(html, str)
        for form, suffix, data in (
            ("PDF", "pdf", report_pdf(text)),
            ("HTML", "html", html.encode("utf-8")),
            ("text", "txt", text.encode("utf-8")),
        ):
            if len(forms[form]) < count:
                target = folder / f"generated-{index:03d}.{suffix}"
                target.write_bytes(data)
                forms[form].append(target)
        index += 1
    return forms


def _pdf_floor(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text_lines()
            for table in page.find_tables():
                table.extract()


class _Parser(HTMLParser):
    pass


def _html_floor(path: Path) -> None:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()


def _text_floor(path: Path) -> None:
    path.read_text(encoding="utf-8", errors="replace").splitlines()


_FLOORS: dict[str, Callable[[Path], None]] = {
    "PDF": _pdf_floor, "HTML": _html_floor, "text": _text_floor,
}  # fmt: skip


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rate(work: Callable[[], object], count: int, repeat: int) -> tuple[float, float]:
    """Files per second of the best of `repeat` runs of `work` over `count` files: by the
    clock, and by the CPU time spent."""
    best = cpu = float("inf")
    for _ in range(repeat):
        start, spent = time.perf_counter(), _cpu()
        work()
        best, cpu = min(best, time.perf_counter() - start), min(cpu, _cpu() - spent)
    return count / best, count / cpu


def _floor(form: str, paths: Sequence[Path]) -> None:
    for path in paths:
        _FLOORS[form](path)


def _alone(paths: Sequence[Path]) -> None:
    for path in paths:
        import_file(str(path))


def _jobs(paths: Sequence[Path], jobs: int) -> None:
    for item in import_files([str(path) for path in paths], jobs=jobs):
        assert item.outcome != "refused", item.error


def _startup(path: Path, repeat: int) -> tuple[float, float]:
    """Seconds of `disclosure-report import FILE` and of its import in this process."""
    command = shutil.which("disclosure-report")
    if command is None:
        sys.exit("install the package first: the disclosure-report command is not on PATH")
    whole = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([command, "import", str(path), "-o", "/dev/null"], check=True,
                       capture_output=True)  # fmt: skip
        whole = min(whole, time.perf_counter() - start)
    alone = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        import_file(str(path))
        alone = min(alone, time.perf_counter() - start)
    return whole, alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=12, help="files of each form")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the best counts")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        forms = _files(Path(folder), arguments.files)
        for paths in forms.values():  # warm up: the modules each form needs are imported
            import_file(str(paths[0]))
            _FLOORS["PDF"](forms["PDF"][0])
        print(f"{arguments.files} files of each form; reports per second (best of "
              f"{arguments.repeat})")  # fmt: skip
        print(f"{'':6} {'by the clock':^31} {'by CPU time':^31}")
        print(f"{'form':6}" + f" {'floor':>8} {'import':>8} {'import/floor':>13}" * 2)
        for form, paths in forms.items():
            floor = _rate(functools.partial(_floor, form, paths), len(paths), arguments.repeat)
            alone = _rate(functools.partial(_alone, paths), len(paths), arguments.repeat)
            print(f"{form:6}" + "".join(
                f" {floor[i]:8.1f} {alone[i]:8.1f} {floor[i] / alone[i]:12.2f}×" for i in (0, 1)
            ))  # fmt: skip
        every = [path for paths in forms.values() for path in paths]
        one = _rate(functools.partial(_jobs, every, 1), len(every), arguments.repeat)
        two = _rate(functools.partial(_jobs, every, 2), len(every), arguments.repeat)
        print(f"all {len(every)} files: 1 job {one[0]:.1f}/s, 2 jobs {two[0]:.1f}/s: "
              f"{two[0] / one[0]:.2f}×")  # fmt: skip
        print(f"  CPU time a file: 1 job {1000 / one[1]:.1f} ms, 2 jobs {1000 / two[1]:.1f} ms "
              f"({one[1] / two[1]:.2f}× the work)")  # fmt: skip
        whole, inside = _startup(forms["HTML"][0], max(arguments.repeat, 3))
        print(
            f"one HTML file: the command {whole * 1000:.0f} ms, its import {inside * 1000:.0f} ms: "
            f"start-up is {(whole - inside) / whole:.0%} of the run"
        )


if __name__ == "__main__":
    main()
