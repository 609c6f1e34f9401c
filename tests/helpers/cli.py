"""The command line as the tests run it: the installed entry point, in a subprocess."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
VALID = EXAMPLES / "2024_淮安市人民政府.json"
SEED = EXAMPLES / "2019_河西街道办事处.json"
DEFECTS = EXAMPLES / "2023_某某县自然资源局_defects.json"
COMMAND = shutil.which("disclosure-report", path=str(Path(sys.executable).parent))


def run(*arguments: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    assert COMMAND, "the disclosure-report entry point is not installed"
    data = stdin.encode() if isinstance(stdin, str) else stdin
    completed = subprocess.run(
        [COMMAND, *arguments], input=data, capture_output=True, timeout=60, check=False
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8"),
        completed.stderr.decode("utf-8"),
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]
