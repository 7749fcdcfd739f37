"""Keep the SQLite and PostgreSQL migration histories in step with the models.

aerich writes dialect-specific SQL, so `migrations/sqlite` and `migrations/postgres` are generated side by side
from the same models: `python -m db.migration_files make NAME` writes a migration for both (PostgreSQL at
$MIGRATION_POSTGRES_URL, default the local `test` database's server), `... check` exits 1 if the models
changed without one.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from aerich import Command
from tortoise.backends.base import executor
from tortoise.context import TortoiseContext

from db import transactions
from db.config import MIGRATIONS_DIR, tortoise_config
from db.lifecycle import migrations_location

DEFAULT_POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"


async def _scratch_database(dialect: str) -> tuple[str, str | None]:
    """A throwaway database URL (and, for PostgreSQL, the database name to drop afterwards)."""
    if dialect == "sqlite":
        return f"sqlite://{tempfile.mkdtemp()}/scratch.db", None
    server = os.environ.get("MIGRATION_POSTGRES_URL", DEFAULT_POSTGRES_SERVER).rstrip("/")
    name = f"vitrine_migrate_{uuid.uuid4().hex[:10]}"
    await create_pg_database(server, name)
    return f"{server}/{name}", name


async def _admin_execute(server: str, statement: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(server.replace("postgres://", "postgresql://", 1) + "/postgres")
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


async def create_pg_database(server: str, name: str, template: str | None = None) -> None:
    """An empty database on the PostgreSQL server at `server` (a URL without a database name), or a copy of the
    database `template` (which nobody may be connected to meanwhile)."""
    copy = f' TEMPLATE "{template}"' if template else ""
    await _admin_execute(server, f'CREATE DATABASE "{name}"{copy}')


async def drop_pg_database(server: str, name: str) -> None:
    await _admin_execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _drop(dialect: str, name: str | None) -> None:
    if dialect == "postgres" and name:
        await drop_pg_database(os.environ.get("MIGRATION_POSTGRES_URL", DEFAULT_POSTGRES_SERVER).rstrip("/"), name)


async def pending_changes(dialect: str, name: str = "update", write: bool = False) -> str:
    """Upgrade a scratch database to the newest migration and diff the models against it.

    Returns the file aerich wrote (in a scratch copy unless `write`), or "" when models and migrations agree.
    """
    executor.EXECUTOR_CACHE.clear()  # cached SQL of the other dialect breaks inserts (STACK_NOTES §3)
    transactions.install()
    url, db_name = await _scratch_database(dialect)
    real_location = Path(migrations_location(url))
    location = real_location if write else Path(tempfile.mkdtemp()) / dialect
    if not write:
        shutil.copytree(real_location, location, dirs_exist_ok=True)
    try:
        command = Command(tortoise_config=tortoise_config(url), app="models", location=str(location))
        if not (location / "models").exists():
            async with TortoiseContext(), command:
                await command.init_db(safe=True)
            return "0_init (initial migration)" if write else "no migration history"
        # A fresh context per run: aerich cannot re-initialise a context it closed (STACK_NOTES §3).
        async with TortoiseContext(), command:
            await command.upgrade(run_in_transaction=True)  # proves the files apply to an empty database
            # offline: diff the models against the newest migration file's MODELS_STATE.
            await command.init(offline=True)
            created = await command.migrate(name, no_input=True, offline=True)
        return created or ""
    finally:
        await _drop(dialect, db_name)


async def _main(argv: list[str]) -> int:
    action, *rest = argv or ["check"]
    dialects = ("sqlite", "postgres")
    if action == "make-one":
        dialect, name = rest
        print(dialect, await pending_changes(dialect, name, write=True) or "no changes")
        return 0
    drift = {d: await pending_changes(d) for d in dialects}
    for dialect, created in drift.items():
        print(f"{dialect}: {'models changed without a migration: ' + created if created else 'in step'}")
    return 1 if any(drift.values()) else 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["make"]:
        # One process per dialect: aerich keeps the dialect's DDL generator in class state.
        name = argv[1] if len(argv) > 1 else "update"
        for dialect in ("sqlite", "postgres"):
            subprocess.run([sys.executable, "-m", "db.migration_files", "make-one", dialect, name], check=True)
        return 0
    return asyncio.run(_main(argv))


if __name__ == "__main__":
    MIGRATIONS_DIR.mkdir(exist_ok=True)
    sys.exit(main(sys.argv[1:]))
