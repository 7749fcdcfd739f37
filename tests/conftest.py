"""Shared fixtures: settings for a throwaway installation, SQLite and PostgreSQL databases, a live server."""

from __future__ import annotations

import os

# The pytest process is an embedded-mode installation: no inherited production settings may leak into it.
for _name in list(os.environ):
    if (
        _name in {"DATABASE_URL", "REDIS_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"}
        or (_name.startswith("VITRINE_") and not _name.startswith(("VITRINE_TEST_", "VITRINE_REQUIRE_")))
        or _name.startswith("AWS_")
    ):
        del os.environ[_name]
os.environ["VITRINE_LOG_FORMAT"] = "text"
# obstore's S3 client is Rust: its sockets pass no Python audit hook, so the network guard below cannot see them.
# Whatever builds an S3 store without the suite's S3 server reaches a closed loopback port, never AWS (and never the
# instance metadata address for credentials).
os.environ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

# Under pytest-xdist each worker process gets a Redis database of its own (the production-path tests flush theirs):
# worker gwN uses the configured database minus N, modulo 16 (15, 14, 13, ... for the default /15).
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw") and _xdist_worker[2:].isdigit():
    from urllib.parse import urlsplit, urlunsplit

    _redis = urlsplit(os.environ.get("VITRINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    _db = int(_redis.path.strip("/") or 0) - int(_xdist_worker[2:])
    os.environ["VITRINE_TEST_REDIS_URL"] = urlunsplit(_redis._replace(path=f"/{_db % 16}"))

# The network guard (tests/netguard/): this process, and every Python process a test starts, refuses and records
# any connection outside loopback; a recorded one fails the test that made it and the run.
import tempfile  # noqa: E402

_NETGUARD_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "netguard")
if "NETGUARD_REFUSED_LOG" not in os.environ:  # set once by the first pytest process; its workers inherit it
    os.environ["NETGUARD_REFUSED_LOG"] = os.path.join(tempfile.mkdtemp(prefix="vitrine-netguard-"), "refused.log")
if _NETGUARD_DIR not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_NETGUARD_DIR, os.environ.get("PYTHONPATH")) if p)

import asyncio  # noqa: E402
import shutil  # noqa: E402
import uuid  # noqa: E402
from collections.abc import AsyncIterator, Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
import pytest_asyncio  # noqa: E402

from db.lifecycle import apply_migrations  # noqa: E402
from db.migration_files import create_pg_database, drop_pg_database  # noqa: E402
from settings import Settings  # noqa: E402
from tests.netguard import vitrine_netguard  # noqa: E402
from tests.s3_support import Bucket, S3Server, running_s3_server  # noqa: E402
from tests.support import (  # noqa: E402
    PG_SERVER,
    LiveServer,
    require_postgres,
    serve_app,
)

vitrine_netguard.install()


def _refused() -> str:
    try:
        with open(os.environ["NETGUARD_REFUSED_LOG"], encoding="utf-8") as log:
            return log.read()
    except FileNotFoundError:
        return ""


@pytest.fixture(autouse=True)
def _stays_on_loopback() -> Iterator[None]:
    """Fails the test during which any process of the run tried to reach an address outside loopback."""
    before = len(_refused())
    yield
    refused = _refused()[before:]
    if refused:
        pytest.fail(f"connections outside loopback were refused during this test:\n{refused}", pytrace=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests on PostgreSQL (the `pg_url` fixture, or the postgres half of `database_url`) are marked `postgres`:
    `make test-fast` leaves them out (their SQLite twins run)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("database_url") == "postgres"
        if on_postgres or "pg_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _refused() and not hasattr(session.config, "workerinput"):  # the controller (or a run without xdist)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nnetwork guard: connections outside loopback were refused:\n{_refused()}", flush=True)


# --- migrated databases, made once per test process and copied per test ---------------------------------------
# Migrating a fresh database takes ~0.6 s on SQLite and more on PostgreSQL; copying a migrated one takes ~1 ms
# (a file copy; PostgreSQL's CREATE DATABASE … TEMPLATE). The server still runs its start-up migration check on
# the copy (nothing to apply); tests/test_settings_and_migrations.py migrates fresh databases itself.
_templates: dict[str, str] = {}


