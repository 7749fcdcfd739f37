"""Start and stop the database: apply migrations, initialise Tortoise, close connections."""

from __future__ import annotations

import logging

from tortoise import Tortoise, connections
from tortoise.backends.base import executor
from tortoise.context import TortoiseContext

from db import sqlite_reads, transactions
from db.config import MIGRATIONS_DIR, tortoise_config

log = logging.getLogger(__name__)


def migrations_location(database_url: str) -> str:
    """aerich writes dialect-specific SQL, so each dialect keeps its own migration history."""
    dialect = "postgres" if database_url.startswith("postgres") else "sqlite"
    return str(MIGRATIONS_DIR / dialect)


async def apply_migrations(database_url: str) -> list[str]:
    """Upgrade the database to the newest migration; returns the files applied."""
    from aerich import Command  # here: ~0.2 s of imports that only `migrate` and the embedded server's start need

    executor.EXECUTOR_CACHE.clear()  # SQL cached for the other dialect (a test process migrates both) breaks inserts
    command = Command(
        tortoise_config=tortoise_config(database_url),
        app="models",
        location=migrations_location(database_url),
    )
    transactions.install()  # aerich's transactions too
    # Its own context, so the app's Tortoise.init afterwards starts clean (aerich closes what it opened).
    async with TortoiseContext(), command:
        applied: list[str] = await command.upgrade(run_in_transaction=True)
    if applied:
        log.info("applied migrations", extra={"migrations": applied})
    return applied


async def init_db(database_url: str) -> None:
    transactions.install()  # before the first connection: no cancellation can leave a transaction open
    # Global fallback: worker threads and request tasks copy other contexts than the init task's (STACK_NOTES §3).
    executor.EXECUTOR_CACHE.clear()  # switching dialects in one process (tests) must not reuse cached SQL
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    # Connect now, not on the first query: Tortoise connects lazily inside the connection's lock, so a request
    # cancelled while the first connection opens would leave the lock held (and the connection unopened).
    await connections.get("default").execute_query("SELECT 1")


async def close_db() -> None:
    sqlite_reads.close_all()
    await Tortoise.close_connections()
