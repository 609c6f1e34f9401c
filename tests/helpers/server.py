"""`disclosure-report serve` started for a test, and a small HTTP client for it.

The server listens on a free loopback port (``--port 0``) and prints its address once
its workers are up; the test reads that line, so it waits for the event itself, never
for a while.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import attrs

__all__ = ["Answer", "Server", "multipart", "running"]

COMMAND = shutil.which("disclosure-report", path=str(Path(sys.executable).parent))


@attrs.frozen
class Answer:
    """An HTTP response, read whole."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        assert self.headers["content-type"].startswith("application/json"), self.headers
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def multipart(
    files: Mapping[str, tuple[str, bytes]], fields: Mapping[str, str] | None = None
) -> tuple[bytes, str]:
    """A multipart/form-data body of `files` (field: (file name, bytes)) and `fields`, and
    its Content-Type."""
    boundary = secrets.token_hex(16)
    parts: list[bytes] = []
    for name, value in (fields or {}).items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8")
            + b"\r\n"
        )
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode("utf-8") + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@attrs.frozen
class Server:
    """A running server: its address, and requests to it."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def port(self) -> int:
        port = urllib.parse.urlsplit(self.url).port
        assert port is not None
        return port

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=dict(headers or {}))
            response = connection.getresponse()
            return Answer(
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def upload(
        self, path: str, name: str, data: bytes, fields: Mapping[str, str] | None = None
    ) -> Answer:
        body, content_type = multipart({"file": (name, data)}, fields)
        return self.request("POST", path, body, {"Content-Type": content_type})

    def post_json(self, path: str, data: bytes) -> Answer:
        return self.request("POST", path, data, {"Content-Type": "application/json"})

    def post_form(self, path: str, fields: Mapping[str, str]) -> Answer:
        body = urllib.parse.urlencode(fields).encode("ascii")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body, headers)


@contextlib.contextmanager
def running(
    *arguments: str, folder: Path, environment: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """`disclosure-report serve --port 0 ARGUMENTS`, run in `folder` (its working directory
    and temporary folder), until the block ends; its log is `folder/serve.log`."""
    assert COMMAND, "the disclosure-report entry point is not installed"
    log = folder / "serve.log"
    env = {**os.environ, "TMPDIR": str(folder), **(environment or {})}
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [COMMAND, "serve", "--port", "0", *arguments],
            stdout=subprocess.PIPE,
            stderr=errors,
            cwd=folder,
            env=env,
        )
    stdout: IO[bytes] | None = process.stdout
    assert stdout is not None
    try:
        line = stdout.readline().decode("utf-8")  # printed once the workers are up
        found = re.search(r"http://\S+/", line)
        assert found, f"{line!r}\n{log.read_text(encoding='utf-8')}"
        yield Server(found.group(0), process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # pragma: no cover - a server that does not stop
            process.kill()
            process.wait()
        stdout.close()
