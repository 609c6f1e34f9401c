"""The worker processes of the bulk commands: they end with the work, however it ends."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Generator

import pytest

from disclosure_report import _workers
from disclosure_report._errors import SaidOSError


def _pid() -> int:
    return os.getpid()


def _die() -> None:
    os._exit(3)  # as a worker killed or out of memory ends: no exception, no result


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has ended, only not yet been reaped
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"


def test_a_worker_that_dies_is_an_os_error_that_says_so_and_the_others_end() -> None:
    pids: set[int] = set()

    def work() -> None:
        with _workers.pool(2) as pool:
            pids.update(pool.submit(_pid).result() for _ in range(8))
            pool.submit(_die).result()

    with pytest.raises(OSError, match="worker") as raised:
        work()
    assert isinstance(raised.value, SaidOSError)
    assert raised.value.key == "worker_lost"
    assert "工作进程" in raised.value.words("zh")
    assert pids
    assert not any(_alive(pid) for pid in pids)


def test_a_consumer_that_stops_reading_ends_the_workers() -> None:
    pids: list[int] = []

    def results() -> Generator[int, None, None]:
        with _workers.pool(2) as pool:
            while True:
                pid = pool.submit(_pid).result()
                pids.append(pid)
                yield pid

    reading = results()
    next(reading)
    assert _alive(pids[0])
    reading.close()  # GeneratorExit inside the pool's body
    assert not any(_alive(pid) for pid in pids)


def test_an_exception_in_the_body_ends_the_workers_and_passes_unchanged() -> None:
    pids: list[int] = []

    def work() -> None:
        with _workers.pool(2) as pool:
            pids.append(pool.submit(_pid).result())
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        work()
    assert not _alive(pids[0])


def test_a_body_that_ends_normally_waits_for_the_work_submitted() -> None:
    with _workers.pool(2) as pool:
        futures = [pool.submit(_pid) for _ in range(6)]
    assert all(future.done() for future in futures)
    assert not any(_alive(future.result()) for future in futures)


_HALF_SENT = """
import gc, multiprocessing, multiprocessing.queues, os, signal, struct
from disclosure_report import _workers

sent = multiprocessing.Event()

def half_sent():
    # as a worker ended while it sends a large result: the length of a message, and a part of it
    queue = next(o for o in gc.get_objects() if type(o) is multiprocessing.queues.SimpleQueue)
    os.write(queue._writer.fileno(), struct.pack("!i", 1_000_000) + b"part")
    sent.set()
    signal.pause()

try:
    with _workers.pool(1) as pool:
        pool.submit(half_sent)
        assert sent.wait(60)
        raise KeyboardInterrupt
except KeyboardInterrupt:
    pass
"""


def test_a_worker_stopped_while_it_sends_a_result_does_not_hold_up_the_exit() -> None:
    """The thread that reads the workers' results, waiting for the rest of a message that a
    stopped worker will never send, would be joined at exit for ever."""
    ended = subprocess.run(
        [sys.executable, "-c", _HALF_SENT], capture_output=True, text=True, timeout=120
    )
    assert ended.returncode == 0, ended.stderr
