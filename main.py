"""The Starlette app: GraphQL at /graphql (GraphiQL, subscriptions), the web console at /, /media, /healthz, /readyz,
/metrics."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
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
    set_queue_depth_source,
)
from settings import Settings
from web.console import console_routes

log = logging.getLogger("vitrine")


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


def create_app(settings: Settings, *, announce_at: tuple[str, int] | None = None) -> Starlette:
    """`announce_at` (host, port): print the GraphiQL URL and a fresh local token once started."""
    settings_module.configure(settings)
    configure_logging(settings.log_level, settings.log_format)

    # Imported after configure(): the broker module builds the broker this process's settings ask for.
    from actors import broker
    from actors import runtime as actor_runtime
    from schema import build_schema
    from schema.view import GraphQLView

    embedded_broker = type(broker).__name__ == "StubBroker"
    if embedded_broker != settings.embedded:
        raise RuntimeError("the broker of this process was built for another mode (REDIS_URL changed?)")

    from domain import ports

    app_ports = ports.build_ports(settings)
    ports.install(app_ports)
    storage = app_ports.media
    assert isinstance(storage, LocalMediaStorage), "the /media route serves local storage only"
    view = GraphQLView(build_schema(settings), settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from datetime import UTC, datetime

        import dramatiq

        from domain import scheduling
        from domain.tasks import reaper

        if not settings.is_postgres:
            await apply_migrations(settings.database_url)  # PostgreSQL: `vitrine migrate`, once per deploy
        await init_db(settings.database_url)
        bus = make_event_bus(settings.redis_url)
        set_event_bus(bus)
        set_queue_depth_source(lambda: {k: int(v) for k, v in _queue_depths().items()})
        worker: dramatiq.Worker | None = None
        stop = asyncio.Event()
        scheduler: asyncio.Task[None] | None = None
        if settings.embedded:
            broker.flush_all()  # the in-memory queue belongs to this server instance
            actor_runtime.bind_to_api_loop(asyncio.get_running_loop())
            worker = dramatiq.Worker(broker, worker_threads=settings.embedded_worker_threads, worker_timeout=100)
            worker.start()
            scheduler = asyncio.create_task(scheduling.run_forever(actor_runtime.worker_name(), stop))
        # Work a crash left behind. Embedded: the in-memory queue is gone, so everything unfinished is orphaned.
        await reaper.reap(datetime.now(UTC), settings.job_lease, everything=settings.embedded)
        if announce_at:
            await _announce(*announce_at)
        try:
            yield
        finally:
            stop.set()
            if scheduler is not None:
                await scheduler
            if worker is not None:
                await asyncio.to_thread(worker.stop)
                actor_runtime.bind_to_api_loop(None)
            set_queue_depth_source(None)
            await bus.close()
            await close_db()

    def _queue_depths() -> dict[str, int]:
        from actors.broker import queue_depths

        return queue_depths()

    app = Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", view),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            metrics_route(),
            *media_routes(storage),
            *console_routes(),
        ],
        middleware=[Middleware(RequestIdMiddleware), Middleware(MetricsMiddleware)],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.media = storage
    return app


async def _announce(host: str, port: int) -> None:
    from domain.auth import LOCAL_EMAIL, LOCAL_WORKSPACE, issue_token

    token = await issue_token(LOCAL_EMAIL, LOCAL_WORKSPACE, label="make run")
    print(f"\n  Vitrine is up: the console at http://{host}:{port}/", flush=True)
    print(f"  GraphiQL at http://{host}:{port}/graphql", flush=True)
    print(f"  Token for the local user (optional with VITRINE_AUTH=local): {token}\n", flush=True)
