"""The Starlette application: routes, limits, security headers, and `serve`."""

from __future__ import annotations

import datetime
import importlib.resources
import ipaddress
import os
import re
import secrets
import socket
import sys
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import attrs
import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import LIMITS, TEMPLATES, template_in_force
from .. import _messages as messages
from .._blank import default_year
from .._jsontext import encode
from .._schema import DISPATCHER, schema_text
from ._body import Body, Intake, mib, receive
from ._html import start_page
from ._jobs import refused
from ._openapi import openapi
from ._pool import Busy, Crashed, Pool, TimedOut
from ._reply import JSON, Refusal, Reply, Surface

__all__ = ["Settings", "create_app", "serve"]

_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'{styles}; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)
_LOOPBACK_NAMES = frozenset({"localhost", "localhost."})
_STATIC = {
    "page.css": "text/css; charset=utf-8",
    "page.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}


@attrs.frozen
class Settings:
    """How `serve` runs."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = attrs.field(factory=lambda: os.cpu_count() or 1)
    """Processes that check uploads: one per core unless told."""
    timeout: float = 30.0
    """Seconds each step of a request may take: receiving, waiting for a worker, working."""
    keep: Path | None = None
    """Where to keep every upload and its verdict; None keeps nothing."""


def _loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_of(header: str) -> str:
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class _Guard:
    """Security headers on every response, and, on a loopback address, a refusal of any
    Host that is not a loopback name (so that no other site reaches the server through a
    name of its own that resolves to 127.0.0.1)."""

    def __init__(self, app: ASGIApp, *, loopback_only: bool) -> None:
        self.app = app
        self.loopback_only = loopback_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.loopback_only:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if not _loopback(_host_of(host).lower()):
                await Response("invalid host\n", 400, media_type="text/plain")(scope, receive, send)
                return

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [item for item in _HEADERS if item[0] not in present]
                if b"content-security-policy" not in present:
                    policy = _POLICY.format(styles="").encode("ascii")
                    headers.append((b"content-security-policy", policy))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, guarded)


def content_disposition(filename: str) -> str:
    """The header offering a download under `filename` (any characters, safely quoted)."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename).strip("_") or "download"
    return (
        f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{urllib.parse.quote(filename, safe='')}"
    )


def _response(reply: Reply) -> Response:
    headers: dict[str, str] = {}
    if reply.filename is not None:
        headers["content-disposition"] = content_disposition(reply.filename)
    if reply.styles:
        headers["content-security-policy"] = _POLICY.format(styles=" " + " ".join(reply.styles))
    return Response(reply.body, reply.status, headers, media_type=reply.media_type)


def _lang(value: str | None) -> str:
    return "en" if value == "en" else "zh"


def _static(name: str) -> bytes:
    return (importlib.resources.files(__package__) / "static" / name).read_bytes()


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("disclosure-report")
    except PackageNotFoundError:
        return "unknown"


def _bad(reason: str, lang: str, **values: object) -> Refusal:
    return Refusal(400, messages.web_refusal(reason, lang, **values))


def _year(text: str | None, lang: str) -> int | None:
    if text is None or text == "":
        return None
    if not text.isdigit() or not 1900 <= int(text) <= 2999:
        raise _bad("parameter_year", lang, given=repr(text))
    return int(text)


class _Server:
    """The routes, with what they share: the settings, the workers and the intake."""

    def __init__(self, settings: Settings, address: str) -> None:
        self.settings = settings
        self.address = address
        self.pool = Pool(settings.workers, settings.timeout)
        limit = max(LIMITS.import_bytes, LIMITS.document_bytes)
        self.intake = Intake(max(4, settings.workers * 2) * limit)
        self.assets = {name: _static(name) for name in _STATIC}

    # --- answering ----------------------------------------------------------------------

    async def _work(
        self, name: str, arguments: dict[str, Any], surface: Surface, lang: str
    ) -> Reply:
        seconds = f"{self.settings.timeout:g}"
        try:
            return await self.pool.run(name, arguments)
        except Busy:
            refusal = Refusal(503, messages.web_refusal("busy", lang))
        except TimedOut:
            refusal = Refusal(422, messages.web_refusal("time_limit", lang, seconds=seconds))
        except Crashed:
            refusal = Refusal(500, messages.web_refusal("crashed", lang))
        return refused(refusal, surface, lang)

    async def _answer(
        self,
        request: Request,
        surface: Surface,
        accept: tuple[str, ...],
        job: Callable[[Body, str], tuple[str, dict[str, Any]]],
    ) -> Response:
        lang = _lang(request.query_params.get("lang"))
        try:
            async with receive(
                request, self.intake, lang, accept=accept, timeout=self.settings.timeout
            ) as body:
                lang = _lang(body.fields.get("lang") or request.query_params.get("lang"))
                name, arguments = job(body, lang)
                reply = await self._work(name, arguments, surface, lang)
                if self.settings.keep is not None and body.data is not None:
                    await anyio.to_thread.run_sync(self._keep, request.url.path, body, reply)
        except Refusal as refusal:
            reply = refused(refusal, surface, lang)
        return _response(reply)

    def _keep(self, route: str, body: Body, reply: Reply) -> None:
        """Write the upload and its verdict into the --keep folder, under names of the
        server's own making."""
        folder = self.settings.keep
        assert folder is not None
        now = datetime.datetime.now(datetime.timezone.utc)
        stem = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
        record = reply.record or {}
        kind = str(record.get("kind", "upload"))
        (folder / f"{stem}.{kind}").write_bytes(body.data or b"")
        kept = {
            "received": now.isoformat(timespec="seconds"),
            "route": route,
            "source": body.name,
            "status": reply.status,
            "upload": f"{stem}.{kind}",
            "verdict": record,
        }
        (folder / f"{stem}.verdict.json").write_text(encode(kept) + "\n", encoding="utf-8")

    # --- the page -----------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        lang = _lang(request.query_params.get("lang"))
        this_year = datetime.date.today().year
        page = start_page(
            lang,
            limit=mib(LIMITS.import_bytes),
            kept=self.settings.keep is not None,
            years=range(this_year, 2018, -1),
            year=default_year(),
        )
        return Response(page.html, media_type="text/html; charset=utf-8")

    @staticmethod
    def _upload(body: Body, lang: str) -> tuple[str, bytes]:
        if body.data is None or body.name is None:
            raise Refusal(400, messages.web_refusal("no_file", lang))
        return body.name, body.data

    async def check(self, request: Request) -> Response:
        def job(body: Body, lang: str) -> tuple[str, dict[str, Any]]:
            name, data = self._upload(body, lang)
            return "check", {"name": name, "data": data, "lang": lang}

        return await self._answer(request, "page", ("multipart",), job)

    async def download(self, request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in ("json", "xlsx", "letter"):
            return await self.not_found(request, HTTPException(404))

        def job(body: Body, lang: str) -> tuple[str, dict[str, Any]]:
            return "download", {
                "kind": kind,
                "text": body.fields.get("document", ""),
                "source": body.fields.get("source", "") or "upload",
                "lang": lang,
            }

        return await self._answer(request, "page", ("form", "multipart"), job)

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in self.assets:
            return await self.not_found(request, HTTPException(404))
        return Response(self.assets[name], media_type=_STATIC[name])

    # --- the API ------------------------------------------------------------------------

    async def api_validate(self, request: Request) -> Response:
        def job(body: Body, lang: str) -> tuple[str, dict[str, Any]]:
            if body.fields or body.name is not None:
                name, data = self._upload(body, lang)
                return "validate", {"name": name, "data": data, "lang": lang}
            return "validate", {"name": "<body>", "data": body.data, "lang": lang, "body": True}

        return await self._answer(request, "api", ("json", "multipart"), job)

    async def api_import(self, request: Request) -> Response:
        def job(body: Body, lang: str) -> tuple[str, dict[str, Any]]:
            name, data = self._upload(body, lang)
            arguments: dict[str, Any] = {"name": name, "data": data, "lang": lang}
            if body.fields.get("agency"):
                arguments["agency"] = body.fields["agency"].strip()
            year = _year(body.fields.get("year"), lang)
            if year is not None:
                arguments["year"] = year
            return "import", arguments

        return await self._answer(request, "api", ("multipart",), job)

    async def api_template(self, request: Request) -> Response:
        query = request.query_params
        lang = _lang(query.get("lang"))
        template = query.get("template") or None
        form = query.get("format") or "json"
        try:
            if template is not None and template not in TEMPLATES:
                choices = messages.alternatives(TEMPLATES, lang)
                raise _bad("parameter_choice", lang, name="template", given=repr(template),
                           choices=choices)  # fmt: skip
            if form not in ("json", "xlsx"):
                choices = messages.alternatives(("json", "xlsx"), lang)
                raise _bad("parameter_choice", lang, name="format", given=repr(form),
                           choices=choices)  # fmt: skip
            year = _year(query.get("year"), lang) or default_year(template)
            in_force = template_in_force(year)
            if in_force is None:
                raise _bad("parameter_no_template", lang, year=year)
            if template is not None and in_force.id != template:
                raise _bad("parameter_not_in_force", lang, template=template, year=year,
                           in_force=in_force.id)  # fmt: skip
        except Refusal as refusal:
            return _response(refused(refusal, "api", lang))
        arguments = {"template": in_force.id, "year": year, "format": form}
        return _response(await self._work("template", arguments, "api", lang))

    async def api_schema(self, request: Request) -> Response:
        template = request.path_params["template"]
        if template not in (*TEMPLATES, DISPATCHER):
            return await self.not_found(request, HTTPException(404))
        return Response(schema_text(template), media_type="application/schema+json")

    async def api_openapi(self, request: Request) -> Response:
        return Response(encode(openapi(_package_version())) + "\n", media_type=JSON)

    # --- errors -------------------------------------------------------------------------

    @staticmethod
    def _surface(request: Request) -> Surface:
        return "api" if request.url.path.startswith("/api/") else "page"

    async def not_found(self, request: Request, error: Exception) -> Response:
        lang = _lang(request.query_params.get("lang"))
        status = error.status_code if isinstance(error, HTTPException) else 404
        if status == 405:
            message = messages.web_refusal("method", lang, method=request.method)
        else:
            status, message = 404, messages.web_refusal("not_found", lang)
        return _response(refused(Refusal(status, message), self._surface(request), lang))

    async def crashed(self, request: Request, error: Exception) -> Response:
        lang = _lang(request.query_params.get("lang"))
        message = messages.web_refusal("crashed", lang)
        return _response(refused(Refusal(500, message), self._surface(request), lang))

    # --- the application ----------------------------------------------------------------

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(self.pool.start)
        print(f"disclosure-report: serving on {self.address} (Ctrl-C stops)", flush=True)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(self.pool.close)

    def app(self) -> ASGIApp:
        routes = [
            Route("/", self.home, methods=["GET"]),
            Route("/check", self.check, methods=["POST"]),
            Route("/download/{kind}", self.download, methods=["POST"]),
            Route("/static/{name}", self.static, methods=["GET"]),
            Route("/api/validate", self.api_validate, methods=["POST"]),
            Route("/api/import", self.api_import, methods=["POST"]),
            Route("/api/template", self.api_template, methods=["GET"]),
            Route("/api/schema/{template}", self.api_schema, methods=["GET"]),
            Route("/api/openapi.json", self.api_openapi, methods=["GET"]),
        ]
        handlers: MutableMapping[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
            404: self.not_found,
            405: self.not_found,
            Exception: self.crashed,
        }
        application = Starlette(
            routes=routes,
            exception_handlers=handlers,
            lifespan=self.lifespan,
        )
        return _Guard(application, loopback_only=_loopback(self.settings.host))


def create_app(settings: Settings, address: str = "") -> ASGIApp:
    """The ASGI application of `settings`; `address` is what it says it serves on."""
    return _Server(settings, address or f"http://{settings.host}:{settings.port}/").app()


def _bind(host: str, port: int) -> socket.socket:
    family, kind, protocol, _, where = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, protocol)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(where)
    sock.listen(2048)
    return sock


_LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s"},
        "access": {
            "()": "uvicorn.logging.AccessFormatter",
            "fmt": '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s',
        },
    },
    "handlers": {
        "default": {
            "formatter": "default",
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
        },
        "access": {
            "formatter": "access",
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
"""uvicorn's logging, all of it on stderr: standard output carries only the address."""


def serve(settings: Settings) -> int:
    """Serve the page and the API until interrupted; the exit status."""
    if settings.keep is not None:
        settings.keep.mkdir(parents=True, exist_ok=True)
    sock = _bind(settings.host, settings.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    app = create_app(settings, f"http://{shown}:{port}/")
    config = uvicorn.Config(
        app,
        log_config=_LOGGING,
        server_header=False,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
        limit_concurrency=1024,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    sys.stdout.flush()
    if not server.started:  # the workers could not start: uvicorn has logged why
        return 2
    return 0
