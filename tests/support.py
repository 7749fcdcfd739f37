"""Test support: service discovery, a live uvicorn server on the test's loop, GraphQL and WebSocket clients,
and the production stack as real processes (`vitrine serve`, `vitrine worker`, `vitrine scheduler`)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
import pytest
import uvicorn
import websockets

from settings import Settings

if TYPE_CHECKING:
    from tests.s3_support import Bucket

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("VITRINE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("VITRINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REQUIRE_SERVICES = os.environ.get("VITRINE_REQUIRE_SERVICES") == "1"
T = TypeVar("T")
# Every test client shares one TLS context: httpx builds one per client otherwise, loading the CA bundle (~20 ms of
# CPU), and the suite makes thousands of requests (to plain-HTTP servers on loopback, so it is never used anyway).
TLS = ssl.create_default_context()


def _port_open(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


def _require(name: str, host: str, port: int) -> None:
    if _port_open(host, port):
        return
    reason = f"{name} is not reachable on {host}:{port}"
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} and VITRINE_REQUIRE_SERVICES=1")
    pytest.skip(f"{reason} (set VITRINE_TEST_POSTGRES_URL / VITRINE_TEST_REDIS_URL or start it)")


def require_postgres() -> str:
    url = httpx.URL(PG_SERVER.replace("postgres://", "http://", 1))
    _require("PostgreSQL", url.host or "127.0.0.1", url.port or 5432)
    return PG_SERVER


def require_redis() -> str:
    url = httpx.URL(REDIS_URL.replace("redis://", "http://", 1))
    _require("Redis", url.host or "127.0.0.1", url.port or 6379)
    return REDIS_URL


@dataclass
class GraphQLClient:
    base_url: str
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        bearer = token if token is not None else self.token
        if bearer:
            headers["authorization"] = f"Bearer {bearer}"
        async with httpx.AsyncClient(base_url=self.base_url, timeout=30, verify=TLS) as client:
            return await client.post(
                "/graphql", json={"query": query, "variables": variables or {}}, headers=headers, **kwargs
            )

    async def execute(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        response = await self.post(query, variables, **kwargs)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        body = await self.execute(query, variables, **kwargs)
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data


@dataclass
class LiveServer:
    base_url: str
    settings: Settings

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://") + "/graphql"

    def client(self, token: str | None = None) -> GraphQLClient:
        return GraphQLClient(self.base_url, token)


RUN_PROBE = "mutation($m: String!, $ms: Int!) { runProbe(message: $m, workMs: $ms) { id } }"
PROBE = "query($id: ID!) { probe(id: $id) { status attempt processedBy result } }"


async def wait_probe(client: GraphQLClient, probe_id: str, status: str, timeout: float = 30) -> dict[str, Any]:
    """The probe once it has `status` (polled every 0.1 s); fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        probe: dict[str, Any] = (await client.data(PROBE, {"id": probe_id}))["probe"]
        if probe["status"] == status:
            return probe
        assert time.monotonic() < deadline, f"probe is {probe['status']}, not {status}"
        await asyncio.sleep(0.1)


async def operator(live: LiveServer, email: str = "ops@vitrine.example", workspace: str = "ops") -> GraphQLClient:
    """A client with an operator's token (`create-token --ops`) for a server on the test's loop: the diagnostics
    (runProbe, probe, probeUpdated) refuse merchants and the local user."""
    from domain.auth import issue_token

    return live.client(await issue_token(email, workspace, ops=True))


@contextlib.asynccontextmanager
async def serve_app(settings: Settings) -> AsyncIterator[LiveServer]:
    """The real app under uvicorn on the test's own loop, so tests can also use the ORM directly."""
    from main import create_app

    app = create_app(settings)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on", ws="websockets-sansio")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("the server stopped before it started (see the log above)")
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", settings)
    finally:
        server.should_exit = True
        await task


