"""A scriptable HTTP/1.1 server on 127.0.0.1 for fetcher tests: static folders, routes, and a count of connections."""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 403: "Forbidden", 404: "Not Found", 503: "Unavailable"}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class Response:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    # When set, the body is streamed from here instead (chunked unless a content-length header is given).
    stream: Callable[[], AsyncIterator[bytes]] | None = None


Handler = Callable[[Request], Awaitable[Response]]


def html(text: str, status: int = 200, charset: str | None = "utf-8", **headers: str) -> Response:
    content_type = "text/html" + (f"; charset={charset}" if charset else "")
    return Response(status, {"content-type": content_type, **headers}, text.encode(charset or "utf-8"))


def redirect(location: str, status: int = 302) -> Response:
    return Response(status, {"location": location}, b"")


def always(response: Response) -> Handler:
    async def handler(request: Request) -> Response:
        return response

    return handler


@dataclass
class TestServer:
    """Counts every TCP connection it accepts: a refused URL must leave `connections` at zero."""

    __test__ = False  # not a pytest test class, despite the name

    folders: dict[str, Path] = field(default_factory=dict)
    routes: dict[str, Handler] = field(default_factory=dict)
    ssl_context: ssl.SSLContext | None = None
    connections: int = 0
    requests: list[Request] = field(default_factory=list)
    streamed_bytes: int = 0
    port: int = 0

    @property
    def origin(self) -> str:
        return f"{'https' if self.ssl_context else 'http'}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            line, *header_lines = head.decode("latin-1").split("\r\n")
            method, target, _ = line.split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines if h)}
            request = Request(method, target, headers)
            self.requests.append(request)
            await self._write(writer, await self._respond(request))
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ssl.SSLError, ValueError):
            pass  # the client went away (or never spoke HTTP): nothing to answer
        finally:
            with contextlib.suppress(Exception):
                writer.close()
                await writer.wait_closed()

    async def _respond(self, request: Request) -> Response:
        path = urlsplit(request.path).path
        if path in self.routes:
            return await self.routes[path](request)
        for prefix, folder in self.folders.items():
            if path.startswith(prefix):
                file = (folder / unquote(path[len(prefix) :]).lstrip("/")).resolve()
                if file.is_file() and file.is_relative_to(folder.resolve()):
                    # No charset parameter: the page's own <meta> or BOM decides, as on many real servers.
                    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                    return Response(200, {"content-type": kind}, file.read_bytes())
        return html("<h1>Not found</h1>", status=404)

    async def _write(self, writer: asyncio.StreamWriter, response: Response) -> None:
        headers = {"connection": "close", **{k.lower(): v for k, v in response.headers.items()}}
        chunked = response.stream is not None and "content-length" not in headers
        if response.stream is None:
            headers.setdefault("content-length", str(len(response.body)))
        elif chunked:
            headers["transfer-encoding"] = "chunked"
        status_line = f"HTTP/1.1 {response.status} {REASONS.get(response.status, 'Status')}\r\n"
        writer.write((status_line + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode("latin-1"))
        if response.stream is None:
            writer.write(response.body)
            await writer.drain()
            return
        async for chunk in response.stream():
            writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk)
            await writer.drain()
            self.streamed_bytes += len(chunk)
        if chunked:
            writer.write(b"0\r\n\r\n")
            await writer.drain()


@contextlib.asynccontextmanager
async def serve(server: TestServer | None = None) -> AsyncIterator[TestServer]:
    server = server or TestServer()
    listener = await asyncio.start_server(server._handle, "127.0.0.1", 0, ssl=server.ssl_context)
    server.port = listener.sockets[0].getsockname()[1]
    try:
        yield server
    finally:
        listener.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(listener.wait_closed(), 2)


class FixedResolver:
    """A resolver answering from a table (never real DNS); unknown names fail as NXDOMAIN would. An entry may be
    a list of answer lists used in turn (the last one repeats), to play a DNS-rebinding attacker."""

    def __init__(self, table: dict[str, list[str] | list[list[str]]]) -> None:
        self.table = table
        self.calls: list[str] = []

    async def __call__(self, host: str) -> list[str]:
        self.calls.append(host)
        if host not in self.table:
            raise OSError(f"{host} not found")
        answers = self.table[host]
        if answers and isinstance(answers[0], list):
            turn = min(self.calls.count(host), len(answers)) - 1
            return [str(answer) for answer in answers[turn]]
        return [str(answer) for answer in answers]
