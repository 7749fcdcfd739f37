"""Tortoise ORM configuration for the app and for the aerich CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import asyncpg
from tortoise.backends.base.config_generator import expand_db_url

MODEL_MODULES = ["db.models", "aerich.models"]
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class PooledConnection(asyncpg.Connection):
    """A PostgreSQL connection handed back to the pool as it is (an open transaction is still rolled back).

    asyncpg resets every connection it takes back (advisory locks, cursors, LISTEN, settings: one more round trip
    per statement, since Tortoise takes a connection per statement). Nothing in Vitrine leaves such state behind.
    """

    def get_reset_query(self) -> str:
        return ""


# SQLite runs in WAL mode (Tortoise's default). There `synchronous=NORMAL` syncs the log at checkpoints instead of
# at every commit: a commit costs ~0.03 ms instead of ~0.5 (an fsync, here), while every other statement waits for
# it behind the one connection. A power cut or OS crash may lose the last commits; the file stays consistent, and
# a crash of the process loses nothing (SQLite's documented trade-off for WAL).
SQLITE_PRAGMAS = {"synchronous": "NORMAL"}


def tortoise_config(database_url: str) -> dict[str, Any]:
    connection: str | dict[str, Any] = database_url
    if database_url.startswith("postgres"):
        connection = expand_db_url(database_url)
        connection["credentials"]["connection_class"] = PooledConnection
    elif database_url.startswith("sqlite"):
        connection = expand_db_url(database_url)
        for pragma, value in SQLITE_PRAGMAS.items():
            connection["credentials"].setdefault(pragma, value)  # a pragma in the URL's query wins
    return {
        "connections": {"default": connection},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def _env_url() -> str:
    import os

    return os.environ.get("DATABASE_URL", "sqlite://./vitrine.db").replace("postgresql://", "postgres://", 1)


# Read by the aerich CLI (`[tool.tortoise]` in pyproject.toml) when a developer makes a migration.
TORTOISE_ORM = tortoise_config(_env_url())
