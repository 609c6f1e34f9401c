"""The user guide in Chinese (docs/zh/) does what it says: every command in it runs.

Each page's ``console`` blocks run in order, in one shell, in a folder laid out as the top
of the source, where the guide says its commands run: the package's sources, the examples,
the published reports the tests keep, and the test county of ``tests/helpers/county.py`` (its
roster as 名册.csv, its units' reports in 各单位报告/, the county's own report beside them).
What a command prints (standard output, then standard error) must be what the page shows
under it: ``…`` alone on a line stands for any lines, inside a line for any text. A block's
last command must exit with the status its title gives (``title="退出状态 N"``, else 0), and
every command before it with 0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from disclosure_report import CODES
from disclosure_report import _messages as messages
from disclosure_report._findings import IMPORT_CODES
from tests.helpers.county import COUNTY, build

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "zh"
PAGES = sorted(GUIDE.glob("*.md"))
BLOCK = re.compile(r"^```console([^\n]*)\n(.*?)\n```$", re.S | re.M)
SEVERITIES = {"error": "错误", "warning": "警告", "info": "提示"}


@attrs.frozen
class Command:
    line: str
    shown: tuple[str, ...]
    status: int


def commands(page: Path) -> list[Command]:
    """The page's commands, each with the lines shown under it and its exit status."""
    found = []
    for info, body in BLOCK.findall(page.read_text(encoding="utf-8")):
        title = re.search(r'title="([^"]*)"', info)
        status = re.fullmatch(r"退出状态 (\d)", title.group(1)) if title else None
        assert status or not title, f"{page.name}: a console block titled {title.group(1)!r}"
        lines = body.splitlines()
        assert lines[0].startswith("$ "), f"{page.name}: a console block not led by a command"
        block: list[Command] = []
        for line in lines:
            if line.startswith("$ "):
                assert not line.endswith("\\"), f"{page.name}: one command a line: {line}"
                block.append(Command(line[2:], (), 0))
            else:
                last = block[-1]
                block[-1] = attrs.evolve(last, shown=(*last.shown, line))
        block[-1] = attrs.evolve(block[-1], status=int(status.group(1)) if status else 0)
        found.extend(block)
    return found


def pattern(shown: tuple[str, ...]) -> re.Pattern[str]:
    """What the shown lines allow: ``…`` alone is any lines, ``…`` within a line any text."""
    parts = [
        r"(?:[^\n]*\n)*?" if line == "…" else ".*?".join(map(re.escape, line.split("…"))) + r"\n"
        for line in shown
    ]
    return re.compile("".join(parts))


def lay_out(folder: Path) -> None:
    """The top of the source as the guide's reader has it, and the test county."""
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("src", "schemas", "examples", "tests/fixtures/published", "tests/corpus"):
        shutil.copytree(ROOT / name, folder / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, folder / name)
    county = build(folder / "各单位报告")
    county.roster.rename(folder / "名册.csv")
    county.roster_xlsx.unlink()
    county.region.path.rename(folder / f"{COUNTY}.json")


def run(page: Path, folder: Path) -> list[tuple[Command, int, str]]:
    """Run the page's commands in one shell; each with its status and what it printed."""
    steps = commands(page)
    outputs = folder.parent / f"{folder.name}.outputs"
    outputs.mkdir()
    script = "".join(
        f"{{ {step.line}\n}} >'{outputs}/{n}.out' 2>'{outputs}/{n}.err'; "
        f"echo $? >'{outputs}/{n}.status'\n"
        for n, step in enumerate(steps)
    )
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    environment = dict(os.environ, PATH=path)
    subprocess.run(
        ["bash", "-c", script], cwd=folder, env=environment, stdin=subprocess.DEVNULL,
        check=True, timeout=600,
    )  # fmt: skip
    return [
        (
            step,
            int((outputs / f"{n}.status").read_text()),
            (outputs / f"{n}.out").read_text(encoding="utf-8")
            + (outputs / f"{n}.err").read_text(encoding="utf-8"),
        )
        for n, step in enumerate(steps)
    ]


def test_the_guide_has_a_page_for_each_task() -> None:
    assert [page.name for page in PAGES] == [
        "check.md", "fill-in.md", "import.md", "index.md", "roll-up.md",
    ]  # fmt: skip
    for page in PAGES:
        assert commands(page), page.name


@pytest.mark.parametrize("chapter", PAGES, ids=[page.stem for page in PAGES])
def test_every_command_of_the_guide_runs_as_shown(chapter: Path, tmp_path: Path) -> None:
    folder = tmp_path / "disclosure_report"
    lay_out(folder)
    for step, status, printed in run(chapter, folder):
        assert status == step.status, f"$ {step.line}\n{printed}"
        assert pattern(step.shown).fullmatch(printed), f"$ {step.line}\n{printed}"


def test_the_guide_names_every_code_as_the_findings_do() -> None:
    """A table row of the guide that starts with a code gives its severity and summary."""
    codes = {**CODES, **IMPORT_CODES}
    rows = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        rows += re.findall(r"^\| `([A-Z0-9_]+)` \| ([^|]+) \| ([^|]+) \|", text, re.M)
    assert rows
    for code, severity, summary in rows:
        assert code in codes, code
        assert severity.strip() == SEVERITIES[codes[code].severity], code
        assert summary.strip() == messages.summary(code), code
