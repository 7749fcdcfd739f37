"""Outbox queries: stage messages inside a transaction, take a batch to send, forget what was sent."""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from db.models import OutboxMessage
from db.transactions import in_transaction


async def stage(messages: list[dict[str, Any]], using_db: BaseDBAsyncClient | None = None) -> None:
    await OutboxMessage.create(messages=messages, using_db=using_db)


async def drain(send: Any, batch_size: int = 100) -> int:
    """Send and delete up to `batch_size` staged entries; returns how many were sent.

    On PostgreSQL concurrent drainers skip each other's rows (FOR UPDATE SKIP LOCKED). A crash between send and
    delete sends an entry twice, which is why every actor claims its row before working: at-least-once delivery,
    exactly-once effect.
    """
    async with in_transaction() as tx:
        rows = await (
            OutboxMessage.all()
            .using_db(tx)
            .order_by("created_at")
            .limit(batch_size)
            .select_for_update(skip_locked=True)
        )
        for row in rows:
            send(row.messages)
        if rows:
            await OutboxMessage.filter(id__in=[r.id for r in rows]).using_db(tx).delete()
    return len(rows)


async def pending_count() -> int:
    return await OutboxMessage.all().count()