class Subscription:
    """A graphql-transport-ws client for one operation."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    async def next(self, timeout: float = 20) -> dict[str, Any]:
        """The next `next` payload; fails on `error` or `complete`."""
        message = await self.message(timeout)
        assert message["type"] == "next", message
        payload: dict[str, Any] = message["payload"]
        return payload

    async def message(self, timeout: float = 20) -> dict[str, Any]:
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout)
            assert isinstance(raw, str), f"graphql-transport-ws messages are text frames, got {raw!r:.80}"
            message: dict[str, Any] = json.loads(raw)
            if message["type"] == "ping":
                await self.ws.send(json.dumps({"type": "pong"}))
                continue
            return message


@contextlib.asynccontextmanager
async def subscribe(
    ws_url: str,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    header_token: str | None = None,
    param_token: str | None = None,
) -> AsyncIterator[Subscription]:
    headers = {"Authorization": f"Bearer {header_token}"} if header_token else None
    params = {"Authorization": f"Bearer {param_token}"} if param_token else {}
    async with websockets.connect(
        ws_url,
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        additional_headers=headers,
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": params}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        await ws.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables or {}}})
        )
        yield Subscription(ws)


# --- the production path as real processes -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Stack:
    env: dict[str, str]
    base_url: str
    token: str
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    log_dir: Path = Path(".")
    api_urls: list[str] = field(default_factory=list)  # every `vitrine serve` of the stack, base_url first
    graceful_stop: bool = True
    # Media in a bucket: every process gets a VITRINE_MEDIA_DIR of its own, as on machines of their own.
    own_media_dirs: bool = False

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://") + "/graphql"

    def client(self) -> GraphQLClient:
        return GraphQLClient(self.base_url, self.token)

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115  (closed with the process)
        env = {**self.env, **(env or {})}
        if self.own_media_dirs:
            env["VITRINE_MEDIA_DIR"] = str(self.log_dir / name / "media")
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = proc
        return proc

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """SIGKILL the whole process group: the Dramatiq master and its worker child die mid-message."""
        proc = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(10)

    def stop_all(self) -> None:
        """Graceful: SIGTERM to every master at once, then wait for each (a stopping worker waits out its broker
        polls and running tasks: stopping them one after another added those waits up). Otherwise, for a test
        that does not test shutdown: SIGKILL every process group at once."""
        if not self.graceful_stop:
            for proc in self.processes.values():
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
        else:
            for proc in self.processes.values():
                # SIGTERM to the master only (STACK_NOTES §2g: the group hangs on the AsyncIO loop thread).
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for name, proc in list(self.processes.items()):
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
            self.processes.pop(name, None)

    def local_media_files(self) -> list[Path]:
        """Every file under any process's media folder (with `own_media_dirs`, each has its own)."""
        return sorted(
            p for p in self.log_dir.rglob("*") if p.is_file() and "media" in p.relative_to(self.log_dir).parts
        )

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}" for p in self.log_dir.glob("*.log"))


def run_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_http(url: str, timeout: float = 30, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1, verify=TLS).status_code == 200:
                return
        time.sleep(0.05)
    raise TimeoutError(url)


def issue_token_on(pg_url: str, email: str, workspace: str, *, ops: bool = False, migrate: bool = False) -> str:
    """`vitrine create-token` (after `vitrine migrate` with `migrate`) done in this process: the same domain calls
    without an interpreter start each. On a thread of its own, since the caller may be on a running loop, in a
    Tortoise context of its own, which leaves the test process's ORM state as it was."""
    from concurrent.futures import ThreadPoolExecutor

    from tortoise.backends.base import executor
    from tortoise.context import TortoiseContext

    from db.config import tortoise_config
    from db.lifecycle import apply_migrations
    from domain.auth import issue_token

    async def run() -> str:
        if migrate:
            await apply_migrations(pg_url)
        executor.EXECUTOR_CACHE.clear()  # SQL cached for another dialect by an earlier test must not be reused
        async with TortoiseContext() as context:
            await context.init(config=tortoise_config(pg_url))
            return await issue_token(email, workspace, ops=ops)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


