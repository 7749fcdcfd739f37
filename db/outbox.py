"""Outbox queries: stage messages inside a transaction, take a batch to send, forget what was sent."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from db.models import OutboxMessage
from db.transactions import in_transaction

Send = Callable[[list[dict[str, Any]]], None]


async def stage(messages: list[dict[str, Any]], using_db: BaseDBAsyncClient | None = None) -> Any:
    """Record one entry (its messages are sent together); returns the entry's id."""
    entry = await OutboxMessage.create(messages=messages, using_db=using_db)
    return entry.id


async def drain(send: Send, batch_size: int = 100) -> int:
    """Send and delete up to `batch_size` staged entries, oldest first; returns how many were sent.

    On PostgreSQL concurrent drainers skip each other's rows (FOR UPDATE SKIP LOCKED). A crash between send and
    delete sends an entry twice, which is why every actor claims its row before working: at-least-once delivery,
    exactly-once effect.
    """
    return await _send_and_forget(send, OutboxMessage.all(), batch_size)


async def send_entries(send: Send, entry_ids: Sequence[Any]) -> int:
    """Send and delete exactly these entries (those still staged: another sender may have taken some first)."""
    if not entry_ids:
        return 0
    return await _send_and_forget(send, OutboxMessage.filter(id__in=list(entry_ids)), len(entry_ids))


async def _send_and_forget(send: Send, entries: Any, limit: int) -> int:
    async with in_transaction() as tx:
        rows = await entries.using_db(tx).order_by("created_at").limit(limit).select_for_update(skip_locked=True)
        for row in rows:
            send(row.messages)
        if rows:
            await OutboxMessage.filter(id__in=[r.id for r in rows]).using_db(tx).delete()
    return len(rows)


async def pending_count() -> int:
    return await OutboxMessage.all().count()
