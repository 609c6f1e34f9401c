"""The worker processes of the bulk commands (`validate` over many documents, the corpus
import): started with interrupts left to the parent, and never outliving the command."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import concurrent.futures


@contextlib.contextmanager
def pool(jobs: int) -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    """`jobs` worker processes for the body of a ``with``.

    Leaving the body normally waits for the workers to finish; leaving it any other way —
    an exception, Ctrl-C, SIGTERM turned into an exception, a consumer that stops reading
    a generator holding the pool — ends them at once (`stop`). A worker that died (killed,
    out of memory) is an `OSError` that says so (`SaidOSError`), not a traceback of the executor.
    """
    import concurrent.futures.process  # not at import: a single document needs no workers

    from ._errors import SaidOSError

    workers = concurrent.futures.ProcessPoolExecutor(jobs, initializer=_ignore_interrupts)
    try:
        yield workers
    except concurrent.futures.process.BrokenProcessPool:
        stop(workers)
        raise SaidOSError(key="worker_lost") from None
    except BaseException:  # interrupted, terminated, or no longer wanted: stop the workers
        stop(workers)
        raise
    workers.shutdown()


_stopped = False
"""Whether `stop` ended a pool's workers in this process (what `stopped` says)."""


def stopped() -> bool:
    """Whether a pool's workers were ended before their work (`stop`) in this process."""
    return _stopped


def stop(workers: concurrent.futures.ProcessPoolExecutor) -> None:
    """End the workers now, and wait until they have ended: none outlives the command."""
    global _stopped
    _stopped = True
    processes = list((workers._processes or {}).values())  # the executor names no public way
    results = workers._result_queue  # (shutdown forgets both)
    # The thread that feeds the workers their work may be blocked writing into a pipe that no
    # worker reads any more; waiting for it, at shutdown or at exit, would wait for ever
    # (CPython gh-94777). The work it holds is not wanted: it is not waited for.
    workers._call_queue.cancel_join_thread()  # type: ignore[attr-defined]  # no public way
    workers.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()
    # A worker ended while it sent a result leaves half of it in the pipe, and the thread that
    # reads the results waits for the rest for ever; it is joined at exit, and the command
    # would never end. This process holds the last end of the pipe that writes: closing it,
    # with no worker left, ends that wait (the thread then finds the pool broken, and ends).
    if results is not None:
        results._writer.close()  # type: ignore[attr-defined]  # no public way


def _ignore_interrupts() -> None:
    """In a worker: leave Ctrl-C to the parent, which stops between whole output lines, and
    end at once on SIGTERM, whatever the parent does with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
