"""The README's commands: the example prints what the README shows, and the test commands
are what a new user can type (CI runs the root one exactly as written)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.helpers.cli import COMMAND

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(heading: str) -> str:
    return README.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def _blocks(text: str, kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)\n```", text, re.S)


def test_the_example_prints_what_the_readme_shows() -> None:
    section = _section("Try it")
    (command,) = _blocks(section, "console")
    (shown,) = _blocks(section, "text")
    assert command.endswith("&& disclosure-report validate examples/*.json")
    examples = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.json"))
    assert COMMAND
    result = subprocess.run(
        [COMMAND, "validate", *examples], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stdout == shown + "\n"
    assert result.stderr == ""


def test_the_test_commands_work_as_written_in_a_root_shell_and_without_root() -> None:
    root, user = _blocks(_section("Run the tests"), "console")
    assert "sudo" not in root
    steps = root.split(" && ")
    assert steps[:2] == ["apt-get update", steps[1]]
    packages = steps[1].split()
    assert packages[:3] == ["apt-get", "install", "-y"]
    assert set(packages[3:]) >= {
        "python3-venv", "chromium", "libreoffice-calc-nogui", "libreoffice-writer-nogui",
        "fonts-noto-cjk", "poppler-utils",
    }  # fmt: skip
    assert steps[2:] == [
        "python3 -m venv .venv",
        ". .venv/bin/activate",
        "pip install '.[dev]'",
        "pytest",
    ]
    assert user == (
        "python3 -m venv .venv && . .venv/bin/activate && pip install '.[dev]' "
        '&& pytest -m "not office"'
    )
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'bash -euo pipefail -c "$readme_command"' in ci
