"""Reads that see the database at one moment: several statements, one snapshot.

On PostgreSQL a transaction at the default READ COMMITTED gives each statement a snapshot of its own, so two reads
of one view (a listing plan's slots, then its listed log) can straddle another transaction's commit and show a slot
both listed and still due. `snapshot()` opens a READ ONLY transaction at REPEATABLE READ, whose every statement
sees the snapshot its first one took. On SQLite a transaction already reads one snapshot (and the process's one
connection runs nothing else meanwhile). It goes through `db.transactions`, so a cancellation cannot leave it open.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from tortoise.backends.base.client import BaseDBAsyncClient

from db.transactions import in_transaction

_REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


@contextlib.asynccontextmanager
async def snapshot() -> AsyncIterator[BaseDBAsyncClient]:
    """A connection whose reads all see one moment; use it (`using_db=`) for every read of the view."""
    async with in_transaction() as tx:
        if tx.capabilities.dialect == "postgres":
            await tx.execute_script(_REPEATABLE_READ)  # the first statement of the transaction, as it must be
        yield tx
