"""The command line run under the memory and time the hostile-input catalogue allows.

`run_bounded` starts the installed entry point in a subprocess limited to
`MEMORY` bytes of address space and `CPU_SECONDS` of processor time, so that an
input that would exhaust either ends the run instead of the machine. Processor
time, not time on the clock, is what is limited: the machine is shared, and a slow
neighbour must not fail a test. A run that waits without working (a blocked read)
is ended after `WAIT_SECONDS` on the clock, and the test fails.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "COMMAND",
    "CPU_SECONDS",
    "MEMORY",
    "WAIT_SECONDS",
    "Result",
    "assert_one_line",
    "run_bounded",
]

COMMAND = shutil.which("disclosure-report", path=str(Path(sys.executable).parent))
MEMORY = 500 * 2**20
"""Address space of the run: the issue's 500 MB."""
CPU_SECONDS = 10
"""Processor time of the run: the issue's 10 s."""
WAIT_SECONDS = 120
"""Time on the clock after which a run that does not end is a failure (a hang)."""


class Result(subprocess.CompletedProcess[str]):
    """A finished run: exit status, standard output and standard error as text."""

    @property
    def killed(self) -> bool:
        """Whether a resource limit ended the run (a signal, not an exit)."""
        return self.returncode < 0


def _limit(memory: int, seconds: int, close: tuple[int, ...], umask: int | None) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if umask is not None:
        os.umask(umask)
    for descriptor in close:
        os.close(descriptor)


def run_bounded(
    *arguments: str,
    stdin: bytes | int | None = None,
    environment: Mapping[str, str] | None = None,
    memory: int = MEMORY,
    seconds: int = CPU_SECONDS,
    cwd: str | Path | None = None,
    close: tuple[int, ...] = (),
    stdout: int | None = None,
    stderr: int | None = None,
    umask: int | None = None,
    python: str | None = None,
) -> Result:
    """Run ``disclosure-report *arguments`` within `memory` and `seconds` of processor time.

    `stdin` is the bytes to feed, or a file descriptor to read from (default: nothing);
    `stdout` and `stderr`, file descriptors to write to instead of being captured;
    `close`, descriptors to close in the child (``>&-``); `python`, code to run instead
    of the entry point (``sys.argv[1:]`` are the arguments).
    """
    assert COMMAND, "the disclosure-report entry point is not installed"
    command = [sys.executable, "-c", python] if python is not None else [COMMAND]
    feed = stdin if isinstance(stdin, bytes) else None
    source = stdin if isinstance(stdin, int) else subprocess.DEVNULL
    completed = subprocess.run(
        [*command, *arguments],
        input=feed,
        stdin=None if feed is not None else source,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE if stderr is None else stderr,
        timeout=WAIT_SECONDS,
        check=False,
        env={**os.environ, **(environment or {})},
        cwd=cwd,
        preexec_fn=lambda: _limit(memory, seconds, close, umask),
    )
    return Result(
        completed.args,
        completed.returncode,
        (completed.stdout or b"").decode("utf-8", "backslashreplace"),
        (completed.stderr or b"").decode("utf-8", "backslashreplace"),
    )


def assert_one_line(result: Result, status: int, *words: str) -> None:
    """The run ended by itself with `status` and said so in one line holding `words`."""
    assert not result.killed, f"ended by signal {-result.returncode}: {result.stderr[-2000:]}"
    assert result.returncode == status, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    for word in words:
        assert word in lines[0], lines[0]
