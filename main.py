"""The Starlette app: GraphQL at /graphql (GraphiQL, subscriptions), the web console at /, /media, /healthz, /readyz,
/metrics."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise import Tortoise

import settings as settings_module
from db.lifecycle import apply_migrations, close_db, init_db
from integrations.event_bus import make_event_bus, set_event_bus
from integrations.media import LocalMediaStorage, media_routes
from observability import (
    MetricsMiddleware,
    RequestIdMiddleware,
    configure_logging,
    metrics_route,
    set_known_operation_names,
    set_queue_depth_source,
)
from settings import Settings
from web.console import console_routes, operation_names
from web.trust import FrameGuardMiddleware, HostGuardMiddleware

log = logging.getLogger("vitrine")

Refusal = Callable[[Request, int, str], Response]


class _BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Refuses a request whose body (or GET query string) is over the cap with 413 PAYLOAD_TOO_LARGE, while it
    streams in: a declared Content-Length over the cap is refused before a byte is read, and a body sent without
    one is counted chunk by chunk and cut off at the first chunk over. Multipart uploads have their own, larger cap.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_multipart_bytes: int, refuse: Refusal) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_multipart_bytes = max_multipart_bytes
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        multipart = headers.get("content-type", "").lower().startswith("multipart/form-data")
        limit = self.max_multipart_bytes if multipart else self.max_body_bytes
        if len(scope.get("query_string", b"")) > self.max_body_bytes:
            await self._refuse(scope, receive, send, f"The query string is larger than {self.max_body_bytes} bytes.")
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
            await self._refuse(scope, receive, send, f"The request body is larger than {limit} bytes.")
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _BodyTooLarge:
            if started:  # nothing sensible left to answer; the server closes the connection
                return
            await self._refuse(scope, receive, send, f"The request body is larger than {limit} bytes.")

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, message: str) -> None:
        response = self.refuse(Request(scope), 413, message)
        response.headers["connection"] = "close"  # the rest of the body is never read
        await response(scope, receive, send)


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    checks: dict[str, str] = {}
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    settings: Settings = request.app.state.settings
    if settings.embedded:
        checks["broker"] = "ok (embedded)"
    else:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(settings.redis_url or "")
        try:
            await client.ping()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"unreachable: {type(exc).__name__}"
        finally:
            await client.aclose()
    ready = all(v.startswith("ok") for v in checks.values())
    return JSONResponse({"ready": ready, **checks}, status_code=200 if ready else 503)


YOUNG_COLLECTION_THRESHOLD = 10_000  # container allocations between two young collections (CPython's default: 700)


def tune_gc() -> None:
    """The garbage collector as a server needs it, called once the app is built, before it serves.

    What exists then (modules, the schema, the ORM's metadata: ~10^5 objects) lives as long as the process: frozen,
    collections stop walking it. A request building a page of 100 rows keeps thousands of objects alive until it
    answers; with the default threshold each of them is traversed by one or two collections on its way, although
    nearly all are freed by reference counting when the request ends. Together: ~7 % fewer instructions per
    `ctaJobs(first: 100)` request (callgrind); bench/list_throughput.py measures it on a live server (its
    "untuned GC" line: bench/request_path_app.py without gc_tuning).
    """
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, older, oldest)


def create_app(settings: Settings, *, announce_at: tuple[str, int] | None = None) -> Starlette:
    """`announce_at` (host, port): print the GraphiQL URL and the local token (kept across restarts) once started."""
    settings_module.configure(settings)
    configure_logging(settings.log_level, settings.log_format)
    set_known_operation_names(operation_names())  # the console's, counted by name; others are bounded (metrics)

    from actors import runtime as actor_runtime
    from actors import setup
    from schema import build_schema
    from schema.view import GraphQLView, error_response

    # The broker this process's settings ask for, every actor on it, the outbox's sender, the reaper's probes, the
    # features' periodic jobs and media folders (idempotent: a second app of the same process shares them).
    broker = setup.wire(settings).broker

    from domain import auth, ports, rate_limits
    from resolvers.context import forget_token

    auth.on_revoked(forget_token)  # this process's memory of who a token is drops a token it revokes

    app_ports = ports.build_ports(settings)
    ports.install(app_ports)
    limiter = rate_limits.build(settings)  # per-workspace budgets: Redis-backed when REDIS_URL is set
    rate_limits.install(limiter)
    storage = app_ports.media
    # Local files are served here at /media; an object store's presigned URLs point at the store itself.
    served_media = media_routes(storage) if isinstance(storage, LocalMediaStorage) else []
    view = GraphQLView(build_schema(settings), settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from datetime import UTC, datetime

        from actors import lanes
        from domain import scheduling
        from domain.tasks import reaper

        if not settings.is_postgres:
            await apply_migrations(settings.database_url)  # PostgreSQL: `vitrine migrate`, once per deploy
        await init_db(settings.database_url)
        bus = make_event_bus(settings.redis_url)
        set_event_bus(bus)
        set_queue_depth_source(_queue_depths)
        workers: lanes.LaneWorkers | None = None
        stop = asyncio.Event()
        scheduler: asyncio.Task[None] | None = None
        if settings.embedded:
            broker.flush_all()  # the in-memory queue belongs to this server instance
            actor_runtime.bind_to_api_loop(asyncio.get_running_loop())
            workers = lanes.LaneWorkers(
                broker,
                lanes.pools(
                    broker.get_declared_queues(),
                    bulk_threads=settings.embedded_worker_threads,
                    interactive_threads=settings.interactive_worker_threads,
                ),
                worker_timeout=100,
            )
            workers.start()
            scheduler = asyncio.create_task(scheduling.run_forever(actor_runtime.worker_name(), stop))
        # Work a crash left behind. Embedded: the in-memory queue is gone, so everything unfinished is orphaned.
        await reaper.reap(datetime.now(UTC), settings.job_lease, everything=settings.embedded)
        if announce_at:
            await _announce(*announce_at, settings)
        try:
            yield
        finally:
            stop.set()
            if scheduler is not None:
                await scheduler
            if workers is not None:
                await asyncio.to_thread(workers.stop)
                actor_runtime.bind_to_api_loop(None)
            set_queue_depth_source(None)
            await limiter.close()
            await bus.close()
            await close_db()

    def _queue_depths() -> dict[str, int]:
        from actors.broker import queue_depths

        return queue_depths(broker)

    app = Starlette(
        routes=[
            Route("/graphql", view),  # every method: the view answers the others with a coded 405
            WebSocketRoute("/graphql", view),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            metrics_route(),
            *served_media,
            *console_routes(image_origin=storage.image_origin),
        ],
        middleware=[
            Middleware(FrameGuardMiddleware),  # outermost: every answer, refusals included, forbids framing
            Middleware(RequestIdMiddleware),
            Middleware(MetricsMiddleware),
            Middleware(HostGuardMiddleware, settings=settings),  # DNS rebinding: 421 before routing (web/trust.py)
            Middleware(
                BodyLimitMiddleware,
                max_body_bytes=settings.max_body_bytes,
                # A file over the upload cap is refused by name (BAD_USER_INPUT on its field) up to twice the cap;
                # a body larger than that is cut off while it streams in.
                max_multipart_bytes=2 * settings.max_upload_bytes + settings.max_body_bytes,
                refuse=error_response,
            ),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.media = storage
    return app


async def _announce(host: str, port: int, settings: Settings) -> None:
    token = await _local_token(settings)
    print(f"\n  Vitrine is up: the console at http://{host}:{port}/", flush=True)
    print(f"  GraphiQL at http://{host}:{port}/graphql", flush=True)
    print(f"  Token for the local user (optional with VITRINE_AUTH=local): {token}\n", flush=True)


def local_token_file(settings: Settings) -> Path:
    """Where `make run` keeps its local user's token: beside the SQLite database (`vitrine.db.token`), else in
    the media folder's parent."""
    if settings.database_url.startswith("sqlite://"):
        path = settings.database_url.removeprefix("sqlite://").split("?", 1)[0]
        if path and path != ":memory:":
            return Path(path + ".token")
    return settings.media_dir.parent / "vitrine-local.token"


async def _local_token(settings: Settings) -> str:
    """The local user's token, the same one across restarts while it is valid (a new one once it is revoked or
    expired, or its file is gone). Only the hash is in the database, so the secret is kept in a 0600 file."""
    from domain.auth import LOCAL_EMAIL, LOCAL_WORKSPACE, authenticate, issue_token
    from domain.errors import Unauthenticated

    path = local_token_file(settings)
    try:
        token = path.read_text().strip()
        principal = await authenticate(f"Bearer {token}")
        if principal.email == LOCAL_EMAIL:
            return token
    except (OSError, UnicodeDecodeError, Unauthenticated):
        pass
    token = await issue_token(LOCAL_EMAIL, LOCAL_WORKSPACE, label="make run")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(token + "\n")
        os.chmod(path, 0o600)
    except OSError as exc:  # a read-only folder: the token still works, the next start mints another
        logging.getLogger(__name__).warning("could not keep the local token in %s: %s", path, exc)
    return token
