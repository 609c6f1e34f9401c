"""Worker processes that run the jobs, each within a time limit.

A job runs in a process of its own, so that a request over its time limit is really
stopped: the process is killed and replaced, and its private folder emptied. The server
process only receives, queues and answers; it never parses an upload itself.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import shutil
import signal
import tempfile
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread

from .._errors import SaidOSError
from ._reply import Reply

__all__ = ["Busy", "Crashed", "Pool", "TimedOut"]


class Busy(Exception):
    """No worker came free within the time limit."""


class TimedOut(Exception):
    """The job ran over the time limit and was stopped."""


class Crashed(Exception):
    """The worker died while running the job."""


_WARM = ("pdfplumber", "docx", "openpyxl", "opencc")
"""The readers' libraries, imported before the first job so that no job pays for it."""


def _serve(connection: Connection, folder: str) -> None:
    """A worker's loop: say it is ready, then run each job sent and answer its reply; stop
    at None or at the end of input."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    from ._jobs import run

    for name in _WARM:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    connection.send("ready")
    try:
        while True:
            try:
                job = connection.recv()
            except (EOFError, OSError):  # the server is gone, even if it was killed
                return
            if job is None:
                return
            name, arguments = job
            reply = run(name, arguments, Path(folder))
            try:
                connection.send(reply)
            except OSError:  # the server went away while the job ran
                return
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            Path(folder).parent.rmdir()  # the last worker out removes the server's folder


class _Worker:
    """One worker process, its pipe and its private folder."""

    def __init__(self, context: Any, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(mode=0o700)
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child, str(folder)), daemon=True
        )
        self.process.start()
        child.close()
        try:
            ready = self.connection.recv()  # the worker has imported what it needs
        except (EOFError, OSError):
            ready = None
        if ready != "ready":
            self.stop(kill=True)
            raise SaidOSError(key="worker_not_started")

    def call(self, job: tuple[str, dict[str, Any]], timeout: float) -> Reply:
        """Send `job` and wait at most `timeout` seconds for its reply."""
        try:
            self.connection.send(job)
        except (BrokenPipeError, OSError):
            raise Crashed from None
        if not self.connection.poll(timeout):
            raise TimedOut
        try:
            reply: Reply = self.connection.recv()
        except (EOFError, OSError):
            raise Crashed from None
        return reply

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.connection.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class Pool:
    """`size` worker processes; `run` gives a job to a free one, within `timeout` seconds
    of waiting for one and `timeout` seconds of work."""

    def __init__(self, size: int, timeout: float) -> None:
        self.size = size
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._root = Path(tempfile.mkdtemp(prefix="disclosure-report-serve-"))
        self._count = 0
        self._idle: list[_Worker] = []
        self._free = anyio.Semaphore(size)
        self._threads = anyio.CapacityLimiter(size)

    def _spawn(self) -> _Worker:
        self._count += 1
        return _Worker(self._context, self._root / f"worker-{self._count}")

    def start(self) -> None:
        """Start the workers (blocking: each imports the library)."""
        self._idle = [self._spawn() for _ in range(self.size)]

    def close(self) -> None:
        """Stop every worker and remove the private folder."""
        for worker in self._idle:
            worker.stop()
        self._idle = []
        shutil.rmtree(self._root, ignore_errors=True)

    def _call(self, worker: _Worker, job: tuple[str, dict[str, Any]]) -> tuple[_Worker, Reply]:
        """Run `job` on `worker`; a worker that timed out or died is replaced first."""
        try:
            return worker, worker.call(job, self.timeout)
        except (TimedOut, Crashed) as error:
            worker.stop(kill=True)
            replacement = self._spawn()
            raise _Replaced(replacement, error) from None

    async def run(self, name: str, arguments: dict[str, Any]) -> Reply:
        """The reply of job `name`; `Busy`, `TimedOut` or `Crashed` when there is none."""
        with anyio.move_on_after(self.timeout) as waiting:
            await self._free.acquire()
        if waiting.cancelled_caught:
            raise Busy
        worker = self._idle.pop()
        try:
            worker, reply = await anyio.to_thread.run_sync(
                self._call, worker, (name, arguments), limiter=self._threads
            )
        except _Replaced as replaced:
            worker = replaced.worker
            raise replaced.error from None
        finally:
            self._idle.append(worker)
            self._free.release()
        return reply


class _Replaced(Exception):
    def __init__(self, worker: _Worker, error: Exception) -> None:
        self.worker = worker
        self.error = error
