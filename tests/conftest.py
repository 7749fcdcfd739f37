"""Shared fixtures: settings for a throwaway installation, SQLite and PostgreSQL databases, a live server."""

from __future__ import annotations

import os

# The pytest process is an embedded-mode installation: no inherited production settings may leak into it.
for _name in list(os.environ):
    if _name in {"DATABASE_URL", "REDIS_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"} or (
        _name.startswith("VITRINE_") and not _name.startswith(("VITRINE_TEST_", "VITRINE_REQUIRE_"))
    ):
        del os.environ[_name]
os.environ["VITRINE_LOG_FORMAT"] = "text"

import uuid  # noqa: E402
from collections.abc import AsyncIterator, Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
import pytest_asyncio  # noqa: E402

from db.lifecycle import apply_migrations  # noqa: E402
from db.migration_files import create_pg_database, drop_pg_database  # noqa: E402
from settings import Settings  # noqa: E402
from tests.support import (  # noqa: E402
    LiveServer,
    require_postgres,
    serve_app,
)


def make_settings(tmp_path: Path, database_url: str | None = None, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url or f"sqlite://{tmp_path}/vitrine.db",
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
    await create_pg_database(server, name)
    url = f"{server}/{name}"
    await apply_migrations(url)  # `vitrine migrate`: the server applies migrations itself only on SQLite
    try:
        yield url
    finally:
        await drop_pg_database(server, name)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite://{tmp_path}/vitrine.db"
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
async def db(database_url: str) -> AsyncIterator[str]:
    """A migrated database (SQLite and PostgreSQL) with Tortoise initialised on the test's loop."""
    from db.lifecycle import apply_migrations, close_db, init_db

    await apply_migrations(database_url)
    await init_db(database_url)
    try:
        yield database_url
    finally:
        await close_db()