@pytest.fixture(scope="session", autouse=True)
def _migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Migrates this process's SQLite template before the first test (no event loop runs yet); drops the
    PostgreSQL template, if a test made one, after the last."""
    template = tmp_path_factory.mktemp("template") / "vitrine.db"
    asyncio.run(apply_migrations(f"sqlite://{template}"))
    _templates["sqlite"] = str(template)
    yield
    if "postgres" in _templates:
        asyncio.run(drop_pg_database(PG_SERVER, _templates.pop("postgres")))


def sqlite_database(path: Path) -> str:
    """The URL of a migrated SQLite database at `path` (a copy of the template unless the file exists)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_templates["sqlite"], path)
    return f"sqlite://{path}"


async def _pg_template(server: str) -> str:
    if "postgres" not in _templates:
        name = f"vitrine_template_{uuid.uuid4().hex[:12]}"
        await create_pg_database(server, name)
        await apply_migrations(f"{server}/{name}")
        _templates["postgres"] = name
    return _templates["postgres"]


def make_settings(tmp_path: Path, database_url: str | None = None, **overrides: Any) -> Settings:
    """Settings of a throwaway installation in `tmp_path`: by default on a migrated SQLite database there."""
    values: dict[str, Any] = {
        "database_url": database_url or sqlite_database(tmp_path / "vitrine.db"),
        "media_dir": tmp_path / "media",
        "secret_key": "test-secret-key-0123456789",
        "scheduler_interval": "1s",
        "log_format": "text",
        "allow_private_urls": True,
        "retry_min_backoff_ms": 50,
    }
    values.update(overrides)
    return Settings(**values)


@pytest_asyncio.fixture
async def pg_url() -> AsyncIterator[str]:
    server = require_postgres()
    name = f"vitrine_test_{uuid.uuid4().hex[:12]}"
    # A copy of this process's migrated template: `vitrine migrate` done once (the server migrates only SQLite).
    await create_pg_database(server, name, template=await _pg_template(server))
    url = f"{server}/{name}"
    try:
        yield url
    finally:
        await drop_pg_database(server, name)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """moto's S3 server on 127.0.0.1, started the first time a test of this process asks for it."""
    with running_s3_server(tmp_path_factory.mktemp("s3")) as server:
        yield server


@pytest.fixture
def s3_bucket(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch) -> Bucket:
    """A fresh bucket, and this process's AWS_* variables pointing at the server (what S3MediaStorage reads)."""
    for name, value in s3_server.env.items():
        monkeypatch.setenv(name, value)
    return s3_server.new_bucket()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_database(tmp_path / "vitrine.db")
    return str(request.getfixturevalue("pg_url"))


@pytest_asyncio.fixture
async def server(tmp_path: Path) -> AsyncIterator[LiveServer]:
    """Embedded mode on SQLite, local auth: the `make run` installation."""
    async with serve_app(make_settings(tmp_path)) as live:
        yield live


@pytest.fixture
def settings_factory(tmp_path: Path) -> Callable[..., Settings]:
    return lambda **overrides: make_settings(tmp_path, **overrides)


@pytest_asyncio.fixture
async def db(database_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated database (SQLite and PostgreSQL) with Tortoise initialised on the test's loop, in a process wired
    as `vitrine serve` wires its own (the task kinds, the embedded broker's actors, sender and probes, the periodic
    jobs): what a domain call expects around it. Wiring is idempotent; tests replace the sender or probes they watch.
    """
    from actors import setup
    from db.lifecycle import close_db, init_db

    setup.wire(make_settings(tmp_path, database_url=database_url))
    await init_db(database_url)  # both kinds of `database_url` are migrated copies
    try:
        yield database_url
    finally:
        await close_db()


@pytest.fixture
def installed(tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """`db`, with this test's settings configured and ports built from them, both put back afterwards (for domain
    calls that read `get_settings()` and `ports()`)."""
    import settings as settings_module
    from domain import ports as ports_module

    monkeypatch.setattr(settings_module, "_active", settings_module._active)
    monkeypatch.setattr(ports_module, "_ports", ports_module._ports)
    settings = make_settings(tmp_path, database_url=db)
    settings_module.configure(settings)
    ports_module.install(ports_module.build_ports(settings))
    return db