@contextlib.contextmanager
def production_stack(
    pg_url: str,
    log_dir: Path,
    *,
    workers: int = 1,
    threads: int = 4,
    scheduler: bool = True,
    extra_env: dict[str, str] | None = None,
    default_recovery: bool = False,
    redis_url: str | None = None,
    ops: bool = False,
    apis: int = 1,
    graceful_stop: bool | None = None,
    media_store: Bucket | None = None,
) -> Iterator[Stack]:
    """PostgreSQL + Redis + `vitrine serve` + `vitrine worker` (+ `vitrine scheduler`), as in production.

    `default_recovery`: leases, broker heartbeat and maintenance as a user runs them (no test shortcuts), the
    database migrated and the token made with the CLI, and a graceful stop at the end.
    `redis_url`: a Redis of the test's own (e.g. one it restarts), instead of the shared test database.
    `ops`: the stack's token is an operator's (`create-token --ops`), which may run probes.
    `apis`: how many `vitrine serve` processes (`stack.api_urls`); all are up when the stack is yielded.
    `graceful_stop`: SIGTERM and wait at the end (default: with `default_recovery`); otherwise SIGKILL, for the
    tests that do not test shutdown (test_recovery does, and the worker's own stop is tested there).
    `media_store`: media in this bucket (VITRINE_MEDIA_STORE, the AWS_* variables), each process in a folder of its
    own, as on separate machines; otherwise one local media folder shared by all.
    All processes start at once; workers and the scheduler become ready while the test talks to the API.
    """
    import redis

    redis_url = redis_url or require_redis()
    redis.Redis.from_url(redis_url).flushdb()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VITRINE_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        {
            "DATABASE_URL": pg_url,
            "REDIS_URL": redis_url,
            "VITRINE_SECRET_KEY": "stack-secret-" + uuid.uuid4().hex,
            "VITRINE_MEDIA_DIR": str(log_dir / "media"),
            "VITRINE_LOG_FORMAT": "text",
            "VITRINE_ALLOW_PRIVATE_URLS": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if not default_recovery:
        # Fast recovery for tests: redeliver a dead worker's messages after 3 s, check on every dispatch.
        env.update(
            {
                "VITRINE_BROKER_HEARTBEAT_MS": "3000",
                "VITRINE_BROKER_MAINTENANCE_CHANCE": "1000000",
                "VITRINE_JOB_LEASE": "6s",
                "VITRINE_SCHEDULER_INTERVAL": "1s",
            }
        )
    if media_store is not None:
        env.update({"VITRINE_MEDIA_STORE": media_store.store_url(), **media_store.server.env})
    env.update(extra_env or {})
    log_dir.mkdir(parents=True, exist_ok=True)
    email, workspace = "owner@shop.example", "shop"
    if default_recovery:
        run_cli(env, "migrate")
        token = run_cli(env, "create-token", "--email", email, "--workspace", workspace, *(["--ops"] if ops else []))
        token = token.strip()
    else:
        token = issue_token_on(pg_url, email, workspace, ops=ops, migrate=True)
    ports = [free_port() for _ in range(max(1, apis))]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    stack = Stack(
        env=env,
        base_url=urls[0],
        token=token,
        log_dir=log_dir,
        api_urls=urls,
        graceful_stop=default_recovery if graceful_stop is None else graceful_stop,
        own_media_dirs=media_store is not None,
    )
    try:
        servers = [
            stack.start("serve" if i == 0 else f"serve{i + 1}", "serve", "--port", str(p)) for i, p in enumerate(ports)
        ]
        for i in range(workers):
            stack.start(f"worker{i}", "worker", "--processes", "1", "--threads", str(threads))
        if scheduler:
            stack.start("scheduler", "scheduler")
        for url, server in zip(urls, servers, strict=True):
            wait_http(url + "/healthz", proc=server)
        yield stack
    finally:
        stack.stop_all()


# --- counting SQL statements ----------------------------------------------------------------------------------


class _Statements(logging.Handler):
    """SQL statements logged meanwhile; with `requests_only`, those logged while serving an HTTP request: the
    scheduler's ticks and the workers, which run on the same loop in the embedded mode, have no request id."""

    def __init__(self, requests_only: bool) -> None:
        super().__init__(logging.DEBUG)
        self.requests_only = requests_only
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        from observability import current_request_id

        message = record.getMessage()
        if '"api_token"' in message:
            # Who a token is, read again once its one-second memory has passed (resolvers/context.py): on a busy
            # machine that second can end between two requests of a test; it is not what a page costs.
            return
        if not self.requests_only or current_request_id() is not None:
            self.statements.append(message)


async def pg_rows(pg_url: str, sql: str) -> list[Any]:
    """Rows read straight from a PostgreSQL database, beside the processes under test (not through the ORM)."""
    import asyncpg

    conn = await asyncpg.connect(pg_url.replace("postgres://", "postgresql://", 1))
    try:
        return list(await conn.fetch(sql))
    finally:
        await conn.close()


async def count_statements(action: Callable[[], Awaitable[T]], *, requests_only: bool = True) -> tuple[int, T]:
    """Run `action` and count the SQL statements it issued: by default those of the requests it makes to a server
    on this loop; `requests_only=False` counts everything (for a domain call made directly, on a quiet server)."""
    counter = _Statements(requests_only)
    logger = logging.getLogger("tortoise.db_client")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        result = await action()
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
    return len(counter.statements), result
