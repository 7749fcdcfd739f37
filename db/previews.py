"""The write that makes identical preview requests start one render, in any number of processes at once.

`insert_absent`: INSERT … ON CONFLICT DO NOTHING on the (workspace, cache key) constraint, then which of the rows are
ours. On PostgreSQL a second inserter of the same key waits for the first to commit, then inserts nothing; on SQLite
writers are serialised. Exactly one of them sees its row. A stale row is restarted by `db.claims.give_back`, a
compare-and-set on the status and claim token the caller read. Both run inside the caller's transaction, so the
job enqueued beside them commits with them or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from db.latest import latest_per
from db.models import PreviewTask


async def insert_absent(rows: Sequence[PreviewTask], using_db: BaseDBAsyncClient) -> set[Any]:
    """Insert the rows whose key is free; returns the ids of those inserted (the others lost to an existing row).
    Rows should come sorted by key, so two batches take their locks in the same order."""
    if not rows:
        return set()
    await PreviewTask.bulk_create(list(rows), ignore_conflicts=True, using_db=using_db)
    ids = await PreviewTask.filter(id__in=[row.id for row in rows]).using_db(using_db).values_list("id", flat=True)
    return set(ids)


async def latest_per_product(product_ids: Sequence[Any], limit: int) -> list[PreviewTask]:
    """The `limit` newest preview tasks of each product, newest first (db.latest)."""
    return await latest_per(PreviewTask, "product", product_ids, limit)
