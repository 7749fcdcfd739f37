"""The `vitrine` command: serve, worker, scheduler, migrate, create-token, revoke-token, schema, extract."""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import timedelta

from pydantic import ValidationError

import settings as settings_module
from settings import Settings


def _load_settings() -> Settings:
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        sys.exit(f"vitrine: invalid settings: {problems}")
    settings_module.configure(settings)
    return settings


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _load_settings()
    try:
        settings.check_serve_host(args.host)
    except ValueError as exc:
        sys.exit(f"vitrine: {exc}")
    from main import create_app, tune_gc

    app = create_app(settings, announce_at=(args.host, args.port) if settings.auth == "local" else None)
    tune_gc()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_config=None,
        ws="websockets-sansio",
        ws_max_size=settings.max_body_bytes,  # a WebSocket message is held to the same cap as a request body
        # Live updates go out uncompressed: each is a few hundred bytes, and deflating it once per subscriber was
        # ~14 % of the server's time fanning an event out to 100 subscribers (py-spy, bench/push_fanout.py).
        ws_per_message_deflate=False,
    )
    return 0


def _serve_process_metrics(settings: Settings) -> None:
    """With VITRINE_METRICS_PORT: this process serves /metrics for itself and for the worker processes it starts.

    They share a fresh folder (PROMETHEUS_MULTIPROC_DIR, inherited by the children), which must be set before
    prometheus_client is first imported: nothing imported so far does. The folder goes when this process exits.
    """
    if settings.metrics_port is None:
        return
    if "prometheus_client" in sys.modules:
        raise RuntimeError("prometheus_client was imported before its multiprocess folder was set")
    folder = tempfile.mkdtemp(prefix="vitrine-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    atexit.register(shutil.rmtree, folder, True)
    from observability import serve_process_metrics, set_queue_depth_source

    def queue_depths() -> dict[str, int]:
        # At the first scrape. The command wired this process already (idempotent), except a worker's supervisor,
        # which runs no actor and is wired here, for the broker's queues.
        from actors import broker, setup

        return broker.queue_depths(setup.wire(settings).broker)

    set_queue_depth_source(queue_depths)
    serve_process_metrics(settings.metrics_host, settings.metrics_port)


def cmd_worker(args: argparse.Namespace) -> int:
    settings = _load_settings()
    if settings.embedded:
        sys.exit("vitrine: `vitrine worker` needs REDIS_URL; without it `vitrine serve` runs its own workers")
    if not settings.is_postgres:
        sys.exit("vitrine: worker processes need PostgreSQL (DATABASE_URL): SQLite allows one writer process")
    _serve_process_metrics(settings)
    from actors.process import run_worker

    interactive = settings.interactive_worker_threads if args.interactive_threads is None else args.interactive_threads
    return run_worker(max(1, args.processes), max(1, args.threads), max(0, interactive))


def cmd_scheduler(args: argparse.Namespace) -> int:
    settings = _load_settings()
    if settings.embedded:
        sys.exit("vitrine: `vitrine scheduler` needs REDIS_URL; without it `vitrine serve` runs the scheduler")
    _serve_process_metrics(settings)
    import signal

    from actors import setup
    from actors.runtime import worker_name
    from db.lifecycle import close_db, init_db
    from domain import scheduling
    from integrations.event_bus import make_event_bus, set_event_bus
    from observability import configure_logging

    configure_logging(settings.log_level, settings.log_format)
    setup.wire(settings)  # the actors the outbox sends to, the reaper's probes, every feature's periodic jobs

    async def run() -> None:
        await init_db(settings.database_url)
        bus = make_event_bus(settings.redis_url)
        set_event_bus(bus)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await scheduling.run_forever(worker_name(), stop)
        finally:
            await bus.close()
            await close_db()

    asyncio.run(run())
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = _load_settings()
    from db.lifecycle import apply_migrations

    applied = asyncio.run(apply_migrations(settings.database_url))
    print("applied: " + (", ".join(applied) if applied else "nothing, the database is up to date"))
    return 0


def _lifetime(text: str) -> timedelta | None:
    """`--expires-in`: a duration as the settings take them (`90d`, `12h`, `3s`), or `never`."""
    if text.strip().lower() == "never":
        return None
    try:
        lifetime = settings_module.parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if lifetime <= timedelta(0):
        raise argparse.ArgumentTypeError("a token's lifetime must be positive (or `never`)")
    return lifetime


def cmd_create_token(args: argparse.Namespace) -> int:
    settings = _load_settings()
    from db.lifecycle import apply_migrations, close_db, init_db
    from domain.auth import issue_token
    from domain.errors import DomainError

    async def run() -> str:
        if not settings.is_postgres:
            await apply_migrations(settings.database_url)
        await init_db(settings.database_url)
        try:
            return await issue_token(
                args.email, args.workspace, label=args.label, ops=args.ops, expires_in=args.expires_in
            )
        finally:
            await close_db()

    try:
        print(asyncio.run(run()))
    except DomainError as exc:
        sys.exit(f"vitrine: {exc.message}")
    return 0


def cmd_revoke_token(args: argparse.Namespace) -> int:
    settings = _load_settings()
    from db.lifecycle import apply_migrations, close_db, init_db
    from domain.auth import revoke_token

    async def run() -> str | None:
        if not settings.is_postgres:
            await apply_migrations(settings.database_url)
        await init_db(settings.database_url)
        try:
            row = await revoke_token(args.token)
            if row is None:
                return None
            return f"revoked {row.id} ({row.user.email}, {row.label or 'no label'}) at {row.revoked_at}"
        finally:
            await close_db()

    done = asyncio.run(run())
    if done is None:
        sys.exit("vitrine: no such token (give the token as printed by create-token, or its id)")
    print(done)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    settings = _load_settings()
    from schema import build_schema

    print(build_schema(settings).as_str())
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    settings = _load_settings()
    from domain.product_pages import extract_url_json
    from integrations.fetcher import FetchError

    try:
        result = asyncio.run(extract_url_json(args.url, allow_private=settings.allow_private_urls))
    except FetchError as exc:
        print(f"vitrine extract: {exc.message}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vitrine", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the API server (and, without REDIS_URL, its workers)")
    serve.add_argument("--host", default=os.environ.get("VITRINE_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("VITRINE_PORT", "8000")))
    serve.set_defaults(func=cmd_serve)
    worker = sub.add_parser("worker", help="run Dramatiq worker processes (production: REDIS_URL)")
    worker.add_argument("--processes", type=int, default=2)
    worker.add_argument("--threads", type=int, default=8, help="threads of the bulk lane, per process")
    worker.add_argument(
        "--interactive-threads",
        type=int,
        default=None,
        help="threads of the interactive lane, per process (default VITRINE_INTERACTIVE_THREADS, 4; 0 = one lane)",
    )
    worker.set_defaults(func=cmd_worker)
    sub.add_parser("scheduler", help="run the periodic jobs (safe to run more than one)").set_defaults(
        func=cmd_scheduler
    )
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    token = sub.add_parser("create-token", help="create a user (if needed) and print a new API token")
    token.add_argument("--email", required=True)
    token.add_argument("--workspace", default="default")
    token.add_argument("--label", default="cli")
    token.add_argument(
        "--ops", action="store_true", help="an operator's token: may also run the diagnostics (runProbe)"
    )
    token.add_argument(
        "--expires-in",
        type=_lifetime,
        default=timedelta(days=90),
        help="its lifetime: a duration (90d, 12h, 30m, 3s) or `never` for a service token (default 90d)",
    )
    token.set_defaults(func=cmd_create_token)
    revoke = sub.add_parser("revoke-token", help="revoke an API token: refused from then on, open sockets closed")
    revoke.add_argument("token", help="the token as create-token printed it, or its id (apiTokens lists them)")
    revoke.set_defaults(func=cmd_revoke_token)
    sub.add_parser("schema", help="print the GraphQL SDL").set_defaults(func=cmd_schema)
    extract = sub.add_parser("extract", help="scrape one product page and print what was found, as JSON")
    extract.add_argument("url")
    extract.set_defaults(func=cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
