"""Concurrent uploads to `disclosure-report serve` on loopback: every answer, and how fast.

    python benchmarks/bench_serve.py [--uploads 200] [--route /api/validate] [--file F]

Starts the server on a free port, sends all the uploads at once (one connection each),
and reports the statuses, the wall time, the median, 95th percentile and slowest answer,
and the peak resident memory of the server and its workers. Linux only.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench_bulk import _rss_kib

ROOT = Path(__file__).resolve().parents[1]


def _upload(port: int, route: str, name: str, data: bytes) -> tuple[int, float]:
    boundary = secrets.token_hex(16)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request(
            "POST", route, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--route", default="/api/validate")
    parser.add_argument(
        "--file", type=Path, default=ROOT / "examples" / "2023_某某县自然资源局_defects.json"
    )
    parser.add_argument("--workers", type=int, help="the server's --workers (default: its own)")
    arguments = parser.parse_args()
    command = shutil.which("disclosure-report")
    if command is None:
        sys.exit("install the package first: the disclosure-report command is not on PATH")
    options = ["--workers", str(arguments.workers)] if arguments.workers else []
    data = arguments.file.read_bytes()
    with subprocess.Popen(
        [command, "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as server:
        assert server.stdout is not None
        found = re.search(r":(\d+)/", server.stdout.readline().decode())
        if found is None:
            sys.exit("the server did not start")
        port = int(found.group(1))
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.05):
                peak = max(peak, _rss_kib(server.pid))

        sampler = threading.Thread(target=sample)
        sampler.start()
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(arguments.uploads) as pool:
            answers = list(
                pool.map(
                    lambda _: _upload(port, arguments.route, arguments.file.name, data),
                    range(arguments.uploads),
                )
            )
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        server.terminate()
    statuses = Counter(status for status, _ in answers)
    seconds = sorted(latency for _, latency in answers)
    print(
        f"{arguments.uploads} uploads of {arguments.file.name} ({len(data):,} bytes) to "
        f"{arguments.route}: statuses {dict(statuses)}, all answered in {wall:.2f} s; "
        f"median {statistics.median(seconds) * 1000:.0f} ms, "
        f"95th percentile {seconds[int(len(seconds) * 0.95) - 1] * 1000:.0f} ms, "
        f"slowest {seconds[-1] * 1000:.0f} ms; peak memory {peak / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()
